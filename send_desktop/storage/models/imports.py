"""Import profiles: how a source template's columns were placed, so next time maps itself."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from send_desktop.storage.base import Record, utcnow


class ImportProfile(Record):
    """One source template of one kind, known by its normalised header row."""

    __tablename__ = "import_profile"

    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    signature: Mapped[str] = mapped_column(String(64), nullable=False)  # hash of the headers
    name: Mapped[str] = mapped_column(String(500), nullable=False)  # file it was learnt from
    headers: Mapped[str] = mapped_column(Text, nullable=False)  # JSON [header, ...]
    mapping: Mapped[str] = mapped_column(Text, nullable=False)  # JSON {normalised header: field}
    used_count: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    last_used_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    __table_args__ = (UniqueConstraint("kind", "signature"),)
