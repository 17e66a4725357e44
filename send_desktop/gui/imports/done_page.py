"""Step 4 of the import wizard: what was written, and where to undo it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from send_desktop.gui.imports.file_page import hint_label
from send_desktop.gui.imports.preview_page import save_rejected
from send_desktop.gui.imports.words import plural, result_line, skipped_line
from send_desktop.gui.style import heading
from send_desktop.services.imports import ImportResult


class DonePage(QWidget):
    title = "Done"
    history_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: ImportResult | None = None
        self.folder = Path.home()
        self.outcome = QLabel()
        self.outcome.setObjectName("importOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome.setStyleSheet(heading(13))
        self.detail = hint_label()
        self.detail.setStyleSheet("")
        self.save_button = QPushButton("&Save rejected rows as .xlsx…")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_report)
        self.history_button = QPushButton("Open import &history")
        self.history_button.setAutoDefault(False)
        self.history_button.clicked.connect(self.history_requested)
        self.saved = hint_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.outcome)
        layout.addSpacing(6)
        layout.addWidget(self.detail)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addWidget(self.saved)
        layout.addStretch(1)

    def show_result(self, result: ImportResult, folder: Path, *, all_or_nothing: bool) -> None:
        self.result, self.folder = result, folder
        rejected = len(result.rejected)
        lines = []
        if result.written:
            self.outcome.setText(result_line(result))
            lines.append(
                "The pages now show the imported rows. To take this import back, use "
                "File → Import history."
            )
        elif rejected and all_or_nothing:
            self.outcome.setText("Nothing was imported.")
            lines.append(
                f"{plural(rejected, 'row was', 'rows were')} rejected and you chose to import "
                "nothing in that case. Fix the rows and import the file again."
            )
        elif not result.unchanged:
            self.outcome.setText("Nothing was imported: no row could be imported.")
        else:
            self.outcome.setText("Nothing was imported: the register already matches this file.")
        skipped = skipped_line(result)
        if skipped:
            lines.append(skipped)
        if rejected:
            lines.append(
                "Save the rejected rows as a spreadsheet to send back: each has the reason "
                "beside it and the cells to fix are highlighted."
            )
        self.detail.setText("\n\n".join(lines))
        self.save_button.setVisible(bool(rejected))
        self.history_button.setVisible(result.written)
        self.saved.clear()

    def save_report(self) -> None:
        if self.result is None:
            return
        path = save_rejected(self, self.result, self.folder)
        if path is not None:
            self.saved.setText(
                f"Saved {plural(len(self.result.rejected), 'rejected row')} to {path}."
            )

    def focus_first(self) -> None:
        if self.save_button.isVisible():
            self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)
