"""The board report PDF: the dashboard's figures (``services.kpis``) and the action plan.

board_report_data(db, today=, produced_by=, months=)           -> BoardReport
make_board_report(db, path=, today=, progress=, cancel=)         -> Path
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from send_desktop.domain.actions import RAGS, rag_text
from send_desktop.interchange.pdf.board_report import (
    BoardReport,
    ReportAction,
    ReportChart,
    as_points,
    render,
)
from send_desktop.services import kpis
from send_desktop.services.tasks import CancelToken, Progress, no_progress
from send_desktop.storage.audit import current_user
from send_desktop.storage.database import Database

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _month(month: str) -> str:
    year, _, number = month.partition("-")
    return f"{_MONTHS[int(number) - 1]} {year}"


def _first_month(today: date, months: int) -> str:
    index = today.year * 12 + today.month - 1 - (months - 1)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def board_report_data(
    db: Database,
    *,
    today: date | None = None,
    produced_by: str | None = None,
    months: int = 12,
) -> BoardReport:
    today = today or date.today()
    report = kpis.report(db, today)
    trends = kpis.trends(db, today=today, first=_first_month(today, months), live=report.values())
    trend_months = sorted({m for chart in trends for m, _ in chart.points})
    trend_rows = []
    for chart in trends:
        values = dict(chart.points)
        trend_rows.append(
            (
                chart.title.removesuffix(", by month"),
                [
                    kpis.format_value(values.get(m), chart.unit) if m in values else ""
                    for m in trend_months
                ],
            )
        )
    actions = kpis.action_rows(db, today)
    details = dict(db.query("SELECT id, coalesce(owner, '') FROM action"))
    measures = dict(db.query("SELECT id, success_measure FROM action"))
    counts = {r: 0 for r in RAGS}
    for a in actions:
        counts[a.state.rag] += 1
    return BoardReport(
        produced_on=today,
        produced_by=produced_by or current_user(),
        figures=[(k.text, k.label) for k in report.kpis],
        charts=[
            ReportChart(c.title, as_points(c.points, lambda v, u=c.unit: kpis.format_value(v, u)))
            for c in report.charts
        ],
        trend_months=[_month(m) for m in trend_months],
        trends=trend_rows,
        trend_charts=[
            ReportChart(
                c.title,
                [(_month(m), v, kpis.format_value(v, c.unit)) for m, v in c.points],
            )
            for c in trends
        ],
        actions=[
            ReportAction(
                objective=a.objective or "",
                description=a.description,
                owner=details.get(a.id, ""),
                due=a.due_on,
                rag=a.state.text,
                overdue_days=a.state.overdue_days,
                note=(
                    f"Set by lead: {a.state.reason}"
                    if a.state.overridden
                    else measures.get(a.id) or ""
                ),
            )
            for a in actions
        ],
        rag_counts=[(rag_text(r), counts[r]) for r in RAGS],
    )


def make_board_report(
    db: Database,
    *,
    path: Path,
    today: date | None = None,
    produced_by: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Write the board report to ``path`` (nothing is left behind on an error or a cancel).
    Raises ``atomic.TargetError`` when the file cannot be written there."""
    progress(0.0, "Reading the figures")
    data = board_report_data(db, today=today, produced_by=produced_by)
    if cancel:
        cancel.check()
    progress(0.4, "Laying out the report")
    written = render(data, Path(path), before_save=cancel.check if cancel else None)
    progress(1.0, "Report ready")
    return written
