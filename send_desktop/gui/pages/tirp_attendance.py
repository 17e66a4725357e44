"""The attendance grid: leaders down, sessions across; keyboard-first.

Type P (present), L (late), A (apologies) or X (absent) and the mark is saved and the cursor
moves down to the next leader; Delete or Backspace clears a mark. "All present" marks every
unmarked leader expected at the current session. The last column is each leader's roll-up as
text ("50% (2 of 4) — at risk"), never colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QWidget

from send_desktop.storage.database import Database

KEYS = {
    Qt.Key.Key_P: "present",
    Qt.Key.Key_L: "late",
    Qt.Key.Key_A: "apologies",
    Qt.Key.Key_X: "absent",
}
SHOWN = {"present": "P", "late": "L", "apologies": "A", "absent": "X"}


class AttendanceGrid(QTableWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.cohort_id: str | None = None
        self.leaders: list[tuple] = []
        self.sessions: list[tuple] = []
        self.threshold = 0.75  # at risk below this share attended ...
        self.consecutive = 2  # ... or after this many missed in a row
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves the grid
        self.setAccessibleName("Attendance: type P, L, A or X")
        self.setToolTip("P present, L late, A apologies, X absent; Delete clears")

    def load(self, cohort_id: str | None) -> None:
        from send_desktop.services import tirp

        self.cohort_id = cohort_id
        if cohort_id is None:
            self.leaders, self.sessions, marks, rolls = [], [], {}, {}
        else:
            self.leaders = tirp.cohort_leaders(self.db, cohort_id)
            self.sessions = tirp.cohort_sessions(self.db, cohort_id)
            marks = tirp.attendance_matrix(self.db, cohort_id)
            rolls = tirp.attendance_roll_up(
                self.db,
                cohort_id=cohort_id,
                by="leader",
                threshold=self.threshold,
                consecutive_absences=self.consecutive,
            )
        keep = (self.currentRow(), self.currentColumn())
        self.clear()
        self.setRowCount(len(self.leaders))
        self.setColumnCount(len(self.sessions) + 1)
        headers = [
            f"{seq}. {held:%d %b %y}" if held else f"{seq}." for _, seq, held, *_ in self.sessions
        ]
        self.setHorizontalHeaderLabels([*headers, "Attendance"])
        self.setVerticalHeaderLabels([f"{r[3]} ({r[2]})" for r in self.leaders])
        for row, leader in enumerate(self.leaders):
            for col, session in enumerate(self.sessions):
                status = marks.get((session[0], leader[0]))
                item = QTableWidgetItem(SHOWN.get(status or "", ""))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setToolTip(status or "no mark")
                self.setItem(row, col, item)
            roll = rolls.get(leader[0])
            self.setItem(row, len(self.sessions), QTableWidgetItem(roll.label if roll else ""))
        self.resizeColumnsToContents()
        if self.rowCount() and self.columnCount() > 1:
            row = min(max(keep[0], 0), self.rowCount() - 1)
            col = min(max(keep[1], 0), len(self.sessions) - 1)
            self.setCurrentCell(row, col)

    def mark(self, row: int, col: int, status: str | None) -> None:
        from send_desktop.services import tirp

        if not (0 <= row < len(self.leaders) and 0 <= col < len(self.sessions)):
            return
        tirp.set_attendance(
            self.db, session_id=self.sessions[col][0], leader_id=self.leaders[row][0], status=status
        )
        self.load(self.cohort_id)
        self.setCurrentCell(min(row + 1, self.rowCount() - 1), col)
        self.changed.emit()

    def all_present(self) -> int:
        from send_desktop.services import tirp

        col = self.currentColumn()
        if not (0 <= col < len(self.sessions)):
            return 0
        count = tirp.mark_all_present(self.db, session_id=self.sessions[col][0])
        self.load(self.cohort_id)
        self.setCurrentCell(0, col)
        self.changed.emit()
        return count

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = Qt.Key(event.key())
        if key in KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.mark(self.currentRow(), self.currentColumn(), KEYS[key])
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.mark(self.currentRow(), self.currentColumn(), None)
            return
        super().keyPressEvent(event)
