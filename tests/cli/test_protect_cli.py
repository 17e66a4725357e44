"""`send-desktop protect` and opening a protected database from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cli_run import run

NAME = b"Larkmead School"  # a school in the demo data


def run_with(passphrase: str | None, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"SEND_DESKTOP_HOME": str(home)}
    env.pop("SEND_DESKTOP_PASSPHRASE", None)
    if passphrase is not None:
        env["SEND_DESKTOP_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "send_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def test_protect_then_use_with_the_passphrase_only(tmp_path):
    home, db = tmp_path / "home", tmp_path / "programme.sqlite"
    assert run("demo", "--db", str(db), home=home).returncode == 0
    assert NAME in db.read_bytes()
    assert run_with("short", "protect", "--db", str(db), home=home).returncode == 2
    done = run_with("a long passphrase", "protect", "--db", str(db), home=home)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"protected: {db} and ")
    data = db.read_bytes()
    assert not data.startswith(b"SQLite format 3") and NAME not in data

    ok = run_with("a long passphrase", "check", "--db", str(db), home=home)
    assert ok.stdout.startswith("ok:"), ok.stdout + ok.stderr
    made = run_with("a long passphrase", "backup", "--db", str(db), home=home)
    assert made.returncode == 0, made.stderr
    copy = Path(made.stdout.removeprefix("backup: ").rsplit(" (", 1)[0])
    assert NAME not in copy.read_bytes() and not copy.read_bytes().startswith(b"SQLite")

    wrong = run_with("not the passphrase", "stats", "--db", str(db), home=home)
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == (
        f"send-desktop: {db}: the passphrase in SEND_DESKTOP_PASSPHRASE is not right"
    )
    none = run_with(None, "stats", "--db", str(db), home=home)
    assert none.returncode == 1 and "protected with a passphrase" in none.stderr
    assert "Traceback" not in wrong.stderr + none.stderr
    assert db.read_bytes() == data
