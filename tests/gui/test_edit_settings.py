"""Adding, editing and deleting settings through the dialogs, with undo and redo."""

from __future__ import annotations

import pytest
from gui_helpers import wait_closed
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from send_desktop.gui.dialogs.setting_dialog import SettingDialog
from send_desktop.services.errors import NotFoundError
from send_desktop.services.people import PersonData, add_person
from send_desktop.services.register import SettingData, add_setting, get_setting

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def open_settings(qtbot, window):  # noqa: ANN001, ANN201
    qtbot.keyClick(window.nav, Qt.Key.Key_2, CTRL)
    return window.current_table()


def press_ok(qtbot, dialog: SettingDialog) -> None:  # noqa: ANN001
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def names(table) -> list[str]:  # noqa: ANN001
    model = table.model
    c = model.table.column_index("name")
    return [model.data(model.index(r, c)) for r in range(model.rowCount())]


def new_setting_dialog(qtbot, window) -> SettingDialog:  # noqa: ANN001
    table = open_settings(qtbot, window)
    qtbot.keyClick(table.view, Qt.Key.Key_N, CTRL)
    dialog = window.page("settings").editor.dialog
    assert isinstance(dialog, SettingDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_add_by_typing_then_undo_and_redo_with_the_same_id(qtbot, window, db):
    dialog = new_setting_dialog(qtbot, window)
    assert QApplication.focusWidget() is dialog.name
    qtbot.keyClicks(dialog.name, "Wheatley Park School")
    qtbot.keyClicks(dialog.urn, " 140875 ")
    qtbot.keyClicks(dialog.postcode, "ox331qh")
    qtbot.keyClicks(dialog.pupils, "1350")
    press_ok(qtbot, dialog)
    wait_closed(qtbot, window, window.page("settings").editor)

    table = window.current_table()
    assert names(table) == ["Wheatley Park School"]
    new_id = table.selected_id()
    stored = get_setting(db, new_id)
    assert (stored.urn, stored.postcode, stored.pupils) == ("140875", "OX33 1QH", 1350)
    assert window.count_label.text() == "1 setting"
    assert window.actions.undo.text().replace("&", "") == "Undo Add setting ‘Wheatley Park School’"

    qtbot.keyClick(table.view, Qt.Key.Key_Z, CTRL)
    assert names(table) == []
    assert table.empty.isVisible()
    with pytest.raises(NotFoundError):
        get_setting(db, new_id)

    qtbot.keyClick(table.view, Qt.Key.Key_Z, CTRL_SHIFT)
    assert names(table) == ["Wheatley Park School"]
    assert table.model.record_id(0) == new_id
    assert get_setting(db, new_id).urn == "140875"
    qtbot.keyClick(window.nav, Qt.Key.Key_1, CTRL)
    assert window.dashboard.tiles["settings"].number.text() == "1"


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("urn", "12", "A URN is 6 digits"),
        ("postcode", "XYZ", "is not a UK postcode"),
        ("email", "head-at-school", "is not an email address"),
    ],
)
def test_invalid_input_keeps_the_dialog_open_with_the_message(
    qtbot, window, db, field, typed, message
):  # noqa: E501
    dialog = new_setting_dialog(qtbot, window)
    qtbot.keyClicks(dialog.name, "Test School")
    qtbot.keyClicks(dialog.fields[field], typed)
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    error = dialog.errors[field]
    assert error.isVisible() and message in error.text()
    assert QApplication.focusWidget() is dialog.fields[field]
    assert window.current_table().total_row_count() == 0
    # Fixing it lets the dialog close.
    dialog.fields[field].clear()
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert names(window.current_table()) == ["Test School"]


def test_name_is_required_and_a_taken_urn_is_refused_in_the_dialog(qtbot, window, db):
    add_setting(db, data=SettingData(name="First School", urn="123456"))
    dialog = new_setting_dialog(qtbot, window)
    press_ok(qtbot, dialog)
    assert dialog.errors["name"].text() == "Name is required."
    qtbot.keyClicks(dialog.name, "Second School")
    qtbot.keyClicks(dialog.urn, "123456")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert not dialog.errors["name"].isVisible()
    assert "already used by First School" in dialog.errors["urn"].text()


def test_escape_closes_the_dialog_without_adding(qtbot, window):
    dialog = new_setting_dialog(qtbot, window)
    qtbot.keyClicks(dialog.name, "Never Saved")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.current_table().total_row_count() == 0
    assert window.undo_stack.count() == 0


