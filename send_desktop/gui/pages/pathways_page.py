"""Enhanced pathways: the bids table with the round's budget and bid step actions, and the
ranking of a round (ties shown as the word 'tie', suppressed counts as 'x').

Letters (invitation, award) and the ranking's .xlsx are written through the window's task
runner (progress, Cancel); ``written(path, message, button)`` then offers to open them.
Services are imported when used, not at start-up (tests/gui/test_startup.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.pages import catalog
from send_desktop.gui.pages.table_page import TablePage
from send_desktop.gui.tasks import TaskRunner
from send_desktop.storage.database import Database

Written = Callable[[Path, str, str], None]  # (path to open, message, button text)

RANK_HEADERS = ("Rank", "URN", "School", "Year 7 EHCPs", "Phase", "Note")


class PathwaysPage(QWidget):
    current_table_changed = Signal()

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
        written: Written | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner or TaskRunner()
        self.written = written
        self.folder = Path.home()
        self.letters_dialog = None
        self.files_dialog = None
        self.template_dialog = None
        self.round_dialog = None
        self.count_dialog = None
        self.details_dialog = None
        self.bids = TablePage(catalog.PATHWAYS, db)
        self.bids.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.bids.model.modelReset.connect(self._fit_round_column)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._bids_tab(), "&Bids")
        self.tabs.addTab(self._ranking_tab(), "&Ranking")
        self.tabs.currentChanged.connect(self._on_tab)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.bids.selection_changed.connect(self._on_bid_selected)
        self._on_bid_selected()

    # --- bids tab ----------------------------------------------------------------------

    def _bids_tab(self) -> QWidget:
        side = QVBoxLayout()
        self.budget_box = QGroupBox("Budget")
        self.budget_form = QFormLayout(self.budget_box)
        self.budget_labels: dict[str, QLabel] = {}
        for name in (
            "Total grant",
            "Phase-1 allocations",
            "Awarded (phase 2)",
            "Paid",
            "Remaining",
        ):
            label = QLabel("-")
            label.setAccessibleName(name)
            self.budget_labels[name] = label
            self.budget_form.addRow(f"{name}:", label)
        steps = QGroupBox("Selected bid")
        form = QFormLayout(steps)
        self.bid_label = QLabel("Select a bid in the table.")
        self.bid_label.setWordWrap(True)
        self.step_combo = QComboBox()
        self.step_combo.setAccessibleName("Next step")
        self.step_button = QPushButton("Record &step")
        self.step_button.clicked.connect(self._record_step)
        self.award_edit = QLineEdit()
        self.award_edit.setPlaceholderText("e.g. 15,000")
        self.award_edit.setAccessibleName("Amount awarded in pounds")
        self.award_button = QPushButton("Set &award")
        self.award_button.clicked.connect(self._set_award)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        form.addRow(self.bid_label)
        form.addRow("Next step:", self.step_combo)
        form.addRow(self.step_button)
        form.addRow("Award (£):", self.award_edit)
        form.addRow(self.award_button)
        self.details_button = QPushButton("Bid de&tails…")
        self.details_button.setToolTip(
            "Amount requested, proposal summary, KS3 provision, conditions, contact"
        )
        self.details_button.clicked.connect(self.open_details_dialog)
        form.addRow(self.details_button)
        self.files_button = QPushButton("Payments && &documents…")
        self.files_button.setToolTip("Record payments (amount and date) and link files on disk")
        self.files_button.clicked.connect(self.open_files_dialog)
        form.addRow(self.files_button)
        form.addRow(self.message)
        side.addWidget(self.budget_box)
        side.addWidget(steps)
        side.addWidget(self._letters_box())
        side.addWidget(self._trial_box())
        side.addStretch(1)
        panel = QWidget()
        panel.setLayout(side)
        scroll = QScrollArea()
        scroll.setWidget(panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(290)
        self.split = QSplitter()
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.bids)
        self.split.addWidget(scroll)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 0)
        self.split.setSizes([700, 320])
        return self.split

    def _letters_box(self) -> QGroupBox:
        box = QGroupBox("Letters (selected bids)")
        row = QHBoxLayout(box)
        self.invite_button = QPushButton("&Invitation letters…")
        self.invite_button.clicked.connect(lambda: self.open_letters_dialog("invitation"))
        self.award_letters_button = QPushButton("A&ward letters…")
        self.award_letters_button.clicked.connect(lambda: self.open_letters_dialog("award"))
        row.addWidget(self.invite_button)
        row.addWidget(self.award_letters_button)
        return box

    def _fit_round_column(self) -> None:
        """The Round column says nothing when there is one round: it gives its width to
        the others (it comes back when a second round is added)."""
        rounds = {row[0] for row in self.bids.model.table.rows}
        wanted = len(rounds) > 1
        if self.bids.is_column_visible("round") != wanted:
            self.bids.set_column_visible("round", wanted)
            QTimer.singleShot(0, self.bids.refit_columns)
        has_bids = bool(self.bids.model.table.rows)
        self.invite_button.setEnabled(has_bids)
        self.award_letters_button.setEnabled(has_bids)

    def _trial_box(self) -> QGroupBox:
        box = QGroupBox("Trial allocation (approved phase-2 bids)")
        form = QFormLayout(box)
        self.method_combo = QComboBox()
        self.method_combo.addItem("Equal shares", "equal")
        self.method_combo.addItem("Pro rata to EHCP intake", "ehcp")
        self.method_combo.addItem("Pro rata to amount requested", "requested")
        self.method_combo.setAccessibleName("Allocation method")
        self.cap_edit = QLineEdit()
        self.cap_edit.setPlaceholderText("no cap")
        self.cap_edit.setAccessibleName("Cap per school in pounds")
        self.preview_button = QPushButton("&Preview")
        self.preview_button.clicked.connect(lambda: self._trial(apply=False))
        self.apply_button = QPushButton("Appl&y")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(lambda: self._trial(apply=True))
        self.trial_text = QLabel("")
        self.trial_text.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.apply_button)
        form.addRow("Method:", self.method_combo)
        form.addRow("Cap (£):", self.cap_edit)
        form.addRow(buttons)
        form.addRow(self.trial_text)
        self.method_combo.currentIndexChanged.connect(lambda _: self.apply_button.setEnabled(False))
        self.cap_edit.textChanged.connect(lambda _: self.apply_button.setEnabled(False))
        return box

    def _trial(self, *, apply: bool) -> None:
        from send_desktop.domain.pathways import pounds
        from send_desktop.services import pathways

        bid_id = self.bids.selected_id()
        summary = pathways.bid_summary(self.db, bid_id=bid_id) if bid_id else None
        if summary is None:
            self.trial_text.setText("Select a bid of the round to share.")
            return
        cap_text = self.cap_edit.text().replace(",", "").replace("£", "").strip()
        if cap_text and not cap_text.isdigit():
            self.trial_text.setText(f"'{self.cap_edit.text()}' is not a whole number of pounds.")
            return
        run = pathways.apply_allocation if apply else pathways.trial_allocation
        try:
            result = run(
                self.db,
                round_name=summary.round_name,
                method=self.method_combo.currentData(),
                cap_pounds=int(cap_text) if cap_text else None,
            )
        except pathways.PathwaysError as exc:
            self.trial_text.setText(exc.message)
            return
        lines = [f"{s.claim.name}: {pounds(s.pounds * 100)}" for s in result.shares]
        total = f"Total: {pounds(result.total_pounds * 100)} of {pounds(result.pot_pounds * 100)}"
        self.trial_text.setText("\n".join([*lines, total, "Applied." if apply else ""]).strip())
        self.apply_button.setEnabled(not apply and bool(result.shares))
        if apply:
            self.bids.reload(select_id=bid_id)
            self._show_budget(summary.round_name)

    def _on_bid_selected(self) -> None:
        from send_desktop.services import pathways

        bid_id = self.bids.selected_id()
        summary = pathways.bid_summary(self.db, bid_id=bid_id) if bid_id else None
        self.step_combo.clear()
        if summary is None:
            self.bid_label.setText("Select a bid in the table.")
            for widget in (
                self.step_combo,
                self.step_button,
                self.award_edit,
                self.award_button,
                self.details_button,
                self.files_button,
            ):
                widget.setEnabled(False)
            return
        count = len(self.bids.selected_ids())
        more = f"{count} bids selected; this one: " if count > 1 else ""
        self.bid_label.setText(f"{more}{summary.school} — {summary.status} ({summary.round_name})")
        self.step_combo.addItems(list(summary.next_steps))
        self.step_combo.setEnabled(bool(summary.next_steps))
        self.step_button.setEnabled(bool(summary.next_steps))
        self.award_edit.setEnabled(True)
        self.award_button.setEnabled(True)
        self.files_button.setEnabled(True)
        self.details_button.setEnabled(True)
        self._show_budget(summary.round_name)

    def _show_budget(self, round_name: str) -> None:
        from send_desktop.services import pathways

        budget = pathways.round_budget(self.db, round_name=round_name)
        for name, value in budget.lines():
            self.budget_labels[name].setText(value)
        self.budget_box.setTitle(f"Budget: {round_name}")

    def _after_change(self, bid_id: str, message: str) -> None:
        self.bids.reload(select_id=bid_id)
        self.bids.select_id(bid_id)
        self._on_bid_selected()
        self.message.setText(message)

    def _record_step(self) -> None:
        from send_desktop.services import pathways

        bid_id, step = self.bids.selected_id(), self.step_combo.currentText()
        if not bid_id or not step:
            return
        try:
            pathways.advance_bid(self.db, bid_id=bid_id, status=step)
        except pathways.PathwaysError as exc:
            self.message.setText(exc.message)
            return
        self._after_change(bid_id, f"Recorded: {step}.")

    def _set_award(self) -> None:
        from send_desktop.services import pathways

        bid_id = self.bids.selected_id()
        text = self.award_edit.text().replace(",", "").replace("£", "").strip()
        if not bid_id:
            return
        try:
            pence = round(float(text) * 100) if text else None
        except ValueError:
            self.message.setText(f"'{self.award_edit.text()}' is not an amount in pounds.")
            return
        try:
            pathways.set_award(self.db, bid_id=bid_id, awarded_pence=pence)
        except pathways.PathwaysError as exc:
            self.message.setText(exc.message)
            return
        self._after_change(bid_id, "Award saved.")

    # --- ranking tab -------------------------------------------------------------------

    def _ranking_tab(self) -> QWidget:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        top = QHBoxLayout()
        self.round_combo = QComboBox()
        self.round_combo.setAccessibleName("Funding round")
        self.round_combo.currentTextChanged.connect(self._show_ranking)
        round_label = QLabel("R&ound:")
        round_label.setBuddy(self.round_combo)
        top.addWidget(round_label)
        top.addWidget(self.round_combo, 1)
        self.ranking_summary = QLabel("")
        top.addWidget(self.ranking_summary)
        self.new_round_button = QPushButton("&New round…")
        self.new_round_button.setToolTip("Add a funding round: intake, grant and phase rules")
        self.new_round_button.clicked.connect(lambda: self.open_round_dialog(None))
        self.edit_round_button = QPushButton("&Edit round…")
        self.edit_round_button.clicked.connect(
            lambda: self.open_round_dialog(self.round_combo.currentText() or None)
        )
        top.addWidget(self.new_round_button)
        top.addWidget(self.edit_round_button)
        self.save_button = QPushButton("&Save ranking")
        self.save_button.setToolTip("Keep this ranking with the data it was built on")
        self.save_button.clicked.connect(self._save_ranking)
        top.addWidget(self.save_button)
        self.export_ranking_button = QPushButton("E&xport ranking…")
        self.export_ranking_button.setToolTip("Write this ranking to an Excel workbook")
        self.export_ranking_button.clicked.connect(self.export_ranking)
        top.addWidget(self.export_ranking_button)
        layout.addLayout(top)
        self.moves = QLabel("")
        self.moves.setWordWrap(True)
        self.moves.setAccessibleName("What moved since the saved ranking")
        layout.addWidget(self.moves)
        self.ranking = QTableWidget(0, len(RANK_HEADERS))
        self.ranking.setHorizontalHeaderLabels(list(RANK_HEADERS))
        self.ranking.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.ranking.verticalHeader().setVisible(False)
        self.ranking.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.ranking.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.ranking.setAccessibleName("Ranking")
        self.ranking.itemSelectionChanged.connect(self._update_ranking_buttons)
        layout.addWidget(self.ranking)
        bottom = QHBoxLayout()
        self.invite_ranked_button = QPushButton("&Invite selected…")
        self.invite_ranked_button.setToolTip(
            "Make an invited bid for each selected school (a tie needs the phase chosen)"
        )
        self.invite_ranked_button.clicked.connect(self.invite_selected)
        self.count_button = QPushButton("&Type count…")
        self.count_button.setToolTip("Type the selected school's Year 7 EHCP count")
        self.count_button.clicked.connect(self.open_count_dialog)
        self.ranking_message = QLabel("Select schools (Ctrl+click for several).")
        self.ranking_message.setWordWrap(True)
        self.ranking_message.setAccessibleName("Ranking message")
        bottom.addWidget(self.invite_ranked_button)
        bottom.addWidget(self.count_button)
        bottom.addWidget(self.ranking_message, 1)
        layout.addLayout(bottom)
        self._update_ranking_buttons()
        return holder

    def _selected_ranked(self) -> list[tuple[str, str, str]]:
        """(setting id, school, phase) of the selected ranking rows."""
        rows = sorted({i.row() for i in self.ranking.selectedIndexes()})
        out = []
        for r in rows:
            first = self.ranking.item(r, 0)
            if first is not None:
                out.append(
                    (first.data(Qt.ItemDataRole.UserRole), self.ranking.item(r, 2).text(),
                     self.ranking.item(r, 4).text())
                )  # fmt: skip
        return out

    def _update_ranking_buttons(self) -> None:
        chosen = self._selected_ranked()
        self.invite_ranked_button.setEnabled(bool(chosen))
        self.count_button.setEnabled(len(chosen) == 1)

    def open_round_dialog(self, round_name: str | None) -> None:
        from send_desktop.gui.dialogs.pathway_setup import RoundDialog

        dialog = RoundDialog(self.db, round_name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def saved() -> None:
            self.load_rounds()
            self.round_combo.setCurrentText(dialog.saved_name)
            self.bids.reload()
            self.ranking_message.setText(f"Saved the round {dialog.saved_name}.")

        dialog.accepted.connect(saved)
        dialog.finished.connect(lambda _r: setattr(self, "round_dialog", None))
        self.round_dialog = dialog
        dialog.open()

    def open_count_dialog(self) -> None:
        from send_desktop.gui.dialogs.pathway_setup import IntakeCountDialog
        from send_desktop.services import pathway_rounds

        chosen = self._selected_ranked()
        round_name = self.round_combo.currentText()
        if len(chosen) != 1 or not round_name:
            return
        setting_id, school, _phase = chosen[0]
        _id, data = pathway_rounds.round_data(self.db, name=round_name)
        held = self.db.query(
            "SELECT count, suppressed FROM intake_count WHERE setting_id = ? AND intake_year = ?",
            (setting_id, data.intake_year),
        )
        count, suppressed = held[0] if held else (None, False)
        dialog = IntakeCountDialog(
            self.db,
            setting_id=setting_id,
            school=school,
            intake_year=data.intake_year,
            count=count,
            suppressed=bool(suppressed),
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._show_ranking(round_name))
        dialog.finished.connect(lambda _r: setattr(self, "count_dialog", None))
        self.count_dialog = dialog
        dialog.open()

    def invite_selected(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from send_desktop.services import pathway_rounds, pathways

        chosen = self._selected_ranked()
        round_name = self.round_combo.currentText()
        if not chosen or not round_name:
            return
        decided = [c for c in chosen if c[2] in ("1", "2")]
        open_ = [c for c in chosen if c[2] not in ("1", "2")]
        phase = None
        if open_:
            names = ", ".join(c[1] for c in open_)
            choice, ok = QInputDialog.getItem(
                self,
                "Choose the phase",
                f"{names}: tied at the cut-off or below the threshold. Invite to:",
                ["Phase 1", "Phase 2"],
                0,
                False,
            )
            if not ok:
                return
            phase = 1 if choice == "Phase 1" else 2
        try:
            made = pathway_rounds.invite(
                self.db, round_name=round_name, setting_ids=[c[0] for c in decided]
            )
            if open_:
                made += pathway_rounds.invite(
                    self.db, round_name=round_name, setting_ids=[c[0] for c in open_], phase=phase
                )
        except pathways.PathwaysError as exc:
            self.ranking_message.setText(exc.message)
            return
        already = len(chosen) - made
        more = f"; {already} had a bid already" if already else ""
        self.ranking_message.setText(
            f"Invited {made} school{'s' if made != 1 else ''}{more}. The bids are on the Bids tab."
        )
        self.bids.reload()

    def _on_tab(self, index: int) -> None:
        if index == 1:
            self.load_rounds()
        self.current_table_changed.emit()

    def load_rounds(self) -> None:
        from send_desktop.services import pathways

        current = self.round_combo.currentText()
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        self.round_combo.addItems(pathways.round_names(self.db))
        if current:
            self.round_combo.setCurrentText(current)
        self.round_combo.blockSignals(False)
        self._show_ranking(self.round_combo.currentText())

    def _show_ranking(self, round_name: str) -> None:
        from send_desktop.services import pathways

        self.ranking.setRowCount(0)
        self.save_button.setEnabled(bool(round_name))
        self.export_ranking_button.setEnabled(bool(round_name))
        self.edit_round_button.setEnabled(bool(round_name))
        if not round_name:
            self.ranking_summary.setText("")
            self.moves.setText(
                "No funding rounds yet: New round… adds one. Its ranking appears here once "
                "the Year 7 EHCP intake counts are in (File → Import…, 'Year 7 EHCP intake "
                "counts', or Type count… for a school)."
            )
            return
        _, ranking = pathways.rank_round(self.db, round_name=round_name)
        self.ranking.setRowCount(len(ranking.schools))
        for r, school in enumerate(ranking.schools):
            values = (
                school.rank_text,
                school.row.urn,
                school.row.name,
                school.count_text,
                school.phase,
                school.note,
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, school.row.key)
                self.ranking.setItem(r, c, item)
        self.ranking.resizeColumnsToContents()
        self.ranking.horizontalHeader().setStretchLastSection(True)
        self.ranking_summary.setText(ranking.summary())
        self._show_moves(round_name)

    def _show_moves(self, round_name: str) -> None:
        from send_desktop.services import pathways

        changes = pathways.ranking_changes(self.db, round_name=round_name)
        if changes is None:
            self.moves.setText("No saved ranking yet: Save ranking keeps this one to compare.")
            return
        day = changes.saved_on
        since = f"Since the ranking saved on {day.day:02d}/{day.month:02d}/{day.year}"
        if not changes.moves:
            self.moves.setText(f"{since}: nothing moved.")
            return
        lines = [f"{m.name} ({m.urn}): {m.change}" for m in changes.moves]
        self.moves.setText(f"{since}:\n" + "\n".join(lines))

    def _save_ranking(self) -> None:
        from send_desktop.services import pathways

        round_name = self.round_combo.currentText()
        if round_name:
            pathways.save_ranking(self.db, round_name=round_name)
            self._show_moves(round_name)

    # --- payments, documents, letters, export --------------------------------------------

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

    def export_ranking(self) -> None:
        round_name = self.round_combo.currentText()
        if not round_name:
            self.moves.setText("There is no round to export.")
            return
        safe = "-".join("".join(c if c.isalnum() else " " for c in round_name.lower()).split())
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            f"Export the ranking of {round_name}",
            str(self.folder / f"ranking-{safe}-{date.today().isoformat()}.xlsx"),
            "Excel workbooks (*.xlsx)",
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        self.folder = path.parent
        db = self.db

        def job(progress, cancel):  # noqa: ANN001, ANN202
            from send_desktop.services.exports import export_table
            from send_desktop.services.pathway_exports import ranking_table

            progress(0.0, "Ranking the schools")
            table = ranking_table(db, round_name=round_name)
            return export_table(
                table,
                path=path,
                kind="ranking",
                title="Ranking",
                progress=progress,
                cancel=cancel,
            )

        def done(written: object) -> None:
            message = f"Exported the ranking of {round_name} to {written}"
            self.moves.setText(message)
            if self.written is not None:
                self.written(Path(str(written)), message, "Open")

        self.runner.run(
            job,
            parent=self,
            title="Exporting the ranking",
            on_done=done,
            on_error=lambda err: self.moves.setText(
                f"The ranking could not be written to {path}: "
                + (getattr(err, "reason", None) or getattr(err, "message", None) or str(err))
            ),
            on_cancelled=lambda _m: self.moves.setText("Export cancelled."),
        )

    # --- page protocol -----------------------------------------------------------------

    def tables(self) -> list[TablePage]:
        return [self.bids]

    def focus_order(self) -> list[QWidget]:
        return [self.tabs.tabBar(), *self.bids.focus_order()]

    def current_table(self) -> TablePage:
        return self.bids
