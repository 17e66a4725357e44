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

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.a11y.announce import announce
from send_desktop.gui.a11y.focus import in_order
from send_desktop.gui.context import CommandContext
from send_desktop.gui.messages import show_error
from send_desktop.gui.pages import catalog
from send_desktop.gui.pages.pathways_outputs import BidOutputs
from send_desktop.gui.pages.pathways_ranking import RankingTab
from send_desktop.gui.pages.table_page import TablePage
from send_desktop.gui.tasks import TaskRunner
from send_desktop.storage.database import Database

Written = Callable[[Path, str, str], None]  # (path to open, message, button text)


class PathwaysPage(RankingTab, BidOutputs, QWidget):
    current_table_changed = Signal()

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
        written: Written | None = None,
        ctx: CommandContext | None = None,
        undo_stack: QUndoStack | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.ctx = ctx or CommandContext(db, lambda _k, _i: None, lambda m: show_error(self, m))
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
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
        self.step_date = QDateEdit(QDate.currentDate())
        self.step_date.setCalendarPopup(True)
        self.step_date.setDisplayFormat("dd/MM/yyyy")
        self.step_date.setAccessibleName("Date of the step")
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
        form.addRow("On:", self.step_date)
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
        # as narrow as its contents allow (plus room for the vertical scroll bar), never less
        width = panel.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(width)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setAccessibleName("Budget and actions for the selected bid")
        self.split = QSplitter()
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.bids)
        self.split.addWidget(scroll)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 0)
        self.split.setSizes([1000, width])
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
                self.step_date,
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
        self.step_date.setEnabled(bool(summary.next_steps))
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
        self._redrawn(bid_id)
        announce(self, message, label=self.message)

    def _record_step(self) -> None:
        from send_desktop.services import pathways

        bid_id, step = self.bids.selected_id(), self.step_combo.currentText()
        if not bid_id or not step:
            return
        from send_desktop.gui.pathways_commands import RecordStep

        summary = pathways.bid_summary(self.db, bid_id=bid_id)
        try:
            day = self.step_date.date()
            on = date(day.year(), day.month(), day.day())
            done = pathways.advance_bid(self.db, bid_id=bid_id, status=step, on=on)
        except pathways.PathwaysError as exc:
            self.message.setText(exc.message)
            return
        school = summary.school if summary else "the bid"
        self.undo_stack.push(RecordStep(self.ctx, school, done, on, self._redrawn))
        self._after_change(bid_id, f"Recorded: {step}.")
        self.step_date.setDate(QDate.currentDate())

    def _redrawn(self, bid_id: str) -> None:
        """After an undo or redo: the bid, its panel and the budget as they now are."""
        self.bids.reload(select_id=bid_id)
        self.bids.select_id(bid_id)
        self._on_bid_selected()

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
        from send_desktop.gui.pathways_commands import SetAward

        summary = pathways.bid_summary(self.db, bid_id=bid_id)
        old = summary.awarded_pence if summary else None
        if pence == old:
            return
        try:
            pathways.set_award(self.db, bid_id=bid_id, awarded_pence=pence)
        except pathways.PathwaysError as exc:
            self.message.setText(exc.message)
            return
        school = summary.school if summary else "the bid"
        self.undo_stack.push(SetAward(self.ctx, school, bid_id, old, pence, self._redrawn))
        self._after_change(bid_id, "Award saved.")

    # --- ranking tab -------------------------------------------------------------------

    def _on_tab(self, index: int) -> None:
        if index == 1:
            self.load_rounds()
        self.current_table_changed.emit()

    # --- page protocol -----------------------------------------------------------------

    def tables(self) -> list[TablePage]:
        return [self.bids]

    def focus_order(self) -> list[QWidget]:
        """Tab: the tabs, the bids table, then the panel beside it top to bottom."""
        return in_order(self, [self.tabs.tabBar(), *self.bids.focus_order()])

    def current_table(self) -> TablePage:
        return self.bids
