"""New / edit / delete for the editable pages, each change pushed as an undoable command."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QWidget

from send_desktop.gui import commands as cmd
from send_desktop.gui.dialogs.person_dialog import PersonDialog
from send_desktop.gui.dialogs.setting_dialog import SettingDialog
from send_desktop.gui.messages import confirm, show_error
from send_desktop.services import action_plan, listing, people, register
from send_desktop.services.errors import InUseError, NotFoundError
from send_desktop.services.people import PersonData
from send_desktop.services.register import SettingData
from send_desktop.storage.errors import database_errors

UNDO_HINT = "You can undo this with Undo (Ctrl+Z)."


class Editor:
    """Opens dialogs window-modally (``open``, not ``exec``) and pushes commands."""

    page = ""

    def __init__(self, ctx: cmd.CommandContext, stack: QUndoStack, parent: QWidget) -> None:
        self.ctx = ctx
        self.stack = stack
        self.parent = parent
        self.dialog: QDialog | None = None  # the dialog open now, if any

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _closed(self) -> None:
        self.dialog = None

    def new(self) -> QDialog:
        raise NotImplementedError

    def edit(self, record_id: str) -> QDialog | None:
        raise NotImplementedError

    def delete(self, record_id: str) -> None:
        raise NotImplementedError


class SettingsEditor(Editor):
    page = "settings"

    def new(self) -> QDialog:
        def submit(data: SettingData) -> None:
            setting_id = register.add_setting(self.ctx.db, data=data)
            self.stack.push(cmd.AddSetting(self.ctx, data, setting_id))

        return self._open(SettingDialog(submit, parent=self.parent))

    def edit(self, record_id: str) -> QDialog | None:
        try:
            old = register.get_setting(self.ctx.db, record_id)
        except NotFoundError as err:
            show_error(self.parent, err.message)
            return None

        def submit(data: SettingData) -> None:
            if data == old:
                return
            register.update_setting(self.ctx.db, setting_id=record_id, data=data)
            self.stack.push(cmd.EditSetting(self.ctx, record_id, old, data))

        return self._open(SettingDialog(submit, old, parent=self.parent))

    def delete(self, record_id: str) -> None:
        try:
            name = register.get_setting(self.ctx.db, record_id).name
            question = f"Delete the setting ‘{name}’?"
            if not confirm(self.parent, "Delete setting", question, UNDO_HINT):
                return
            deleted = register.delete_setting(self.ctx.db, setting_id=record_id)
        except (InUseError, NotFoundError) as err:
            show_error(self.parent, err.message)
            return
        except database_errors() as err:
            show_error(self.parent, f"The database refused the change ({type(err).__name__}).")
            return
        self.stack.push(cmd.DeleteSetting(self.ctx, deleted))


class PeopleEditor(Editor):
    page = "people"

    def _settings(self) -> list[tuple[str, str]]:
        return listing.setting_choices(self.ctx.db)

    def new(self) -> QDialog:
        def submit(data: PersonData) -> None:
            person_id = people.add_person(self.ctx.db, data=data)
            self.stack.push(cmd.AddPerson(self.ctx, data, person_id))

        return self._open(PersonDialog(submit, self._settings(), parent=self.parent))

    def edit(self, record_id: str) -> QDialog | None:
        try:
            old = people.get_person(self.ctx.db, record_id)
        except NotFoundError as err:
            show_error(self.parent, err.message)
            return None

        def submit(data: PersonData) -> None:
            if data == old:
                return
            people.update_person(self.ctx.db, person_id=record_id, data=data)
            self.stack.push(cmd.EditPerson(self.ctx, record_id, old, data))

        return self._open(PersonDialog(submit, self._settings(), old, parent=self.parent))

    def delete(self, record_id: str) -> None:
        try:
            name = people.get_person(self.ctx.db, record_id).full_name
            if not confirm(self.parent, "Delete person", f"Delete ‘{name}’?", UNDO_HINT):
                return
            deleted = people.delete_person(self.ctx.db, person_id=record_id)
        except (InUseError, NotFoundError) as err:
            show_error(self.parent, err.message)
            return
        except database_errors() as err:
            show_error(self.parent, f"The database refused the change ({type(err).__name__}).")
            return
        self.stack.push(cmd.DeletePerson(self.ctx, deleted))


class ActionsEditor(Editor):
    """Actions of the action plan (rows of the page's other tabs are left alone)."""

    page = "actions"

    def _is_action(self, record_id: str) -> bool:
        return bool(self.ctx.db.query("SELECT 1 FROM action WHERE id = ?", (record_id,)))

    def new(self) -> QDialog:
        from send_desktop.gui.dialogs.action_dialog import ActionDialog

        def submit(data: action_plan.ActionData) -> None:
            action_id = action_plan.add_action(self.ctx.db, data=data)
            self.stack.push(cmd.AddAction(self.ctx, data, action_id))

        titles = action_plan.objective_titles(self.ctx.db)
        return self._open(ActionDialog(submit, titles, parent=self.parent))

    def edit(self, record_id: str) -> QDialog | None:
        from send_desktop.gui.dialogs.action_dialog import ActionDialog

        if not self._is_action(record_id):
            return None
        try:
            old = action_plan.get_action(self.ctx.db, record_id)
        except NotFoundError as err:
            show_error(self.parent, err.message)
            return None

        def submit(data: action_plan.ActionData) -> None:
            if data == old:
                return
            action_plan.update_action(self.ctx.db, action_id=record_id, data=data)
            self.stack.push(cmd.EditAction(self.ctx, record_id, old, data))

        titles = action_plan.objective_titles(self.ctx.db)
        return self._open(ActionDialog(submit, titles, old, parent=self.parent))

    def delete(self, record_id: str) -> None:
        if not self._is_action(record_id):
            return
        try:
            what = action_plan.get_action(self.ctx.db, record_id).description
            short = what if len(what) <= 80 else what[:79] + "…"
            if not confirm(
                self.parent,
                "Delete action",
                f"Delete the action ‘{short}’?",
                f"Its RAG history goes with it. {UNDO_HINT}",
            ):
                return
            deleted = action_plan.delete_action(self.ctx.db, action_id=record_id)
        except NotFoundError as err:
            show_error(self.parent, err.message)
            return
        except database_errors() as err:
            show_error(self.parent, f"The database refused the change ({type(err).__name__}).")
            return
        self.stack.push(cmd.DeleteAction(self.ctx, deleted))
