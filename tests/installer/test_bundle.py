"""Smoke test of the Linux one-folder bundle: build it, then run the bundled program the way
a user would, far from the repository: demo, check, stats, and the window for a moment.

Marked ``installer`` (deselect with ``-m 'not installer'``); the build takes ~30 s.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = [
    pytest.mark.installer,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle"),
]

UNUSED_QT = re.compile(r"WebEngine|Qt6?Qml|Qt6?Quick|Qt3D|Multimedia|Qt6?Network|QtPdf|QtCharts")


class Bundled:
    """Runs the bundled program in an empty folder with its own data folder, no dev paths."""

    def __init__(self, bundle_dir: Path, work: Path) -> None:
        self.program = bundle_dir / "send-desktop"
        self.work = work
        self.env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        self.env |= {"SEND_DESKTOP_HOME": str(work / "home"), "QT_QPA_PLATFORM": "offscreen"}

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.program), *args],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.work,
            timeout=120,
        )


@pytest.fixture(scope="module")
def run(bundle_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Bundled:
    return Bundled(bundle_dir, tmp_path_factory.mktemp("run"))


@pytest.fixture(scope="module")
def demo_db(run: Bundled) -> Path:
    path = run.work / "demo.sqlite"
    result = run("demo", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"demo: created {path}")
    return path


def test_the_version_is_the_package_version(run: Bundled, bundle_module: ModuleType):
    result = run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"send-desktop {bundle_module.version()}"


def test_demo_then_check_is_ok(run: Bundled, demo_db: Path):
    result = run("check", "--db", str(demo_db))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok:")


def test_stats_count_the_demo(run: Bundled, demo_db: Path):
    result = run("stats", "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    assert "cohort_members: 12" in result.stdout.splitlines()


def test_a_database_protected_with_a_passphrase_works_in_the_bundle(run: Bundled):
    """sqlcipher3 and SQLAlchemy's pysqlcipher dialect are bundled and used."""
    path = run.work / "protected.sqlite"
    assert run("demo", "--db", str(path)).returncode == 0
    run.env["SEND_DESKTOP_PASSPHRASE"] = "bundle passphrase"
    try:
        protect = run("protect", "--db", str(path))
        assert protect.returncode == 0, protect.stderr
        assert not path.read_bytes().startswith(b"SQLite format 3")
        check = run("check", "--db", str(path))
        assert check.stdout.startswith("ok:"), check.stdout + check.stderr
        stats = run("stats", "--db", str(path))
        assert "settings: " in stats.stdout, stats.stderr
    finally:
        del run.env["SEND_DESKTOP_PASSPHRASE"]


def test_the_window_opens_on_a_new_database_and_closes(run: Bundled):
    """A new file is created and migrated by the window's start-up, then checked."""
    path = run.work / "fresh.sqlite"
    result = run("--db", str(path), "--quit-after", "1.5")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (run.work / "home" / "ui-state.ini").is_file()  # written when the window closed
    check = run("check", "--db", str(path))
    assert check.stdout.startswith("ok:"), check.stdout + check.stderr


def test_the_window_opens_on_the_demo(run: Bundled, demo_db: Path):
    result = run("--db", str(demo_db), "--quit-after", "2")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_data_files_are_bundled(bundle_dir: Path, bundle_module: ModuleType):
    inside = bundle_dir / "_internal"
    expected = [Path(dest) / Path(src).name for src, dest in bundle_module.datas()]
    assert Path("db/alembic.ini") in expected
    assert Path("resources/demo/oxfordshire_schools.csv") in expected
    assert Path("resources/icons/app.png") in expected
    missing = [str(p) for p in expected if not (inside / p).is_file()]
    assert missing == []
    assert not (inside / "resources" / "screenshot.png").exists()


def test_no_unused_qt_in_the_bundle(bundle_dir: Path):
    names = [p.relative_to(bundle_dir).as_posix() for p in bundle_dir.rglob("*") if p.is_file()]
    assert [n for n in names if UNUSED_QT.search(n)] == []
    assert not [n for n in names if "/translations/" in n]
    modules = sorted(
        n.split("/")[-1].split(".")[0]
        for n in names
        if "PySide6/Qt" in n and n.endswith(".abi3.so")
    )
    assert modules == ["QtCore", "QtGui", "QtWidgets"]


def test_every_bundled_qt_library_finds_its_qt_dependencies(bundle_dir: Path):
    """Dropping Qt plugins and libraries must leave no plugin without its libraries."""
    missing = []
    for path in (bundle_dir / "_internal" / "PySide6").rglob("*.so*"):
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True).stdout
        missing += [
            f"{path.name}: {line.strip()}"
            for line in out.splitlines()
            if "Qt6" in line and "not found" in line
        ]
    assert missing == []
