"""What the sync keeps in the database: its connection, replica id, clocks, dirty notes.

The sync works on a plain ``sqlite3`` connection of its own (no ORM): it moves thousands of
rows per file and must be as quick as a bulk insert (``benchmarks/bench_sync.py``).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from send_desktop.storage import keys
from send_desktop.storage.database import BUSY_TIMEOUT_MS
from send_desktop.storage.sync_capture import record_tables

Clock = dict[str, dict[str, int]]  # field (or "*" for every other field) -> version vector
DELETED = "(deleted)"  # the field name of an edit-versus-delete conflict
DUPLICATE = "(duplicate)"  # ... of a record made on two laptops with the same key (a URN)
LABEL_COLUMNS = ("name", "full_name", "title", "description")  # what names a record
CACHE_KIB = 65536  # the sync connection's page cache (grows only as pages are read)
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


json_text = json.encoder.encode_basestring  # a str as JSON, non-ASCII kept as it is


def dumps(value: Any) -> str:
    return _dumps(value)


def json_scalar(value: Any) -> str:
    """One value as JSON, as ``dumps`` writes it (quicker for the usual str, int, None)."""
    kind = type(value)
    if kind is str:
        return json_text(value)
    if kind is int:
        return str(value)
    if value is None:
        return "null"
    return _dumps(value)


def changes_template(names: tuple[str, ...]) -> str:
    """``%`` template of an audit row's changes ``{"field": [old, new], ...}`` for ``names``;
    fill it with the JSON of each old and new value in turn."""
    return "{" + ",".join(json_text(n).replace("%", "%%") + ":[%s,%s]" for n in names) + "}"


def connect(path: Path) -> sqlite3.Connection:
    """A connection that leaves transactions to us (BEGIN IMMEDIATE ... COMMIT), with the
    pragmas the app's own engine uses (``storage/engine.py``): WAL, as the database is
    always on a local disk (a network drive is refused when it is opened). Its page cache
    holds a whole file's changes: with SQLite's 2 MB, pages were written out mid-way and
    written again."""
    # keys.connect: a database protected with a passphrase (SQLCipher) opens keyed
    # check_same_thread: a big file's edits are written on a thread of their own while the
    # rest is merged (``sync_stream``); the two never use the connection at once.
    conn = keys.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
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
    numbers: dict[str, int] | None = None,
) -> dict[str, tuple[Clock, int, str | None]]:
    """rid -> (clock, deleted, saved row JSON) for the ids that have one.

    With ``numbers`` (filled with rid -> the clock's number in ``sync_clock``), records
    with the same clock share one parsed clock: the caller must not change it in place."""
    wanted_ids = ids if isinstance(ids, set | frozenset) else set(ids)
    if _many(conn, table, wanted_ids):  # the table's clocks in key order, kept if wanted
        found = [
            row
            for row in conn.execute(
                "SELECT rid, clock_id, deleted, saved FROM sync_record WHERE tbl = ?", (table,)
            )
            if row[0] in wanted_ids
        ]
    else:
        # CROSS JOIN keeps this order: SQLite cannot tell how long the id list is, and
        # once put it innermost (10,000 ids: 5.7 s instead of 5 ms)
        found = conn.execute(
            "SELECT r.rid, r.clock_id, r.deleted, r.saved FROM json_each(?) j "
            "CROSS JOIN sync_record r ON r.tbl = ? AND r.rid = j.value",
            (_id_list(sorted(wanted_ids)), table),
        ).fetchall()
    wanted = {row[1] for row in found}
    texts = dict(
        conn.execute(
            "SELECT id, clock FROM sync_clock WHERE id IN (SELECT value FROM json_each(?))",
            (dumps(list(wanted)),),
        )
    )
    if numbers is None:
        return {rid: (json.loads(texts[n]), deleted, saved) for rid, n, deleted, saved in found}
    parsed = {n: json.loads(text) for n, text in texts.items()}
    out: dict[str, tuple[Clock, int, str | None]] = {}
    for rid, n, deleted, saved in found:
        numbers[rid] = n
        out[rid] = (parsed[n], deleted, saved)
    return out


def load_rows(
    conn: sqlite3.Connection, table: str, columns: list[str], ids: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """rid -> {column: value} of the rows that exist."""
    return {
        rid: dict(zip(columns, row[1:], strict=True))
        for rid, row in load_row_tuples(conn, table, columns, ids).items()
    }


@contextmanager
def receiving(conn: sqlite3.Connection) -> Iterator[None]:
    """While records received from another laptop are written: the capture triggers stay
    quiet (``sync_applying``), so they are not noted as this laptop's own changes."""
    conn.execute('INSERT INTO sync_applying ("on") VALUES (1)')
    try:
        yield
    finally:
        conn.execute("DELETE FROM sync_applying")


def insert_record(
    conn: sqlite3.Connection, table: str, rid: str, values: dict[str, Any], now: str
) -> None:
    """A whole record received (or put back) as ``values`` under its own id, version 1."""
    quoted = "".join(f', "{n}"' for n in values)
    conn.execute(
        f'INSERT INTO "{table}" (id, updated_at, version{quoted}) '
        f"VALUES (?, ?, 1{', ?' * len(values)})",
        (rid, now, *values.values()),
    )


_SAVE_RECORD = "INSERT INTO sync_record (tbl, rid, clock_id, deleted, saved)"
# a record that has a clock already is updated in place (a REPLACE deletes and inserts)
_UPSERT = (
    "ON CONFLICT (tbl, rid) DO UPDATE SET clock_id = excluded.clock_id, "
    "deleted = excluded.deleted, saved = excluded.saved"
)


def save_clocks(
    conn: sqlite3.Connection, table: str, clocks: dict[str, tuple[str, int, str | None]]
) -> None:
    """Write records' clocks (rid -> (clock JSON, deleted, saved row JSON)).

    Each distinct clock is kept once (``sync_clock``). Records moved on by one file mostly
    share their new clock: those are written in one statement per clock (ids through
    ``json_each``), a fifth of the time of a row-by-row ``executemany``."""
    if not clocks:
        return
    texts = {c[0] for c in clocks.values()}
    conn.executemany("INSERT OR IGNORE INTO sync_clock (clock) VALUES (?)", [(t,) for t in texts])
    number = dict(
        conn.execute(
            "SELECT c.clock, c.id FROM json_each(?) j CROSS JOIN sync_clock c ON c.clock = j.value",
            (dumps(list(texts)),),
        )
    )
    shared: dict[str, list[str]] = {}
    single: list[tuple] = []
    for rid, (clock, deleted, saved) in clocks.items():
        if deleted or saved is not None:
            single.append((table, rid, number[clock], deleted, saved))
        else:
            shared.setdefault(clock, []).append(rid)
    for clock, rids in shared.items():
        if len(rids) == 1:
            single.append((table, rids[0], number[clock], 0, None))
            continue
        rids.sort()
        conn.execute(
            f"{_SAVE_RECORD} SELECT ?, value, ?, 0, NULL FROM json_each(?) WHERE true {_UPSERT}",
            (table, number[clock], dumps(rids)),
        )
    single.sort(key=lambda row: row[1])
    conn.executemany(f"{_SAVE_RECORD} VALUES (?, ?, ?, ?, ?) {_UPSERT}", single)


GARBAGE = 1000  # clocks no record uses that may wait for the next clear-out


def collect_clocks(conn: sqlite3.Connection) -> int:
    """Drop the clocks no record uses any more, once there may be ``GARBAGE`` of them
    (records only ever move to newer clocks); returns how many went."""
    kept = int(meta(conn, "sync_clocks_kept") or 0)
    if conn.execute("SELECT count(*) FROM sync_clock").fetchone()[0] <= kept + GARBAGE:
        return 0
    gone = conn.execute(
        "DELETE FROM sync_clock WHERE id NOT IN (SELECT clock_id FROM sync_record)"
    ).rowcount
    left = conn.execute("SELECT count(*) FROM sync_clock").fetchone()[0]
    set_meta(conn, "sync_clocks_kept", str(left))
    return gone


def _many(conn: sqlite3.Connection, table: str, ids: set[str]) -> bool:
    """Whether ``ids`` are half of ``table``'s records or more (its largest rowid is the
    count, near enough): then reading them all in order beats looking each one up
    (10,000 of 10,000 rows: 9 ms against 21 ms)."""
    size = conn.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0] or 0
    return 2 * len(ids) >= size


