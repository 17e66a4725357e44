"""Keeping the monthly snapshot of the key figures (the trends the dashboard charts).

    take_snapshot(db, today=)   -> int (figures written or changed)
    upkeep(db, today=)          -> (rag changes, snapshot figures written)

The current month's snapshot follows the live figures (rewritten when they change);
a past month is never touched again. ``upkeep`` runs once the window is up.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from send_desktop.services import action_plan, kpis
from send_desktop.storage.database import Database
from send_desktop.storage.models import KpiSnapshot


def take_snapshot(db: Database, *, today: date | None = None) -> int:
    today = today or date.today()
    month = kpis.month_of(today)
    figures = {k.name: k.value for k in kpis.key_figures(db, today)}
    written = 0
    with db.transaction() as session:
        kept = {
            s.name: s
            for s in session.scalars(select(KpiSnapshot).where(KpiSnapshot.month == month))
        }
        for name, value in figures.items():
            value = None if value is None else float(value)
            row = kept.get(name)
            if row is None:
                session.add(KpiSnapshot(month=month, name=name, value=value))
                written += 1
            elif row.value != value:
                row.value = value
                written += 1
    return written


def upkeep(db: Database, *, today: date | None = None) -> tuple[int, int]:
    today = today or date.today()
    return action_plan.refresh_rags(db, today=today), take_snapshot(db, today=today)
