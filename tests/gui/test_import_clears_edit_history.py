"""After an import (or its undo) the edit history ends: undoing an older edit must not write
old values over what the import changed."""

from __future__ import annotations

from send_desktop.gui import commands as cmd
from send_desktop.services import register


def test_import_ends_the_edit_undo_history(window, db):
    data = register.SettingData(name="Cheney School", urn="139146")
    setting_id = register.add_setting(db, data=data)
    window.undo_stack.push(cmd.AddSetting(window.ctx, data, setting_id))
    assert window.undo_stack.canUndo()
    window._after_import()
    assert not window.undo_stack.canUndo()
    assert register.get_setting(db, setting_id).name == "Cheney School"
