"""The installer's helpers (installer/bundle.py) and one bundle built per test session.

Set ``SEND_DESKTOP_BUNDLE`` to a folder made by ``installer/build_linux.sh`` to test that
bundle instead of building one.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_bundle_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "installer_bundle", ROOT / "installer" / "bundle.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def bundle_module() -> ModuleType:
    return load_bundle_module()


@pytest.fixture(scope="session")
def bundle_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one-folder bundle: built once per session into a temporary folder."""
    prebuilt = os.environ.get("SEND_DESKTOP_BUNDLE")
    if prebuilt:
        return Path(prebuilt).resolve()
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail("PyInstaller is missing: pip install -e '.[installer]' (or -m 'not installer')")
    out = tmp_path_factory.mktemp("installer")
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(ROOT / "installer" / "build.py"), str(out)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    print(f"\n{result.stdout.strip().splitlines()[-1]} (fixture: {time.monotonic() - start:.0f} s)")
    return out / "send-desktop"