def load_row_tuples(
    conn: sqlite3.Connection, table: str, columns: list[str], ids: Iterable[str]
) -> dict[str, tuple]:
    """rid -> (rowid, *values of ``columns``) of the rows that exist."""
    wanted = ids if isinstance(ids, set | frozenset) else set(ids)
    if not wanted:
        return {}
    quoted = ", ".join(f't."{c}"' for c in columns)
    if _many(conn, table, wanted):
        rows = conn.execute(f'SELECT t.id, t.rowid, {quoted} FROM "{table}" t')
        return {row[0]: row[1:] for row in rows if row[0] in wanted}
    # CROSS JOIN: the id list outermost, whatever the planner thinks of its length
    sql = (
        f'SELECT t.id, t.rowid, {quoted} FROM json_each(?) j CROSS JOIN "{table}" t '
        "ON t.id = j.value"
    )
    return {row[0]: row[1:] for row in conn.execute(sql, (_id_list(sorted(wanted)),))}


def load_dirty(conn: sqlite3.Connection, table: str) -> dict[str, dict[str, str | None]]:
    """rid -> {field or '*' or '-': old} of local changes not yet sent."""
    out: dict[str, dict[str, str | None]] = {}
    for rid, field, old in conn.execute(
        "SELECT rid, field, old FROM sync_dirty WHERE tbl = ?", (table,)
    ):
        out.setdefault(rid, {})[field] = old
    return out


def label_of(table: str, values: dict[str, Any] | None, rid: str) -> str:
    """A record's name for people (the same attributes ``Record.label`` looks at)."""
    for attr in LABEL_COLUMNS:
        value = (values or {}).get(attr)
        if value:
            return str(value)[:300]
    return rid
