"""TIRP dialogs: enrol several settings at once; replace a leader part-way (history kept)."""

from __future__ import annotations

import uuid
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
        self.enrolment = None  # services.tirp.Enrolment once applied (for Undo)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Type to filter settings")
        self.filter.setAccessibleName("Filter settings")
        self.filter.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setAccessibleName("Settings: ticked ones are enrolled")
        members = {
            r[0]
            for r in db.query(
                "SELECT setting_id FROM cohort_member WHERE cohort_id = ? AND withdrawn_on IS NULL",
                (cohort_id,),
            )
        }
        waiting = {
            r[0] for r in db.query("SELECT setting_id FROM waitlist_entry WHERE status = 'waiting'")
        }
        for sid, label in setting_choices(db):
            if sid in members:
                label += " — already in this cohort"
            elif sid in waiting:
                label += " — on the waitlist"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, sid)
            if sid in members:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setCheckState(Qt.CheckState.Checked)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemChanged.connect(lambda _item: self._count())
        self.members = members
        self.count = QLabel("None ticked yet.")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.buttons = _buttons(self, "&Enrol")
        self.buttons.accepted.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(680, 560)

    def _count(self) -> None:
        n = len(self.chosen_ids())
        self.count.setText(f"{n} ticked." if n else "None ticked yet.")

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
            and self.list.item(i).data(Qt.ItemDataRole.UserRole) not in self.members
        ]

    def apply(self) -> None:
        from send_desktop.services import tirp
        from send_desktop.services.errors import ValidationError

        try:
            self.enrolment = tirp.enrol(
                self.db, cohort_id=self.cohort_id, setting_ids=self.chosen_ids()
            )
            self.added = self.enrolment.count
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
        self.args: dict = {}  # what replace_leader was given (for Redo)
        self.person = QComboBox()
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person.setAccessibleName("New leader")
        for pid, name, email in db.query(
            "SELECT id, full_name, email FROM person ORDER BY full_name"
        ):
            self.person.addItem(f"{name} <{email}>" if email else name, pid)
        self.person.setCurrentIndex(-1)
        self.person.lineEdit().setPlaceholderText("Type a name: someone in People, or new")
        self.person.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.person.completer().setCompletionMode(
            self.person.completer().CompletionMode.PopupCompletion
        )
        self.email = QLineEdit()
        self.email.setAccessibleName("New person's email")
        self.email.setPlaceholderText("only for someone not yet in People")
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
        form.addRow("&Email:", self.email)
        form.addRow("&From:", self.on)
        form.addRow("&Role:", self.role)
        self.resize(520, 0)
        form.addRow(self.message)
        form.addRow(self.buttons)

    def apply(self) -> None:
        from send_desktop.services import tirp
        from send_desktop.services.errors import ValidationError

        q = self.on.date()
        typed = self.person.currentText().strip()
        index = self.person.findText(typed)
        if not typed:
            self.message.setText("Type or choose the new leader.")
            self.person.setFocus()
            return
        self.args = {
            "on": date(q.year(), q.month(), q.day()),
            "role": self.role.text().strip() or None,
        }
        if index >= 0:
            self.args["person_id"] = self.person.itemData(index)
        else:  # someone not yet in People: added with the replacement, under this id
            from send_desktop.services.people import PersonData

            email = self.email.text().strip() or None
            self.args["person_id"] = str(uuid.uuid4())
            self.args["new_person"] = PersonData(full_name=typed, email=email)
        try:
            self.new_id = tirp.replace_leader(self.db, leader_id=self.leader_id, **self.args)
        except ValidationError as exc:
            self.message.setText(exc.message)
            return
        self.accept()


