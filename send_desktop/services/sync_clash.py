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

from send_desktop.services.sync_state import dumps

if TYPE_CHECKING:
    from send_desktop.services.sync_apply import _TableMerge


def unique_columns(error: Exception) -> list[str]:
    """The columns of a UNIQUE constraint SQLite names in ``error`` (none for others)."""
    text = str(error)
    if "UNIQUE constraint failed:" not in text:
        return []
    return [part.strip().split(".", 1)[-1] for part in text.split(":", 1)[1].split(",")]


def update_one(m: _TableMerge, conn: sqlite3.Connection, names: tuple, params: tuple) -> None:
    """One record's update (``params``: new values, time, rowid), without the fields
    whose new value clashes with another record's key; those become conflicts."""
    values = dict(zip(names, params[:-2], strict=True))
    now, rowid = params[-2], params[-1]
    while values:
        sets = ", ".join(f'"{n}" = ?' for n in values)
        conn.execute("SAVEPOINT one")
        try:
            conn.execute(
                f'UPDATE "{m.table}" SET {sets}, updated_at = ?, version = version + 1 '
                "WHERE rowid = ?",
                (*values.values(), now, rowid),
            )
        except conn.IntegrityError as exc:
            conn.execute("ROLLBACK TO one")
            conn.execute("RELEASE one")
            clashed = [f for f in unique_columns(exc) if f in values]
            if not clashed:
                raise
            rid = next(r for r, row in m.rows.items() if row[0] == rowid)
            for f in clashed:
                _clash(m, rid, f, values.pop(f))
            continue
        conn.execute("RELEASE one")
        return


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
