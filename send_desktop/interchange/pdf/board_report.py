"""The board report: the dashboard's figures and charts, the trends, and the action plan's
status, in the house style.

Charts are drawn with reportlab graphics (shapes on a ``Drawing``) in the house colours; each
is followed by a table of the same figures, so nothing is read from a bar's length or a
colour alone, and the numbers survive black-and-white printing and screen readers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from send_desktop.interchange.pdf import blocks as b
from send_desktop.interchange.pdf import style as st
from send_desktop.interchange.pdf.document import DocumentInfo, build_pdf

WIDTH_MM = 174


@dataclass(frozen=True)
class ReportChart:
    title: str
    points: list[tuple[str, float | None, str]]  # label, value, value as shown


@dataclass(frozen=True)
class ReportAction:
    objective: str
    description: str
    owner: str
    due: date | None
    rag: str  # as shown: '▲ Amber (set by lead)'
    overdue_days: int
    note: str  # override reason, or how we will know it worked


@dataclass
class BoardReport:
    produced_on: date
    produced_by: str
    figures: list[tuple[str, str]]  # (value as shown, label)
    charts: list[ReportChart]
    trend_months: list[str]  # 'May 2026'
    trends: list[tuple[str, list[str]]]  # (title, value per month as shown)
    trend_charts: list[ReportChart]
    actions: list[ReportAction]
    rag_counts: list[tuple[str, int]] = field(default_factory=list)
    programme: str = "SEND early intervention"


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def bar_chart(chart: ReportChart, width_mm: float = WIDTH_MM) -> Drawing:
    """Horizontal bars, each labelled with its group and its value."""
    row, size = 15, st.TABLE_SIZE
    points = chart.points or [("No figures yet", None, "")]
    width = width_mm * mm
    height = row * len(points) + 6
    drawing = Drawing(width, height)
    label_w = min(
        max(stringWidth(label, st.FONT, size) for label, _, _ in points) + 8, width * 0.42
    )
    value_w = max(stringWidth(text, st.FONT, size) for _, _, text in points) + 8
    room = width - label_w - value_w
    top = max((v or 0) for _, v, _ in points) or 1
    for i, (label, value, text) in enumerate(points):
        y = height - (i + 1) * row
        drawing.add(
            String(
                label_w - 6,
                y + 4,
                _fit(label, st.FONT, size, label_w - 8),
                fontName=st.FONT,
                fontSize=size,
                fillColor=st.INK,
                textAnchor="end",
            )
        )
        length = room * (value or 0) / top
        if length > 0:
            drawing.add(
                Rect(label_w, y + 2, length, row - 5, fillColor=st.ACCENT, strokeColor=None)
            )
        drawing.add(
            String(
                label_w + length + 4, y + 4, text, fontName=st.FONT, fontSize=size, fillColor=st.INK
            )
        )
    return drawing


def line_chart(chart: ReportChart, width_mm: float = WIDTH_MM / 2 - 3) -> Drawing:
    """A dot per month joined by a line; the first, last and highest are labelled."""
    width, height = width_mm * mm, 46 * mm
    drawing = Drawing(width, height)
    drawing.add(
        String(0, height - 9, chart.title, fontName=st.FONT_BOLD, fontSize=8.5, fillColor=st.NAVY)
    )
    known = [(i, v) for i, (_, v, _) in enumerate(chart.points) if v is not None]
    base, top = 14.0, height - 26
    drawing.add(Line(4, base, width - 4, base, strokeColor=st.RULE, strokeWidth=0.6))
    if not known:
        drawing.add(
            String(
                width / 2,
                height / 2,
                "No figures yet",
                fontName=st.FONT,
                fontSize=8,
                fillColor=st.MUTED,
                textAnchor="middle",
            )
        )
        return drawing
    values = [v for _, v in known]
    low, high = min(0.0, min(values)), max(values)
    span = (high - low) or 1
    n = len(chart.points)
    step = (width - 40) / max(n - 1, 1)

    def at(i: int, v: float) -> tuple[float, float]:
        return 20 + i * step, base + (v - low) / span * (top - base)

    coords = [c for i, v in known for c in at(i, v)]
    drawing.add(PolyLine(coords, strokeColor=st.NAVY, strokeWidth=1.4))
    highest = max(known, key=lambda p: p[1])[0]
    for i, v in known:
        x, y = at(i, v)
        drawing.add(Circle(x, y, 2, fillColor=st.NAVY, strokeColor=None))
        ends = (known[0][0], known[-1][0])
        if i in ends or (i == highest and min(abs(i - e) for e in ends) > 2):
            drawing.add(
                String(
                    x,
                    y + 5,
                    chart.points[i][2],
                    fontName=st.FONT,
                    fontSize=7,
                    fillColor=st.INK,
                    textAnchor="middle",
                )
            )
    for i in {0, n - 1}:
        x, _ = at(i, low)
        drawing.add(
            String(
                x,
                4,
                chart.points[i][0],
                fontName=st.FONT,
                fontSize=7,
                fillColor=st.MUTED,
                textAnchor="middle",
            )
        )
    return drawing


def _chart_block(chart: ReportChart) -> Flowable:
    table = b.data_table(
        ["Group", "Value"],
        [[label, text] for label, _, text in chart.points] or [["No figures yet", ""]],
        [120, 54],
        numeric=[1],
    )
    return KeepTogether([*b.heading(chart.title, 2), bar_chart(chart), b.space(2), table])


def _cover(report: BoardReport) -> list[Flowable]:
    s = st.styles()
    month = f"{st.long_date(report.produced_on).split(' ', 2)[2]}"
    return [
        b.space(24),
        Paragraph("Board report", s.title),
        Paragraph(b.text(month), s.subtitle),
        b.key_facts(
            [
                ("Programme", report.programme),
                ("Figures as of", st.long_date(report.produced_on)),
                ("Produced by", report.produced_by),
                ("Actions", f"{len(report.actions)} in the action plan"),
            ]
        ),
        b.space(8),
        b.para(
            "Contents: key figures; this month's charts, each with its table of figures; "
            "trends from the monthly snapshots; the action plan's status by objective.",
            muted=True,
        ),
    ]


def _figures(report: BoardReport) -> list[Flowable]:
    out: list[Flowable] = [*b.section("Key figures")]
    for start in range(0, len(report.figures), 3):  # three a row: '£203,333.83' fits
        out += [b.figures(report.figures[start : start + 3], WIDTH_MM), b.space(3)]
    out.append(
        b.para(
            "Money is what the enhanced-pathways rounds have committed (phase-1 allocations and "
            "phase-2 awards; declined and withdrawn bids left out). Attendance counts present "
            "and late as attended, over every session mark recorded.",
            muted=True,
        )
    )
    return out


def _charts(report: BoardReport) -> list[Flowable]:
    out: list[Flowable] = [*b.section("This month")]
    for chart in report.charts:
        out.append(_chart_block(chart))
    return out


def _trends(report: BoardReport) -> list[Flowable]:
    out: list[Flowable] = [*b.section("Trends")]
    if not report.trend_months:
        return out + [b.para("No monthly snapshots are kept yet.", muted=True)]
    charts = [line_chart(c) for c in report.trend_charts]
    from reportlab.platypus import Table

    grid = Table(
        [charts[i : i + 2] + [""] * (2 - len(charts[i : i + 2])) for i in range(0, len(charts), 2)],
        colWidths=[WIDTH_MM / 2 * mm] * 2,
    )
    grid.hAlign = "LEFT"
    out += [grid, b.space(3)]
    headers = ["Month", *[title for title, _ in report.trends]]
    rows = [
        [month, *[values[i] for _, values in report.trends]]
        for i, month in enumerate(report.trend_months)
    ]
    widths = [34] + [(WIDTH_MM - 34) / max(len(report.trends), 1)] * len(report.trends)
    out.append(b.data_table(headers, rows, widths, numeric=list(range(1, len(headers)))))
    return out


def _actions(report: BoardReport) -> list[Flowable]:
    out: list[Flowable] = [*b.section("Action plan")]
    if report.rag_counts:
        out += [
            b.figures([(str(n), label) for label, n in report.rag_counts], WIDTH_MM),
            b.space(4),
        ]
    if not report.actions:
        return out + [b.para("No actions in the action plan yet.", muted=True)]
    objectives: dict[str, list[ReportAction]] = {}
    for action in report.actions:
        objectives.setdefault(action.objective or "Other actions", []).append(action)
    for objective, actions in objectives.items():
        out += b.heading(objective, 2)
        rows = [
            [
                b.name_with_detail(a.description, a.note),
                a.owner,
                st.short_date(a.due),
                a.rag,
                str(a.overdue_days) if a.overdue_days else "",
            ]
            for a in actions
        ]
        out.append(
            b.data_table(
                ["Action", "By whom", "By when", "RAG", "Days overdue"],
                rows,
                [72, 32, 20, 32, 18],
                numeric=[4],
            )
        )
    out.append(b.space(3))
    out.append(
        b.para(
            "RAG: ● Green on track; ▲ Amber past its date; ◆ Red more than four weeks past "
            "its date; ✓ Complete. '(set by lead)' marks a rating a lead set, with the reason "
            "under the action.",
            muted=True,
        )
    )
    return out


def story(report: BoardReport) -> list[Flowable]:
    return [
        *_cover(report),
        *_figures(report),
        *_charts(report),
        *_trends(report),
        *_actions(report),
    ]


def render(
    report: BoardReport, path: Path, *, before_save: Callable[[], None] | None = None
) -> Path:
    info = DocumentInfo(
        title="Board report",
        author=report.produced_by,
        subject=f"{report.programme}: key figures and the action plan",
        keywords=("board report", "KPI", "action plan"),
        header_right=f"Figures as of {st.short_date(report.produced_on)}",
        cover_band=report.programme,
    )
    return build_pdf(path, story(report), info, before_save=before_save)


def as_points(points: Sequence[tuple[str, float | None]], fmt: Callable) -> list:
    return [(label, value, fmt(value)) for label, value in points]