class WithdrawDialog(QDialog):
    """A setting withdraws on a date for a reason; optionally it waits again, keeping its
    original date on the waitlist."""

    def __init__(
        self, db: Database, member_id: str, setting: str, parent: QWidget | None = None
    ) -> None:
        from PySide6.QtWidgets import QCheckBox

        super().__init__(parent)
        self.setWindowTitle(f"Withdraw {setting}")
        self.db, self.member_id, self.setting = db, member_id, setting
        self.withdrawal = None  # what the withdrawal changed, once made (for undo)
        self.args: dict = {}
        self.on = QDateEdit(QDate.currentDate())
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("dd MMM yyyy")
        self.on.setAccessibleName("Withdrawn on")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("e.g. headteacher left; staffing")
        self.back = QCheckBox("Put it back on the &waitlist, keeping its original date")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.buttons = _buttons(self, "&Withdraw")
        self.buttons.accepted.connect(self.apply)
        form = QFormLayout(self)
        form.addRow(QLabel(f"{setting} leaves the cohort; its leaders end on that day."))
        form.addRow("&On:", self.on)
        form.addRow("&Reason:", self.reason)
        form.addRow(self.back)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.resize(480, 0)

    def apply(self) -> None:
        from send_desktop.services import tirp
        from send_desktop.services.errors import ValidationError

        q = self.on.date()
        self.args = {
            "on": date(q.year(), q.month(), q.day()),
            "reason": self.reason.text(),
            "back_to_waitlist": self.back.isChecked(),
        }
        try:
            self.withdrawal = tirp.withdraw_member(self.db, member_id=self.member_id, **self.args)
        except ValidationError as exc:
            self.message.setText(exc.message)
            self.reason.setFocus()
            return
        self.accept()


class FeedbackDialog(QDialog):
    """A participant's quote, their role, the session, and whether they consent to it being
    published. Only consented quotes ever leave the app. The page saves it (undoable)."""

    def __init__(self, sessions: list[tuple], parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QCheckBox, QPlainTextEdit

        super().__init__(parent)
        self.setWindowTitle("Add feedback")
        self.quote = QPlainTextEdit()
        self.quote.setAccessibleName("Quote")
        self.quote.setTabChangesFocus(True)
        self.quote.setPlaceholderText("What they said, in their words")
        self.role = QLineEdit()
        self.role.setAccessibleName("Their role")
        self.role.setPlaceholderText("e.g. SENCo, primary headteacher")
        self.session = QComboBox()
        self.session.setAccessibleName("Session")
        self.session.addItem("(not about one session)", None)
        for sid, seq, held, title, *_rest in sessions:
            when = f" — {held:%d %b %Y}" if held else ""
            self.session.addItem(f"{seq}. {title}{when}", sid)
        self.consent = QCheckBox("They &consent to this quote being published")
        self.consent.setToolTip("Without consent the quote stays in the app: never in packs.")
        self.message = QLabel("Only quotes with consent appear in packs or leave the app.")
        self.message.setWordWrap(True)
        self.buttons = _buttons(self, "&Add")
        self.buttons.accepted.connect(self._check)
        form = QFormLayout(self)
        form.addRow("&Quote:", self.quote)
        form.addRow("&Role:", self.role)
        form.addRow("&Session:", self.session)
        form.addRow(self.consent)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.resize(520, 0)

    def values(self) -> dict:
        return {
            "quote": self.quote.toPlainText().strip(),
            "role": self.role.text().strip() or None,
            "session_id": self.session.currentData(),
            "consent_to_publish": self.consent.isChecked(),
        }

    def _check(self) -> None:
        if not self.quote.toPlainText().strip():
            self.message.setText("Type the quote first.")
            self.quote.setFocus()
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


@demo_dialog(WithdrawDialog)
def _demo_withdraw(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    ((member_id, name),) = window.db.query(
        "SELECT m.id, s.name FROM cohort_member m JOIN setting s ON s.id = m.setting_id "
        "ORDER BY s.name LIMIT 1"
    )
    dialog = WithdrawDialog(window.db, member_id, name, window)
    yield dialog
    dialog.apply()  # no reason: the refusal is shown in words
    yield dialog


@demo_dialog(FeedbackDialog)
def _demo_feedback(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    from send_desktop.services import tirp

    ((cohort_id,),) = window.db.query("SELECT id FROM cohort ORDER BY name LIMIT 1")
    return FeedbackDialog(tirp.cohort_sessions(window.db, cohort_id), window)
