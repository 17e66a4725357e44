"""Undoable steps on the outreach page: a referral's dated step, with any place it offered.

Like ``gui.commands``: the page records the step first (a refusal shows at once) and pushes
the command already applied; ``after`` redraws the page after undo and redo.
"""

from __future__ import annotations

from collections.abc import Callable

from send_desktop.gui.commands import ServiceCommand
from send_desktop.gui.context import CommandContext
from send_desktop.services import outreach


class RecordReferralStep(ServiceCommand):
    page = "outreach"

    def __init__(
        self,
        ctx: CommandContext,
        school: str,
        step: dict,
        result: outreach.StepResult,
        after: Callable[[str], None],
    ) -> None:
        """``step``: what ``advance_referral`` or ``complete_referral`` was given."""
        super().__init__(ctx, f"Record ‘{result.status}’ for {school}", step["referral_id"])
        self.step, self.result, self.after = step, result, after

    def do(self) -> None:
        if self.step["status"] == "completed":
            args = {k: v for k, v in self.step.items() if k != "status"}
            self.result = outreach.complete_referral(self.ctx.db, **args)
        else:
            args = {k: v for k, v in self.step.items() if k not in ("rating", "notes")}
            self.result = outreach.advance_referral(self.ctx.db, **args)

    def undo_it(self) -> None:
        outreach.undo_referral_step(self.ctx.db, result=self.result)

    def redo(self) -> None:
        super().redo()
        self.after(self.record_id)

    def undo(self) -> None:
        super().undo()
        self.after(self.record_id)
