"""Declarative base: naming convention for constraints and the columns every record has.

Every synced record has a UUID primary key (stable across laptops, so foreign keys mean the
same thing everywhere), created/updated timestamps in UTC, and a row version that SQLAlchemy
increments on every update (optimistic concurrency; the shared-drive sync builds on it).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_uuid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Record(Base):
    """Abstract base of every synced, audited record."""

    __abstract__ = True

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, nullable=False
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        return {"version_id_col": cls.version}

    # Columns the audit log leaves out of old -> new value lists.
    AUDIT_IGNORE = frozenset({"created_at", "updated_at", "version"})

    def label(self) -> str:
        """Short human description used in messages and the audit log."""
        for attr in ("name", "full_name", "title", "description"):
            value = getattr(self, attr, None)
            if value:
                return str(value)
        return self.id
