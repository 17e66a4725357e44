"""The layering holds: Qt only in send_desktop.gui; gui -> services -> storage -> domain."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--config", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken" in result.stdout


def test_no_pyside_import_outside_gui_by_text():
    """Belt and braces beside import-linter: a plain scan of the source."""
    offenders = []
    for path in (ROOT / "send_desktop").rglob("*.py"):
        if "gui" in path.relative_to(ROOT / "send_desktop").parts:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(("import PySide6", "from PySide6", "import shiboken6")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
