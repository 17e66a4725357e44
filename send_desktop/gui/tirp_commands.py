"""Undoable TIRP edits on the cohorts page: cohorts, enrolment, a leader's replacement,
a generated schedule, a session's details, a feedback quote, a withdrawal.

Like ``gui.commands``: the page runs the first ``redo`` itself (so a refusal shows at once)
and pushes the command already applied; ``after`` redraws the page after undo and redo.
"""

from __future__ import annotations

from collections.abc import Callable

from send_desktop.gui.commands import ServiceCommand
from send_desktop.gui.context import CommandContext
from send_desktop.services import cohorts, tirp, tirp_undo
from send_desktop.services.cohorts import CohortData


class TirpCommand(ServiceCommand):
    page = "cohorts"

    def __init__(
        self, ctx: CommandContext, text: str, record_id: str, after: Callable[[], None]
    ) -> None:
        super().__init__(ctx, text, record_id)
        self.after = after

    def redo(self) -> None:
        super().redo()
        self.after()

    def undo(self) -> None:
        super().undo()
        self.after()


class EditSession(TirpCommand):
    def __init__(
        self,
        ctx: CommandContext,
        session_id: str,
        old: dict,
        new: dict,
        after: Callable[[], None],
    ) -> None:
        super().__init__(ctx, f"Edit session ‘{new['title']}’", session_id, after)
        self.old, self.new = old, new

    def do(self) -> None:
        tirp.update_session(self.ctx.db, session_id=self.record_id, **self.new)

    def undo_it(self) -> None:
        tirp.update_session(self.ctx.db, session_id=self.record_id, **self.old)


class AddFeedback(TirpCommand):
    def __init__(
        self,
        ctx: CommandContext,
        cohort_id: str,
        values: dict,
        feedback_id: str,
        after: Callable[[], None],
    ) -> None:
        super().__init__(ctx, "Add feedback", feedback_id, after)
        self.cohort_id, self.values = cohort_id, values

    def do(self) -> None:
        self.record_id = tirp.add_feedback(self.ctx.db, cohort_id=self.cohort_id, **self.values)

    def undo_it(self) -> None:
        tirp.delete_feedback(self.ctx.db, feedback_id=self.record_id)


class AddCohort(TirpCommand):
    def __init__(
        self, ctx: CommandContext, data: CohortData, after: Callable[[str | None], None]
    ) -> None:
        super().__init__(ctx, f"Add cohort ‘{data.name}’", "", lambda: after(self.record_id))
        self.data = data

    def do(self) -> None:
        self.record_id = cohorts.add_cohort(
            self.ctx.db, data=self.data, cohort_id=self.record_id or None
        )

    def undo_it(self) -> None:
        cohorts.delete_cohort(self.ctx.db, cohort_id=self.record_id)


class EditCohort(TirpCommand):
    def __init__(
        self,
        ctx: CommandContext,
        cohort_id: str,
        old: CohortData,
        new: CohortData,
        after: Callable[[str | None], None],
    ) -> None:
        super().__init__(ctx, f"Edit cohort ‘{new.name}’", cohort_id, lambda: after(cohort_id))
        self.old, self.new = old, new

    def do(self) -> None:
        cohorts.update_cohort(self.ctx.db, cohort_id=self.record_id, data=self.new)

    def undo_it(self) -> None:
        cohorts.update_cohort(self.ctx.db, cohort_id=self.record_id, data=self.old)


class WithdrawMember(TirpCommand):
    """A withdrawal made by the dialog (already applied); undo puts it back exactly."""

    def __init__(
        self,
        ctx: CommandContext,
        setting: str,
        args: dict,
        withdrawal: tirp.Withdrawal,
        after: Callable[[], None],
    ) -> None:
        super().__init__(ctx, f"Withdraw ‘{setting}’", withdrawal.member_id, after)
        self.args, self.withdrawal = args, withdrawal

    def do(self) -> None:
        self.withdrawal = tirp.withdraw_member(self.ctx.db, member_id=self.record_id, **self.args)

    def undo_it(self) -> None:
        tirp.undo_withdrawal(self.ctx.db, withdrawal=self.withdrawal)


class Enrol(TirpCommand):
    """An enrolment made by the dialog (already applied)."""

    def __init__(
        self,
        ctx: CommandContext,
        setting_ids: list[str],
        enrolment: tirp.Enrolment,
        after: Callable[[], None],
    ) -> None:
        count = enrolment.count
        text = f"Enrol {count} setting{'s' if count != 1 else ''}"
        super().__init__(ctx, text, enrolment.cohort_id, after)
        self.setting_ids, self.enrolment = setting_ids, enrolment

    def do(self) -> None:
        self.enrolment = tirp.enrol(
            self.ctx.db, cohort_id=self.record_id, setting_ids=self.setting_ids
        )

    def undo_it(self) -> None:
        tirp_undo.undo_enrolment(self.ctx.db, enrolment=self.enrolment)


class ReplaceLeader(TirpCommand):
    """A replacement made by the dialog (already applied)."""

    def __init__(
        self,
        ctx: CommandContext,
        old_leader: tuple[str, str],
        args: dict,
        new_leader_id: str,
        after: Callable[[], None],
    ) -> None:
        super().__init__(ctx, f"Replace leader ‘{old_leader[1]}’", old_leader[0], after)
        self.args, self.new_leader_id = args, new_leader_id

    def do(self) -> None:
        self.new_leader_id = tirp.replace_leader(self.ctx.db, leader_id=self.record_id, **self.args)

    def undo_it(self) -> None:
        added = self.args["person_id"] if self.args.get("new_person") else None
        tirp_undo.undo_replacement(
            self.ctx.db,
            old_leader_id=self.record_id,
            new_leader_id=self.new_leader_id,
            new_person_id=added,  # someone the replacement added to People goes too
        )


class GenerateSchedule(TirpCommand):
    """Sessions added by the schedule dialog (already applied)."""

    def __init__(
        self,
        ctx: CommandContext,
        cohort_id: str,
        args: dict,
        session_ids: list[str],
        after: Callable[[], None],
    ) -> None:
        super().__init__(ctx, f"Generate {len(session_ids)} sessions", cohort_id, after)
        self.args, self.session_ids = args, session_ids

    def do(self) -> None:
        self.session_ids = tirp.schedule_sessions(
            self.ctx.db, cohort_id=self.record_id, **self.args
        )

    def undo_it(self) -> None:
        tirp_undo.undo_schedule(self.ctx.db, session_ids=self.session_ids)