def test_enter_opens_edit_and_undo_restores_the_old_values(qtbot, db, window):
    setting_id = add_setting(db, data=SettingData(name="Old Name School", town="Thame"))
    table = open_settings(qtbot, window)
    table.focus_table()
    assert table.selected_id() == setting_id
    qtbot.keyClick(table.view, Qt.Key.Key_Return)
    dialog = window.page("settings").editor.dialog
    assert dialog.windowTitle() == "Edit setting"
    assert dialog.name.text() == "Old Name School"
    dialog.town.clear()
    qtbot.keyClicks(dialog.town, "Witney")
    dialog.phase.setCurrentText("Primary")
    press_ok(qtbot, dialog)
    wait_closed(qtbot, window, window.page("settings").editor)
    assert get_setting(db, setting_id).town == "Witney"
    model = table.model
    assert model.data(model.index(0, model.table.column_index("town"))) == "Witney"
    assert table.selected_id() == setting_id

    qtbot.keyClick(table.view, Qt.Key.Key_Z, CTRL)
    assert get_setting(db, setting_id).town == "Thame"
    assert get_setting(db, setting_id).phase is None
    assert model.data(model.index(0, model.table.column_index("town"))) == "Thame"


def test_f2_edits_and_an_unchanged_dialog_pushes_nothing(qtbot, db, window):
    add_setting(db, data=SettingData(name="Same School"))
    table = open_settings(qtbot, window)
    table.focus_table()
    qtbot.keyClick(table.view, Qt.Key.Key_F2)
    dialog = window.page("settings").editor.dialog
    assert dialog is not None and dialog.name.text() == "Same School"
    press_ok(qtbot, dialog)
    assert window.undo_stack.count() == 0


def test_delete_asks_and_undo_restores_the_same_record(qtbot, db, window, messages):
    keep = add_setting(db, data=SettingData(name="Keep School"))
    gone = add_setting(db, data=SettingData(name="Gone School", urn="654321"))
    table = open_settings(qtbot, window)
    table.select_id(gone)
    table.view.setFocus()
    messages.answer = messages.answer.No
    qtbot.keyClick(table.view, Qt.Key.Key_Delete)
    assert "Gone School" in messages.texts("question")[-1]
    assert names(table) == ["Gone School", "Keep School"]

    messages.answer = messages.answer.Yes
    qtbot.keyClick(table.view, Qt.Key.Key_Delete)
    assert names(table) == ["Keep School"]
    with pytest.raises(NotFoundError):
        get_setting(db, gone)

    qtbot.keyClick(table.view, Qt.Key.Key_Z, CTRL)
    assert names(table) == ["Gone School", "Keep School"]
    assert get_setting(db, gone).urn == "654321"
    assert table.selected_id() == gone
    assert get_setting(db, keep).name == "Keep School"


def test_deleting_a_setting_in_use_explains_why_and_keeps_it(qtbot, db, window, messages):
    setting_id = add_setting(db, data=SettingData(name="Busy School"))
    add_person(db, data=PersonData(full_name="Bea Busy", role="SENCo", setting_id=setting_id))
    table = open_settings(qtbot, window)
    table.select_id(setting_id)
    window.actions.delete.trigger()
    assert "cannot be deleted" in messages.texts("warning")[-1]
    assert get_setting(db, setting_id).name == "Busy School"
    assert window.undo_stack.count() == 0


def test_a_refused_redo_is_reported_and_dropped(qtbot, window, db, messages):
    dialog = new_setting_dialog(qtbot, window)
    qtbot.keyClicks(dialog.name, "First Try")
    qtbot.keyClicks(dialog.urn, "222222")
    press_ok(qtbot, dialog)
    wait_closed(qtbot, window, window.page("settings").editor)
    table = window.current_table()
    qtbot.keyClick(table.view, Qt.Key.Key_Z, CTRL)
    # Meanwhile the URN is taken by someone else (another window, an import).
    add_setting(db, data=SettingData(name="Other", urn="222222"))
    qtbot.keyClick(table.view, Qt.Key.Key_Z, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(messages.texts("warning")))
    assert "already used by Other" in messages.texts("warning")[-1]
    assert not window.undo_stack.canRedo() and not window.undo_stack.canUndo()
    assert names(table) == ["Other"]


def test_new_is_offered_on_the_empty_settings_page(qtbot, window):
    table = open_settings(qtbot, window)
    qtbot.mouseClick(table.empty.button, Qt.MouseButton.LeftButton)
    assert isinstance(window.page("settings").editor.dialog, SettingDialog)


def test_a_database_error_is_shown_in_the_dialog(qtbot, window, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from send_desktop.services import register

    def locked(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(register, "add_setting", locked)
    dialog = new_setting_dialog(qtbot, window)
    qtbot.keyClicks(dialog.name, "Locked School")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.general_error.isVisible()
    assert "refused the change" in dialog.general_error.text()
    assert window.undo_stack.count() == 0
