"""Undoing an import batch: its creates deleted, its updates put back, all audited.

Refused (nothing changed) when any record the batch touched was changed afterwards by
anything else, or when something now refers to a record the batch created.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Table

from send_desktop.services.imports_targets import bool_columns
from send_desktop.services.imports_write import (
    _IN_CHUNK,
    _chunks,
    _dumps,
    load_rows,
    references_to,
    storage_time,
)
from send_desktop.storage.models import Base


class UndoRefusedError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class UndoCounts:
    deleted: int
    restored: int


@dataclass
class _Entry:
    action: str
    record_id: str
    summary: str
    changes: dict[str, list[object]]


def _changed_since(conn: Connection, batch_id: str, last_id: int, ids: list[str]) -> list[str]:
    out: list[str] = []
    for part in _chunks(ids, _IN_CHUNK):
        rows = conn.exec_driver_sql(
            "SELECT DISTINCT summary FROM audit_log WHERE id > ? AND (batch_id IS NULL OR "
            f"batch_id != ?) AND record_id IN ({', '.join('?' * len(part))})",
            (last_id, batch_id, *part),
        )
        out.extend(r[0] or "" for r in rows)
    return out


def undo_batch(conn: Connection, *, batch_id: str, user: str, now: datetime) -> UndoCounts:
    rows = conn.exec_driver_sql(
        "SELECT id, action, table_name, record_id, summary, changes FROM audit_log "
        "WHERE batch_id = ? ORDER BY id",
        (batch_id,),
    ).fetchall()
    if not rows:
        return UndoCounts(0, 0)
    last_id = rows[-1][0]
    by_table: dict[str, list[_Entry]] = defaultdict(list)
    for _id, action, table_name, record_id, summary, changes in rows:
        by_table[table_name].append(
            _Entry(action, record_id, summary or "", json.loads(changes or "{}"))
        )
    ids = [r[3] for r in rows]
    later = _changed_since(conn, batch_id, last_id, ids)
    if later:
        raise UndoRefusedError(
            f"This import cannot be undone: {len(later)} of its records were changed after it "
            f"(for example {later[0]}). Undo or edit those changes first."
        )
    stamp = storage_time(now)
    deleted = restored = 0
    audit: list[tuple] = []
    for table_name, entries in by_table.items():
        table = Base.metadata.tables[table_name]
        bools = bool_columns(table)
        creates = [e for e in entries if e.action == "create"]
        updates = [e for e in entries if e.action == "update"]
        _check_still_as_imported(conn, table, creates, updates)
        if creates:
            create_ids = [e.record_id for e in creates]
            uses = references_to(conn, table, create_ids)
            if uses:
                raise UndoRefusedError(
                    "This import cannot be undone: records it added are now used by "
                    + ", ".join(uses)
                    + ". Remove those first."
                )
            columns = sorted({c for e in creates for c in e.changes})
            current = load_rows(conn, table, columns, create_ids) if columns else {}
            for part in _chunks(create_ids, _IN_CHUNK):
                conn.exec_driver_sql(
                    f'DELETE FROM "{table_name}" WHERE id IN ({", ".join("?" * len(part))})',
                    tuple(part),
                )
            for e in creates:
                values = dict(zip(columns, current.get(e.record_id, (0, ()))[1], strict=False))
                old = {
                    c: [bool(v) if c in bools and v is not None else v, None]
                    for c, v in values.items()
                    if v is not None
                }
                audit.append((stamp, user, "delete", table_name, e.record_id, e.summary, old))
            deleted += len(creates)
        for e in updates:
            cols = list(e.changes)
            sets = ", ".join(f'"{c}" = ?' for c in cols)
            conn.exec_driver_sql(
                f'UPDATE "{table_name}" SET {sets}, updated_at = ?, version = version + 1 '
                "WHERE id = ?",
                (*(e.changes[c][0] for c in cols), stamp, e.record_id),
            )
            back = {c: [e.changes[c][1], e.changes[c][0]] for c in cols}
            audit.append((stamp, user, "update", table_name, e.record_id, e.summary, back))
            restored += 1
    conn.exec_driver_sql(
        'INSERT INTO audit_log ("at", "user", "action", "table_name", "record_id", "summary", '
        '"changes", "batch_id") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [(*a[:6], _dumps(a[6]) if a[6] else None, batch_id) for a in audit],
    )
    return UndoCounts(deleted, restored)


def _check_still_as_imported(
    conn: Connection, table: Table, creates: list[_Entry], updates: list[_Entry]
) -> None:
    """Belt and braces beside the audit check: the records hold what the import wrote."""
    bools = bool_columns(table)
    for entries in (creates, updates):
        if not entries:
            continue
        columns = sorted({c for e in entries for c in e.changes})
        current = load_rows(conn, table, columns, [e.record_id for e in entries])
        for e in entries:
            if e.record_id not in current:
                raise UndoRefusedError(
                    f"This import cannot be undone: {e.summary or 'a record'} it touched has "
                    "since been deleted."
                )
            values = dict(zip(columns, current[e.record_id][1], strict=True))
            for c, (_old, new) in e.changes.items():
                now_value = values.get(c)
                if c in bools and now_value is not None:
                    now_value = bool(now_value)
                if now_value != new:
                    raise UndoRefusedError(
                        f"This import cannot be undone: {e.summary or 'a record'} was changed "
                        "after it. Undo or edit that change first."
                    )
