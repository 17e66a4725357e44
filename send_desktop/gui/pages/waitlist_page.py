"""The Waitlist page: the waiting settings in position order, and Allocate… to offer an open
cohort's free places (see dialogs/allocate_dialog.py)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from send_desktop.gui.a11y.announce import announce
from send_desktop.gui.pages import catalog
from send_desktop.gui.pages.table_page import TablePage
from send_desktop.storage.database import Database


class WaitlistPage(QWidget):
    current_table_changed = Signal()
    allocated = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.table = TablePage(catalog.WAITLIST, db)
        self.allocate_button = QPushButton("&Allocate…")
        self.allocate_button.setToolTip("Offer an open cohort's free places to waiting settings")
        self.allocate_button.clicked.connect(self.open_allocate)
        self.message = QLabel("")
        row = QHBoxLayout()
        row.addWidget(self.allocate_button)
        row.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

    def tables(self) -> list[TablePage]:
        return [self.table]

    def current_table(self) -> TablePage:
        return self.table

    def focus_order(self) -> list[QWidget]:
        return [self.allocate_button, *self.table.focus_order()]

    def make_dialog(self) -> QWidget:
        from send_desktop.gui.dialogs.allocate_dialog import AllocateDialog

        return AllocateDialog(self.db, self)

    def open_allocate(self) -> None:
        dialog = self.make_dialog()
        dialog.exec()
        self.after_dialog(dialog)

    def after_dialog(self, dialog: QWidget) -> None:
        count = getattr(dialog, "allocated", None)
        if count is None:
            return
        announce(self, f"Allocated {count} settings.", label=self.message)
        self.table.reload()
        self.allocated.emit(count)
