"""What the sync keeps in the database: its connection, replica id, clocks, dirty notes.

The sync works on a plain ``sqlite3`` connection of its own (no ORM): it moves thousands of
rows per file and must be as quick as a bulk insert (``benchmarks/bench_sync.py``).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from send_desktop.storage import keys
from send_desktop.storage.database import BUSY_TIMEOUT_MS
from send_desktop.storage.sync_capture import record_tables

Clock = dict[str, dict[str, int]]  # field (or "*" for every other field) -> version vector
DELETED = "(deleted)"  # the field name of an edit-versus-delete conflict
DUPLICATE = "(duplicate)"  # ... of a record made on two laptops with the same key (a URN)
CACHE_KIB = 65536  # the sync connection's page cache (grows only as pages are read)
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


_text = json.encoder.encode_basestring  # a str as JSON, non-ASCII kept as it is


def dumps(value: Any) -> str:
    return _dumps(value)


def json_scalar(value: Any) -> str:
    """One value as JSON, as ``dumps`` writes it (quicker for the usual str, int, None)."""
    kind = type(value)
    if kind is str:
        return _text(value)
    if kind is int:
        return str(value)
    if value is None:
        return "null"
    return _dumps(value)


def changes_template(names: tuple[str, ...]) -> str:
    """``%`` template of an audit row's changes ``{"field": [old, new], ...}`` for ``names``;
    fill it with the JSON of each old and new value in turn."""
    return "{" + ",".join(_text(n).replace("%", "%%") + ":[%s,%s]" for n in names) + "}"


def connect(path: Path) -> sqlite3.Connection:
    """A connection that leaves transactions to us (BEGIN IMMEDIATE ... COMMIT), with the
    pragmas the app's own engine uses (``storage/engine.py``): WAL, as the database is
    always on a local disk (a network drive is refused when it is opened). Its page cache
    holds a whole file's changes: with SQLite's 2 MB, pages were written out mid-way and
    written again."""
    # keys.connect: a database protected with a passphrase (SQLCipher) opens keyed
    conn = keys.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    return conn


def now_text() -> str:
    """A time as SQLAlchemy stores a DateTime in SQLite (for updated_at and audit rows)."""
    return datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def tables(conn: sqlite3.Connection) -> dict[str, list[str]]:
    return record_tables(lambda sql: conn.execute(sql).fetchall())


def meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM app_meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO app_meta (key, value) VALUES (?, ?)", (key, value))


def replica_id(conn: sqlite3.Connection) -> str:
    value = meta(conn, "replica_id")
    if value is None:  # a database made before replica ids: give it one now
        value = str(uuid.uuid4())
        set_meta(conn, "replica_id", value)
    return value


def renew_replica_id(conn: sqlite3.Connection) -> str:
    value = str(uuid.uuid4())
    set_meta(conn, "replica_id", value)
    return value


def marks(n: int) -> str:
    return ", ".join("?" * n)


def field_vv(clock: Clock | None, field: str) -> dict[str, int]:
    if not clock:
        return {}
    found = clock.get(field)
    return found if found is not None else clock.get("*", {})


def _id_list(ids: Iterable[str]) -> str:
    """ids as one JSON array: one parameter, read by ``json_each`` (quicker than thousands
    of ``?`` and never over SQLite's limit on parameters)."""
    return dumps(list(ids))


def load_clocks(
    conn: sqlite3.Connection,
    table: str,
    ids: Iterable[str],
    texts: dict[str, str] | None = None,
) -> dict[str, tuple[Clock, int, str | None]]:
    """rid -> (clock, deleted, saved row JSON) for the ids that have one.

    With ``texts`` (filled with rid -> clock JSON), records with the same clock share one
    parsed clock: the caller must not change it in place."""
    out: dict[str, tuple[Clock, int, str | None]] = {}
    parsed: dict[str, Clock] = {}
    sql = (
        "SELECT r.rid, r.clock, r.deleted, r.saved FROM json_each(?) j "
        "JOIN sync_record r ON r.tbl = ? AND r.rid = j.value"
    )
    for rid, clock, deleted, saved in conn.execute(sql, (_id_list(ids), table)):
        if texts is None:
            out[rid] = (json.loads(clock), deleted, saved)
            continue
        texts[rid] = clock
        found = parsed.get(clock)
        if found is None:
            found = parsed[clock] = json.loads(clock)
        out[rid] = (found, deleted, saved)
    return out


def load_rows(
    conn: sqlite3.Connection, table: str, columns: list[str], ids: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """rid -> {column: value} of the rows that exist."""
    quoted = ", ".join(f't."{c}"' for c in columns)
    sql = f'SELECT t.id, {quoted} FROM json_each(?) j JOIN "{table}" t ON t.id = j.value'
    return {
        row[0]: dict(zip(columns, row[1:], strict=True))
        for row in conn.execute(sql, (_id_list(ids),))
    }


def load_row_tuples(
    conn: sqlite3.Connection, table: str, columns: list[str], ids: Iterable[str]
) -> dict[str, tuple]:
    """rid -> (rowid, *values of ``columns``) of the rows that exist.

    When the ids are half the table or more, reading the whole table in its own order is
    quicker than looking each one up (10,000 of 10,000: 9 ms against 21 ms)."""
    wanted = ids if isinstance(ids, set | frozenset) else set(ids)
    if not wanted:
        return {}
    quoted = ", ".join(f't."{c}"' for c in columns)
    size = conn.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0] or 0
    if 2 * len(wanted) >= size:
        rows = conn.execute(f'SELECT t.id, t.rowid, {quoted} FROM "{table}" t')
        return {row[0]: row[1:] for row in rows if row[0] in wanted}
    sql = f'SELECT t.id, t.rowid, {quoted} FROM json_each(?) j JOIN "{table}" t ON t.id = j.value'
    return {row[0]: row[1:] for row in conn.execute(sql, (_id_list(sorted(wanted)),))}


def load_dirty(
    conn: sqlite3.Connection, table: str, ids: Iterable[str] | None = None
) -> dict[str, dict[str, str | None]]:
    """rid -> {field or '*' or '-': old} of local changes not yet sent."""
    out: dict[str, dict[str, str | None]] = {}
    if ids is None:
        rows: Iterable = conn.execute(
            "SELECT rid, field, old FROM sync_dirty WHERE tbl = ?", (table,)
        )
    else:
        rows = conn.execute(
            "SELECT d.rid, d.field, d.old FROM json_each(?) j "
            "JOIN sync_dirty d ON d.tbl = ? AND d.rid = j.value",
            (_id_list(ids), table),
        )
    for rid, field, old in rows:
        out.setdefault(rid, {})[field] = old
    return out


def label_of(table: str, values: dict[str, Any] | None, rid: str) -> str:
    """A record's name for people (the same attributes ``Record.label`` looks at)."""
    for attr in ("name", "full_name", "title", "description"):
        value = (values or {}).get(attr)
        if value:
            return str(value)[:300]
    return rid
