"""Alembic migrations: empty -> head -> one step down -> head, and the start-up upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from send_desktop.storage import backup, migrations
from send_desktop.storage.database import open_database
from send_desktop.storage.fileinfo import DatabaseFileError, NewerSchemaError
from send_desktop.storage.models import Base


def _tables(path: Path) -> set[str]:
    engine = create_engine(f"sqlite:///{path}")
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_head_constant_matches_alembic_scripts():
    script = ScriptDirectory.from_config(migrations.alembic_config())
    assert script.get_current_head() == migrations.HEAD
    assert set(migrations.KNOWN) == {rev.revision for rev in script.walk_revisions()}


def test_empty_to_head_down_one_and_back(tmp_path):
    path = tmp_path / "m.sqlite"
    sqlite3.connect(path).close()
    migrations.upgrade(path)
    assert migrations.current_revision(path) == migrations.HEAD
    assert _tables(path) == set(Base.metadata.tables)

    migrations.downgrade(path, "0001")
    assert migrations.current_revision(path) == "0001"
    assert "app_meta" not in _tables(path)

    migrations.upgrade(path)
    assert migrations.current_revision(path) == migrations.HEAD
    assert _tables(path) == set(Base.metadata.tables)


def test_models_match_migrations(tmp_path):
    """Autogenerate finds nothing to add: the migrations describe the models exactly."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    path = tmp_path / "m.sqlite"
    sqlite3.connect(path).close()
    migrations.upgrade(path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_open_upgrades_an_old_database_after_backing_it_up(tmp_path):
    path = tmp_path / "old.sqlite"
    sqlite3.connect(path).close()
    migrations.upgrade(path, "0001")
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO setting (id, name, created_at, updated_at, version) "
        "VALUES ('s1', 'Cheney School', '2024-01-01', '2024-01-01', 1)"
    )
    conn.commit()
    conn.close()

    db = open_database(path)
    db.close()
    assert migrations.current_revision(path) == migrations.HEAD
    backups = backup.list_backups(path)
    assert len(backups) == 1 and "before-upgrade" in backups[0].name
    assert migrations.current_revision(backups[0]) == "0001"
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT name FROM setting").fetchall() == [("Cheney School",)]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name FROM setting").fetchall() == [("Cheney School",)]


def test_current_database_opens_without_backup(tmp_path):
    path = tmp_path / "cur.sqlite"
    sqlite3.connect(path).close()
    open_database(path).close()
    open_database(path).close()
    assert backup.list_backups(path) == []


def test_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "new.sqlite"
    sqlite3.connect(path).close()
    migrations.upgrade(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num='9999'")
    before = path.read_bytes()
    with pytest.raises(NewerSchemaError):
        open_database(path)
    assert path.read_bytes() == before


def test_foreign_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "other-app.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE songs (title TEXT)")
    before = path.read_bytes()
    with pytest.raises(DatabaseFileError, match="not a SEND Desktop database"):
        open_database(path)
    assert path.read_bytes() == before


def test_0010_keeps_every_clock_and_tombstone_and_back(tmp_path):
    """Clocks move into sync_clock (one row per distinct clock) and back, unchanged; the
    record table stays WITHOUT ROWID."""
    path = tmp_path / "m.sqlite"
    sqlite3.connect(path).close()
    migrations.upgrade(path, "0009")
    shared, other = '{"*":{"A":1}}', '{"town":{"B":2},"*":{"A":1}}'
    rows = [
        ("setting", "r1", shared, 0, None),
        ("setting", "r2", shared, 0, None),
        ("person", "r3", other, 1, '{"full_name":"Fictional Person"}'),
    ]
    conn = sqlite3.connect(path)
    conn.executemany("INSERT INTO sync_record VALUES (?, ?, ?, ?, ?)", rows)
    conn.commit()
    conn.close()

    migrations.upgrade(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM sync_clock").fetchone()[0] == 2
        found = conn.execute(
            "SELECT r.tbl, r.rid, c.clock, r.deleted, r.saved FROM sync_record r "
            "JOIN sync_clock c ON c.id = r.clock_id ORDER BY r.rid"
        ).fetchall()
        schema = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'sync_record'")
        assert "WITHOUT ROWID" in schema.fetchone()[0]
    finally:
        conn.close()
    assert found == rows

    migrations.downgrade(path, "0009")
    conn = sqlite3.connect(path)
    try:
        back = conn.execute("SELECT * FROM sync_record ORDER BY rid").fetchall()
    finally:
        conn.close()
    assert back == rows
