"""Monthly snapshots of the key figures, so the dashboard can chart trends."""

from __future__ import annotations

from sqlalchemy import Float, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from send_desktop.storage.base import Record


class KpiSnapshot(Record):
    """One figure for one month ('2024-05'); money in pence, percentages as 0-100.

    The current month's row follows the live figure until the month ends; earlier months
    stay as they were last seen."""

    __tablename__ = "kpi_snapshot"

    month: Mapped[str] = mapped_column(String(7), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    value: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (UniqueConstraint("month", "name"),)
