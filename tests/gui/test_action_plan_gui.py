"""The action plan page: RAG as a shape and a word, a lead's override with a reason (kept in
the history), mark complete; the dashboard follows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from gui_helpers import make_window
from PySide6.QtCore import Qt

from send_desktop.storage.models import Action, Objective

TODAY = date.today()


@pytest.fixture
def page(qtbot, db, messages):  # noqa: ANN001, ANN201
    with db.transaction() as s:
        objective = Objective(title="Right support", seq=1)
        s.add(objective)
        s.add(
            Action(
                objective=objective,
                description="Late one",
                owner="Lead",
                due_on=TODAY - timedelta(days=40),
            )
        )
        s.add(
            Action(
                objective=objective,
                description="On time",
                owner="Lead",
                due_on=TODAY + timedelta(days=5),
            )
        )
    window = make_window(qtbot, db)
    window.switch_to("actions")
    yield window, window.page("actions").widget
    window.close()


def rag_of(plan, description: str) -> str:  # noqa: ANN001
    table = plan.actions.model.table
    row = next(r for r in table.rows if r[1] == description)
    return row[4]


def test_rag_is_shown_with_a_shape_and_a_word(page):
    _, plan = page
    assert rag_of(plan, "Late one") == "◆ Red"
    assert rag_of(plan, "On time") == "● Green"


def test_override_with_a_reason_then_complete(qtbot, page):
    window, plan = page
    plan.actions.set_filter_text("Late one")
    plan.actions.focus_table()
    dialog = plan.make_override_dialog()
    dialog.rag.setCurrentIndex(dialog.rag.findData("amber"))
    dialog.accept()
    assert dialog.isVisible() or dialog.result() == 0  # no reason: stays open
    assert "Say why" in dialog.errors["reason"].text()
    qtbot.keyClicks(dialog.reason, "Partner asked for a month")
    dialog.accept()
    assert dialog.result() == 1
    plan._run(lambda: None)
    assert rag_of(plan, "Late one") == "▲ Amber (set by lead)"
    history = [plan.history.item(i).text() for i in range(plan.history.count())]
    assert "set by lead: Partner asked for a month" in history[0]
    assert plan.clear_button.isEnabled()
    qtbot.mouseClick(plan.complete_button, Qt.MouseButton.LeftButton)
    assert rag_of(plan, "Late one") == "✓ Complete"
    assert not plan.override_button.isEnabled()
    window.switch_to("dashboard")
    assert window.dashboard.kpi_tiles["actions_overdue"].number.text() == "0"
