"""`send-desktop backup` and `send-desktop restore` as other tools call them."""

from __future__ import annotations

import sqlite3

from cli_run import run


def _names(path) -> list[str]:  # noqa: ANN001
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM setting ORDER BY name")]


def _add(path, name: str) -> None:  # noqa: ANN001
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO setting (id, name, created_at, updated_at, version) "
            "VALUES (?, ?, '2024-01-01', '2024-01-01', 1)",
            (name, name),
        )


def test_backup_then_restore(tmp_path):
    home, db = tmp_path / "home", tmp_path / "programme.sqlite"
    assert run("demo", "--db", str(db), home=home).returncode == 0

    stats = dict(
        line.split(": ")
        for line in run("stats", "--db", str(db), home=home).stdout.split("\n")
        if line
    )
    counts = f"{stats['settings']} settings, {stats['people']} people, {stats['cohorts']} cohorts"
    made = run("backup", "--db", str(db), home=home)
    assert made.returncode == 0, made.stderr
    line = made.stdout.strip()
    assert line.startswith("backup: ") and line.endswith(f"({counts})")
    kept = line.removeprefix("backup: ").rsplit(" (", 1)[0]
    assert str(home / "backups") in kept

    own = tmp_path / "copy.sqlite"
    assert run("backup", "--db", str(db), "-o", str(own), home=home).returncode == 0
    assert _names(own) == _names(db)
    again = run("backup", "--db", str(db), "-o", str(own), home=home)
    assert again.returncode == 2 and "already exists" in again.stderr

    _add(db, "Zz Added After The Backup")
    restored = run("restore", str(own), "--db", str(db), home=home)
    assert restored.returncode == 0, restored.stderr
    replaced, source, saved = restored.stdout.splitlines()
    more = counts.replace(f"{stats['settings']} settings", f"{int(stats['settings']) + 1} settings")
    assert replaced == f"replaced: {db} ({more})"
    assert source.startswith(f"restored: {own} (made ")
    assert saved.startswith("previous state saved: ")
    saved_path = saved.removeprefix("previous state saved: ")
    assert "Zz Added After The Backup" in _names(saved_path)
    assert "Zz Added After The Backup" not in _names(db)
    assert run("check", "--db", str(db), home=home).stdout.startswith("ok:")


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    home, db = tmp_path / "home", tmp_path / "programme.sqlite"
    assert run("demo", "--db", str(db), home=home).returncode == 0
    notes = tmp_path / "notes.sqlite"
    notes.write_text("meeting notes\n" * 100)
    before = db.read_bytes()
    result = run("restore", str(notes), "--db", str(db), home=home)
    assert result.returncode == 1
    assert "not an SQLite file" in result.stderr
    assert db.read_bytes() == before
    missing = run("restore", str(tmp_path / "nope.sqlite"), "--db", str(db), home=home)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_another_process_never_deletes_the_wal_this_one_writes_to(tmp_path):
    """Reading a database's header while this process has it open would drop SQLite's locks
    (POSIX): another process closing it would then delete the -wal holding our commits."""
    from send_desktop.services.register import SettingData, add_setting
    from send_desktop.storage.database import create_database

    home, path = tmp_path / "home", tmp_path / "programme.sqlite"
    db = create_database(path)
    add_setting(db, data=SettingData(name="First School", urn="100001"))
    assert db.query("SELECT count(*) FROM setting") == [(1,)]
    for args in (("stats",), ("backup",), ("check",)):
        assert run(*args, "--db", str(path), home=home).returncode == 0
        add_setting(db, data=SettingData(name=f"After {args[0]}", urn=f"20000{len(_names(path))}"))
    seen = run("stats", "--db", str(path), home=home).stdout
    db.close()
    assert "settings: 4" in seen
    assert len(_names(path)) == 4
