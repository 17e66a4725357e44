"""New cohort / Edit cohort: name, start, planned end (18 months after the start unless
changed), capacity, status, venue, facilitators, notes. The page saves it (undoable)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from send_desktop.domain.tirp import months_after
from send_desktop.domain.vocab import CohortStatus
from send_desktop.gui.a11y.registry import demo_dialog


def _q(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _d(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class CohortDialog(QDialog):
    def __init__(self, data=None, parent: QWidget | None = None) -> None:  # noqa: ANN001
        from send_desktop.services.cohorts import CohortData

        super().__init__(parent)
        data = data or CohortData(name="")
        self.setWindowTitle(f"Edit {data.name}" if data.name else "New cohort")
        self.name = QLineEdit(data.name)
        self.name.setAccessibleName("Name")
        self.name.setPlaceholderText("e.g. Cohort 4")
        start = data.start_date or date.today()
        self.start = QDateEdit(_q(start))
        self.start.setAccessibleName("Start date")
        self.undated = QCheckBox("&Not dated yet")
        self.undated.setChecked(data.start_date is None and bool(data.name))
        self.end = QDateEdit(_q(data.planned_end or months_after(start)))
        self.end.setAccessibleName("Planned end")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd MMM yyyy")
            edit.setMaximumWidth(180)
        # The end follows the start (18 months on) until the lead sets it themselves.
        self._end_follows = data.planned_end is None or data.planned_end == months_after(start)
        self.start.dateChanged.connect(self._start_changed)
        self.end.dateChanged.connect(self._end_changed)
        self.undated.toggled.connect(self._undated)
        self.capacity = QSpinBox()
        self.capacity.setRange(1, 60)
        self.capacity.setValue(data.capacity)
        self.capacity.setSuffix(" settings")
        self.capacity.setAccessibleName("Capacity")
        self.capacity.setMaximumWidth(180)
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for status in CohortStatus:
            self.status.addItem(status.value)
        self.status.setCurrentText(data.status)
        self.venue = QLineEdit(data.venue or "")
        self.venue.setAccessibleName("Venue")
        self.facilitators = QLineEdit(data.facilitators or "")
        self.facilitators.setAccessibleName("Facilitators")
        self.facilitators.setPlaceholderText("names, separated by commas")
        self.notes = QPlainTextEdit(data.notes or "")
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(80)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Save")
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Name:", self.name)
        form.addRow("S&tart:", self.start)
        form.addRow("", self.undated)
        form.addRow("Planned &end:", self.end)
        form.addRow("&Capacity:", self.capacity)
        form.addRow("Stat&us:", self.status)
        form.addRow("&Venue:", self.venue)
        form.addRow("&Facilitators:", self.facilitators)
        form.addRow("N&otes:", self.notes)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self._undated(self.undated.isChecked())
        self.resize(480, 0)

    def _start_changed(self, q: QDate) -> None:
        if self._end_follows:
            self.end.blockSignals(True)
            self.end.setDate(_q(months_after(_d(q))))
            self.end.blockSignals(False)

    def _end_changed(self, _q: QDate) -> None:
        self._end_follows = False

    def _undated(self, on: bool) -> None:
        self.start.setEnabled(not on)
        self.end.setEnabled(not on)

    def values(self):  # noqa: ANN201 - a CohortData
        from send_desktop.services.cohorts import CohortData

        dated = not self.undated.isChecked()
        return CohortData(
            name=self.name.text().strip(),
            start_date=_d(self.start.date()) if dated else None,
            planned_end=_d(self.end.date()) if dated else None,
            capacity=self.capacity.value(),
            status=self.status.currentText(),
            venue=self.venue.text().strip() or None,
            facilitators=self.facilitators.text().strip() or None,
            notes=self.notes.toPlainText().strip() or None,
        )

    def _check(self) -> None:
        if not self.name.text().strip():
            self.message.setText("A cohort needs a name.")
            self.name.setFocus()
            return
        self.accept()


@demo_dialog(CohortDialog)
def _demo_cohort(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    from send_desktop.services.cohorts import cohort_data

    ((cohort_id,),) = window.db.query("SELECT id FROM cohort ORDER BY name LIMIT 1")
    yield CohortDialog(None, window)
    yield CohortDialog(cohort_data(window.db, cohort_id), window)
