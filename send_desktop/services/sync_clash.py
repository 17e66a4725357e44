"""An edit that gives a record a key another record here already has.

Laptop A gives a school a new URN while laptop B adds another school with that URN: A's
file cannot be applied on B as it is. Refusing it would stop B for good (A's later files
build on it), so the table is applied again, carefully: its updates one record at a time,
and a field whose new value would clash keeps this laptop's value and version and becomes
a conflict (mine / theirs), as two edits of one field would. The rest of the file applies.
The lead resolves it like any other conflict (``sync_conflicts``), once one of the two
records has another key.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

from send_desktop.services.sync_state import (
    DUPLICATE,
    LABEL_COLUMNS,
    dumps,
    insert_record,
    receiving,
    save_clocks,
)

if TYPE_CHECKING:
    from send_desktop.services.sync_apply import _TableMerge


def unique_columns(error: Exception) -> list[str]:
    """The columns of a UNIQUE constraint SQLite names in ``error`` (none for others)."""
    text = str(error)
    if "UNIQUE constraint failed:" not in text:
        return []
    return [part.strip().split(".", 1)[-1] for part in text.split(":", 1)[1].split(",")]


def update_all(m: _TableMerge, conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """The updates ``(names, params)`` one by one. One laptop may have moved a key from
    one record to another, or swapped two: whatever waits on a key another update frees
    is tried again while any goes in; then, for a swap, the waiting records' keys are
    cleared first. Only what still clashes after that becomes a conflict (``update_one``)."""
    waiting = _rounds(m, conn, rows)
    if waiting:
        conn.execute("SAVEPOINT swap")
        if all(_clear(m, conn, params[-1], columns) for _names, params, columns in waiting):
            still = _rounds(m, conn, [(names, params) for names, params, _c in waiting])
        else:
            still = waiting
        if still:
            conn.execute("ROLLBACK TO swap")
        else:
            waiting = []
        conn.execute("RELEASE swap")
    for names, params, _columns in waiting:
        update_one(m, conn, names, params)


def _rounds(m: _TableMerge, conn: sqlite3.Connection, rows: list[tuple]) -> list[tuple]:
    """Try the updates until a round makes no progress; returns those still waiting, each
    with the key columns it clashed on."""
    while rows:
        waiting = []
        for names, params in rows:
            columns = _try(m, conn, names, params)
            if columns:
                waiting.append((names, params, columns))
        if len(waiting) == len(rows):
            return waiting
        rows = [(names, params) for names, params, _c in waiting]
    return []


def _try(m: _TableMerge, conn: sqlite3.Connection, names: tuple, params: tuple) -> list[str]:
    """One update whole; [] when written, else the key columns it clashed on."""
    return _update_row(m, conn, dict(zip(names, params[:-2], strict=True)), *params[-2:])


def _update_row(
    m: _TableMerge, conn: sqlite3.Connection, values: dict[str, Any], now: str, rowid: int
) -> list[str]:
    """Set ``values`` on the row; [] when written, else the key columns of ``values`` it
    clashed on (nothing written). Any other integrity error is raised."""
    sets = ", ".join(f'"{n}" = ?' for n in values)
    conn.execute("SAVEPOINT one")
    try:
        conn.execute(
            f'UPDATE "{m.table}" SET {sets}, updated_at = ?, version = version + 1 WHERE rowid = ?',
            (*values.values(), now, rowid),
        )
    except conn.IntegrityError as exc:
        conn.execute("ROLLBACK TO one")
        conn.execute("RELEASE one")
        clashed = [f for f in unique_columns(exc) if f in values]
        if not clashed:
            raise
        return clashed
    conn.execute("RELEASE one")
    return []


def _clear(m: _TableMerge, conn: sqlite3.Connection, rowid: int, columns: list[str]) -> bool:
    """Empty a waiting record's clashing key columns (False when one may not be empty)."""
    sets = ", ".join(f'"{c}" = NULL' for c in columns)
    try:
        conn.execute(f'UPDATE "{m.table}" SET {sets} WHERE rowid = ?', (rowid,))
    except conn.IntegrityError:
        return False
    return True


