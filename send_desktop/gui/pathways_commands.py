"""Undoable steps on the pathways page: a bid's dated step and its award.

Like ``gui.commands``: the page makes the change first (a refusal shows at once) and pushes
the command already applied; ``after`` redraws the page after undo and redo.
"""

from __future__ import annotations

from collections.abc import Callable

from send_desktop.gui.commands import ServiceCommand
from send_desktop.gui.context import CommandContext
from send_desktop.services import pathways


class PathwaysCommand(ServiceCommand):
    page = "pathways"

    def __init__(
        self, ctx: CommandContext, text: str, bid_id: str, after: Callable[[str], None]
    ) -> None:
        super().__init__(ctx, text, bid_id)
        self.after = after

    def redo(self) -> None:
        super().redo()
        self.after(self.record_id)

    def undo(self) -> None:
        super().undo()
        self.after(self.record_id)


class RecordStep(PathwaysCommand):
    def __init__(
        self,
        ctx: CommandContext,
        school: str,
        step: pathways.Step,
        on,
        after,  # noqa: ANN001
    ) -> None:
        super().__init__(ctx, f"Record ‘{step.status}’ for {school}", step.bid_id, after)
        self.step, self.on = step, on

    def do(self) -> None:
        self.step = pathways.advance_bid(
            self.ctx.db, bid_id=self.record_id, status=self.step.status, on=self.on
        )

    def undo_it(self) -> None:
        pathways.undo_step(self.ctx.db, step=self.step)


class SetAward(PathwaysCommand):
    def __init__(
        self,
        ctx: CommandContext,
        school: str,
        bid_id: str,
        old: int | None,
        new: int | None,
        after: Callable[[str], None],
    ) -> None:
        super().__init__(ctx, f"Set the award for {school}", bid_id, after)
        self.old, self.new = old, new

    def do(self) -> None:
        pathways.set_award(self.ctx.db, bid_id=self.record_id, awarded_pence=self.new)

    def undo_it(self) -> None:
        pathways.set_award(self.ctx.db, bid_id=self.record_id, awarded_pence=self.old)
