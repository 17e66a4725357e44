"""TIRP session dialogs: generate a cohort's schedule (launch day plus N sessions at an
interval, skipping holidays you enter, with a live preview of the dates) and edit one session.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.a11y.registry import demo_dialog
from send_desktop.storage.database import Database


def to_date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def date_edit(value: date | None, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day) if value else QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd MMM yyyy")
    edit.setAccessibleName(name)
    return edit


def ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.rejected.connect(dialog.reject)
    return box


class ScheduleDialog(QDialog):
    """Launch day + N sessions every K weeks, holidays skipped; the dates are previewed."""

    def __init__(
        self,
        db: Database,
        cohort_id: str,
        cohort_name: str,
        start: date | None,
        existing: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Generate the schedule for {cohort_name}")
        self.db, self.cohort_id = db, cohort_id
        self.added: int | None = None
        self.args: dict = {}  # what generate_sessions was given (for Redo)
        self.session_ids: list[str] = []  # the sessions it added (for Undo)
        self.launch = date_edit(start, "Launch day")
        self.count = QSpinBox()
        self.count.setRange(0, 40)
        self.count.setValue(6)
        self.count.setSuffix(" sessions after the launch")
        self.count.setAccessibleName("Sessions after the launch day")
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 26)
        self.weeks.setValue(13)
        self.weeks.setSuffix(" weeks")
        self.weeks.setAccessibleName("Weeks between sessions")
        self.holiday_from = date_edit(start, "Holiday from")
        self.holiday_to = date_edit(start, "Holiday to")
        self.holiday_from.dateChanged.connect(self._follow_from)
        self.add_holiday = QPushButton("&Add holiday")
        self.add_holiday.clicked.connect(self._add_holiday)
        self.holidays = QListWidget()
        self.holidays.setAccessibleName("School holidays to skip")
        self.holidays.setMaximumHeight(90)
        self.remove_holiday = QPushButton("Re&move")
        self.remove_holiday.setToolTip("Remove the selected holiday")
        self.remove_holiday.clicked.connect(self._remove_holiday)
        self.preview = QLabel("")
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName("Dates the schedule will have")
        self.message = QLabel(
            f"{cohort_name} already has {existing} sessions; these are added after them."
            if existing
            else ""
        )
        self.message.setWordWrap(True)
        self.buttons = ok_cancel(self, "&Generate")
        self.buttons.accepted.connect(self.apply)
        holiday_row = QHBoxLayout()
        holiday_row.addWidget(self.holiday_from)
        holiday_row.addWidget(QLabel("to"))
        holiday_row.addWidget(self.holiday_to)
        holiday_row.addWidget(self.add_holiday)
        holiday_row.addStretch(1)
        list_row = QHBoxLayout()
        list_row.addWidget(self.holidays, 1)
        list_row.addWidget(self.remove_holiday, 0, Qt.AlignmentFlag.AlignTop)
        form = QFormLayout()
        form.addRow("&Launch day:", self.launch)
        form.addRow("&Then:", self.count)
        form.addRow("&Every:", self.weeks)
        form.addRow("&Holidays to skip:", holiday_row)
        form.addRow("", list_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("A date in a holiday moves on a week at a time (same weekday)."))
        layout.addWidget(self.preview)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.launch.setMaximumWidth(180)
        for edit in (self.count, self.weeks):
            edit.setMaximumWidth(260)
        for edit in (self.launch, self.count, self.weeks):
            signal = edit.dateChanged if isinstance(edit, QDateEdit) else edit.valueChanged
            signal.connect(self._update_preview)
        self._buddies(form)
        self.setTabOrder(self.launch, self.count)
        self.setTabOrder(self.count, self.weeks)
        self.setTabOrder(self.weeks, self.holiday_from)
        self.setTabOrder(self.holiday_from, self.holiday_to)
        self.setTabOrder(self.holiday_to, self.add_holiday)
        self.setTabOrder(self.add_holiday, self.holidays)
        self.setTabOrder(self.holidays, self.remove_holiday)
        self._update_preview()
        self.resize(580, 0)

    def _buddies(self, form: QFormLayout) -> None:
        for field in (self.launch, self.count, self.weeks):
            label = form.labelForField(field)
            if isinstance(label, QLabel):
                label.setBuddy(field)
        holiday_label = form.itemAt(3, QFormLayout.ItemRole.LabelRole)
        if holiday_label is not None and isinstance(holiday_label.widget(), QLabel):
            holiday_label.widget().setBuddy(self.holiday_from)

    def holiday_ranges(self) -> list[tuple[date, date]]:
        return [
            self.holidays.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.holidays.count())
        ]

    def add_range(self, start: date, end: date) -> None:
        if end < start:
            start, end = end, start
        item = QListWidgetItem(f"{start:%d %b %Y} to {end:%d %b %Y}")
        item.setData(Qt.ItemDataRole.UserRole, (start, end))
        self.holidays.addItem(item)
        self._update_preview()

    def _follow_from(self, day: QDate) -> None:
        if self.holiday_to.date() < day:
            self.holiday_to.setDate(day)

    def _add_holiday(self) -> None:
        self.add_range(to_date(self.holiday_from.date()), to_date(self.holiday_to.date()))

    def _remove_holiday(self) -> None:
        row = self.holidays.currentRow()
        if row >= 0:
            self.holidays.takeItem(row)
            self._update_preview()

    def dates(self) -> list[date]:
        from send_desktop.domain.tirp import generate_schedule

        return generate_schedule(
            to_date(self.launch.date()),
            self.count.value(),
            self.weeks.value() * 7,
            self.holiday_ranges(),
        )

    def _update_preview(self) -> None:
        days = self.dates()
        self.preview.setText(
            f"{len(days)} sessions: "
            + ", ".join(f"{d:%d %b %Y}" for d in days)
            + f". The last is {days[-1]:%d %B %Y}."
        )

    def apply(self) -> None:
        from send_desktop.services import tirp

        self.args = {
            "launch": to_date(self.launch.date()),
            "sessions": self.count.value(),
            "interval_days": self.weeks.value() * 7,
            "holidays": self.holiday_ranges(),
        }
        self.session_ids = tirp.schedule_sessions(self.db, cohort_id=self.cohort_id, **self.args)
        self.added = len(self.session_ids)
        self.accept()


class SessionDialog(QDialog):
    """Edit one session's date, title, venue and facilitator. The page applies the change
    as an undoable command (``values()``)."""

    def __init__(
        self,
        seq: int,
        held_on: date | None,
        title: str,
        venue: str | None,
        facilitator: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Session {seq}")
        self.undated = QCheckBox("&No date yet")
        self.undated.setChecked(held_on is None)
        self.held_on = date_edit(held_on, "Date")
        self.held_on.setEnabled(held_on is not None)
        self.undated.toggled.connect(lambda on: self.held_on.setEnabled(not on))
        self.title = QLineEdit(title)
        self.title.setAccessibleName("Title")
        self.venue = QLineEdit(venue or "")
        self.venue.setAccessibleName("Venue")
        self.facilitator = QLineEdit(facilitator or "")
        self.facilitator.setAccessibleName("Facilitator")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.buttons = ok_cancel(self, "&Save")
        self.buttons.accepted.connect(self._check)
        form = QFormLayout(self)
        form.addRow("&Date:", self.held_on)
        form.addRow("", self.undated)
        form.addRow("&Title:", self.title)
        form.addRow("&Venue:", self.venue)
        form.addRow("&Facilitator:", self.facilitator)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.resize(460, 0)

    def values(self) -> dict:
        return {
            "held_on": None if self.undated.isChecked() else to_date(self.held_on.date()),
            "title": self.title.text().strip(),
            "venue": self.venue.text().strip() or None,
            "facilitator": self.facilitator.text().strip() or None,
        }

    def _check(self) -> None:
        if not self.title.text().strip():
            self.message.setText("A session needs a title.")
            self.title.setFocus()
            return
        self.accept()


@demo_dialog(ScheduleDialog)
def _demo_schedule(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    ((cohort_id, name),) = window.db.query("SELECT id, name FROM cohort ORDER BY name LIMIT 1")
    dialog = ScheduleDialog(window.db, cohort_id, name, date(2025, 9, 2), 0, window)
    dialog.add_range(date(2025, 10, 20), date(2025, 10, 31))
    return dialog


@demo_dialog(SessionDialog)
def _demo_session(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    return SessionDialog(1, date(2025, 9, 2), "Launch day", "County Hall", "A Facilitator", window)
