"""TIRP cohorts: the cohorts table and, for the selected cohort, its detail: members with
their leaders (replacements and withdrawals shown in words; Enrol, Replace leader, Withdraw),
sessions (Generate schedule, Edit session: undoable), the attendance grid with "All present",
roll-ups per setting and for the cohort (at risk as text), feedback (Add: undoable; whether a
quote may be published shown in words), and exports of the members and the attendance matrix.
With no cohorts at all, the page is the table's empty state alone.

Services are imported when used, not at start-up (tests/gui/test_startup.py).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.a11y.announce import announce
from send_desktop.gui.context import CommandContext
from send_desktop.gui.messages import show_error
from send_desktop.gui.pages import catalog
from send_desktop.gui.pages.table_page import TablePage
from send_desktop.gui.pages.tirp_attendance import AttendanceGrid
from send_desktop.storage.database import Database


def _day(value: object) -> str:
    return f"{value:%d %b %Y}" if value else ""


def _button(text: str, tip: str, slot) -> QPushButton:  # noqa: ANN001
    button = QPushButton(text)
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


class CohortsPage(QWidget):
    current_table_changed = Signal()
    export_requested = Signal(str, str)  # export kind ('cohort-members' | 'attendance'), cohort id

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        ctx: CommandContext | None = None,
        undo_stack: QUndoStack | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.ctx = ctx or CommandContext(db, lambda _k, _i: None, lambda m: show_error(self, m))
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.cohort_id: str | None = None
        self.setObjectName("cohortsPage")
        self.table = TablePage(catalog.COHORTS, db)
        self.title = QLabel("Select a cohort to see its members, sessions and attendance.")
        self.title.setWordWrap(True)
        self.members = QTreeWidget()
        self.members.setHeaderLabels(["Setting / leader", "Phase / role", "From", "To", "Note"])
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
        self.enrol_button.clicked.connect(lambda: self.enrol())
        self.replace_button = QPushButton("Replace &leader…")
        self.replace_button.setToolTip("Select a leader under a setting first")
        self.replace_button.clicked.connect(lambda: self.replace_leader())
        self.withdraw_button = _button(
            "&Withdraw…", "Select a setting first", lambda: self.withdraw()
        )
        self.export_members_button = _button(
            "E&xport members…",
            "Save the members and their leaders as an Excel workbook",
            lambda: self._export("cohort-members"),
        )
        self.members.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.schedule_button = _button(
            "&Generate schedule…",
            "Launch day plus sessions at an interval, skipping holidays",
            lambda: self.generate_schedule(),
        )
        self.edit_session_button = _button(
            "E&dit session…", "Select a session first", self.edit_session
        )
        self.sessions.itemActivated.connect(lambda *_: self.edit_session())
        self.sessions.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.export_attendance_button = _button(
            "Export &attendance…",
            "Save the attendance matrix (leaders by sessions, with roll-ups) as a workbook",
            lambda: self._export("attendance"),
        )
        self.threshold = QSpinBox()
        self.threshold.setRange(1, 100)
        self.threshold.setValue(75)
        self.threshold.setSuffix(" %")
        self.threshold.setAccessibleName("At risk below this attendance")
        self.consecutive = QSpinBox()
        self.consecutive.setRange(1, 10)
        self.consecutive.setValue(2)
        self.consecutive.setSuffix(" missed in a row")
        self.consecutive.setAccessibleName("At risk after this many missed in a row")
        self._load_thresholds()
        self.threshold.valueChanged.connect(self._thresholds_changed)
        self.consecutive.valueChanged.connect(self._thresholds_changed)
        self.new_cohort_button = _button(
            "&New cohort…", "Plan a new cohort (it ends 18 months after it starts)", self.new_cohort
        )
        self.edit_cohort_button = _button(
            "Edit c&ohort…", "Name, dates, capacity, status, venue, facilitators", self.edit_cohort
        )
        self.feedback = QTreeWidget()
        self.feedback.setHeaderLabels(["Quote", "Role", "Session", "Publication"])
        self.feedback.setRootIsDecorated(False)
        self.feedback.setWordWrap(True)
        self.feedback.header().setStretchLastSection(False)
        self.feedback.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.feedback.setAccessibleName("Feedback quotes")
        self.feedback_button = _button(
            "Add &feedback…", "A participant's quote, with their consent or not", self.add_feedback
        )
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(
            self._with_buttons(
                self.members,
                [self.withdraw_button, self.export_members_button],
                "A withdrawn setting keeps its row; its leaders end that day.",
            ),
            "&Members",
        )
        self.tabs.addTab(
            self._with_buttons(
                self.sessions,
                [self.schedule_button, self.edit_session_button],
                "Double-click a session (or press Enter) to edit it.",
            ),
            "Se&ssions",
        )
        attendance = QWidget()
        box = QVBoxLayout(attendance)
        box.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("Type P, L, A or X in a cell; the cursor moves down."))
        row.addStretch(1)
        at_risk = QLabel("At &risk below")
        at_risk.setBuddy(self.threshold)
        row.addWidget(at_risk)
        row.addWidget(self.threshold)
        row.addWidget(QLabel("or after"))
        row.addWidget(self.consecutive)
        row.addWidget(self.all_present)
        box.addLayout(row)
        box.addWidget(self.grid, 3)
        box.addWidget(self.rollups, 1)
        box.addWidget(self.message)
        self.tabs.addTab(attendance, "A&ttendance")
        row.insertWidget(row.count() - 1, self.export_attendance_button)
        self.tabs.addTab(
            self._with_buttons(
                self.feedback,
                [self.feedback_button],
                "Only quotes whose authors consented ever leave the app (packs, exports).",
            ),
            "&Feedback",
        )
        detail = QWidget()
        side = QVBoxLayout(detail)
        side.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.edit_cohort_button)
        top.addWidget(self.enrol_button)
        top.addWidget(self.replace_button)
        side.addLayout(top)
        side.addWidget(self.tabs, 1)
        self.detail = detail
        self.table.setMinimumHeight(200)  # the search bar and four cohorts at least
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        self.split = split
        actions = QHBoxLayout()
        actions.addWidget(self.new_cohort_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(actions)
        layout.addWidget(split)
        self.table.selection_changed.connect(self.show_selected)
        self.table.model.modelReset.connect(self._show_empty_state)
        self.grid.changed.connect(self._show_rollups)
        self.show_selected()

    @staticmethod
    def _with_buttons(view: QWidget, buttons: list[QPushButton], hint: str) -> QWidget:
        panel = QWidget()
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        label = QLabel(hint)
        label.setWordWrap(True)
        row.addWidget(label, 1)
        for button in buttons:
            row.addWidget(button)
        box.addLayout(row)
        box.addWidget(view, 1)
        return panel

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().showEvent(event)
        self._show_empty_state()

    def _show_empty_state(self) -> None:
        """No cohorts at all: the table's empty state alone, not squeezed above empty tabs."""
        self.detail.setVisible(self.table.stale or bool(self.table.model.table.rows))

    # the main window's page protocol (as TablePage and PathwaysPage)
    def tables(self) -> list[TablePage]:
        return [self.table]

    def current_table(self) -> TablePage:
        return self.table

    def focus_order(self) -> list[QWidget]:
        """Tab: the cohorts, the cohort's buttons, its tabs, then what each tab shows."""
        return [
            self.new_cohort_button,
            *self.table.focus_order(),
            self.edit_cohort_button,
            self.enrol_button,
            self.replace_button,
            self.tabs.tabBar(),
            self.members,
            self.withdraw_button,
            self.export_members_button,
            self.sessions,
            self.schedule_button,
            self.edit_session_button,
            self.threshold,
            self.consecutive,
            self.export_attendance_button,
            self.all_present,
            self.grid,
            self.rollups,
            self.feedback,
            self.feedback_button,
        ]

    def show_selected(self) -> None:
        from send_desktop.services import tirp

        cohort_id = self.table.selected_id()
        self.cohort_id = cohort_id
        self._show_empty_state()
        self.members.clear()
        self.sessions.clear()
        self.feedback.clear()
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
            if withdrawn is None:
                item.setData(0, Qt.ItemDataRole.UserRole + 1, _mid)
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
        for sid, seq, held, title, venue, facilitator in self.grid.sessions:
            item = QTreeWidgetItem([str(seq), _day(held), title, venue or "", facilitator or ""])
            item.setData(0, Qt.ItemDataRole.UserRole, sid)
            self.sessions.addTopLevelItem(item)
        for col in (0, 1, 2, 3):
            self.sessions.resizeColumnToContents(col)
        self._show_rollups()
        self._show_feedback()
        self._update_buttons()

    def _show_rollups(self) -> None:
        from send_desktop.services import tirp

        self.rollups.clear()
        if self.cohort_id is None:
            return
        names = {r[1]: r[2] for r in tirp.cohort_members(self.db, self.cohort_id)}
        limits = {"threshold": self.grid.threshold, "consecutive_absences": self.grid.consecutive}
        by_setting = tirp.attendance_roll_up(
            self.db, cohort_id=self.cohort_id, by="setting", **limits
        )
        for sid, name in names.items():
            roll = by_setting.get(sid)
            self.rollups.addTopLevelItem(
                QTreeWidgetItem([name, roll.label if roll else "no sessions recorded"])
            )
        whole = tirp.attendance_roll_up(self.db, cohort_id=self.cohort_id, by="cohort", **limits)
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
        chosen = self.cohort_id is not None
        for button in (
            self.edit_cohort_button,
            self.enrol_button,
            self.schedule_button,
            self.feedback_button,
            self.export_members_button,
            self.export_attendance_button,
        ):
            button.setEnabled(chosen)
        self.replace_button.setEnabled(self.selected_leader() is not None)
        self.withdraw_button.setEnabled(self.selected_member() is not None)
        self.edit_session_button.setEnabled(self.selected_session() is not None)

    def selected_member(self) -> tuple[str, str] | None:
        """(member id, setting name) of the selected setting that has not withdrawn."""
        item = self.members.currentItem()
        mid = item.data(0, Qt.ItemDataRole.UserRole + 1) if item is not None else None
        return (mid, item.text(0)) if mid else None

    def selected_session(self) -> tuple | None:
        item = self.sessions.currentItem()
        sid = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return next((s for s in self.grid.sessions if s[0] == sid), None) if sid else None

    def make_withdraw_dialog(self) -> QDialog | None:
        from send_desktop.gui.dialogs.tirp_dialogs import WithdrawDialog

        chosen = self.selected_member()
        return WithdrawDialog(self.db, *chosen, self) if chosen else None

    def withdraw(self, dialog: QDialog | None = None) -> None:
        """Withdraw the selected setting; undoable."""
        from send_desktop.gui.tirp_commands import WithdrawMember

        dialog = dialog or self.make_withdraw_dialog()
        if dialog is None or not dialog.exec() or dialog.withdrawal is None:
            return
        command = WithdrawMember(
            self.ctx, dialog.setting, dialog.args, dialog.withdrawal, self.after_change
        )
        self.undo_stack.push(command)  # already applied by the dialog: push only redraws

    def make_schedule_dialog(self) -> QDialog | None:
        from send_desktop.gui.dialogs.tirp_sessions import ScheduleDialog

        if self.cohort_id is None:
            return None
        name, start = self.db.query(
            "SELECT name, start_date FROM cohort WHERE id = ?", (self.cohort_id,)
        )[0]
        from send_desktop.services.tirp import _date

        existing = len(self.grid.sessions)
        return ScheduleDialog(self.db, self.cohort_id, name, _date(start), existing, self)

    def make_session_dialog(self) -> QDialog | None:
        from send_desktop.gui.dialogs.tirp_sessions import SessionDialog

        chosen = self.selected_session()
        return SessionDialog(*chosen[1:], self) if chosen else None

    def edit_session(self, dialog: QDialog | None = None) -> None:
        """Edit the selected session; the change goes on the undo stack."""
        from send_desktop.gui.tirp_commands import EditSession

        chosen = self.selected_session()
        dialog = dialog or self.make_session_dialog()
        if chosen is None or dialog is None or not dialog.exec():
            return
        sid, _seq, held, title, venue, facilitator = chosen
        old = {"held_on": held, "title": title, "venue": venue, "facilitator": facilitator}
        new = dialog.values()
        if new == old:
            return
        self._apply(EditSession(self.ctx, sid, old, new, self.after_change), new_values=new)

    def add_feedback(self, dialog: QDialog | None = None) -> None:
        """Add a quote; undoable."""
        from send_desktop.gui.dialogs.tirp_dialogs import FeedbackDialog
        from send_desktop.gui.tirp_commands import AddFeedback

        if self.cohort_id is None:
            return
        dialog = dialog or FeedbackDialog(self.grid.sessions, self)
        if not dialog.exec():
            return
        command = AddFeedback(self.ctx, self.cohort_id, dialog.values(), "", self.after_change)
        self._apply(command)

    def _apply(self, command, new_values: dict | None = None) -> None:  # noqa: ANN001
        """Run a command's first step here (a refusal is shown at once), then push it."""
        from send_desktop.gui.commands import SERVICE_ERRORS

        try:
            command.do()
        except SERVICE_ERRORS as err:
            show_error(self, err.message)
            return
        self.undo_stack.push(command)  # its first redo only redraws (see ServiceCommand)

    def _show_feedback(self) -> None:
        from send_desktop.services import tirp

        self.feedback.clear()
        if self.cohort_id is None:
            return
        for _fid, quote, role, seq, consent in tirp.cohort_feedback(self.db, self.cohort_id):
            publication = "may be published" if consent else "private: no consent"
            session = f"Session {seq}" if seq else ""
            item = QTreeWidgetItem([quote, role or "", session, publication])
            item.setToolTip(0, quote)
            self.feedback.addTopLevelItem(item)
        for col in (1, 2, 3):
            self.feedback.resizeColumnToContents(col)

    def _load_thresholds(self) -> None:
        """The at-risk limits the lead chose last time (kept in the database)."""
        from send_desktop.services.tirp_settings import at_risk_limits

        percent, in_a_row = at_risk_limits(self.db)
        self.threshold.setValue(percent)
        self.consecutive.setValue(in_a_row)
        self.grid.threshold, self.grid.consecutive = percent / 100, in_a_row

    def _thresholds_changed(self) -> None:
        from send_desktop.services.tirp_settings import set_at_risk_limits

        self.grid.threshold = self.threshold.value() / 100
        self.grid.consecutive = self.consecutive.value()
        set_at_risk_limits(self.db, self.threshold.value(), self.consecutive.value())
        self.grid.load(self.cohort_id)
        self._show_rollups()

    def new_cohort(self, dialog: QDialog | None = None) -> None:
        """Plan a new cohort; undoable."""
        from send_desktop.gui.dialogs.cohort_dialog import CohortDialog
        from send_desktop.gui.tirp_commands import AddCohort

        dialog = dialog or CohortDialog(None, self)
        if not dialog.exec():
            return
        command = AddCohort(self.ctx, dialog.values(), self._after_cohort)
        self._apply(command)

    def edit_cohort(self, dialog: QDialog | None = None) -> None:
        """Edit the selected cohort; undoable."""
        from send_desktop.gui.dialogs.cohort_dialog import CohortDialog
        from send_desktop.gui.tirp_commands import EditCohort
        from send_desktop.services.cohorts import cohort_data

        if self.cohort_id is None:
            return
        old = cohort_data(self.db, self.cohort_id)
        dialog = dialog or CohortDialog(old, self)
        if not dialog.exec():
            return
        new = dialog.values()
        if new != old:
            self._apply(EditCohort(self.ctx, self.cohort_id, old, new, self._after_cohort))

    def _after_cohort(self, cohort_id: str | None = None) -> None:
        self.table.reload(cohort_id or self.cohort_id)
        self.show_selected()

    def _export(self, kind: str) -> None:
        if self.cohort_id is not None:
            self.export_requested.emit(kind, self.cohort_id)

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

    def enrol(self, dialog: QDialog | None = None) -> None:
        """Enrol settings chosen in the dialog; undoable."""
        from send_desktop.gui.tirp_commands import Enrol

        dialog = dialog or self.make_enrol_dialog()
        if dialog is None or not dialog.exec() or not dialog.enrolment:
            return
        ids = dialog.chosen_ids()
        self.undo_stack.push(Enrol(self.ctx, ids, dialog.enrolment, self.after_change))

    def replace_leader(self, dialog: QDialog | None = None) -> None:
        """Replace the selected leader; undoable."""
        from send_desktop.gui.tirp_commands import ReplaceLeader

        chosen = self.selected_leader()
        dialog = dialog or self.make_replace_dialog()
        if chosen is None or dialog is None or not dialog.exec() or dialog.new_id is None:
            return
        command = ReplaceLeader(self.ctx, chosen, dialog.args, dialog.new_id, self.after_change)
        self.undo_stack.push(command)

    def generate_schedule(self, dialog: QDialog | None = None) -> None:
        """Add the sessions of a schedule; undoable."""
        from send_desktop.gui.tirp_commands import GenerateSchedule

        dialog = dialog or self.make_schedule_dialog()
        if self.cohort_id is None or dialog is None or not dialog.exec() or not dialog.added:
            return
        command = GenerateSchedule(
            self.ctx, self.cohort_id, dialog.args, dialog.session_ids, self.after_change
        )
        self.undo_stack.push(command)

    def after_change(self) -> None:
        """Reload the table (counts) keeping the cohort selected, and its detail."""
        self.table.reload(self.cohort_id)
        self.show_selected()
