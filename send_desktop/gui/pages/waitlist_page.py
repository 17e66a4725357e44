"""The Waitlist page: the waiting settings in position order; Allocate… to offer an open
cohort's free places (see dialogs/allocate_dialog.py), off with the reason in words when
nobody is waiting or no cohort is open; Reprioritise… for the selected setting; and its
position history (added, reprioritised, allocated, returned) below the table."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

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
        self.setObjectName("waitlistPage")
        self.table = TablePage(catalog.WAITLIST, db)
        self.allocate_button = QPushButton("&Allocate…")
        self.allocate_button.setToolTip("Offer an open cohort's free places to waiting settings")
        self.allocate_button.clicked.connect(self.open_allocate)
        self.reprioritise_button = QPushButton("&Reprioritise…")
        self.reprioritise_button.setToolTip("Change the selected setting's priority")
        self.reprioritise_button.clicked.connect(self.open_reprioritise)
        self.reason = QLabel("")
        self.reason.setObjectName("allocateReason")
        self.reason.setWordWrap(True)
        self.message = QLabel("")
        self.history = QTreeWidget()
        self.history.setHeaderLabels(["Date", "Event", "Position then", "Note"])
        self.history.setRootIsDecorated(False)
        self.history.setAccessibleName("Position history of the selected setting")
        self.history_title = QLabel("Select a setting to see its position history.")
        row = QHBoxLayout()
        row.addWidget(self.allocate_button)
        row.addWidget(self.reprioritise_button)
        row.addWidget(self.reason, 1)
        row.addWidget(self.message)
        lower = QWidget()
        box = QVBoxLayout(lower)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.history_title)
        box.addWidget(self.history, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.lower = lower
        lower.setMaximumHeight(220)  # a history is a few lines; the list gets the room
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(split, 1)
        self.table.selection_changed.connect(self.show_history)
        self.table.model.modelReset.connect(self.update_actions)
        self.update_actions()

    def tables(self) -> list[TablePage]:
        return [self.table]

    def current_table(self) -> TablePage:
        return self.table

    def focus_order(self) -> list[QWidget]:
        return [
            self.allocate_button,
            self.reprioritise_button,
            *self.table.focus_order(),
            self.history,
        ]

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().showEvent(event)
        self.update_actions()

    def allocate_refusal(self) -> str | None:
        """Why Allocate… is off, in words (None: it is on)."""
        waiting = self.db.query("SELECT count(*) FROM waitlist_entry WHERE status = 'waiting'")
        if not waiting[0][0]:
            return "Allocate is off: nobody is waiting."
        open_ = self.db.query("SELECT count(*) FROM cohort WHERE status = 'open for allocation'")[
            0
        ][0]
        if not open_:
            return "Allocate is off: no cohort is open for allocation."
        return None

    def update_actions(self) -> None:
        refusal = self.allocate_refusal()
        self.allocate_button.setEnabled(refusal is None)
        self.allocate_button.setToolTip(
            refusal or "Offer an open cohort's free places to waiting settings"
        )
        self.reason.setText(refusal or "")
        self.reprioritise_button.setEnabled(self.table.selected_id() is not None)
        self.lower.setVisible(self.table.stale or bool(self.table.model.table.rows))

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
        self.update_actions()
        self.allocated.emit(count)

    # --- priority and position history ------------------------------------------------

    def make_reprioritise_dialog(self) -> QDialog | None:
        from send_desktop.gui.dialogs.allocate_dialog import ReprioritiseDialog

        entry_id = self.table.selected_id()
        if entry_id is None:
            return None
        name, priority = self.db.query(
            "SELECT s.name, w.priority FROM waitlist_entry w JOIN setting s"
            " ON s.id = w.setting_id WHERE w.id = ?",
            (entry_id,),
        )[0]
        return ReprioritiseDialog(self.db, entry_id, name, priority, self)

    def open_reprioritise(self, dialog: QDialog | None = None) -> None:
        dialog = dialog or self.make_reprioritise_dialog()
        if dialog is None or not dialog.exec():
            return
        self.message.setText(dialog.outcome)
        self.table.reload(dialog.entry_id)
        self.show_history()

    def show_history(self) -> None:
        from send_desktop.services.waitlist import position_history

        self.history.clear()
        entry_id = self.table.selected_id()
        self.reprioritise_button.setEnabled(entry_id is not None)
        if entry_id is None:
            self.history_title.setText("Select a setting to see its position history.")
            return
        self.history_title.setText("Position history of the selected setting:")
        for on, event, position, note in position_history(self.db, entry_id):
            self.history.addTopLevelItem(
                QTreeWidgetItem([f"{on:%d %b %Y}", event, str(position) if position else "", note])
            )
        for col in range(3):
            self.history.resizeColumnToContents(col)
