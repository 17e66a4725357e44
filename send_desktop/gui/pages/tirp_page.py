"""TIRP cohorts: the cohorts table and, for the selected cohort, its detail: members with
their leaders (replacements and withdrawals shown in words), sessions, the attendance grid
with "All present", and roll-ups per setting and for the cohort (at risk as text).

Services are imported when used, not at start-up (tests/gui/test_startup.py).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.a11y.announce import announce
from send_desktop.gui.pages import catalog
from send_desktop.gui.pages.table_page import TablePage
from send_desktop.gui.pages.tirp_attendance import AttendanceGrid
from send_desktop.storage.database import Database


def _day(value: object) -> str:
    return f"{value:%d %b %Y}" if value else ""


class CohortsPage(QWidget):
    current_table_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.table = TablePage(catalog.COHORTS, db)
        self.title = QLabel("Select a cohort to see its members, sessions and attendance.")
        self.title.setWordWrap(True)
        self.members = QTreeWidget()
        self.members.setHeaderLabels(["Setting / leader", "Role", "From", "To", "Note"])
        self.members.setAccessibleName("Members and leaders")
        self.sessions = QTreeWidget()
        self.sessions.setHeaderLabels(["#", "Date", "Title", "Venue", "Facilitator"])
        self.sessions.setRootIsDecorated(False)
        self.sessions.setAccessibleName("Sessions")
        self.grid = AttendanceGrid(db)
        self.all_present = QPushButton("All &present (this session)")
        self.all_present.clicked.connect(self._all_present)
        self.rollups = QTreeWidget()
        self.rollups.setHeaderLabels(["Setting", "Attendance"])
        self.rollups.setRootIsDecorated(False)
        self.rollups.setAccessibleName("Attendance roll-ups")
        self.message = QLabel("")
        self.enrol_button = QPushButton("&Enrol settings…")
        self.enrol_button.clicked.connect(lambda: self._run(self.make_enrol_dialog()))
        self.replace_button = QPushButton("Replace &leader…")
        self.replace_button.setToolTip("Select a leader under a setting first")
        self.replace_button.clicked.connect(lambda: self._run(self.make_replace_dialog()))
        self.members.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.members, "&Members")
        self.tabs.addTab(self.sessions, "Se&ssions")
        attendance = QWidget()
        box = QVBoxLayout(attendance)
        box.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("Type P, L, A or X in a cell; the cursor moves down."))
        row.addStretch(1)
        row.addWidget(self.all_present)
        box.addLayout(row)
        box.addWidget(self.grid, 3)
        box.addWidget(self.rollups, 1)
        box.addWidget(self.message)
        self.tabs.addTab(attendance, "A&ttendance")
        detail = QWidget()
        side = QVBoxLayout(detail)
        side.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.enrol_button)
        top.addWidget(self.replace_button)
        side.addLayout(top)
        side.addWidget(self.tabs, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.table.selection_changed.connect(self.show_selected)
        self.grid.changed.connect(self._show_rollups)
        self.show_selected()

    # the main window's page protocol (as TablePage and PathwaysPage)
    def tables(self) -> list[TablePage]:
        return [self.table]

    def current_table(self) -> TablePage:
        return self.table

    def focus_order(self) -> list[QWidget]:
        """Tab: the cohorts, the cohort's buttons, its tabs, then what the tab shows."""
        buttons = [self.enrol_button, self.replace_button]
        shown = [self.members, self.sessions, self.all_present, self.grid, self.rollups]
        return [*self.table.focus_order(), *buttons, self.tabs.tabBar(), *shown]

    def show_selected(self) -> None:
        from send_desktop.services import tirp

        cohort_id = self.table.selected_id()
        self.cohort_id = cohort_id
        self.members.clear()
        self.sessions.clear()
        self.grid.load(cohort_id)
        self.all_present.setEnabled(bool(self.grid.sessions and self.grid.leaders))
        if cohort_id is None:
            self.title.setText("Select a cohort to see its members, sessions and attendance.")
            self.rollups.clear()
            self._update_buttons()
            return
        members = tirp.cohort_members(self.db, cohort_id)
        leaders = tirp.cohort_leaders(self.db, cohort_id)
        self.title.setText(f"{len(members)} settings, {len(self.grid.sessions)} sessions")
        for _mid, sid, name, phase, joined, withdrawn, reason in members:
            note = f"withdrew {_day(withdrawn)}: {reason}" if withdrawn else ""
            item = QTreeWidgetItem([name, phase or "", _day(joined), _day(withdrawn), note])
            for lid, lsid, _s, person, role, start, end, _w, replaced_by in leaders:
                if lsid != sid:
                    continue
                lnote = f"replaced by {replaced_by}" if replaced_by else ""
                child = QTreeWidgetItem([person, role or "", _day(start), _day(end), lnote])
                if end is None:
                    child.setData(0, Qt.ItemDataRole.UserRole, lid)
                item.addChild(child)
            self.members.addTopLevelItem(item)
        self.members.expandAll()
        for col in (0, 1):  # setting and leader names in full
            self.members.resizeColumnToContents(col)
        self._update_buttons()
        for _id, seq, held, title, venue, facilitator in self.grid.sessions:
            self.sessions.addTopLevelItem(
                QTreeWidgetItem([str(seq), _day(held), title, venue or "", facilitator or ""])
            )
        self._show_rollups()

    def _show_rollups(self) -> None:
        from send_desktop.services import tirp

        self.rollups.clear()
        if self.cohort_id is None:
            return
        names = {r[1]: r[2] for r in tirp.cohort_members(self.db, self.cohort_id)}
        by_setting = tirp.attendance_roll_up(self.db, cohort_id=self.cohort_id, by="setting")
        for sid, name in names.items():
            roll = by_setting.get(sid)
            self.rollups.addTopLevelItem(
                QTreeWidgetItem([name, roll.label if roll else "no sessions recorded"])
            )
        whole = tirp.attendance_roll_up(self.db, cohort_id=self.cohort_id, by="cohort")
        roll = whole.get("cohort")
        self.rollups.addTopLevelItem(
            QTreeWidgetItem(["Whole cohort", roll.label if roll else "no sessions recorded"])
        )
        self.rollups.resizeColumnToContents(0)  # setting names in full

    def _all_present(self) -> None:
        count = self.grid.all_present()
        announce(self, f"Marked {count} present.", label=self.message)
        self._show_rollups()

    # --- enrolment and leader replacement ---------------------------------------------

    def _update_buttons(self) -> None:
        self.enrol_button.setEnabled(self.cohort_id is not None)
        self.replace_button.setEnabled(self.selected_leader() is not None)

    def selected_leader(self) -> tuple[str, str] | None:
        item = self.members.currentItem()
        lid = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return (lid, item.text(0)) if lid else None

    def make_enrol_dialog(self) -> QDialog | None:
        from send_desktop.gui.dialogs.tirp_dialogs import EnrolDialog

        return EnrolDialog(self.db, self.cohort_id, self) if self.cohort_id else None

    def make_replace_dialog(self) -> QDialog | None:
        from send_desktop.gui.dialogs.tirp_dialogs import ReplaceLeaderDialog

        chosen = self.selected_leader()
        return ReplaceLeaderDialog(self.db, *chosen, self) if chosen else None

    def _run(self, dialog: QDialog | None) -> None:
        if dialog is not None and dialog.exec():
            self.after_change()

    def after_change(self) -> None:
        """Reload the table (counts) keeping the cohort selected, and its detail."""
        self.table.reload(self.cohort_id)
        self.show_selected()
