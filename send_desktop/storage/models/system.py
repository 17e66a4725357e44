"""Bookkeeping: app metadata (replica id), import batches and the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from send_desktop.storage.base import Base, Record, utcnow


class AppMeta(Base):
    """Key/value facts about this database file (replica id, created with version ...)."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class ImportBatch(Record):
    __tablename__ = "import_batch"

    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    file_name: Mapped[str] = mapped_column(String(500), nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    sheet: Mapped[str | None] = mapped_column(String(200))
    mapping: Mapped[str | None] = mapped_column(Text)  # JSON {column: field}
    new_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    updated_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    unchanged_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    rejected_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    user: Mapped[str] = mapped_column(String(120), nullable=False)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)


class AuditEntry(Base):
    """One create, update or delete, written in the same transaction as the change."""

    __tablename__ = "audit_log"
    # Only an import's rows have a batch: the others need no entry (migration 0010).
    __table_args__ = (
        Index("ix_audit_log_batch_id", "batch_id", sqlite_where=text("batch_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # No index on "at": nothing looks rows up by time, and id order is time order.
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    user: Mapped[str] = mapped_column(String(120), nullable=False)
    action: Mapped[str] = mapped_column(String(10), nullable=False)  # create / update / delete
    table_name: Mapped[str] = mapped_column(String(60), nullable=False)
    record_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    summary: Mapped[str | None] = mapped_column(String(300))
    changes: Mapped[str | None] = mapped_column(Text)  # JSON {field: [old, new]}
    batch_id: Mapped[str | None] = mapped_column(ForeignKey("import_batch.id"))
