"""New / edit / delete actions on the action plan page, each undoable; a new objective typed
in the form is added; a bad date is refused in words under its field."""

from __future__ import annotations

from datetime import date, timedelta

from gui_helpers import wait_closed
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from send_desktop.gui.dialogs.action_dialog import ActionDialog
from send_desktop.services import action_plan, listing
from send_desktop.services.action_plan import ActionData

CTRL = Qt.KeyboardModifier.ControlModifier


def press_ok(qtbot, dialog) -> None:  # noqa: ANN001
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def actions(db) -> list[tuple]:  # noqa: ANN001
    return db.query(
        "SELECT o.title, a.description, a.owner, a.due_on, a.quarter, a.rag"
        " FROM action a JOIN objective o ON o.id = a.objective_id ORDER BY a.description"
    )


def test_new_action_under_a_new_objective_then_undo(qtbot, db, window):
    window.switch_to("actions")
    table = window.current_table()
    assert table.empty.button.text() == "New action"
    qtbot.keyClick(window.nav, Qt.Key.Key_N, CTRL)
    editor = window.page("actions").editor
    dialog = editor.dialog
    assert isinstance(dialog, ActionDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.objective.setCurrentText("")
    qtbot.keyClicks(dialog.objective.lineEdit(), "Data the board can trust")
    qtbot.keyClicks(dialog.description, "Publish the dashboard")
    qtbot.keyClicks(dialog.owner, "Performance team")
    qtbot.keyClicks(dialog.due, "June")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "month without a year" in dialog.errors["due_on"].text()
    dialog.due.clear()
    qtbot.keyClicks(dialog.due, "March 2030")
    press_ok(qtbot, dialog)
    wait_closed(qtbot, window, editor)
    assert actions(db) == [
        (
            "Data the board can trust",
            "Publish the dashboard",
            "Performance team",
            "2030-03-31",
            "2030-Q1",
            "green",
        )
    ]
    assert table.total_row_count() == 1
    history = listing.action_rag_history(db, db.query("SELECT id FROM action")[0][0])
    assert [r for _, r, _ in history] == ["green"]
    qtbot.keyClick(table.view, Qt.Key.Key_Z, CTRL)
    assert actions(db) == []
    assert table.total_row_count() == 0


def test_edit_moves_the_date_and_the_rag_follows_then_delete_and_undo(qtbot, db, window, messages):
    late = date.today() - timedelta(days=40)
    aid = action_plan.add_action(
        db, data=ActionData("Right support", "Allocate places", "Lead", late)
    )
    assert actions(db)[0][-1] == "red"
    window.switch_to("actions")
    table = window.current_table()
    table.select_id(aid)
    editor = window.page("actions").editor
    dialog = editor.edit(aid)
    dialog.due.clear()
    qtbot.keyClicks(dialog.due, f"{date.today() + timedelta(days=30):%d/%m/%Y}")
    press_ok(qtbot, dialog)
    wait_closed(qtbot, window, editor)
    assert actions(db)[0][-1] == "green"
    rags = [r for _, r, _ in listing.action_rag_history(db, aid)]
    assert rags == ["red", "green"]
    editor.delete(aid)
    assert actions(db) == []
    assert messages.texts("question")[0].startswith("Delete the action ‘Allocate places’?")
    window.undo_stack.undo()
    assert actions(db)[0][1:3] == ("Allocate places", "Lead")
    assert [r for _, r, _ in listing.action_rag_history(db, aid)] == ["red", "green"]
    window.undo_stack.undo()  # the edit
    assert actions(db)[0][-1] == "red"
