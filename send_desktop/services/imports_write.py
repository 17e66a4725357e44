"""Writing an import's rows in bulk, with their audit rows, bypassing the ORM.

New rows go to SQLite as one JSON text per chunk, read back by ``json_each`` in a single
``INSERT ... SELECT``; their audit rows (JSON shaped as ``storage.audit`` writes them, built
here column by column) go the same way. Each chunk is then two statements, during which
SQLite does all the work without Python's GIL, so the writer thread (``imports_writer``)
runs them while the next chunk is parsed. For 50,000 settings the ORM's ``add_all`` was
measured 26x slower than the driver's ``executemany``, which stays as the fallback for values
JSON cannot carry exactly (floats, very large numbers) or an SQLite without JSON.

Because these writes bypass the ORM, this module does what the ORM would: new ids,
``created_at``/``updated_at``, ``version`` (1 on insert, +1 on every update, checked so a row
changed meanwhile is not overwritten) and one audit row per change, in the same transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Connection, Table

from send_desktop.services.imports_plan import Change, Plan
from send_desktop.services.imports_targets import CLEAR, bool_columns, fetch
from send_desktop.storage import sync_capture

CHUNK = 5000
_IN_CHUNK = 900  # ids per "IN (...)" (SQLite allows 999 parameters by default on old builds)
_MAX_INTEGER = 2**63 - 1
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_json_text = json.encoder.encode_basestring  # a str as JSON, non-ASCII kept as it is
_AUDIT_INSERT = (
    'INSERT INTO audit_log ("at", "user", "action", "table_name", "record_id", "summary", '
    '"changes", "batch_id") '
)


class ConcurrentChangeError(Exception):
    """A record changed between reading and writing it; the whole import is rolled back."""


def storage_time(moment: datetime) -> str:
    """How SQLAlchemy stores a DateTime in SQLite."""
    return moment.isoformat(sep=" ", timespec="microseconds")


def id_prefix() -> str:
    """The first 27 characters of this import's record ids; ``f"{prefix}{n:09x}"`` is the
    n-th. The layout is a time-ordered UUID (RFC 9562 version 7: milliseconds, then 38
    random bits, then a counter), so bulk inserts append to the primary-key index instead
    of landing at random places in it, and ids made elsewhere never collide."""
    millis = f"{time.time_ns() // 1_000_000:012x}"
    r = os.urandom(5).hex()
    return f"{millis[:8]}-{millis[8:]}-7{r[:3]}-{'89ab'[int(r[3], 16) & 3]}{r[4:7]}-{r[7:10]}"


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def load_rows(
    conn: Connection, table: Table, columns: list[str], ids: Iterable[str]
) -> dict[str, tuple[int, tuple]]:
    """id -> (version, values of ``columns``) for the given ids (a scan when there are many)."""
    wanted = set(ids)
    select = f'SELECT id, version, {_quoted(columns)} FROM "{table.name}"'
    if len(wanted) > _IN_CHUNK * 2:
        return {row[0]: (row[1], row[2:]) for row in fetch(conn, select) if row[0] in wanted}
    out: dict[str, tuple[int, tuple]] = {}
    for part in _chunks(list(wanted), _IN_CHUNK):
        sql = f"{select} WHERE id IN ({', '.join('?' * len(part))})"
        for row in fetch(conn, sql, part):
            out[row[0]] = (row[1], row[2:])
    return out


def _audit_value(column: str, value: object, bools: set[str]) -> object:
    return bool(value) if column in bools and value is not None else value


def _column_fill(table: Table, column: str) -> object:
    """The value an insert uses for a column the row leaves empty (the column's default)."""
    default = table.c[column].default
    if default is not None and default.is_scalar:
        return default.arg
    return None


def audit_rows_sql(
    table: Table, columns: list[str], label_sql: str, action: str, where: str
) -> str:
    """An INSERT ... SELECT writing one audit row per row of ``table`` matching ``where``.

    Parameters: ?1 time, ?2 user, ?3 batch id (and whatever ``where`` uses, from ?4). The
    changes JSON has the shape ``storage.audit`` writes: ``{column: [null, value]}`` for a
    create, ``{column: [value, null]}`` for a delete, for each column with a value
    (json_patch drops the nulls).
    """
    bools = bool_columns(table)
    members = []
    for c in columns:
        value = f'"{c}"'
        if c in bools:
            value = f"CASE WHEN \"{c}\" THEN json('true') ELSE json('false') END"
        pair = f"json_array(NULL, {value})" if action == "create" else f"json_array({value}, NULL)"
        members.append(f"'{c}', CASE WHEN \"{c}\" IS NULL THEN NULL ELSE {pair} END")
    return (
        f"{_AUDIT_INSERT}SELECT ?1, ?2, '{action}', '{table.name}', id, "
        f"substr({label_sql}, 1, 300), json_patch('{{}}', json_object({', '.join(members)})), ?3 "
        f'FROM "{table.name}" WHERE {where} ORDER BY rowid'
    )


@cache
def sqlite_reads_json() -> bool:
    """Whether this SQLite can take rows as JSON (json_each, materialized views: 3.35+)."""
    if sqlite3.sqlite_version_info < (3, 38, 0):
        return False
    try:
        conn = sqlite3.connect(":memory:")
        try:
            conn.execute(
                "WITH r AS MATERIALIZED (SELECT key, value FROM json_each('[[1]]')) "
                "SELECT json_extract(value, '$[0]') FROM r"
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return True


@dataclass
class NewRows:
    """A chunk of new rows ready for the writer: as JSON texts, or as plain tuples."""

    count: int
    rows_json: str | None = None  # [[v1, v2, ...], ...] in the inserter's column order
    rows: list[tuple] | None = None  # fallback: for executemany


_NONE = type(None)


def _json_column(values: list, is_bool: bool) -> list[str] | None:
    """One column of new rows as JSON texts ('null' when empty). None when a value cannot
    travel through JSON exactly (a float, a number too large for SQLite, ...)."""
    if is_bool:
        texts = {None: "null", True: "true", False: "false"}
        return [texts[None if v is None else bool(v)] for v in values]
    distinct = set(values) if len(set(values[:64])) <= 48 else None
    kinds = set(map(type, values if distinct is None else distinct))
    has_none = _NONE in kinds
    kinds.discard(_NONE)
    if kinds == {str}:
        encode = _json_text
    elif kinds == {int}:
        numbers = [v for v in (values if distinct is None else distinct) if v is not None]
        if max(numbers) > _MAX_INTEGER or min(numbers) < -_MAX_INTEGER:
            return None
        encode = str
    elif not kinds:
        return ["null"] * len(values)
    else:
        return None
    if distinct is not None and len(distinct) * 2 < len(values):
        known = {v: encode(v) for v in distinct if v is not None}
        known[None] = "null"
        return list(map(known.__getitem__, values))
    if has_none:
        return [encode(v) if v is not None else "null" for v in values]
    return list(map(encode, values))


class Inserter:
    """Inserts new rows of one table and their create audit rows, on the writer thread.

    Built on the main thread (``encode`` runs there); ``insert`` runs on the writer thread,
    which alone touches ``written``.
    """

    def __init__(
        self,
        table: Table,
        columns: list[str],
        *,
        label_sql: str,
        batch_id: str,
        user: str,
        now: datetime,
    ) -> None:
        self.table, self.columns = table, columns
        self.prefix = id_prefix()
        self.written = 0  # rows inserted so far: the next id is prefix + f"{written:09x}"
        self._next_rowid: int | None = None
        self._triggers: list[str] = []  # the sync's insert trigger, while set aside
        self._notes = sync_capture.note_inserted_sql(table.name)
        self._params = (storage_time(now), user, batch_id)
        self._bools = bool_columns(table)
        self._fills = [_column_fill(table, c) for c in columns]
        self._json = sqlite_reads_json()
        name, quoted = table.name, _quoted(columns)
        values = ", ".join(f"json_extract(v, '$[{k}]')" for k in range(len(columns)))
        # ?1 rows, ?2 first rowid, ?3 id prefix, ?4 first id number, ?5 time
        self._insert_json = (
            "WITH r(k, v) AS MATERIALIZED (SELECT key, value FROM json_each(?1)) "
            f'INSERT INTO "{name}" (rowid, id, created_at, updated_at, version, {quoted}) '
            f"SELECT ?2 + k, ?3 || printf('%09x', ?4 + k), ?5, ?5, 1, {values} FROM r"
        )
        # Create audit rows of an import name the record and its batch but carry no values:
        # the record at version 1 is those values, and every later update or delete audit
        # row keeps the old values, so nothing is lost; repeating 50,000 rows' values as JSON
        # was a third of an import's write time (issue 3's budget).
        # ?1 time, ?2 user, ?3 batch, ?4 first rowid, ?5 how many
        self._audit_created = (
            f"{_AUDIT_INSERT}SELECT ?1, ?2, 'create', '{name}', id, "
            f'substr({label_sql}, 1, 300), NULL, ?3 FROM "{name}" '
            "WHERE rowid >= ?4 AND rowid < ?4 + ?5 ORDER BY rowid"
        )
        self._insert_many = (
            f'INSERT INTO "{name}" (id, created_at, updated_at, version, {quoted}) '
            f"VALUES ({', '.join('?' * (len(columns) + 4))})"
        )

    def id_of(self, position: int) -> str:
        """The id of the ``position``-th row this inserter wrote (0-based)."""
        return f"{self.prefix}{position:09x}"

    def encode(self, resolved_columns: dict[str, list], indexes: list[int]) -> NewRows:
        """The rows at ``indexes`` (values as ``Resolved.columns`` holds them) for ``insert``."""
        first, count = indexes[0], len(indexes)
        together = indexes[-1] - first + 1 == count  # a run of rows: slices are cheaper
        lists = []
        for c, fill in zip(self.columns, self._fills, strict=True):
            values = resolved_columns[c]
            picked = values[first : first + count] if together else [values[i] for i in indexes]
            if fill is not None or CLEAR in picked:
                picked = [fill if v is None or v is CLEAR else v for v in picked]
            lists.append(picked)
        encoded = [None]
        if self._json:
            encoded = [
                _json_column(values, c in self._bools)
                for c, values in zip(self.columns, lists, strict=True)
            ]
        if None in encoded:
            return NewRows(count, rows=list(zip(*lists, strict=True)))
        texts = map(",".join, zip(*encoded, strict=True))
        rows_json = "[[" + "],[".join(texts) + "]]"
        if "\\u0000" in rows_json:  # SQLite's JSON would cut a text there
            return NewRows(count, rows=list(zip(*lists, strict=True)))
        return NewRows(count, rows_json)

    def insert(self, conn: Connection, chunk: NewRows) -> int:
        """Write one chunk (rows, audit rows, the sync's notes); returns how many rows."""
        driver = conn.connection.driver_connection
        if self._next_rowid is None:  # read once: only this import adds rows meanwhile
            sql = f'SELECT coalesce(max(rowid), 0) + 1 FROM "{self.table.name}"'
            self._next_rowid = fetch(conn, sql)[0][0]
            # The sync's insert trigger ran once per row: the chunk's notes are one
            # statement instead (50,000 rows: ~30 ms less); ``restore_capture`` remakes it.
            self._triggers = sync_capture.set_aside(
                lambda q: driver.execute(q).fetchall(), self.table.name, ("ins",)
            )
        first_rowid = self._next_rowid
        stamp, user, batch_id = self._params
        if chunk.rows is not None:
            first = self.written
            conn.exec_driver_sql(
                self._insert_many,
                [
                    (self.id_of(first + k), stamp, stamp, 1, *row)
                    for k, row in enumerate(chunk.rows)
                ],
            )
            conn.exec_driver_sql(
                self._audit_created, (stamp, user, batch_id, first_rowid, chunk.count)
            )
        else:
            driver.execute(
                self._insert_json,
                (chunk.rows_json, first_rowid, self.prefix, self.written, stamp),
            )
            driver.execute(self._audit_created, (stamp, user, batch_id, first_rowid, chunk.count))
        if self._triggers:
            driver.execute(self._notes, (first_rowid, chunk.count))
        self.written += chunk.count
        self._next_rowid += chunk.count
        return chunk.count

    def restore_capture(self, conn: Connection) -> None:
        """Make the insert trigger again (in the import's transaction, before it ends)."""
        for sql in self._triggers:
            conn.connection.driver_connection.execute(sql)
        self._triggers = []

    def take_back(self, conn: Connection, positions: list[int], batch_id: str) -> None:
        """Delete rows this import inserted (and their audit rows), by write position."""
        for part in _chunks([self.id_of(p) for p in positions], _IN_CHUNK):
            marks = ", ".join("?" * len(part))
            conn.exec_driver_sql(
                f"DELETE FROM audit_log WHERE batch_id = ? AND record_id IN ({marks})",
                (batch_id, *part),
            )
            sql = f'DELETE FROM "{self.table.name}" WHERE id IN ({marks})'
            conn.exec_driver_sql(sql, tuple(part))


def write_updates(conn: Connection, plan: Plan, *, batch_id: str, user: str, now: datetime) -> int:
    """Update the changed rows (each only if its version is still the one read), with audit
    rows carrying ``batch_id``; returns how many."""
    table, resolved = plan.table, plan.resolved
    stamp = storage_time(now)
    bools = bool_columns(table)
    audit_sql = f"{_AUDIT_INSERT}VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    groups: dict[tuple[str, ...], list[Change]] = defaultdict(list)
    for change in plan.changed:
        groups[tuple(change.fields)].append(change)
    for changed_columns, changes in groups.items():
        sets = ", ".join(f'"{c}" = ?' for c in changed_columns)
        sql = (
            f'UPDATE "{table.name}" SET {sets}, updated_at = ?, version = version + 1 '
            "WHERE id = ? AND version = ?"
        )
        for part in _chunks(changes, CHUNK):
            params = [
                (*(ch.fields[c][1] for c in changed_columns), stamp, ch.record_id, ch.version)
                for ch in part
            ]
            result = conn.exec_driver_sql(sql, params)
            if result.rowcount != len(params):
                raise ConcurrentChangeError(
                    "Some records were changed by someone else while importing; nothing was "
                    "imported. Try again."
                )
            audit = [
                (
                    stamp,
                    user,
                    "update",
                    table.name,
                    ch.record_id,
                    resolved.labels[ch.index][:300],
                    _dumps(
                        {
                            c: [_audit_value(c, o, bools), _audit_value(c, n, bools)]
                            for c, (o, n) in ch.fields.items()
                        }
                    ),
                    batch_id,
                )
                for ch in part
            ]
            conn.exec_driver_sql(audit_sql, audit)
    return len(plan.changed)


def insert_companions(
    extra: list[tuple[Table, str, list[dict]]],
    conn: Connection,
    *,
    batch_id: str,
    user: str,
    now: datetime,
) -> int:
    """Insert rows of other tables a chunk's new rows need (``Target.companions``), each
    with its create audit row in the batch (so undoing the import removes them too).
    Returns 0: they are not the import's own rows."""
    stamp = storage_time(now)
    for table, label_sql, rows in extra:
        columns = sorted({c for row in rows for c in row if c != "id"})
        sql = (
            f'INSERT INTO "{table.name}" (id, created_at, updated_at, version, '
            f"{_quoted(columns)}) VALUES ({', '.join('?' * (len(columns) + 4))})"
        )
        conn.exec_driver_sql(
            sql, [(row["id"], stamp, stamp, 1, *(row.get(c) for c in columns)) for row in rows]
        )
        for part in _chunks([row["id"] for row in rows], _IN_CHUNK):
            marks = ", ".join(f"?{k}" for k in range(4, 4 + len(part)))
            audit = audit_rows_sql(table, columns, label_sql, "create", f"id IN ({marks})")
            conn.exec_driver_sql(audit, (stamp, user, batch_id, *part))
    return 0
