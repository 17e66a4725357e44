"""The board report: the dashboard's figures, each chart's figures as a table, the trends and
the action plan, read back from the PDF with pypdf; and 'send-desktop pack board'."""

from __future__ import annotations

import kpi_rows
from pypdf import PdfReader

from send_desktop.services import kpis
from send_desktop.services.board_report import board_report_data, make_board_report
from send_desktop.storage.models import KpiSnapshot


def text_of(path) -> str:  # noqa: ANN001
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_the_report_holds_every_figure_chart_table_and_action(db, tmp_path):
    kpi_rows.seed(db)
    month = kpis.month_of(kpi_rows.TODAY)
    with db.transaction() as s:
        s.add(KpiSnapshot(month="2000-01", name="waitlist_length", value=3.0))  # out of range
    path = make_board_report(
        db, path=tmp_path / "board.pdf", today=kpi_rows.TODAY, produced_by="Test Lead"
    )
    text = text_of(path)
    for kpi in kpis.key_figures(db, kpi_rows.TODAY):
        assert kpi.text in text and kpi.label in text
    for chart in kpis.charts(db, kpi_rows.TODAY):
        assert chart.title in text
        for label, value in chart.points:
            assert f"{label} {kpis.format_value(value, chart.unit)}" in text
    assert "Settings on the waitlist" in text and "Jan 2000" not in text
    data = board_report_data(db, today=kpi_rows.TODAY)
    assert data.trend_months[-1].endswith(month[:4])
    for k in range(len(kpi_rows.ACTIONS)):
        assert f"A{k}" in text
    assert "Set by lead: agreed extension" in text
    assert "● Green (set by lead)" in text
    assert "◆ Red" in text and "✓ Complete" in text
    assert "Test Lead" in text


def test_the_report_of_an_empty_database_says_so(db, tmp_path):
    text = text_of(make_board_report(db, path=tmp_path / "empty.pdf"))
    assert "No actions in the action plan yet." in text
    assert "No figures yet" in text
