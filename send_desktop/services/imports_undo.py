"""Undoing an import batch: its creates deleted, its updates put back, all audited.

Refused (nothing changed) when any record the batch touched was changed afterwards by
anything else, or when something now refers to a record the batch created. The work is
done with set-based SQL over the batch's audit rows, so undoing 50,000 rows takes about as
long as importing them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Table

from send_desktop.services.imports_targets import TARGETS, bool_columns, fetch
from send_desktop.services.imports_write import (
    CHUNK,
    _chunks,
    _dumps,
    audit_rows_sql,
    load_rows,
    storage_time,
)
from send_desktop.storage.models import Base

_LABELS = {t.table.name: t.label_sql for t in TARGETS.values()} | {"person": '"full_name"'}
_SKIP = {"id", "created_at", "updated_at", "version"}


class UndoRefusedError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class UndoCounts:
    deleted: int
    restored: int


def _created(table_name: str) -> str:
    """Ids the batch (parameter ?3) created in one table, as a subquery."""
    return (
        "SELECT record_id FROM audit_log WHERE batch_id = ?3 AND action = 'create' "
        f"AND table_name = '{table_name}'"
    )


def _refuse(message: str) -> UndoRefusedError:
    return UndoRefusedError(f"This import cannot be undone: {message}")


def _check_nothing_changed_since(conn: Connection, batch_id: str) -> None:
    """No audit row after the batch's last one, from anything else, touches its records."""
    later = fetch(
        conn,
        "SELECT count(DISTINCT a.record_id), max(a.summary) FROM audit_log a "
        "WHERE a.id > (SELECT max(id) FROM audit_log WHERE batch_id = ?1) "
        "AND (a.batch_id IS NULL OR a.batch_id != ?1) "
        "AND a.record_id IN (SELECT record_id FROM audit_log WHERE batch_id = ?1)",
        (batch_id,),
    )[0]
    if later[0]:
        raise _refuse(
            f"{later[0]} of its records were changed after it (for example {later[1]}). "
            "Undo or edit those changes first."
        )


def references_to(conn: Connection, table: Table, batch_id: str) -> list[str]:
    """Rows in other tables pointing at rows the batch created, e.g. '2 sen count record(s)'."""
    uses = []
    for other in Base.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is not table or other is table:
                continue
            count = fetch(
                conn,
                f'SELECT count(*) FROM "{other.name}" WHERE "{fk.parent.name}" IN '
                f"(SELECT record_id FROM audit_log WHERE batch_id = ?1 AND action = 'create' "
                f"AND table_name = '{table.name}')",
                (batch_id,),
            )[0][0]
            if count:
                uses.append(f"{count} {other.name.replace('_', ' ')} record(s)")
    return uses


def _undo_creates(conn: Connection, table: Table, batch_id: str, user: str, stamp: str) -> int:
    name = table.name
    expected = fetch(
        conn,
        "SELECT count(*) FROM audit_log WHERE batch_id = ?1 AND action = 'create' "
        f"AND table_name = '{name}'",
        (batch_id,),
    )[0][0]
    if not expected:
        return 0
    as_imported = fetch(
        conn,
        f'SELECT count(*) FROM "{name}" WHERE version = 1 AND id IN '
        f"(SELECT record_id FROM audit_log WHERE batch_id = ?1 AND action = 'create' "
        f"AND table_name = '{name}')",
        (batch_id,),
    )[0][0]
    if as_imported != expected:
        raise _refuse(f"{expected - as_imported} records it added were changed or deleted since.")
    uses = references_to(conn, table, batch_id)
    if uses:
        raise _refuse(f"records it added are now used by {', '.join(uses)}. Remove those first.")
    columns = [c.name for c in table.c if c.name not in _SKIP]
    where = f"id IN ({_created(name)})"
    sql = audit_rows_sql(table, columns, _LABELS.get(name, "id"), "delete", where)
    conn.exec_driver_sql(sql, (stamp, user, batch_id))
    conn.exec_driver_sql(f'DELETE FROM "{name}" WHERE {where}', (None, None, batch_id))
    return expected


def _undo_updates(
    conn: Connection, table: Table, entries: list[tuple[str, str, dict]], user: str, stamp: str
) -> list[tuple]:
    """Put changed values back; returns the audit rows to write."""
    bools = bool_columns(table)
    columns = sorted({c for _id, _s, changes in entries for c in changes})
    current = load_rows(conn, table, columns, [e[0] for e in entries])
    for record_id, summary, changes in entries:
        if record_id not in current:
            raise _refuse(f"{summary or 'a record'} it changed has since been deleted.")
        values = dict(zip(columns, current[record_id][1], strict=True))
        for c, (_old, new) in changes.items():
            now_value = values.get(c)
            if c in bools and now_value is not None:
                now_value = bool(now_value)
            if now_value != new:
                raise _refuse(f"{summary or 'a record'} was changed after it.")
    groups: dict[tuple[str, ...], list[tuple[str, str, dict]]] = defaultdict(list)
    for entry in entries:
        groups[tuple(entry[2])].append(entry)
    audit = []
    for cols, members in groups.items():
        sets = ", ".join(f'"{c}" = ?' for c in cols)
        sql = (
            f'UPDATE "{table.name}" SET {sets}, updated_at = ?, version = version + 1 WHERE id = ?'
        )
        for part in _chunks(members, CHUNK):
            params = [(*(ch[c][0] for c in cols), stamp, rid) for rid, _s, ch in part]
            conn.exec_driver_sql(sql, params)
        for rid, summary, ch in members:
            back = {c: [ch[c][1], ch[c][0]] for c in cols}
            audit.append((stamp, user, "update", table.name, rid, summary, _dumps(back)))
    return audit


def undo_batch(conn: Connection, *, batch_id: str, user: str, now: datetime) -> UndoCounts:
    tables = [
        r[0]
        for r in fetch(
            conn, "SELECT DISTINCT table_name FROM audit_log WHERE batch_id = ?", (batch_id,)
        )
    ]
    if not tables:
        return UndoCounts(0, 0)
    # Rows that refer to others first (a leader before the person the import added).
    order = [t.name for t in reversed(Base.metadata.sorted_tables)]
    tables.sort(key=lambda name: order.index(name) if name in order else -1)
    _check_nothing_changed_since(conn, batch_id)
    stamp = storage_time(now)
    deleted = restored = 0
    audit: list[tuple] = []
    for name in tables:
        table = Base.metadata.tables[name]
        updates = [
            (rid, summary or "", json.loads(changes or "{}"))
            for rid, summary, changes in fetch(
                conn,
                "SELECT record_id, summary, changes FROM audit_log WHERE batch_id = ? "
                "AND action = 'update' AND table_name = ? ORDER BY id",
                (batch_id, name),
            )
        ]
        if updates:
            audit += _undo_updates(conn, table, updates, user, stamp)
            restored += len(updates)
        deleted += _undo_creates(conn, table, batch_id, user, stamp)
    if audit:
        conn.exec_driver_sql(
            'INSERT INTO audit_log ("at", "user", "action", "table_name", "record_id", '
            '"summary", "changes", "batch_id") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            [(*a, batch_id) for a in audit],
        )
    return UndoCounts(deleted, restored)
