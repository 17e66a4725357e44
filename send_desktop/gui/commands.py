"""Undoable edits: each command calls a service in ``redo`` and its inverse in ``undo``.

The editor runs the first ``redo`` itself (so a refusal shows in the dialog) and pushes the
command already applied. If a service refuses later (the record changed meanwhile), the
message is shown and the command is marked obsolete: QUndoStack then drops it, so the stack
never claims a state the database is not in.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from send_desktop.domain.outreach import OutreachError
from send_desktop.domain.pathways import PathwaysError
from send_desktop.gui.context import CommandContext
from send_desktop.services import action_plan, people, register
from send_desktop.services.errors import InUseError, NotFoundError, ValidationError
from send_desktop.services.people import PersonData
from send_desktop.services.register import DeletedSetting, SettingData
from send_desktop.storage.errors import database_errors

SERVICE_ERRORS = (ValidationError, InUseError, NotFoundError, PathwaysError, OutreachError)


class ServiceCommand(QUndoCommand):
    page = ""

    def __init__(self, ctx: CommandContext, text: str, record_id: str) -> None:
        super().__init__(text)
        self.ctx = ctx
        self.record_id = record_id
        self._applied = True  # the editor ran the first redo

    def redo(self) -> None:
        if self._applied:
            self._applied = False
        else:
            self._run(self.do, "redo")
        self.ctx.changed(self.page, self.record_id)

    def undo(self) -> None:
        self._run(self.undo_it, "undo")
        self.ctx.changed(self.page, self.record_id)

    def _run(self, step: Callable[[], None], verb: str) -> None:
        try:
            step()
        except SERVICE_ERRORS as err:
            self._refused(verb, err.message)
        except database_errors() as err:
            self._refused(verb, f"the database refused the change ({type(err).__name__}).")

    def _refused(self, verb: str, message: str) -> None:
        self.setObsolete(True)
        self.ctx.report_error(f"Could not {verb} “{self.text()}”: {message}")

    def do(self) -> None:
        raise NotImplementedError

    def undo_it(self) -> None:
        raise NotImplementedError


class AddSetting(ServiceCommand):
    page = "settings"

    def __init__(self, ctx: CommandContext, data: SettingData, setting_id: str) -> None:
        super().__init__(ctx, f"Add setting ‘{data.name}’", setting_id)
        self.data = data

    def do(self) -> None:
        register.add_setting(self.ctx.db, data=self.data, setting_id=self.record_id)

    def undo_it(self) -> None:
        register.delete_setting(self.ctx.db, setting_id=self.record_id)


class EditSetting(ServiceCommand):
    page = "settings"

    def __init__(
        self, ctx: CommandContext, setting_id: str, old: SettingData, new: SettingData
    ) -> None:
        super().__init__(ctx, f"Edit setting ‘{new.name}’", setting_id)
        self.old, self.new = old, new

    def do(self) -> None:
        register.update_setting(self.ctx.db, setting_id=self.record_id, data=self.new)

    def undo_it(self) -> None:
        register.update_setting(self.ctx.db, setting_id=self.record_id, data=self.old)


class DeleteSetting(ServiceCommand):
    page = "settings"

    def __init__(self, ctx: CommandContext, deleted: DeletedSetting) -> None:
        super().__init__(ctx, f"Delete setting ‘{deleted.data.name}’", deleted.setting_id)
        self.deleted = deleted

    def do(self) -> None:
        self.deleted = register.delete_setting(self.ctx.db, setting_id=self.record_id)

    def undo_it(self) -> None:
        register.restore_setting(self.ctx.db, deleted=self.deleted)


class AddPerson(ServiceCommand):
    page = "people"

    def __init__(self, ctx: CommandContext, data: PersonData, person_id: str) -> None:
        super().__init__(ctx, f"Add person ‘{data.full_name}’", person_id)
        self.data = data

    def do(self) -> None:
        people.add_person(self.ctx.db, data=self.data, person_id=self.record_id)

    def undo_it(self) -> None:
        people.delete_person(self.ctx.db, person_id=self.record_id)


class EditPerson(ServiceCommand):
    page = "people"

    def __init__(self, ctx: CommandContext, person_id: str, old: PersonData, new: PersonData):
        super().__init__(ctx, f"Edit person ‘{new.full_name}’", person_id)
        self.old, self.new = old, new

    def do(self) -> None:
        people.update_person(self.ctx.db, person_id=self.record_id, data=self.new)

    def undo_it(self) -> None:
        people.update_person(self.ctx.db, person_id=self.record_id, data=self.old)


class DeletePerson(ServiceCommand):
    page = "people"

    def __init__(self, ctx: CommandContext, deleted: people.DeletedPerson) -> None:
        super().__init__(ctx, f"Delete person ‘{deleted.data.full_name}’", deleted.person_id)
        self.deleted = deleted

    def do(self) -> None:
        self.deleted = people.delete_person(self.ctx.db, person_id=self.record_id)

    def undo_it(self) -> None:
        people.restore_person(self.ctx.db, deleted=self.deleted)


class AddAction(ServiceCommand):
    page = "actions"

    def __init__(self, ctx: CommandContext, data: action_plan.ActionData, action_id: str) -> None:
        super().__init__(ctx, f"Add action ‘{_short(data.description)}’", action_id)
        self.data = data

    def do(self) -> None:
        action_plan.add_action(self.ctx.db, data=self.data, action_id=self.record_id)

    def undo_it(self) -> None:
        action_plan.delete_action(self.ctx.db, action_id=self.record_id)


class EditAction(ServiceCommand):
    page = "actions"

    def __init__(
        self,
        ctx: CommandContext,
        action_id: str,
        old: action_plan.ActionData,
        new: action_plan.ActionData,
    ) -> None:
        super().__init__(ctx, f"Edit action ‘{_short(new.description)}’", action_id)
        self.old, self.new = old, new

    def do(self) -> None:
        action_plan.update_action(self.ctx.db, action_id=self.record_id, data=self.new)

    def undo_it(self) -> None:
        action_plan.update_action(self.ctx.db, action_id=self.record_id, data=self.old)


class DeleteAction(ServiceCommand):
    page = "actions"

    def __init__(self, ctx: CommandContext, deleted: action_plan.DeletedAction) -> None:
        super().__init__(
            ctx, f"Delete action ‘{_short(deleted.data.description)}’", deleted.action_id
        )
        self.deleted = deleted

    def do(self) -> None:
        self.deleted = action_plan.delete_action(self.ctx.db, action_id=self.record_id)

    def undo_it(self) -> None:
        action_plan.restore_action(self.ctx.db, deleted=self.deleted)


def _short(text: str) -> str:
    return text if len(text) <= 50 else text[:49] + "…"
