"""Enhanced pathways dialogs: a bid's payments and documents, letters, the letter template.

Services are imported inside methods (start-up never loads them).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.a11y.registry import demo_dialog
from send_desktop.storage.database import Database


def _pounds(pence: int | None) -> str:
    from send_desktop.domain.pathways import pounds

    return pounds(pence or 0)


def parse_pounds(text: str) -> int | None:
    """'1,250.50' or '£1250' -> pence; None if it is not an amount."""
    cleaned = text.replace(",", "").replace("£", "").strip()
    try:
        value = round(float(cleaned) * 100)
    except ValueError:
        return None
    return value if cleaned else None


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setAccessibleName(name)
    return table


class BidFilesDialog(QDialog):
    """Payments (amount and date; they make the budget's 'paid') and linked documents."""

    changed = Signal()

    def __init__(self, db: Database, bid_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.bid_id = db, bid_id
        self.setMinimumSize(640, 520)
        self.heading = QLabel("")
        self.heading.setWordWrap(True)
        self.heading.setObjectName("dialogHeading")

        pay_box = QGroupBox("Payments")
        self.payments = _table(["Date", "Amount", "Note"], "Payments")
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("e.g. 5,000")
        self.amount.setAccessibleName("Payment amount in pounds")
        self.paid_on = QDateEdit(QDate.currentDate())
        self.paid_on.setCalendarPopup(True)
        self.paid_on.setDisplayFormat("dd/MM/yyyy")
        self.paid_on.setAccessibleName("Payment date")
        self.note = QLineEdit()
        self.note.setPlaceholderText("optional, e.g. first instalment")
        self.note.setAccessibleName("Payment note")
        self.add_button = QPushButton("&Record payment")
        self.add_button.clicked.connect(self._add_payment)
        self.remove_button = QPushButton("Remo&ve payment")
        self.remove_button.setToolTip("Take back a payment entered by mistake")
        self.remove_button.clicked.connect(self._remove_payment)
        entry = QFormLayout()
        entry.addRow("&Amount (£):", self.amount)
        entry.addRow("&Date:", self.paid_on)
        entry.addRow("N&ote:", self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        pay_layout = QVBoxLayout(pay_box)
        pay_layout.addWidget(self.payments)
        pay_layout.addLayout(entry)
        pay_layout.addLayout(buttons)

        doc_box = QGroupBox("Linked documents (files stay where they are)")
        self.documents = _table(["Document", "State", "Path"], "Linked documents")
        self.documents.doubleClicked.connect(lambda _index: self._open_document())
        self.link_button = QPushButton("&Link file…")
        self.link_button.clicked.connect(self._link_document)
        self.open_button = QPushButton("O&pen")
        self.open_button.setToolTip("Open with the program the computer uses for this file")
        self.open_button.clicked.connect(self._open_document)
        self.unlink_button = QPushButton("Remove lin&k")
        self.unlink_button.setToolTip("Forget the link; the file itself is left alone")
        self.unlink_button.clicked.connect(self._unlink_document)
        doc_buttons = QHBoxLayout()
        for button in (self.link_button, self.open_button, self.unlink_button):
            doc_buttons.addWidget(button)
        doc_buttons.addStretch(1)
        doc_layout = QVBoxLayout(doc_box)
        doc_layout.addWidget(self.documents)
        doc_layout.addLayout(doc_buttons)

        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(pay_box, 3)
        layout.addWidget(doc_box, 2)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.payments.itemSelectionChanged.connect(self._update_buttons)
        self.documents.itemSelectionChanged.connect(self._update_buttons)
        self.amount.setFocus()
        self.reload()

    def reload(self) -> None:
        from send_desktop.services import pathway_bids

        detail = pathway_bids.bid_detail(self.db, bid_id=self.bid_id)
        if detail is None:
            self.heading.setText("This bid no longer exists.")
            return
        self.detail = detail
        self.setWindowTitle(f"Payments and documents: {detail.school}")
        left = (detail.awarded_pence or 0) - detail.paid_pence
        self.heading.setText(
            f"<b>{detail.school}</b> ({detail.round_name}, {detail.status}): "
            f"awarded {_pounds(detail.awarded_pence)}, paid {_pounds(detail.paid_pence)}, "
            f"still to pay {_pounds(left)}."
        )
        self.payments.setRowCount(len(detail.payments))
        for r, p in enumerate(detail.payments):
            day = p.paid_on
            for c, text in enumerate(
                (f"{day.day:02d}/{day.month:02d}/{day.year}", _pounds(p.amount_pence), p.note or "")
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, p.id)
                if c == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.payments.setItem(r, c, item)
        self.payments.resizeColumnsToContents()
        self.documents.setRowCount(len(detail.documents))
        for r, d in enumerate(detail.documents):
            for c, text in enumerate((d.label, "found" if d.exists else "MISSING", d.path)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, d.id)
                if c == 1 and not d.exists:
                    item.setToolTip("The file is no longer at this path (moved or deleted)")
                self.documents.setItem(r, c, item)
        self.documents.resizeColumnsToContents()
        self._update_buttons()

    def _selected(self, table: QTableWidget) -> str | None:
        rows = table.selectionModel().selectedRows()
        if not rows:
            return None
        return table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self._selected(self.payments) is not None)
        has_doc = self._selected(self.documents) is not None
        self.open_button.setEnabled(has_doc)
        self.unlink_button.setEnabled(has_doc)

    def _done(self, message: str) -> None:
        self.reload()
        self.message.setText(message)
        self.changed.emit()

    def _add_payment(self) -> None:
        from send_desktop.services import pathway_bids

        pence = parse_pounds(self.amount.text())
        if pence is None:
            self.message.setText(f"'{self.amount.text()}' is not an amount in pounds.")
            return
        day = self.paid_on.date()
        try:
            pathway_bids.record_payment(
                self.db,
                bid_id=self.bid_id,
                amount_pence=pence,
                paid_on=date(day.year(), day.month(), day.day()),
                note=self.note.text().strip() or None,
            )
        except pathway_bids.PathwaysError as exc:
            self.message.setText(exc.message)
            return
        self.amount.clear()
        self.note.clear()
        self._done(f"Payment of {_pounds(pence)} recorded.")

    def _remove_payment(self) -> None:
        from send_desktop.services import pathway_bids

        payment_id = self._selected(self.payments)
        if payment_id:
            pathway_bids.remove_payment(self.db, payment_id=payment_id)
            self._done("Payment removed.")

    def _link_document(self) -> None:
        from send_desktop.services import pathway_bids

        chosen, _ = QFileDialog.getOpenFileName(
            self, "Link a document to the bid", str(Path.home())
        )
        if chosen:
            pathway_bids.link_document(self.db, bid_id=self.bid_id, path=Path(chosen))
            self._done(f"Linked {Path(chosen).name}.")

    def _open_document(self) -> None:
        document_id = self._selected(self.documents)
        found = next((d for d in self.detail.documents if d.id == document_id), None)
        if found is None:
            return
        if not found.exists:
            self.message.setText(f"{found.label} is missing: there is no file at {found.path}.")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(found.path))
        self.message.setText(f"Opened {found.label}.")

    def _unlink_document(self) -> None:
        from send_desktop.services import pathway_bids

        document_id = self._selected(self.documents)
        if document_id:
            pathway_bids.unlink_document(self.db, document_id=document_id)
            self._done("Link removed (the file itself is untouched).")


class LettersDialog(QDialog):
    """Which bids get a letter and how it is written out: per school, or one combined PDF."""

    def __init__(
        self,
        kind: str,
        *,
        selected: int,
        round_name: str | None,
        edit_template: object = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        word = "Invitation" if kind == "invitation" else "Award"
        self.setWindowTitle(f"{word} letters")
        self.setMinimumWidth(460)
        intro = QLabel(
            f"{word} letters as PDFs in the house style, from the letter template."
            + (" Bids without an award are left out." if kind == "award" else "")
        )
        intro.setWordWrap(True)
        self.selected_only = QRadioButton(f"The &selected bids ({selected})")
        self.whole_round = QRadioButton(
            f"Every bid of &{round_name}" if round_name else "Every bid of the round"
        )
        self.selected_only.setEnabled(selected > 0)
        (self.selected_only if selected > 0 else self.whole_round).setChecked(True)
        self.whole_round.setEnabled(round_name is not None)
        which = QGroupBox("Letters for")
        which_layout = QVBoxLayout(which)
        which_layout.addWidget(self.selected_only)
        which_layout.addWidget(self.whole_round)
        self.per_school = QRadioButton("One PDF &per school, in a folder")
        self.combined = QRadioButton("One &combined PDF (each letter on a new page)")
        self.per_school.setChecked(True)
        how = QGroupBox("Write")
        how_layout = QVBoxLayout(how)
        how_layout.addWidget(self.per_school)
        how_layout.addWidget(self.combined)
        self.template_button = QPushButton("Edit the letter &template…")
        if callable(edit_template):
            self.template_button.clicked.connect(edit_template)
        else:
            self.template_button.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Write letters…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(which)
        layout.addWidget(how)
        layout.addWidget(self.template_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)

    def only_selected(self) -> bool:
        return self.selected_only.isChecked()

    def is_combined(self) -> bool:
        return self.combined.isChecked()


class LetterTemplateDialog(QDialog):
    """Edit the wording of a kind of letter: the text with ${placeholders}, the placeholders
    with what they stand for in a sample letter, and the sample filled in as you type."""

    def __init__(
        self, db: Database, kind: str, sample: object | None, parent: QWidget | None = None
    ) -> None:
        from send_desktop.services import pathway_letters

        super().__init__(parent)
        self.db, self.kind, self.sample = db, kind, sample
        word = "Invitation" if kind == "invitation" else "Award"
        self.setWindowTitle(f"{word} letter template")
        self.resize(980, 620)
        self.editor = QPlainTextEdit(pathway_letters.letter_template(db, kind))
        self.editor.setTabChangesFocus(True)  # Tab moves on to the preview and buttons
        self.editor.setAccessibleName("Letter template")
        self.editor.textChanged.connect(self._preview)
        self.fields = QListWidget()
        self.fields.setAccessibleName("Placeholders")
        self.fields.setToolTip("Double-click (or Enter) to put the placeholder at the cursor")
        values = getattr(sample, "values", {}) if sample is not None else {}
        for name in pathway_letters.PLACEHOLDERS:
            shown = values.get(name, "")
            item = QListWidgetItem(f"${{{name}}}  →  {shown}" if shown else f"${{{name}}}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.fields.addItem(item)
        self.fields.itemActivated.connect(self._insert)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Preview of the letter")
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem with the template")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        hint = QLabel(
            "The first line is the heading; a blank line starts a new paragraph. "
            "Placeholders such as <nobr>${school}</nobr> are filled in for each school "
            "(double-click one below to add it)."
        )
        hint.setTextFormat(Qt.TextFormat.RichText)
        hint.setWordWrap(True)
        left_layout.addWidget(hint)
        label = QLabel("&Wording:")
        label.setBuddy(self.editor)
        left_layout.addWidget(label)
        left_layout.addWidget(self.editor, 1)
        places = QLabel("P&laceholders" + (f" (as for {sample.school})" if sample else "") + ":")
        places.setBuddy(self.fields)
        left_layout.addWidget(places)
        left_layout.addWidget(self.fields)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        shown = QLabel("Pre&view" + (f": {sample.school}" if sample else "") + ":")
        shown.setBuddy(self.preview)
        right_layout.addWidget(shown)
        right_layout.addWidget(self.preview, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([520, 440])
        self.reset_button = QPushButton("&Reset to the built-in wording")
        self.reset_button.clicked.connect(self._reset)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._preview()

    def _insert(self, item: QListWidgetItem) -> None:
        self.editor.insertPlainText(f"${{{item.data(Qt.ItemDataRole.UserRole)}}}")
        self.editor.setFocus()

    def _preview(self) -> None:
        from html import escape

        from send_desktop.services import pathway_letters

        text = self.editor.toPlainText()
        try:
            if self.sample is not None:
                heading, paragraphs = pathway_letters.preview(text, self.sample)
            else:
                pathway_letters.check_template(text)
                heading, *paragraphs = [p for p in text.split("\n\n") if p.strip()] or [""]
        except pathway_letters.TemplateError as exc:
            self.problem.setText(exc.message)
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            return
        self.problem.setText("")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)
        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        self.preview.setHtml(f"<h2>{escape(heading)}</h2>{body}")

    def _reset(self) -> None:
        from send_desktop.services import pathway_letters

        self.editor.setPlainText(pathway_letters.default_template(self.kind))

    def _save(self) -> None:
        from send_desktop.services import pathway_letters

        try:
            pathway_letters.save_letter_template(self.db, self.kind, self.editor.toPlainText())
        except pathway_letters.TemplateError as exc:
            self.problem.setText(exc.message)
            return
        self.accept()


def _pathways_page(window):  # noqa: ANN001, ANN202
    window.switch_to("pathways")
    page = window.page("pathways").widget
    ((bid_id,),) = window.db.query("SELECT id FROM bid ORDER BY requested_pence DESC LIMIT 1")
    page.bids.select_id(bid_id)
    return page


@demo_dialog(BidFilesDialog)
def _demo_files(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    page = _pathways_page(window)
    page.open_files_dialog()
    return page.files_dialog


@demo_dialog(LettersDialog)
def _demo_letters(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    page = _pathways_page(window)
    page.open_letters_dialog("invitation")
    return page.letters_dialog


@demo_dialog(LetterTemplateDialog)
def _demo_template(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    page = _pathways_page(window)
    page.open_template_dialog("award", [page.bids.selected_id()])
    return page.template_dialog
