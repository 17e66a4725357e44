"""Special-school outreach: the package catalogue (open for applications or not) and the
referrals with their path (next steps only; refusals in words), evidence checklist, history
and outcomes. A banner says when a freed place was offered automatically.

Services are imported when used, not at start-up (tests/gui/test_startup.py).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.context import CommandContext
from send_desktop.gui.messages import show_error
from send_desktop.gui.pages import catalog
from send_desktop.gui.pages.table_page import TablePage
from send_desktop.storage.database import Database

RATINGS = ("", "1 – no change", "2", "3", "4", "5 – a lasting difference")


def _uk(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _side(name: str, *widgets: QWidget) -> QScrollArea:
    panel = QWidget()
    column = QVBoxLayout(panel)
    column.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        column.addWidget(w)
    column.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidget(panel)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setAccessibleName(name)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a stop of its own: its controls are
    scroll.setMinimumWidth(340)
    scroll.setMaximumWidth(380)
    return scroll


class OutreachPage(QWidget):
    current_table_changed = Signal()
    changed = Signal()  # something was written: other pages are out of date

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        ctx: CommandContext | None = None,
        undo_stack: QUndoStack | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx or CommandContext(db, lambda _k, _i: None, lambda m: show_error(self, m))
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.packages = TablePage(catalog.OUTREACH, db)
        self.referrals = TablePage(catalog.REFERRALS, db)
        self.banner = QLabel("")
        self.banner.setObjectName("offerBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "QLabel#offerBanner { background: #e6f0fa; border: 1px solid #2a6ebb;"
            " padding: 6px; color: #10335c; }"
        )
        self.banner.setAccessibleName("Places offered automatically")
        self.banner.hide()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._catalogue_tab(), "&Catalogue")
        self.tabs.addTab(self._referrals_tab(), "&Referrals")
        self.tabs.addTab(self._questionnaires_tab(), "&Questionnaires")
        self.tabs.currentChanged.connect(self._on_tab)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs)
        self.packages.selection_changed.connect(self._on_package_selected)
        self.referrals.selection_changed.connect(self._on_referral_selected)
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+R"), self)
        shortcut.activated.connect(self.new_referral)
        self._on_package_selected()
        self._on_referral_selected()

    @property
    def db(self) -> Database:
        return self.packages.db  # the window hands its tables a new database when opened

    # --- catalogue tab -----------------------------------------------------------------

    def _catalogue_tab(self) -> QWidget:
        box = QGroupBox("Selected package")
        form = QVBoxLayout(box)
        self.package_text = QLabel("Select a package in the table.")
        self.package_text.setWordWrap(True)
        self.package_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("Close to applications")
        self.open_button.setAccessibleName("Open or close the package to applications")
        self.open_button.clicked.connect(self._toggle_open)
        self.refer_button = QPushButton("&New referral…")
        self.refer_button.setToolTip("Record a referral or application (Ctrl+Shift+R)")
        self.refer_button.clicked.connect(self.new_referral)
        self.edit_package_button = QPushButton("&Edit package…")
        self.edit_package_button.setToolTip("Change the package (or double-click it)")
        self.edit_package_button.clicked.connect(lambda: self.edit_package())
        self.new_package_button = QPushButton("New packa&ge…")
        self.new_package_button.clicked.connect(lambda: self.edit_package(new=True))
        form.addWidget(self.package_text)
        form.addWidget(self.open_button)
        form.addWidget(self.edit_package_button)
        form.addWidget(self.refer_button)
        form.addWidget(self.new_package_button)
        self.packages.record_activated.connect(lambda _id: self.edit_package())
        self.packages.empty_action_requested.connect(lambda: self.edit_package(new=True))
        offer = QGroupBox("Offer to schools")
        offer_layout = QVBoxLayout(offer)
        note = QLabel("The catalogue of packages open for applications, as a PDF to send out.")
        note.setWordWrap(True)
        self.pdf_button = QPushButton("Catalogue &PDF…")
        self.pdf_button.clicked.connect(self.save_catalogue_pdf)
        self.pdf_message = QLabel("")
        self.pdf_message.setWordWrap(True)
        offer_layout.addWidget(note)
        offer_layout.addWidget(self.pdf_button)
        offer_layout.addWidget(self.pdf_message)
        return self._with_side(self.packages, _side("Selected package", box, offer))

    @staticmethod
    def _with_side(table: QWidget, side: QWidget) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(table, 1)
        row.addWidget(side)
        return holder

    def _on_package_selected(self) -> None:
        from send_desktop.services import outreach

        package_id = self.packages.selected_id()
        detail = outreach.package_detail(self.db, package_id=package_id) if package_id else None
        self.open_button.setEnabled(detail is not None)
        self.edit_package_button.setEnabled(detail is not None)
        if detail is None:
            self.package_text.setText("Select a package in the table.")
            return
        size = ", ".join(
            part
            for part in (
                f"{detail.sessions} sessions" if detail.sessions else "",
                f"{detail.hours} hours" if detail.hours else "",
            )
            if part
        )
        evidence = "; ".join(detail.evidence) or "none"
        state = "Open for applications" if detail.open_for_applications else "Closed"
        self.package_text.setText(
            f"<b>{detail.name}</b><br>{detail.area_of_need} · {detail.mode} · level "
            f"{detail.level}<br>{size or '-'} · {detail.places_per_term} places per term"
            f"<p>{detail.description or ''}</p><p><b>Eligibility:</b> "
            f"{detail.eligibility or '-'}<br><b>Evidence required:</b> {evidence}</p>"
            f"<p><b>{state}</b></p>"
        )
        self.open_button.setText(
            "Close to applications" if detail.open_for_applications else "Open for applications"
        )
        self._package_open = detail.open_for_applications

    def edit_package(self, *, new: bool = False) -> None:
        from send_desktop.gui.dialogs.package_dialog import PackageDialog

        package_id = None if new else self.packages.selected_id()
        if not new and not package_id:
            return
        old = getattr(self, "package_dialog", None)
        if old is not None:
            old.deleteLater()
        dialog = PackageDialog(self.db, package_id, self)
        dialog.accepted.connect(lambda: self._package_saved(dialog.package_id, dialog.offers))
        self.package_dialog = dialog  # the one open (tests drive it)
        dialog.open()

    def _package_saved(self, package_id: str | None, offers: list[str]) -> None:
        self.packages.reload(select_id=package_id)
        self._on_package_selected()
        self.show_offers(offers)
        self.referrals.mark_stale()
        self.changed.emit()

    def _toggle_open(self) -> None:
        from send_desktop.services import outreach

        package_id = self.packages.selected_id()
        if not package_id:
            return
        outreach.set_open(
            self.db, package_id=package_id, open_for_applications=not self._package_open
        )
        self.packages.reload(select_id=package_id)
        self._on_package_selected()
        self.changed.emit()

    def save_catalogue_pdf(self, path: str | None = None) -> None:
        from send_desktop.interchange.atomic import TargetError
        from send_desktop.services import packs

        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, "Save the package catalogue", "outreach-catalogue.pdf", "PDF (*.pdf)"
            )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            written = packs.make_outreach_catalogue(self.db, path=path)
        except TargetError as exc:
            self.pdf_message.setText(exc.message)
            return
        self.pdf_message.setText(f"Saved to {written}")

    # --- referrals tab -----------------------------------------------------------------

    def _referrals_tab(self) -> QWidget:
        from send_desktop.gui.dialogs.referral_dialog import no_names_note

        box = QGroupBox("Selected referral")
        form = QFormLayout(box)
        self.referral_text = QLabel("Select a referral in the table.")
        self.referral_text.setWordWrap(True)
        self.places_text = QLabel("")
        self.places_text.setWordWrap(True)
        self.places_text.setAccessibleName("Places this term")
        self.step_combo = QComboBox()
        self.step_combo.setAccessibleName("Next step")
        self.step_combo.currentTextChanged.connect(self._on_step_chosen)
        self.step_date = QDateEdit(QDate.currentDate())
        self.step_date.setCalendarPopup(True)
        self.step_date.setDisplayFormat("dd/MM/yyyy")
        self.step_date.setAccessibleName("Date of the step")
        self.step_date.setToolTip("The day the step was taken (default today)")
        self.who_edit = QLineEdit()
        self.who_edit.setAccessibleName("Who is recording this step")
        self.who_edit.setPlaceholderText("blank: your login name")
        self.why_edit = QLineEdit()
        self.why_edit.setAccessibleName("Why (no child's name)")
        self.why_edit.setPlaceholderText("the reason for this step")
        self.rating_combo = QComboBox()
        self.rating_combo.addItems(list(RATINGS))
        self.rating_combo.setAccessibleName("Outcome rating")
        self.outcome_edit = QPlainTextEdit()
        self.outcome_edit.setAccessibleName("Outcome notes (no child's name)")
        self.outcome_edit.setTabChangesFocus(True)
        self.outcome_edit.setMaximumHeight(70)
        self.step_button = QPushButton("Record &step")
        self.step_button.clicked.connect(self.record_step)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setObjectName("stepMessage")
        self.rows: dict[str, tuple[QLabel, QWidget]] = {}
        form.addRow(self.referral_text)
        form.addRow(self.places_text)
        for key, text, widget in (
            ("step", "Next &step:", self.step_combo),
            ("on", "&On:", self.step_date),
            ("who", "&Who:", self.who_edit),
            ("why", "Wh&y:", self.why_edit),
            ("rating", "Outcome &rating:", self.rating_combo),
            ("notes", "Outcome &notes:", self.outcome_edit),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
            self.rows[key] = (label, widget)
        form.addRow(no_names_note())
        form.addRow(self.step_button)
        form.addRow(self.message)
        evidence = QGroupBox("Evidence checklist")
        evidence_layout = QVBoxLayout(evidence)
        self.evidence = QListWidget()
        self.evidence.setAccessibleName("Evidence checklist: ticked items were received")
        self.evidence.setMaximumHeight(110)
        self.evidence.itemChanged.connect(self._on_evidence_ticked)
        evidence_layout.addWidget(self.evidence)
        history = QGroupBox("History")
        history_layout = QVBoxLayout(history)
        self.history = QListWidget()
        self.history.setAccessibleName("Steps so far, with who and why")
        self.history.setWordWrap(True)
        self.history.setMinimumHeight(120)
        history_layout.addWidget(self.history)
        self.new_button = QPushButton("&New referral…")
        self.new_button.setToolTip("Record a referral or application (Ctrl+Shift+R)")
        self.new_button.clicked.connect(self.new_referral)
        return self._with_side(
            self.referrals, _side("Selected referral", self.new_button, box, evidence, history)
        )

    def _on_step_chosen(self, step: str) -> None:
        completing = step == "completed"
        for key in ("rating", "notes"):
            label, widget = self.rows[key]
            label.setVisible(completing)
            widget.setVisible(completing)

    def _on_referral_selected(self) -> None:
        from send_desktop.services import outreach

        referral_id = self.referrals.selected_id()
        summary = (
            outreach.referral_summary(self.db, referral_id=referral_id) if referral_id else None
        )
        self.step_combo.clear()
        self.evidence.blockSignals(True)
        self.evidence.clear()
        self.history.clear()
        enabled = summary is not None
        for widget in (
            self.step_combo,
            self.step_button,
            self.step_date,
            self.who_edit,
            self.why_edit,
        ):
            widget.setEnabled(enabled)
        if summary is None:
            self.referral_text.setText("Select a referral in the table.")
            self.places_text.setText("")
            self.evidence.blockSignals(False)
            self._on_step_chosen("")
            return
        self.referral_text.setText(
            f"<b>{summary.setting}</b> → {summary.package} ({summary.provider})<br>"
            f"{summary.route}, {summary.term or 'no term'}, received {_uk(summary.received_on)}"
            f"<br>Status: <b>{summary.status}</b>"
            + (f"<br>Summary of need: {summary.summary_of_need}" if summary.summary_of_need else "")
            + (f"<br>Outcome: {summary.rating} of 5" if summary.rating else "")
            + (f" — {summary.outcome_notes}" if summary.outcome_notes else "")
        )
        full = " (full)" if summary.held >= summary.places else ""
        self.places_text.setText(
            f"Places this term: {summary.held} of {summary.places} held{full}, "
            f"{summary.waiting} waitlisted"
        )
        self.step_combo.addItems(list(summary.next_steps))
        if not summary.next_steps:
            for widget in (self.step_combo, self.step_button, self.step_date):
                widget.setEnabled(False)
        for item, ticked in summary.evidence.items():
            entry = QListWidgetItem(item)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            entry.setToolTip("received" if ticked else "not received yet")
            self.evidence.addItem(entry)
        if not summary.evidence:
            self.evidence.addItem("This package asks for no evidence.")
        self.evidence.blockSignals(False)
        for event in summary.events:
            who = f" by {event.by}" if event.by else ""
            why = f": {event.reason}" if event.reason else ""
            self.history.addItem(f"{_uk(event.on)} {event.status}{who}{why}")
        self._on_step_chosen(self.step_combo.currentText())

    def _on_evidence_ticked(self, item: QListWidgetItem) -> None:
        from send_desktop.services import outreach

        referral_id = self.referrals.selected_id()
        if not referral_id or not item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            return
        ticked = item.checkState() == Qt.CheckState.Checked
        outreach.set_evidence(self.db, referral_id=referral_id, evidence={item.text(): ticked})
        item.setToolTip("received" if ticked else "not received yet")
        self.message.setText(f"Evidence {'received' if ticked else 'not received'}: {item.text()}")

    def record_step(self) -> None:
        from send_desktop.services import outreach

        referral_id, step = self.referrals.selected_id(), self.step_combo.currentText()
        if not referral_id or not step:
            return
        who, why = self.who_edit.text(), self.why_edit.text()
        day = self.step_date.date()
        on = date(day.year(), day.month(), day.day())
        from send_desktop.gui.outreach_commands import RecordReferralStep

        args = {"referral_id": referral_id, "status": step, "on": on, "by": who, "reason": why}
        try:
            if step == "completed":
                args["rating"] = self.rating_combo.currentIndex() or None
                args["notes"] = self.outcome_edit.toPlainText()
                result = outreach.complete_referral(
                    self.db, **{k: v for k, v in args.items() if k != "status"}
                )
            else:
                result = outreach.advance_referral(self.db, **args)
        except outreach.OutreachError as exc:
            self.message.setText(exc.message)
            return
        summary = outreach.referral_summary(self.db, referral_id=referral_id)
        school = summary.setting if summary else "the referral"
        self.undo_stack.push(RecordReferralStep(self.ctx, school, args, result, self._redrawn))
        self.why_edit.clear()
        self.step_date.setDate(QDate.currentDate())
        self.outcome_edit.clear()
        self.rating_combo.setCurrentIndex(0)
        self._redrawn(referral_id)
        self.message.setText(result.message)
        self.show_offers([o.message for o in result.offers])

    def _redrawn(self, referral_id: str) -> None:
        """After an undo or redo: the referral, its history and the places as they now are."""
        self.banner.hide()
        self.referrals.reload(select_id=referral_id)
        self.referrals.select_id(referral_id)
        self._on_referral_selected()
        self.packages.mark_stale()
        self.changed.emit()

    def show_offers(self, lines: list[str]) -> None:
        if not lines:
            return
        self.banner.setText(
            "\u2139 " + " ".join(lines) + " The step is in its history; the setting still "
            "needs to be told."
        )
        self.banner.show()

    def new_referral(self) -> None:
        from send_desktop.gui.dialogs.referral_dialog import ReferralDialog

        package_id = self.packages.selected_id() if self.tabs.currentIndex() == 0 else None
        old = getattr(self, "referral_dialog", None)
        if old is not None:
            old.deleteLater()
        dialog = ReferralDialog(self.db, package_id, self)
        dialog.accepted.connect(lambda: self._referral_added(dialog.referral_id))
        self.referral_dialog = dialog  # the one open (tests drive it)
        dialog.open()

    def _referral_added(self, referral_id: str | None) -> None:
        if referral_id:
            self.tabs.setCurrentIndex(1)
            self.referrals.reload(select_id=referral_id)
            self.referrals.select_id(referral_id)
            self._on_referral_selected()
            self.message.setText("Referral recorded: received.")
            self.packages.mark_stale()
            self.changed.emit()

    # --- questionnaires tab ------------------------------------------------------------

    def _questionnaires_tab(self) -> QWidget:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        top = QHBoxLayout()
        self.questionnaire_combo = QComboBox()
        self.questionnaire_combo.setAccessibleName("Questionnaire")
        self.questionnaire_combo.currentTextChanged.connect(self.show_questionnaire)
        label = QLabel("&Questionnaire:")
        label.setBuddy(self.questionnaire_combo)
        self.export_summary_button = QPushButton("&Export summary…")
        self.export_summary_button.clicked.connect(self.export_questionnaire)
        top.addWidget(label)
        top.addWidget(self.questionnaire_combo, 1)
        top.addWidget(self.export_summary_button)
        layout.addLayout(top)
        self.questionnaire_text = QLabel("")
        self.questionnaire_text.setWordWrap(True)
        self.questionnaire_text.setAccessibleName("Returns")
        layout.addWidget(self.questionnaire_text)
        self.summary_tree = QTreeWidget()
        self.summary_tree.setHeaderLabels(["Question / answer", "Answers", "Share"])
        self.summary_tree.setAccessibleName("Summary per question")
        self.summary_tree.setWordWrap(True)
        header = self.summary_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):  # titles and figures never cut, at any text size
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.summary_tree, 1)
        return holder

    def load_questionnaires(self) -> None:
        from send_desktop.services import questionnaires

        current = self.questionnaire_combo.currentText()
        names = questionnaires.questionnaire_names(self.db)
        self.questionnaire_combo.blockSignals(True)
        self.questionnaire_combo.clear()
        self.questionnaire_combo.addItems(names)
        if current in names:
            self.questionnaire_combo.setCurrentText(current)
        self.questionnaire_combo.blockSignals(False)
        self.export_summary_button.setEnabled(bool(names))
        self.show_questionnaire(self.questionnaire_combo.currentText())

    def show_questionnaire(self, name: str) -> None:
        from send_desktop.services import questionnaires

        self.summary_tree.clear()
        if not name:
            self.questionnaire_text.setText(
                "No questionnaire returns yet. Import them with File → Import… as "
                "'Questionnaire returns': one row per school, one column per question."
            )
            return
        summary = questionnaires.summarise(self.db, questionnaire=name)
        self.questionnaire_text.setText(
            f"{summary.returns} returns: {summary.mainstream} from mainstream settings, "
            f"{summary.special} from special schools."
        )
        for q in summary.questions:
            extra = f", mean {q.mean:g}" if q.mean is not None else ""
            top = QTreeWidgetItem(
                [q.question, str(q.answered), f"{q.kind}{extra}; {q.blank} blank"]
            )
            self.summary_tree.addTopLevelItem(top)
            for value, count in q.distribution:
                top.addChild(QTreeWidgetItem([value, str(count), f"{100 * q.share(count):.0f}%"]))
            for school, text in q.free_text:
                item = QTreeWidgetItem([f"{school}: {text}", "", ""])
                item.setToolTip(0, f"{school}: {text}")  # long answers are cut short
                top.addChild(item)
            top.setExpanded(True)

    def export_questionnaire(self, path: str | None = None) -> None:
        from send_desktop.interchange.atomic import TargetError
        from send_desktop.services import questionnaires

        name = self.questionnaire_combo.currentText()
        if not name:
            return
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export the summary", f"{name} summary.xlsx", "Excel workbook (*.xlsx)"
            )
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            written = questionnaires.export_summary(self.db, questionnaire=name, path=path)
        except TargetError as exc:
            self.questionnaire_text.setText(exc.message)
            return
        self.questionnaire_text.setText(f"Summary saved to {written}")

    # --- page protocol -----------------------------------------------------------------

    def _on_tab(self, index: int) -> None:
        if index == 2:
            self.load_questionnaires()
        self.current_table().ensure_loaded()
        self.current_table_changed.emit()

    def tables(self) -> list[TablePage]:
        return [self.packages, self.referrals]

    def show_table(self, table: TablePage) -> None:
        """Bring the tab holding ``table`` forward (a dashboard figure opens its rows)."""
        self.tabs.setCurrentIndex(1 if table is self.referrals else 0)

    def focus_order(self) -> list[QWidget]:
        """Every control of every tab, in reading order (Tab skips those of hidden tabs)."""
        return [
            self.tabs.tabBar(),
            *self.packages.focus_order(),
            self.open_button,
            self.edit_package_button,
            self.refer_button,
            self.new_package_button,
            self.pdf_button,
            *self.referrals.focus_order(),
            self.new_button,
            self.step_combo,
            self.step_date,
            self.who_edit,
            self.why_edit,
            self.rating_combo,
            self.outcome_edit,
            self.step_button,
            self.evidence,
            self.history,
            self.questionnaire_combo,
            self.export_summary_button,
            self.summary_tree,
        ]

    def current_table(self) -> TablePage:
        return self.referrals if self.tabs.currentIndex() == 1 else self.packages
