"""Audit log: every create, update and delete of a record, in the same transaction.

Hooked on the session's ``before_flush``: the audit rows are added to the very flush that
writes the change, so both commit or neither does. The OS user is recorded; nothing is
written to log files.
"""

from __future__ import annotations

import getpass
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from send_desktop.storage.base import Record, new_uuid
from send_desktop.storage.models.system import AuditEntry


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment
        return "unknown"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _columns(obj: Record) -> list[str]:
    return [
        attr.key
        for attr in inspect(type(obj)).column_attrs
        if attr.key not in Record.AUDIT_IGNORE and attr.key != "id"
    ]


def _entry(session: Session, obj: Record, action: str, changes: dict[str, list[Any]]) -> AuditEntry:
    return AuditEntry(
        user=session.info.get("user") or current_user(),
        action=action,
        table_name=obj.__tablename__,
        record_id=obj.id,
        summary=obj.label()[:300],
        changes=json.dumps(changes, ensure_ascii=False) if changes else None,
        batch_id=session.info.get("batch_id"),
    )


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    entries: list[AuditEntry] = []
    for obj in session.new:
        if isinstance(obj, Record):
            if obj.id is None:
                obj.id = new_uuid()
            values = {k: [None, _plain(getattr(obj, k))] for k in _columns(obj)}
            entries.append(
                _entry(
                    session, obj, "create", {k: v for k, v in values.items() if v[1] is not None}
                )
            )
    for obj in session.dirty:
        if isinstance(obj, Record) and session.is_modified(obj, include_collections=False):
            state = inspect(obj)
            changes: dict[str, list[Any]] = {}
            for key in _columns(obj):
                hist = state.attrs[key].history
                if hist.has_changes():
                    old = hist.deleted[0] if hist.deleted else None
                    new = hist.added[0] if hist.added else None
                    if old != new:
                        changes[key] = [_plain(old), _plain(new)]
            if changes:
                entries.append(_entry(session, obj, "update", changes))
    for obj in session.deleted:
        if isinstance(obj, Record):
            values = {k: [_plain(getattr(obj, k)), None] for k in _columns(obj)}
            entries.append(
                _entry(
                    session, obj, "delete", {k: v for k, v in values.items() if v[0] is not None}
                )
            )
    session.add_all(entries)


def install(session_class: type[Session]) -> None:
    """Attach the audit hook to a session class (idempotent)."""
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)
