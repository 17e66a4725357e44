"""Adding and editing people, with their role and the setting picked by typing."""

from __future__ import annotations

from gui_helpers import add_settings, wait_closed
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from send_desktop.gui.dialogs.person_dialog import PersonDialog
from send_desktop.services.people import PersonData, add_person, get_person

CTRL = Qt.KeyboardModifier.ControlModifier


def open_people(qtbot, window):  # noqa: ANN001, ANN201
    qtbot.keyClick(window.nav, Qt.Key.Key_3, CTRL)
    return window.current_table()


def press_ok(qtbot, dialog: PersonDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def row(table, r: int = 0) -> dict[str, str]:  # noqa: ANN001
    model = table.model
    return {c.key: model.data(model.index(r, i)) for i, c in enumerate(model.columns)}


def test_add_a_person_with_role_and_setting_by_typing(qtbot, db, window):
    abbey, bishop = add_settings(db, ("Abbey Primary", "123001", 210), ("Bishop School", None, 9))
    table = open_people(qtbot, window)
    qtbot.keyClick(table.view, Qt.Key.Key_N, CTRL)
    editor = window.page("people").editor
    dialog = editor.dialog
    assert isinstance(dialog, PersonDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClicks(dialog.full_name, "Nadia Corbett")
    qtbot.keyClicks(dialog.job_title, "SENCo and deputy head")
    qtbot.keyClicks(dialog.email, "nadia@example.org")
    dialog.role.setCurrentText("")
    qtbot.keyClicks(dialog.role.lineEdit(), "SENCo")
    qtbot.keyClicks(dialog.setting.lineEdit(), "shop")  # any part of the name
    popup = dialog.setting.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.setting.currentText() == "Bishop School — Oxford"
    press_ok(qtbot, dialog)
    wait_closed(qtbot, window, editor)

    assert row(table) == {
        "full_name": "Nadia Corbett",
        "job_title": "SENCo and deputy head",
        "role": "SENCo",
        "setting": "Bishop School",
        "email": "nadia@example.org",
        "phone": "",
    }
    person_id = table.selected_id()
    stored = get_person(db, person_id)
    assert (stored.role, stored.setting_id) == ("SENCo", bishop)

    qtbot.keyClick(table.view, Qt.Key.Key_Z, CTRL)
    assert table.total_row_count() == 0
    qtbot.keyClick(table.view, Qt.Key.Key_Y, CTRL)  # Ctrl+Y redoes too
    assert table.model.record_id(0) == person_id


def test_the_setting_picker_completes_on_any_part_of_the_name(qtbot, db, window):
    add_settings(db, ("Abbey Primary", "123001", 210), ("Bishop School", None, 9))
    open_people(qtbot, window)
    dialog = window.page("people").editor.new()
    completer = dialog.setting.completer()
    completer.setCompletionPrefix("shop")
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "Bishop School — Oxford"
    dialog.reject()


def test_invalid_email_or_unknown_setting_keeps_the_dialog_open(qtbot, db, window):
    add_settings(db, ("Abbey Primary", "123001", 210))
    open_people(qtbot, window)
    dialog = window.page("people").editor.new()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClicks(dialog.full_name, "Owen Oakes")
    qtbot.keyClicks(dialog.email, "owen.example.org")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "is not an email address" in dialog.errors["email"].text()
    assert QApplication.focusWidget() is dialog.email

    dialog.email.clear()
    qtbot.keyClicks(dialog.setting.lineEdit(), "Nowhere Academy")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "is not a setting" in dialog.errors["setting_id"].text()
    assert not dialog.errors["email"].isVisible()
    assert window.current_table().total_row_count() == 0


def test_edit_a_person_then_undo(qtbot, db, window):
    (abbey,) = add_settings(db, ("Abbey Primary", "123001", 210))
    person_id = add_person(
        db,
        data=PersonData(full_name="Ada Test", job_title="Teacher", role="SENCo", setting_id=abbey),
    )
    table = open_people(qtbot, window)
    table.focus_table()
    qtbot.keyClick(table.view, Qt.Key.Key_Return)
    editor = window.page("people").editor
    dialog = editor.dialog
    assert dialog.windowTitle() == "Edit person"
    assert dialog.setting.currentText() == "Abbey Primary — Oxford (123001)"
    dialog.job_title.clear()
    qtbot.keyClicks(dialog.job_title, "Headteacher")
    dialog.setting.setCurrentIndex(0)  # no setting any more
    press_ok(qtbot, dialog)
    wait_closed(qtbot, window, editor)
    assert row(table)["job_title"] == "Headteacher"
    assert get_person(db, person_id).setting_id is None

    qtbot.keyClick(table.view, Qt.Key.Key_Z, CTRL)
    stored = get_person(db, person_id)
    assert (stored.job_title, stored.setting_id) == ("Teacher", abbey)
    assert row(table)["setting"] == "Abbey Primary"


def test_delete_a_person_and_undo(qtbot, db, window, messages):
    person_id = add_person(db, data=PersonData(full_name="Gone Person", email="g@example.org"))
    table = open_people(qtbot, window)
    table.select_id(person_id)
    table.view.setFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_Delete)
    assert "Gone Person" in messages.texts("question")[-1]
    assert table.total_row_count() == 0
    qtbot.keyClick(table.view, Qt.Key.Key_Z, CTRL)
    assert get_person(db, person_id).email == "g@example.org"
    assert table.selected_id() == person_id
