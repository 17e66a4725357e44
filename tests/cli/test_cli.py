"""The command line as other tools call it: real processes, exit codes and output lines."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import run


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, home) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.sqlite"
    result = run("demo", "--db", str(path), home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"demo: created {path}")
    return path


def test_demo_then_check_is_ok(demo_db, home):
    result = run("check", "--db", str(demo_db), home=home)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("ok:")


def test_stats_on_demo(demo_db, home):
    result = run("stats", "--db", str(demo_db), home=home)
    assert result.returncode == 0
    stats = dict(line.split(": ") for line in result.stdout.splitlines())
    for name in (
        "settings",
        "cohorts",
        "cohort_members",
        "leaders",
        "waitlist",
        "bids",
        "packages",
        "referrals",
        "actions",
    ):
        assert stats[name].isdigit(), name
    assert stats["cohort_members"] == "12"
    assert stats["waitlist"] == "29"
    assert stats["leaders"] == "16"


def test_demo_refuses_to_overwrite_without_force(demo_db, home):
    before = demo_db.read_bytes()
    result = run("demo", "--db", str(demo_db), home=home)
    assert result.returncode == 2
    assert "--force" in result.stderr and result.stdout == ""
    assert demo_db.read_bytes() == before


def test_demo_force_replaces(tmp_path, home):
    path = tmp_path / "d.sqlite"
    path.write_text("old")
    result = run("demo", "--db", str(path), "--force", home=home)
    assert result.returncode == 0, result.stderr
    assert run("check", "--db", str(path), home=home).returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == ["d.sqlite"]


def test_check_and_stats_refuse_a_non_database(tmp_path, home):
    path = tmp_path / "notes.sqlite"
    path.write_text("URN,Name\n123456,Cheney School\n")
    before = path.read_bytes()
    check = run("check", "--db", str(path), home=home)
    assert check.returncode == 1
    assert check.stdout.startswith("problem:") and len(check.stdout.splitlines()) == 1
    stats = run("stats", "--db", str(path), home=home)
    assert stats.returncode == 1 and stats.stdout == ""
    assert "not an SQLite file" in stats.stderr
    assert path.read_bytes() == before


def test_check_finds_a_truncated_database(demo_db, tmp_path, home):
    cut = tmp_path / "cut.sqlite"
    cut.write_bytes(demo_db.read_bytes()[:40_000])
    before = cut.read_bytes()
    result = run("check", "--db", str(cut), home=home)
    assert result.returncode == 1 and result.stdout.startswith("problem:")
    assert cut.read_bytes() == before


def test_check_reports_an_old_schema(tmp_path, home):
    from send_desktop.storage import migrations

    path = tmp_path / "old.sqlite"
    path.touch()
    migrations.upgrade(path, "0001")
    result = run("check", "--db", str(path), home=home)
    assert result.returncode == 1
    assert result.stdout.startswith("problem: schema 0001 is older")


def test_missing_file_is_usage_error(tmp_path, home):
    result = run("stats", "--db", str(tmp_path / "nope.sqlite"), home=home)
    assert result.returncode == 2 and "no such file" in result.stderr
    assert not (tmp_path / "nope.sqlite").exists()


def test_bad_usage_exits_2(home):
    assert run("stats", "--bogus", home=home).returncode == 2
    assert run("frobnicate", home=home).returncode == 2


def test_version(home):
    from send_desktop import __version__

    result = run("--version", home=home)
    assert result.returncode == 0 and result.stdout.strip() == f"send-desktop {__version__}"


def test_headless_commands_do_not_import_qt(demo_db, home):
    code = (
        "import sys; from send_desktop.cli import main; main(['stats', '--db', sys.argv[1]]); "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'"
    )
    env = os.environ | {"SEND_DESKTOP_HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-c", code, str(demo_db)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
