"""Change capture for the sync: SQLite triggers note every local change of a record.

Why triggers and not a session hook: records are written by the ORM (audited sessions), by
imports in bulk (``services/imports_write.py``: ``INSERT ... SELECT`` from JSON and
``executemany``), by undo of an import, and by plain SQL. A trigger sees them all, in the
same transaction, at the cost of one small insert per changed field. An insert notes ``*``
(the whole record is new), an update notes each changed column with its value before the
first unsent change, a delete notes ``-`` with the whole row. While a peer's changes are
applied, ``sync_applying`` holds a row and the triggers stay quiet.

The triggers are made from the live schema, so ``install`` runs after every migration
(``storage/migrations.py``): a column added later is captured without anyone remembering.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

# Columns every record has that are not data: the row version and update time are this
# laptop's own bookkeeping (they differ from laptop to laptop and are never compared).
LOCAL_COLUMNS = frozenset({"id", "updated_at", "version"})
RECORD_COLUMNS = frozenset({"id", "created_at", "updated_at", "version"})
# Record tables each laptop works out for itself from the synced records, never sent: the
# dashboard's monthly key figures (two laptops would each make this month's, clashing).
LOCAL_TABLES = frozenset({"kpi_snapshot"})

Run = Callable[[str], Sequence[Sequence[Any]]]


def record_tables(run: Run) -> dict[str, list[str]]:
    """Synced tables (every record table: UUID id, times, version) -> their data columns."""
    names = [
        r[0]
        for r in run(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    tables: dict[str, list[str]] = {}
    for name in names:
        columns = [r[1] for r in run(f'PRAGMA table_info("{name}")')]
        if set(columns) >= RECORD_COLUMNS and name not in LOCAL_TABLES:
            tables[name] = [c for c in columns if c not in LOCAL_COLUMNS]
    return tables


_QUIET = "NOT EXISTS (SELECT 1 FROM sync_applying)"  # not while a peer's file is applied


def _quiet() -> str:
    return f"WHEN {_QUIET}"


def trigger_sql(table: str, columns: list[str]) -> list[str]:
    insert = (
        f'CREATE TRIGGER "sync_{table}_ins" AFTER INSERT ON "{table}" {_quiet()} BEGIN '
        "INSERT OR IGNORE INTO sync_dirty (tbl, rid, field, old) "
        f"VALUES ('{table}', NEW.id, '*', NULL); END"
    )
    changed = " UNION ALL ".join(
        f"SELECT '{table}', NEW.id, '{c}', json_array(OLD.\"{c}\") "
        f'WHERE OLD."{c}" IS NOT NEW."{c}"'
        for c in columns
    )
    update = (
        f'CREATE TRIGGER "sync_{table}_upd" AFTER UPDATE ON "{table}" {_quiet()} BEGIN '
        f"INSERT OR IGNORE INTO sync_dirty (tbl, rid, field, old) {changed}; END"
    )
    row = ", ".join(f"'{c}', OLD.\"{c}\"" for c in columns)
    delete = (
        f'CREATE TRIGGER "sync_{table}_del" AFTER DELETE ON "{table}" {_quiet()} BEGIN '
        "INSERT OR REPLACE INTO sync_dirty (tbl, rid, field, old) "
        f"VALUES ('{table}', OLD.id, '-', json_object({row})); END"
    )
    return [insert, update, delete]


def set_aside(run: Run, table: str, kinds: tuple[str, ...] = ("ins", "upd", "del")) -> list[str]:
    """Drop ``table``'s capture triggers of ``kinds`` for a bulk write; returns the SQL that
    makes them again. (A sync's writes would leave them quiet, an import's notes its rows
    itself with ``note_inserted_sql``; either way each row would pay for running them.)
    SQLite's DDL is transactional: a rolled-back write brings them back."""
    names = ", ".join(f"'sync_{table}_{kind}'" for kind in kinds)
    found = run(f"SELECT name, sql FROM sqlite_master WHERE type='trigger' AND name IN ({names})")
    for name, _sql in found:
        run(f'DROP TRIGGER "{name}"')
    return [sql for _name, sql in found]


def note_inserted_sql(table: str) -> str:
    """What the insert trigger notes, for the rows with rowids ?1 to ?1 + ?2 - 1 at once."""
    return (
        "INSERT OR IGNORE INTO sync_dirty (tbl, rid, field, old) "
        f"SELECT '{table}', id, '*', NULL FROM \"{table}\" "
        f"WHERE rowid >= ?1 AND rowid < ?1 + ?2 AND {_QUIET}"
    )


def drop(run: Run) -> None:
    for (name,) in run(
        "SELECT name FROM sqlite_master WHERE type='trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'"
    ):
        run(f'DROP TRIGGER "{name}"')


def install(run: Run) -> None:
    """(Re)make the capture triggers of every record table; a no-op before the sync tables
    exist (a database migrated only part of the way)."""
    if not run("SELECT 1 FROM sqlite_master WHERE type='table' AND name='sync_dirty'"):
        return
    drop(run)
    for table, columns in record_tables(run).items():
        for sql in trigger_sql(table, columns):
            run(sql)


def mark_all_new(run: Run) -> None:
    """Note every existing record as new (a database upgraded to sync: all of it is sent)."""
    for table in record_tables(run):
        run(
            "INSERT OR IGNORE INTO sync_dirty (tbl, rid, field, old) "
            f"SELECT '{table}', id, '*', NULL FROM \"{table}\""
        )
