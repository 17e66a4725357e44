"""What the Enhanced pathways page opens and writes for the selected bids: Bid details…,
Payments & documents…, Invitation/Award letters… (per school or combined, through the task
runner, then Open folder / Open PDF) and the letter template editor.

A mixin of ``PathwaysPage`` (it uses the page's ``db``, ``runner``, ``written``, ``folder``,
``bids``, ``message``); dialogs and services are imported when used.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog


class BidOutputs:
    def open_files_dialog(self) -> None:
        from send_desktop.gui.dialogs.pathway_dialogs import BidFilesDialog

        bid_id = self.bids.selected_id()
        if not bid_id:
            return
        dialog = BidFilesDialog(self.db, bid_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(lambda: self._after_change(bid_id, self.message.text()))
        dialog.finished.connect(lambda _r: setattr(self, "files_dialog", None))
        self.files_dialog = dialog
        dialog.open()

    def open_details_dialog(self) -> None:
        from send_desktop.gui.dialogs.pathway_setup import BidDetailsDialog
        from send_desktop.services import pathways

        bid_id = self.bids.selected_id()
        summary = pathways.bid_summary(self.db, bid_id=bid_id) if bid_id else None
        if summary is None:
            return
        dialog = BidDetailsDialog(self.db, bid_id, summary.school, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._after_change(bid_id, "Bid details saved."))
        dialog.finished.connect(lambda _r: setattr(self, "details_dialog", None))
        self.details_dialog = dialog
        dialog.open()

    def _letters_round(self) -> str | None:
        from send_desktop.services import pathways

        bid_id = self.bids.selected_id()
        summary = pathways.bid_summary(self.db, bid_id=bid_id) if bid_id else None
        if summary is not None:
            return summary.round_name
        names = pathways.round_names(self.db)
        return names[0] if len(names) == 1 else None

    def open_letters_dialog(self, kind: str) -> None:
        from send_desktop.gui.dialogs.pathway_dialogs import LettersDialog

        ids = self.bids.selected_ids()
        round_name = self._letters_round()
        if not ids and round_name is None:
            self.message.setText("Select the bids to write to (Ctrl+click for several).")
            return
        dialog = LettersDialog(
            kind,
            selected=len(ids),
            round_name=round_name,
            edit_template=lambda: self.open_template_dialog(kind, ids, round_name),
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.write_letters(
                kind,
                ids if dialog.only_selected() else None,
                None if dialog.only_selected() else round_name,
                combined=dialog.is_combined(),
            )
        )
        dialog.finished.connect(lambda _r: setattr(self, "letters_dialog", None))
        self.letters_dialog = dialog
        dialog.open()

    def open_template_dialog(
        self, kind: str, ids: list[str] | None = None, round_name: str | None = None
    ) -> None:
        from send_desktop.gui.dialogs.pathway_dialogs import LetterTemplateDialog
        from send_desktop.services import pathway_letters

        sample = None
        if ids or round_name:
            found = pathway_letters.letters(
                self.db, kind=kind, bid_ids=ids or None, round_name=None if ids else round_name
            )
            sample = found[0] if found else None
        dialog = LetterTemplateDialog(self.db, kind, sample, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "template_dialog", None))
        self.template_dialog = dialog
        dialog.open()

    def write_letters(
        self,
        kind: str,
        bid_ids: list[str] | None,
        round_name: str | None,
        *,
        combined: bool,
    ) -> None:
        today = date.today().isoformat()
        if combined:
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                f"Save the {kind} letters",
                str(self.folder / f"{kind}-letters-{today}.pdf"),
                "PDF documents (*.pdf)",
            )
            if not chosen:
                return
            target = Path(chosen)
            if target.suffix.lower() != ".pdf":
                target = target.with_name(target.name + ".pdf")
            self.folder = target.parent
            where = {"path": target}
        else:
            chosen = QFileDialog.getExistingDirectory(
                self, f"Folder for the {kind} letters", str(self.folder)
            )
            if not chosen:
                return
            target = Path(chosen)
            self.folder = target
            where = {"folder": target}
        db = self.db

        def job(progress, cancel):  # noqa: ANN001, ANN202
            from send_desktop.services import pathway_letters

            return pathway_letters.write_letters(
                db,
                kind=kind,
                bid_ids=bid_ids,
                round_name=round_name,
                progress=progress,
                cancel=cancel,
                **where,
            )

        self.runner.run(
            job,
            parent=self,
            title=f"Writing {kind} letters",
            on_done=lambda result: self._letters_written(kind, result, target, combined),
            on_error=lambda err: self.message.setText(
                getattr(err, "message", None) or f"The letters could not be written: {err}"
            ),
            on_cancelled=lambda _m: self.message.setText("Letters cancelled: nothing kept."),
        )

    def _letters_written(self, kind: str, result, target: Path, combined: bool) -> None:  # noqa: ANN001
        skipped = (
            f" {len(result.skipped)} left out (no award): {', '.join(result.skipped)}."
            if result.skipped
            else ""
        )
        if not result.letters:
            self.message.setText(f"No {kind} letters to write.{skipped}")
            return
        noun = "letter" if result.letters == 1 else "letters"
        where = f"one PDF, {target.name}" if combined else f"{target}"
        message = f"Wrote {result.letters} {kind} {noun} to {where}.{skipped}"
        self.message.setText(message)
        if self.written is not None:
            self.written(target, message, "Open PDF" if combined else "Open folder")
