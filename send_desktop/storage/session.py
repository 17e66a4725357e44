"""The SQLAlchemy session class used for every unit of work (imported on first write/read)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from send_desktop.storage import audit


class AuditedSession(Session):
    """Session whose flushes write audit rows."""


audit.install(AuditedSession)
