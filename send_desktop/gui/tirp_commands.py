"""Undoable TIRP edits on the cohorts page: a session's details, a feedback quote.

Like ``gui.commands``: the page runs the first ``redo`` itself (so a refusal shows at once)
and pushes the command already applied; ``after`` redraws the page after undo and redo.
"""

from __future__ import annotations

from collections.abc import Callable

from send_desktop.gui.commands import ServiceCommand
from send_desktop.gui.context import CommandContext
from send_desktop.services import cohorts, tirp
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
