"""`send-desktop import` as other tools call it: real processes, exit codes, output lines."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import run
from openpyxl import Workbook

FIXTURES = Path(__file__).parents[1] / "fixtures"


def dump(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def db_path(tmp_path, home, monkeypatch) -> Path:
    from send_desktop.storage.database import create_database

    monkeypatch.setenv("SEND_DESKTOP_HOME", str(home))
    path = tmp_path / "register.sqlite"
    create_database(path).close()
    return path


def workbook(path: Path, rows: list[list], title: str = "Return") -> Path:
    book = Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_clean_file_exits_0_with_one_summary_line(db_path, home):
    result = run(
        "import",
        "settings",
        str(FIXTURES / "london_schools_sample.csv"),
        "--db",
        str(db_path),
        home=home,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "imported: 300 new, 0 updated, 0 unchanged, 0 rejected\n"
    again = run(
        "import",
        "settings",
        str(FIXTURES / "london_schools_sample.csv"),
        "--db",
        str(db_path),
        home=home,
    )
    assert again.stdout == "imported: 0 new, 0 updated, 300 unchanged, 0 rejected\n"
    assert again.returncode == 0


def test_rejected_rows_exit_1_one_line_each_and_the_rest_is_written(db_path, home, tmp_path):
    path = workbook(
        tmp_path / "summer.xlsx",
        [
            ["URN", "School name", "Pupils"],
            ["123457", "Larkmead School", 900],
            ["12", "Bad", "lots"],
        ],
    )
    result = run("import", "settings", str(path), "--db", str(db_path), home=home)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "imported: 1 new, 0 updated, 0 unchanged, 1 rejected",
        'sheet "Return", row 3, column A (URN), value "12": URN is not 6 digits (or EY and '
        'digits for an early-years setting); column C (Pupils), value "lots": Pupils is not a '
        "whole number",
    ]
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT urn, name FROM setting").fetchall() == [
        ("123457", "Larkmead School")
    ]
    conn.close()


def test_all_or_nothing_writes_nothing(db_path, home, tmp_path):
    path = workbook(tmp_path / "r.xlsx", [["URN", "Name"], ["123457", "Larkmead"], ["1", "Bad"]])
    before = dump(db_path)
    result = run(
        "import", "settings", str(path), "--db", str(db_path), "--all-or-nothing", home=home
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "imported: 0 new, 0 updated, 0 unchanged, 1 rejected"
    assert "nothing was imported" in result.stderr
    assert dump(db_path) == before


def test_dry_run_prints_the_same_summary_and_writes_nothing(db_path, home):
    before = dump(db_path)
    result = run(
        "import",
        "gias",
        str(FIXTURES / "gias_sample.csv"),
        "--db",
        str(db_path),
        "--dry-run",
        "--la",
        "any",
        home=home,
    )
    assert (result.returncode, result.stdout) == (
        0,
        "imported: 2 new, 0 updated, 0 unchanged, 0 rejected\n",
    )
    assert dump(db_path) == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"%PDF-1.4 not a sheet", "PDF document"),
        (b"PK\x03\x04 broken", "damaged"),
        (b"", "empty"),
    ],
    ids=["pdf", "corrupt-zip", "empty"],
)
def test_refused_file_exits_2_with_one_message_naming_it(db_path, home, tmp_path, content, words):
    path = tmp_path / "return.xlsx"
    path.write_bytes(content)
    before = dump(db_path)
    result = run("import", "settings", str(path), "--db", str(db_path), home=home)
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and words in lines[0]
    assert dump(db_path) == before


def test_missing_file_and_unknown_kind_exit_2(db_path, home, tmp_path):
    missing = run(
        "import", "settings", str(tmp_path / "nope.xlsx"), "--db", str(db_path), home=home
    )
    assert missing.returncode == 2 and "nope.xlsx: no such file" in missing.stderr
    unknown = run(
        "import", "budgets", str(FIXTURES / "gias_sample.csv"), "--db", str(db_path), home=home
    )
    assert unknown.returncode == 2 and "invalid choice" in unknown.stderr


def test_sheet_option(db_path, home, tmp_path):
    book = Workbook()
    book.active.title = "Cover"
    book.active.append(["Summer return"])
    other = book.create_sheet("Term 2")
    other.append(["URN", "Name"])
    other.append(["123457", "Larkmead"])
    path = tmp_path / "r.xlsx"
    book.save(path)
    chosen = run(
        "import", "settings", str(path), "--db", str(db_path), "--sheet", "Term 2", home=home
    )
    assert chosen.stdout == "imported: 1 new, 0 updated, 0 unchanged, 0 rejected\n"
    wrong = run(
        "import", "settings", str(path), "--db", str(db_path), "--sheet", "Term 3", home=home
    )
    assert wrong.returncode == 2 and "'Cover', 'Term 2'" in wrong.stderr


def test_errors_option_saves_the_report(db_path, home, tmp_path):
    path = workbook(tmp_path / "r.xlsx", [["URN", "Name"], ["12", "Bad"]])
    report = tmp_path / "to-fix.xlsx"
    result = run(
        "import", "settings", str(path), "--db", str(db_path), "--errors", str(report), home=home
    )
    assert result.returncode == 1 and report.exists()
    assert f"error report: {report}" in result.stderr


def test_import_does_not_load_qt(db_path, home):
    code = (
        "import sys; from send_desktop.cli import main; "
        "main(['import', 'gias', sys.argv[2], '--db', sys.argv[1], '--dry-run']); "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'"
    )
    env = os.environ | {"SEND_DESKTOP_HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-c", code, str(db_path), str(FIXTURES / "gias_sample.csv")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
