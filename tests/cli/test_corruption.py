"""A database with damaged pages: found on open, explained in plain words, never changed; the
newest GOOD backup is named (a damaged newer one is passed over) and restoring it keeps the
damaged file aside."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from cli_run import run

from send_desktop.storage import backup
from send_desktop.storage.fileinfo import DamagedDatabaseError, check_file


def damage_table(path: Path, table: str = "setting") -> bytes:
    """Scribble over the root page of ``table`` (an interior b-tree page of a big table)."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name=?", (table,)
        ).fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start + 8 : start + 200] = bytes(range(192))
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.fixture
def damaged(tmp_path, monkeypatch) -> tuple[Path, Path, Path, bytes]:
    """The demo database with a good older backup and a damaged newer one; then damaged."""
    home = tmp_path / "home"
    monkeypatch.setenv("SEND_DESKTOP_HOME", str(home))
    path = tmp_path / "programme.sqlite"
    assert run("demo", "--db", str(path), home=home).returncode == 0
    good = backup.make_backup(path, "manual")
    bad = backup.make_backup(path, "periodic")
    damage_table(bad)
    content = damage_table(path)
    with pytest.raises(DamagedDatabaseError):
        check_file(path)
    return path, good, bad, content


def test_check_and_other_commands_explain_and_name_the_newest_good_backup(damaged, tmp_path):
    path, good, bad, content = damaged
    home = tmp_path / "home"
    result = run("check", "--db", str(path), home=home)
    assert result.returncode == 1
    assert result.stdout.startswith("problem: part of the file is damaged")
    assert "power cut" in result.stdout
    assert str(good) in result.stderr and str(bad) not in result.stderr
    assert f"send-desktop restore '{good}' --db '{path}'" in result.stderr
    stats = run("stats", "--db", str(path), home=home)
    assert stats.returncode == 1
    assert "part of the file is damaged" in stats.stderr and str(good) in stats.stderr
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "programme.sqlite"]


def test_restoring_over_a_damaged_file_keeps_it_aside(damaged, tmp_path):
    path, good, _bad, content = damaged
    home = tmp_path / "home"
    result = run("restore", str(good), "--db", str(path), home=home)
    assert result.returncode == 0, result.stderr
    replaced, _restored, saved = result.stdout.splitlines()
    assert replaced == f"replaced: {path} (damaged)"
    aside = Path(saved.removeprefix("previous state saved: "))
    assert aside.name.startswith("programme.sqlite.damaged-")
    assert aside.read_bytes() == content
    assert run("check", "--db", str(path), home=home).stdout.startswith("ok:")


def test_a_damaged_backup_is_refused(damaged, tmp_path):
    path, _good, bad, content = damaged
    result = run("restore", str(bad), "--db", str(path), home=tmp_path / "home")
    assert result.returncode == 1 and "damaged" in result.stderr
    assert path.read_bytes() == content