def update_one(m: _TableMerge, conn: sqlite3.Connection, names: tuple, params: tuple) -> None:
    """One record's update (``params``: new values, time, rowid), without the fields
    whose new value clashes with another record's key; those become conflicts."""
    values = dict(zip(names, params[:-2], strict=True))
    now, rowid = params[-2], params[-1]
    while values:
        clashed = _update_row(m, conn, values, now, rowid)
        if not clashed:
            return
        rid = next(r for r, row in m.rows.items() if row[0] == rowid)
        for f in clashed:
            _clash(m, rid, f, values.pop(f))
        if set(clashed) & set(LABEL_COLUMNS):  # the record keeps the name it has here
            _relabel(m, rid, values)


def _clash(m: _TableMerge, rid: str, field: str, theirs: Any) -> None:
    mine = m.rows[rid][m.at[field]]
    local_vv, vv = m.versions[(rid, field)]
    m.w.solved = [s for s in m.w.solved if s != (m.table, rid, field)]
    m._conflict(rid, field, mine, theirs, local_vv, vv)
    found = m.w.clocks.get(rid)
    if found is not None:  # the field keeps the version it has here
        clock = json.loads(found[0])
        clock[field] = local_vv
        m.w.clocks[rid] = (m.clock_text_of(clock), 0, None)
    for i, entry in enumerate(m.w.audit):  # ... and its audit row loses the field
        if entry[4] == rid and entry[2] == "update":
            changes = json.loads(entry[6])
            changes.pop(field, None)
            if changes:
                m.w.audit[i] = (*entry[:6], dumps(changes))
            else:
                del m.w.audit[i]
                m.done.received -= 1
            break


def place_freed_duplicates(
    conn: sqlite3.Connection, columns: dict[str, list[str]], now: str
) -> int:
    """Records kept aside as duplicates (another laptop's record with a key a record here
    had) go in once nothing here holds that key any more: the record here was deleted or
    given another key (a clash resolved, a URN corrected). Otherwise a lead resolving the
    duplicate would drop one of two different records everywhere, and the laptops would
    never hold the same records. Runs inside the caller's transaction; these records are
    received, not made here (``receiving``). Returns how many went in."""
    found = conn.execute(
        "SELECT tbl, rid, theirs, theirs_vv FROM sync_conflict WHERE field = ?", (DUPLICATE,)
    ).fetchall()
    placed = 0
    with receiving(conn):
        for table, rid, theirs, theirs_vv in found:
            if table not in columns:  # only the tables asked for
                continue
            known = set(columns[table])
            values = {k: v for k, v in json.loads(theirs)["record"].items() if k in known}
            conn.execute("SAVEPOINT place")
            try:
                insert_record(conn, table, rid, values, now)
            except conn.IntegrityError:  # the key is still held (or a reference is missing)
                conn.execute("ROLLBACK TO place")
                conn.execute("RELEASE place")
                continue
            conn.execute("RELEASE place")
            save_clocks(conn, table, {rid: (dumps({"*": json.loads(theirs_vv)}), 0, None)})
            conn.execute(
                "DELETE FROM sync_conflict WHERE tbl = ? AND rid = ? AND field = ?",
                (table, rid, DUPLICATE),
            )
            placed += 1
    return placed


def _relabel(m: _TableMerge, rid: str, values: dict[str, Any]) -> None:
    """The record's audit row names it as it now is (a clashed name was not taken)."""
    from send_desktop.services.sync_state import label_of

    label = label_of(m.table, {**(m.row(rid) or {}), **values}, rid)
    for i, entry in enumerate(m.w.audit):
        if entry[4] == rid and entry[2] == "update":
            m.w.audit[i] = (*entry[:5], label, entry[6])
            break
