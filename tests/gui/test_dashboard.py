"""The dashboard: tiles show the key figures and open the rows behind them, filtered; every
chart has a table of the same figures; trends follow the chosen months."""

from __future__ import annotations

import kpi_rows
import pytest
from gui_helpers import make_window
from PySide6.QtCore import Qt

from send_desktop.services import kpis
from send_desktop.storage.models import KpiSnapshot, Objective


@pytest.fixture
def win(qtbot, db, messages):  # noqa: ANN001, ANN201
    kpi_rows.seed(db)
    window = make_window(qtbot, db)
    yield window
    window.close()


def test_tiles_show_each_key_figure(win):
    expected = kpi_rows.expected()
    tiles = win.dashboard.kpi_tiles
    for kpi in kpis.key_figures(win.db, kpi_rows.TODAY):
        assert kpi.plain == expected[kpi.name]
        assert tiles[kpi.name].number.text() == kpi.text
        assert tiles[kpi.name].accessibleName().endswith(kpi.text)
    assert tiles["waitlist_length"].number.text() == "5"
    assert tiles["actions_overdue"].number.text() == "4"


def test_a_tile_opens_the_rows_behind_it_filtered_and_show_all_clears(qtbot, win):
    qtbot.mouseClick(win.dashboard.kpi_tiles["actions_overdue"], Qt.MouseButton.LeftButton)
    assert win.current_page().key == "actions"
    table = win.current_table()
    assert table.spec.key == "actions"
    assert table.visible_row_count() == 4
    assert table.preset_label.text() == "Showing: Overdue actions"
    assert win.count_label.text() == "Showing 4 of 7 actions"
    shown = {table.model.data(table.model.index(r, 1)) for r in range(4)}
    assert shown == {"A0", "A1", "A4", "A6"}  # past due and not completed
    qtbot.mouseClick(table.preset_clear, Qt.MouseButton.LeftButton)
    assert table.visible_row_count() == 7
    assert table.preset_bar.isHidden()


def test_a_bar_opens_its_rows_and_works_from_the_keyboard(qtbot, win):
    panel = win.dashboard.charts["bids_by_status"]
    labels = [label for label, _ in panel.chart.points]
    panel.chart.setFocus()
    index = labels.index("funded")
    panel.chart.chosen = -1
    for _ in range(index + 1):
        qtbot.keyClick(panel.chart, Qt.Key.Key_Down)
    qtbot.keyClick(panel.chart, Qt.Key.Key_Return)
    assert win.current_page().key == "pathways"
    table = win.current_table()
    assert table.visible_row_count() == 2
    assert table.preset_label.text() == "Showing: Bid status: funded"


def test_every_chart_can_be_shown_as_a_table_of_the_same_figures(qtbot, win):
    report = kpis.report(win.db, kpi_rows.TODAY)
    for chart in report.charts:
        panel = win.dashboard.charts[chart.key]
        qtbot.mouseClick(panel.toggle, Qt.MouseButton.LeftButton)
        assert panel.stack.currentWidget() is panel.table
        assert panel.toggle.text() == "Show as chart"
        assert panel.table_rows() == [
            (label, kpis.format_value(value, chart.unit)) for label, value in chart.points
        ]
        assert panel.toggle.accessibleName().startswith("Show ")
    attendance = dict(win.dashboard.charts["attendance_by_cohort"].table_rows())
    assert attendance == {"C0": "n/a", "C1": "75.0%"}


def test_trends_follow_the_chosen_months(qtbot, db, messages):  # noqa: ANN001
    with db.transaction() as s:
        for n, month in enumerate(("2024-01", "2024-02", "2024-03", "2024-04")):
            s.add(KpiSnapshot(month=month, name="waitlist_length", value=float(10 + n)))
    window = make_window(qtbot, db)
    try:
        dash = window.dashboard
        panel = dash.trends["waitlist_length"]
        assert panel.table_rows()[0] == ("Jan 2024", "10")
        assert panel.table_rows()[-1][1] == "0"  # this month, live: nobody waiting
        dash.set_trend_range("2024-02", "2024-03")
        assert panel.table_rows() == [("Feb 2024", "11"), ("Mar 2024", "12")]
        assert panel.chart.accessibleDescription() == "2024-02: 11; 2024-03: 12"
    finally:
        window.close()


def test_a_figure_behind_another_tab_brings_that_tab_forward(qtbot, win):
    win.switch_to("actions")
    plan = win.page("actions").widget
    plan.tabs.setCurrentIndex(1)  # roadmap milestones
    win.switch_to("dashboard")
    win.dashboard.open_kpi("resource_base_places")
    assert win.current_page().key == "actions"
    assert plan.tabs.currentWidget() is plan.resource_bases
    assert win.current_table() is plan.resource_bases
    assert plan.resource_bases.preset_label.text() == "Showing: Open resource bases"
    assert plan.resource_bases.visible_row_count() == 2  # the two open bases of the rows


def test_the_green_bar_includes_actions_a_lead_set_to_green(qtbot, win):
    win.dashboard.open_bar("actions_by_rag", "● Green")
    table = win.current_table()
    shown = {table.model.data(table.model.index(r, 4)) for r in range(table.visible_row_count())}
    assert shown == {"● Green", "● Green (set by lead)"}
    assert table.visible_row_count() == 3  # due later, no date, and the one set by a lead


def test_the_figures_and_their_tables_pass_the_accessibility_walker(qtbot, win):
    from send_desktop.gui.a11y import audit

    win.switch_to("dashboard")
    dash = win.dashboard
    dash.ensure_figures()
    assert audit.audit(win) == []
    for panel in [*dash.charts.values(), *dash.trends.values()]:
        panel.show_table(True)
    assert audit.audit(win) == []


def test_an_empty_database_says_where_to_begin_and_each_step_opens(qtbot, window):
    from gui_helpers import add_settings

    panel = window.dashboard.start
    assert panel is not None and panel.isVisible()
    assert "empty" in panel.findChildren(type(window.heading))[0].text()
    seen: list[str] = []
    for key, action in (
        ("import", window.actions.import_file),
        ("sync", window.actions.sync),
        ("open", window.actions.open_db),
    ):
        action.triggered.disconnect()  # stand in for the dialogs: note which one opened
        action.triggered.connect(lambda _=False, key=key: seen.append(key))
        qtbot.mouseClick(panel.buttons[key], Qt.MouseButton.LeftButton)
    assert seen == ["import", "sync", "open"]
    add_settings(window.db, ("Fictional Primary School", "999001", 120))
    window.dashboard.mark_stale()
    assert not panel.isVisible()  # records held: the counts speak for themselves


def test_a_database_with_records_the_tiles_do_not_count_is_not_called_empty(qtbot, db, messages):
    from gui_helpers import make_window

    with db.transaction() as s:
        s.add(Objective(title="Coproduce the local offer", seq=1))
    window = make_window(qtbot, db)
    try:
        assert window.dashboard.start is None or not window.dashboard.start.isVisible()
    finally:
        window.close()
