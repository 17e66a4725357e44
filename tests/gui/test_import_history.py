"""Import history: the list, the empty state, undo refused by the engine, and the way there
from the wizard's last step."""

from __future__ import annotations

import pytest
from import_helpers import (
    dump,
    open_wizard,
    press_enter,
    rows,
    summer_return,
    synchronous,
    type_file,
)
from PySide6.QtCore import Qt


@pytest.fixture
def win(window):  # noqa: ANN001, ANN201
    synchronous(window)
    return window


def test_with_no_imports_the_history_says_so(win):
    history = win.imports.open_history()
    assert history.stack.currentWidget() is history.empty
    assert history.empty.text().startswith("No imports yet.")
    assert not history.undo_button.isEnabled()


def test_an_undo_the_engine_refuses_shows_its_message_as_it_is(qtbot, win, db, messages, tmp_path):
    from send_desktop.services import imports
    from send_desktop.services.register import SettingData, get_setting, update_setting

    path = summer_return(tmp_path / "r.xlsx", rows=[["123457", "Larkmead", "Secondary", 5]])
    imports.run_import(db, path=path, kind="settings")
    (setting_id,) = rows(db, "SELECT id FROM setting")[0]
    old = get_setting(db, setting_id)
    update_setting(db, setting_id=setting_id, data=SettingData(**{**vars(old), "pupils": 6}))
    before = dump(db)

    history = win.imports.open_history()
    qtbot.mouseClick(history.undo_button, Qt.MouseButton.LeftButton)
    (refusal,) = messages.texts("warning")
    with pytest.raises(imports.UndoRefusedError) as err:
        imports.undo_import(db, batch_id=history.model.row(0).id)
    assert refusal == err.value.message
    assert dump(db) == before
    assert history.undo_button.isEnabled()  # still there to try again later


def test_the_last_step_leads_to_the_history(qtbot, win, tmp_path):
    path = summer_return(tmp_path / "r.xlsx", rows=[["123457", "Larkmead", "Secondary", 5]])
    wizard = open_wizard(qtbot, win)
    type_file(qtbot, wizard, path)
    for _step in range(3):
        press_enter(qtbot, wizard)
    assert wizard.done_page.history_button.isVisible()
    qtbot.mouseClick(wizard.done_page.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.imports.wizard is None)
    history = win.imports.history
    assert history is not None and history.isVisible()
    assert history.model.text(0, 2) == "r.xlsx"
