"""TIRP dialogs: enrol several settings at once; replace a leader part-way (history kept)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.a11y.registry import demo_dialog
from send_desktop.storage.database import Database


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.rejected.connect(dialog.reject)
    return box


class EnrolDialog(QDialog):
    """Tick settings (type to filter) and enrol them all in one unit of work."""

    def __init__(self, db: Database, cohort_id: str, parent: QWidget | None = None) -> None:
        from send_desktop.services.listing import setting_choices

        super().__init__(parent)
        self.setWindowTitle("Enrol settings")
        self.db, self.cohort_id = db, cohort_id
        self.added: int | None = None
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Type to filter settings")
        self.filter.setAccessibleName("Filter settings")
        self.filter.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setAccessibleName("Settings: ticked ones are enrolled")
        for sid, label in setting_choices(db):
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, sid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.buttons = _buttons(self, "&Enrol")
        self.buttons.accepted.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(520, 520)

    def _filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def tick(self, label_start: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.text().startswith(label_start):
                item.setCheckState(Qt.CheckState.Checked)

    def chosen_ids(self) -> list[str]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def apply(self) -> None:
        from send_desktop.services import tirp
        from send_desktop.services.errors import ValidationError

        try:
            self.added = tirp.enrol_settings(
                self.db, cohort_id=self.cohort_id, setting_ids=self.chosen_ids()
            )
        except ValidationError as exc:
            self.message.setText(exc.message)
            return
        self.accept()


class ReplaceLeaderDialog(QDialog):
    """End one leader on a date and start another from that day."""

    def __init__(
        self, db: Database, leader_id: str, leader_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Replace leader")
        self.db, self.leader_id = db, leader_id
        self.new_id: str | None = None
        self.person = QComboBox()
        self.person.setAccessibleName("New leader")
        for pid, name in db.query("SELECT id, full_name FROM person ORDER BY full_name"):
            self.person.addItem(name, pid)
        self.on = QDateEdit(QDate.currentDate())
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("dd MMM yyyy")
        self.role = QLineEdit()
        self.role.setPlaceholderText("same role unless changed")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.buttons = _buttons(self, "&Replace")
        self.buttons.accepted.connect(self.apply)
        form = QFormLayout(self)
        form.addRow(QLabel(f"Replacing {leader_name}; their attendance so far is kept."))
        form.addRow("&New leader:", self.person)
        form.addRow("&From:", self.on)
        form.addRow("&Role:", self.role)
        form.addRow(self.message)
        form.addRow(self.buttons)

    def apply(self) -> None:
        from send_desktop.services import tirp
        from send_desktop.services.errors import ValidationError

        q = self.on.date()
        try:
            self.new_id = tirp.replace_leader(
                self.db,
                leader_id=self.leader_id,
                person_id=self.person.currentData(),
                on=date(q.year(), q.month(), q.day()),
                role=self.role.text().strip() or None,
            )
        except ValidationError as exc:
            self.message.setText(exc.message)
            return
        self.accept()


@demo_dialog(EnrolDialog)
def _demo_enrol(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    ((cohort_id,),) = window.db.query("SELECT id FROM cohort ORDER BY name LIMIT 1")
    return EnrolDialog(window.db, cohort_id, window)


@demo_dialog(ReplaceLeaderDialog)
def _demo_replace(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    ((leader_id, name),) = window.db.query(
        "SELECT l.id, p.full_name FROM cohort_leader l JOIN person p ON p.id = l.person_id "
        "ORDER BY p.full_name LIMIT 1"
    )
    return ReplaceLeaderDialog(window.db, leader_id, name, window)
