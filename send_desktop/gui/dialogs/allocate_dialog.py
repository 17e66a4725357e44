"""Allocate…: propose waitlisted settings for an open cohort's free places, let the lead swap
(tick or untick any waiting setting), and confirm: one audited transaction that can never
exceed capacity (``services.waitlist.apply_allocation``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.a11y.registry import demo_dialog
from send_desktop.storage.database import Database

BALANCES = {"First come, first served": None, "Balance by phase": "phase",
            "Balance by locality": "locality"}  # fmt: skip


class AllocateDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Allocate places")
        self.db = db
        self.allocated: int | None = None
        self.free = 0
        self.cohort = QComboBox()
        self.cohort.setAccessibleName("Cohort")
        self.balance = QComboBox()
        self.balance.addItems(list(BALANCES))
        self.balance.setAccessibleName("Balance")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Waiting settings: ticked ones are offered places")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.confirm = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.confirm.setText("&Confirm allocation")
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Cohort:", self.cohort)
        form.addRow("&Proposal:", self.balance)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 560)
        for (name,) in db.query(
            "SELECT name FROM cohort WHERE status = 'open for allocation' ORDER BY start_date, name"
        ):
            self.cohort.addItem(name)
        self.cohort.currentIndexChanged.connect(self.propose)
        self.balance.currentIndexChanged.connect(self.propose)
        self.list.itemChanged.connect(self._update_summary)
        self.propose()

    def propose(self) -> None:
        from send_desktop.services import waitlist

        self.list.blockSignals(True)
        self.list.clear()
        self.free = 0
        name = self.cohort.currentText()
        if not name:
            self.summary.setText("No cohort is open for allocation.")
            self.confirm.setEnabled(False)
            self.list.blockSignals(False)
            return
        try:
            proposal = waitlist.propose_allocation(
                self.db, cohort=name, balance=BALANCES[self.balance.currentText()]
            )
        except waitlist.AllocationError as exc:
            self.summary.setText(exc.message)
            self.confirm.setEnabled(False)
            self.list.blockSignals(False)
            return
        self.free = proposal.cohort.free
        chosen = {c.entry_id for c in proposal.chosen}
        for c in waitlist.waiting_candidates(self.db):
            item = QListWidgetItem(
                f"{c.name} — {c.phase or 'phase not known'}, added {c.added_on:%d %b %Y}"
            )
            item.setData(Qt.ItemDataRole.UserRole, c.entry_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = c.entry_id in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._update_summary()

    def chosen_ids(self) -> list[str]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _update_summary(self) -> None:
        n = len(self.chosen_ids())
        over = n > self.free
        self.summary.setText(
            f"{n} of {self.list.count()} waiting settings ticked for {self.free} free places."
            + (f" Untick {n - self.free}: a cohort can never go over capacity." if over else "")
        )
        self.confirm.setEnabled(0 < n <= self.free)

    def apply(self) -> None:
        from send_desktop.services import waitlist

        try:
            self.allocated = waitlist.apply_allocation(
                self.db, cohort=self.cohort.currentText(), entry_ids=self.chosen_ids()
            )
        except waitlist.AllocationError as exc:
            self.summary.setText(exc.message)
            return
        self.accept()


@demo_dialog(AllocateDialog)
def _demo(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    return AllocateDialog(window.db, window)


class ReprioritiseDialog(QDialog):
    """Raise or lower one waiting setting's priority (0 = normal; higher goes first), with
    a note for the position history."""

    def __init__(
        self,
        db: Database,
        entry_id: str,
        name: str,
        priority: int,
        parent: QWidget | None = None,
    ) -> None:
        from PySide6.QtWidgets import (
            QDialogButtonBox,
            QFormLayout,
            QLineEdit,
            QSpinBox,
        )

        super().__init__(parent)
        self.setWindowTitle(f"Reprioritise {name}")
        self.db, self.entry_id, self.name = db, entry_id, name
        self.outcome = ""
        self.priority = QSpinBox()
        self.priority.setRange(0, 9)
        self.priority.setValue(priority)
        self.priority.setAccessibleName("Priority")
        self.note = QLineEdit()
        self.note.setAccessibleName("Why")
        self.note.setPlaceholderText("e.g. agreed at the SEND panel")
        self.message = QLabel(
            "0 is normal. A higher priority goes ahead of everyone with a lower one; "
            "within a priority, first come, first served."
        )
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Save")
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Priority:", self.priority)
        form.addRow("&Why:", self.note)
        form.addRow(self.message)
        form.addRow(buttons)
        self.resize(460, 0)

    def apply(self) -> None:
        from send_desktop.services.errors import ValidationError
        from send_desktop.services.waitlist import reprioritise

        try:
            position = reprioritise(
                self.db,
                entry_id=self.entry_id,
                priority=self.priority.value(),
                note=self.note.text(),
            )
        except ValidationError as exc:
            self.message.setText(exc.message)
            return
        self.outcome = f"{self.name} is now number {position} on the waitlist."
        self.accept()


@demo_dialog(ReprioritiseDialog)
def _demo_reprioritise(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    ((entry_id, name, priority),) = window.db.query(
        "SELECT w.id, s.name, w.priority FROM waitlist_entry w JOIN setting s"
        " ON s.id = w.setting_id WHERE w.status = 'waiting' ORDER BY w.added_on LIMIT 1"
    )
    return ReprioritiseDialog(window.db, entry_id, name, priority, window)
