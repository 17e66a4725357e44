"""Killed mid-write (SIGKILL, no clean-up of any kind): the database stays healthy, and the
interrupted import or restore is entirely present or entirely absent; nothing else changed.

The child process announces each stage on stdout and then pauses inside it (an import between
two chunks of its one transaction, a restore between two steps of the backup API), so the
kill lands exactly there rather than at a moment left to chance.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cli_run import run
from db_dump import dump

from send_desktop.services import backups

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")

CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from send_desktop.services import backups, imports
    from send_desktop.storage.database import open_database

    what, db_path, source = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    stop_at = float(sys.argv[4])

    def progress(fraction, message):
        if fraction >= stop_at:
            print("AT", fraction, message, flush=True)
            time.sleep(60)  # killed here

    if what == "import":
        db = open_database(db_path)
        imports.run_import(db, path=source, kind="settings", progress=progress)
    else:
        backups.restore(source, db_path, progress)
    print("DONE", flush=True)
    time.sleep(60)
    """
)


def kill_at(what: str, db: Path, source: Path, stop_at: float, home: Path) -> str:
    env = os.environ | {"SEND_DESKTOP_HOME": str(home)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, what, str(db), str(source), str(stop_at)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = child.stdout.readline()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert line.startswith(("AT", "DONE")), child.stderr.read()
    return line


def healthy(db: Path, home: Path) -> None:
    result = run("check", "--db", str(db), home=home)
    assert result.stdout.startswith("ok:"), result.stdout + result.stderr


def table_dump(path: Path) -> dict[str, list[tuple]]:
    return dump(type("Db", (), {"path": path, "close": lambda self: None})())


@pytest.fixture(scope="module")
def demo_bytes(tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.sqlite"
    assert run("demo", "--db", str(path), home=folder / "home").returncode == 0
    return path.read_bytes()


@pytest.fixture
def programme(tmp_path, demo_bytes) -> Path:
    path = tmp_path / "programme.sqlite"
    path.write_bytes(demo_bytes)  # a closed, checkpointed file: a plain copy is whole
    return path


@pytest.fixture
def big_csv(tmp_path) -> Path:
    path = tmp_path / "settings.csv"
    lines = ["urn,school_name,town"]
    lines += [f"{900000 + i},Kill Test School {i},Oxford" for i in range(6000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("stop_at", "expect"),
    [(0.3, "absent"), (0.9, "either"), (1.0, "present")],
)
def test_import_killed_is_all_or_nothing(programme, big_csv, home, stop_at, expect):
    before = table_dump(programme)
    line = kill_at("import", programme, big_csv, stop_at, home)
    healthy(programme, home)
    after = table_dump(programme)
    added = {t: set(after[t]) - set(before[t]) for t in after}
    if added["import_batch"]:
        assert expect != "absent", f"killed at {line!r} yet the import was kept"
        assert len(added["setting"]) == 6000
        assert len(added["import_batch"]) == 1
        changed = {t for t in after if after[t] != before[t]}
        # sync_dirty: the sync's change capture notes the new records (same transaction)
        assert changed <= {"setting", "import_batch", "import_profile", "audit_log", "sync_dirty"}
        assert all(set(before[t]) <= set(after[t]) for t in changed - {"import_profile"})
    else:
        assert expect != "present", f"finished at {line!r} yet the import is missing"
        assert after == before, f"killed at {line!r}: part of the import was kept"


@pytest.mark.parametrize("stop_at", [0.55])
def test_restore_killed_leaves_the_database_as_it_was(programme, home, tmp_path, stop_at):
    older = tmp_path / "older.sqlite"
    assert run("backup", "--db", str(programme), "-o", str(older), home=home).returncode == 0
    assert (
        run(
            "import",
            "settings",
            str(Path(__file__).parents[1] / "fixtures" / "london_schools_sample.csv"),
            "--db",
            str(programme),
            home=home,
        ).returncode
        == 0
    )
    before = table_dump(programme)
    line = kill_at("restore", programme, older, stop_at, home)
    assert line.startswith("AT") and "Restoring" in line
    healthy(programme, home)
    assert table_dump(programme) == before
    # and a restore after the crash works
    backups.restore(older, programme)
    healthy(programme, home)
    assert table_dump(programme) == table_dump(older)
