"""TIRP cohorts page, the rest of it: generate a schedule skipping holidays, edit a session
(undoable), withdraw a setting back onto the waitlist with its original date, feedback with
consent (undoable; unconsented quotes never leave), exports of a cohort, the empty state; the
waitlist page's Allocate off with a reason, Reprioritise and the position history."""

from __future__ import annotations

from datetime import date

import openpyxl
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from test_tirp_gui import seed_cohort, texts

from send_desktop.gui.dialogs.tirp_dialogs import FeedbackDialog, WithdrawDialog
from send_desktop.gui.dialogs.tirp_sessions import ScheduleDialog, SessionDialog
from send_desktop.gui.pages.tirp_page import CohortsPage
from send_desktop.gui.pages.waitlist_page import WaitlistPage
from send_desktop.gui.tasks import ImmediatePool
from send_desktop.services import tirp
from send_desktop.services.exports import export_cohort
from send_desktop.storage.models import Cohort, Setting, WaitlistEntry


def shown_page(qtbot, db, cohort_id: str | None = None) -> CohortsPage:  # noqa: ANN001
    page = CohortsPage(db)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    qtbot.wait(20)
    if cohort_id:
        assert page.table.select_id(cohort_id)
        page.show_selected()
    return page


def ok(qtbot, dialog) -> None:  # noqa: ANN001
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_generate_a_schedule_skipping_a_holiday_then_edit_a_session_and_undo(qtbot, db):  # noqa: ANN001
    ids = seed_cohort(db)  # three sessions already
    page = shown_page(qtbot, db, ids["cohort"])
    assert page.schedule_button.isEnabled() and not page.edit_session_button.isEnabled()
    dialog = page.make_schedule_dialog()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, ScheduleDialog)
    dialog.launch.setDate(QDate(2024, 9, 3))
    dialog.count.setValue(2)
    dialog.weeks.setValue(2)
    dialog.add_range(date(2024, 9, 16), date(2024, 9, 20))
    # 3 Sep; 17 Sep is in the holiday, so a week on (same weekday): 24 Sep; then 8 Oct.
    assert dialog.preview.text().startswith("3 sessions: 03 Sep 2024, 24 Sep 2024, 08 Oct 2024")
    ok(qtbot, dialog)
    assert dialog.added == 3
    page.after_change()
    assert texts(page.sessions, 1)[3:] == ["03 Sep 2024", "24 Sep 2024", "08 Oct 2024"]

    page.sessions.setCurrentItem(page.sessions.topLevelItem(0))
    assert page.edit_session_button.isEnabled()
    edit = page.make_session_dialog()
    qtbot.addWidget(edit)
    assert isinstance(edit, SessionDialog) and edit.title.text() == "Launch day"
    edit.title.setText("Launch: becoming relational")
    edit.facilitator.setText("Dee Fict")
    edit.held_on.setDate(QDate(2024, 3, 12))
    edit.exec = lambda: 1  # as if Save were pressed
    page.edit_session(edit)
    first = page.sessions.topLevelItem(0)
    shown = [first.text(c) for c in (1, 2, 4)]
    assert shown == ["12 Mar 2024", "Launch: becoming relational", "Dee Fict"]
    assert page.undo_stack.undoText() == "Edit session ‘Launch: becoming relational’"
    page.undo_stack.undo()
    first = page.sessions.topLevelItem(0)
    assert [first.text(c) for c in (1, 2, 4)] == ["05 Mar 2024", "Launch day", ""]
    page.undo_stack.redo()
    assert page.sessions.topLevelItem(0).text(2) == "Launch: becoming relational"


def test_a_session_needs_a_title(qtbot):  # noqa: ANN001
    dialog = SessionDialog(1, None, "Launch day", None, None)
    qtbot.addWidget(dialog)
    assert not dialog.held_on.isEnabled()  # no date yet
    dialog.title.clear()
    ok(qtbot, dialog)
    assert dialog.result() == 0 and dialog.message.text() == "A session needs a title."


def test_withdraw_back_onto_the_waitlist_keeps_the_original_date(qtbot, db):  # noqa: ANN001
    ids = seed_cohort(db)
    with db.transaction() as s:
        s.add(
            WaitlistEntry(
                setting_id=ids["alder"],
                added_on=date(2023, 5, 1),
                status="allocated",
                cohort_id=ids["cohort"],
            )
        )
    page = shown_page(qtbot, db, ids["cohort"])
    assert not page.withdraw_button.isEnabled()
    page.members.setCurrentItem(page.members.topLevelItem(0))  # Alder
    assert page.withdraw_button.isEnabled()
    dialog = page.make_withdraw_dialog()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, WithdrawDialog)
    ok(qtbot, dialog)  # no reason: refused in words, nothing written
    assert dialog.result() == 0 and dialog.message.text() == "Give a reason for the withdrawal"
    dialog.on.setDate(QDate(2024, 6, 14))
    qtbot.keyClicks(dialog.reason, "Headteacher left")
    dialog.back.setChecked(True)
    ok(qtbot, dialog)
    assert dialog.result() == 1
    page.after_change()
    alder = page.members.topLevelItem(0)
    assert alder.text(4) == "withdrew 14 Jun 2024: Headteacher left"
    assert alder.child(0).text(3) == "14 Jun 2024"  # the leader ended that day
    page.members.setCurrentItem(alder)
    assert not page.withdraw_button.isEnabled()  # already withdrawn
    assert db.query(
        "SELECT added_on, status, cohort_id FROM waitlist_entry WHERE setting_id = ?",
        (ids["alder"],),
    ) == [("2023-05-01", "waiting", None)]


def test_feedback_with_and_without_consent_only_the_consented_leaves(qtbot, db, tmp_path):  # noqa: ANN001
    ids = seed_cohort(db)
    page = shown_page(qtbot, db, ids["cohort"])
    for quote, consent in (
        ("It changed how we talk to children.", True),
        ("Private: our head is struggling.", False),
    ):
        dialog = FeedbackDialog(page.grid.sessions, page)
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.quote, quote)
        dialog.role.setText("SENCo")
        dialog.session.setCurrentIndex(1)  # session 1
        dialog.consent.setChecked(consent)
        dialog.exec = lambda: 1
        page.add_feedback(dialog)
    assert texts(page.feedback, 3) == ["may be published", "private: no consent"]
    assert texts(page.feedback, 2) == ["Session 1", "Session 1"]
    assert tirp.publishable_feedback(db, ids["cohort"]) == [
        ("It changed how we talk to children.", "SENCo")
    ]
    for kind in ("cohort-members", "attendance"):
        path = export_cohort(db, kind=kind, cohort_id=ids["cohort"], path=tmp_path / f"{kind}.xlsx")
        cells = [
            str(v) for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True)
            for v in row if v is not None
        ]  # fmt: skip
        assert not any("struggling" in c for c in cells)
    page.undo_stack.undo()
    assert texts(page.feedback, 0) == ["It changed how we talk to children."]
    empty = FeedbackDialog([], page)
    qtbot.addWidget(empty)
    ok(qtbot, empty)
    assert empty.result() == 0 and empty.message.text() == "Type the quote first."


def test_cohort_exports_from_the_page_members_with_leaders_and_attendance_matrix(
    qtbot,
    db,
    window,
    tmp_path,
    monkeypatch,  # noqa: ANN001
):
    ids = seed_cohort(db)
    sessions = [s[0] for s in tirp.cohort_sessions(db, ids["cohort"])]
    tirp.set_attendance(db, session_id=sessions[0], leader_id=ids["l_ann"], status="present")
    tirp.set_attendance(db, session_id=sessions[1], leader_id=ids["l_ann"], status="absent")
    tirp.set_attendance(db, session_id=sessions[0], leader_id=ids["l_bea"], status="late")
    window.tasks.pool = ImmediatePool()
    window.switch_to("cohorts")
    page = window.findChild(CohortsPage)
    assert page.table.select_id(ids["cohort"])
    page.show_selected()
    targets = iter([tmp_path / "members.xlsx", tmp_path / "attendance.xlsx"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(next(targets)), ""))
    qtbot.mouseClick(page.export_members_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.export_attendance_button, Qt.MouseButton.LeftButton)
    members = list(openpyxl.load_workbook(tmp_path / "members.xlsx").active.values)
    assert members[0][:3] == ("Cohort", "URN", "Setting") and "Leader" in members[0]
    leader = members[0].index("Leader")
    assert [(r[2], r[leader]) for r in members[1:]] == [
        ("Alder", "Ann Fict"),
        ("Birch", "Bea Fict"),
    ]
    matrix = list(openpyxl.load_workbook(tmp_path / "attendance.xlsx").active.values)
    assert matrix[0][:4] == ("Cohort", "Setting", "Leader", "1: 05/03/2024")
    assert matrix[0][-4:] == ("Attended", "Recorded", "Attendance", "At risk")
    assert matrix[1][:5] == ("Cohort 2", "Alder", "Ann Fict", "P", "X")
    assert matrix[1][-4:] == (1, 2, "50% (1 of 2) — at risk", "yes")
    assert matrix[-1][1] == "Whole cohort" and matrix[-1][-2] == "67% (2 of 3) — at risk"
    assert "Exported Cohort 2 attendance" in window.statusBar().currentMessage()


def test_an_empty_database_shows_the_empty_state_alone_then_the_detail(qtbot, db):  # noqa: ANN001
    page = shown_page(qtbot, db)
    assert not page.detail.isVisible()  # not squeezed above empty tabs
    with db.transaction() as s:
        s.add(Cohort(name="Cohort 1", status="planned", capacity=12))
    page.table.reload()
    assert page.detail.isVisible()


def test_allocate_is_off_with_a_reason_and_reprioritise_writes_the_history(qtbot, db):  # noqa: ANN001
    from send_desktop.gui.dialogs.allocate_dialog import ReprioritiseDialog

    page = WaitlistPage(db)
    qtbot.addWidget(page)
    page.show()
    qtbot.wait(20)
    assert not page.allocate_button.isEnabled()
    assert page.reason.text() == "Allocate is off: nobody is waiting."
    with db.transaction() as s:
        settings = [Setting(name=n, phase="Primary") for n in ("Ash", "Beech", "Cherry")]
        s.add_all(settings)
        s.flush()
        for day, setting in zip((3, 4, 5), settings, strict=True):
            s.add(WaitlistEntry(setting_id=setting.id, added_on=date(2024, 1, day)))
    page.table.reload()
    assert page.reason.text() == "Allocate is off: no cohort is open for allocation."
    with db.transaction() as s:
        s.add(Cohort(name="Cohort 9", status="open for allocation", capacity=2))
    page.update_actions()
    assert page.allocate_button.isEnabled() and page.reason.text() == ""
    cherry = page.table.model.table.ids[2]
    assert page.table.select_id(cherry)
    dialog = page.make_reprioritise_dialog()  # owned by the page
    assert isinstance(dialog, ReprioritiseDialog)
    dialog.priority.setValue(1)
    dialog.note.setText("agreed at panel")
    dialog.exec = lambda: (dialog.apply(), dialog.result())[1]
    page.open_reprioritise(dialog)
    assert page.message.text() == "Cherry is now number 1 on the waitlist."
    assert page.table.model.table.ids[0] == cherry
    assert texts(page.history, 1) == ["added", "reprioritised"]
    assert texts(page.history, 2) == ["", "1"]
    assert texts(page.history, 3) == ["", "priority 0 → 1: agreed at panel"]


def test_new_cohort_ends_18_months_on_then_edit_and_undo(qtbot, db):  # noqa: ANN001
    from send_desktop.gui.dialogs.cohort_dialog import CohortDialog

    page = shown_page(qtbot, db)
    assert page.new_cohort_button.isVisible() and not page.detail.isVisible()
    dialog = CohortDialog(None, page)
    qtbot.keyClicks(dialog.name, "Cohort 4")
    dialog.start.setDate(QDate(2025, 1, 14))
    assert dialog.end.date() == QDate(2026, 7, 14)  # 18 months on, following the start
    dialog.capacity.setValue(10)
    dialog.venue.setText("Witney Community Hall")
    dialog.exec = lambda: 1
    page.new_cohort(dialog)
    assert page.detail.isVisible()
    assert page.table.model.table.rows[0][:2] == ("Cohort 4", "planned")
    assert page.cohort_id == page.table.model.table.ids[0]
    from send_desktop.services.cohorts import cohort_data

    edit = CohortDialog(cohort_data(db, page.cohort_id), page)
    assert edit.end.date() == QDate(2026, 7, 14) and edit.capacity.value() == 10
    edit.status.setCurrentText("open for allocation")
    edit.exec = lambda: 1
    page.edit_cohort(edit)
    assert page.table.model.table.rows[0][1] == "open for allocation"
    page.undo_stack.undo()
    assert page.table.model.table.rows[0][1] == "planned"
    page.undo_stack.undo()  # the add
    assert page.table.model.table.rows == []
    page.undo_stack.redo()
    assert page.table.model.table.rows[0][0] == "Cohort 4"


def test_at_risk_thresholds_are_adjustable(qtbot, db):  # noqa: ANN001
    ids = seed_cohort(db)
    sessions = [s[0] for s in tirp.cohort_sessions(db, ids["cohort"])]
    for sid, status in zip(sessions, ("present", "present", "absent"), strict=True):
        tirp.set_attendance(db, session_id=sid, leader_id=ids["l_ann"], status=status)
    page = shown_page(qtbot, db, ids["cohort"])
    last = page.grid.columnCount() - 1
    assert page.grid.item(0, last).text() == "67% (2 of 3) — at risk"  # below 75%
    page.threshold.setValue(60)
    assert page.grid.item(0, last).text() == "67% (2 of 3)"
    assert texts(page.rollups, 1)[0] == "67% (2 of 3)"
    page.consecutive.setValue(1)  # one missed session is enough
    assert page.grid.item(0, last).text() == "67% (2 of 3) — at risk"
    again = shown_page(qtbot, db, ids["cohort"])  # the next run: the limits chosen are kept
    assert (again.threshold.value(), again.consecutive.value()) == (60, 1)
    assert again.grid.item(0, last).text() == "67% (2 of 3) — at risk"


def test_a_withdrawal_is_undone_exactly_and_redone(qtbot, db):  # noqa: ANN001
    ids = seed_cohort(db)
    with db.transaction() as s:
        s.add(
            WaitlistEntry(
                setting_id=ids["alder"],
                added_on=date(2023, 5, 1),
                status="allocated",
                cohort_id=ids["cohort"],
            )
        )
    page = shown_page(qtbot, db, ids["cohort"])
    page.members.setCurrentItem(page.members.topLevelItem(0))  # Alder
    dialog = page.make_withdraw_dialog()
    dialog.reason.setText("Headteacher left")
    dialog.back.setChecked(True)
    dialog.exec = lambda: (dialog.apply(), dialog.result())[1]
    page.withdraw(dialog)
    assert page.members.topLevelItem(0).text(4).startswith("withdrew")
    assert page.undo_stack.undoText() == "Withdraw ‘Alder’"
    entry = "SELECT status, cohort_id FROM waitlist_entry WHERE setting_id = ?"
    assert db.query(entry, (ids["alder"],)) == [("waiting", None)]
    page.undo_stack.undo()
    alder = page.members.topLevelItem(0)
    assert alder.text(4) == "" and alder.child(0).text(3) == ""  # leader current again
    assert db.query(entry, (ids["alder"],)) == [("allocated", ids["cohort"])]
    assert db.query("SELECT count(*) FROM waitlist_event") == [(0,)]
    page.undo_stack.redo()
    assert page.members.topLevelItem(0).text(4).startswith("withdrew")
    assert db.query(entry, (ids["alder"],)) == [("waiting", None)]


def test_enrol_replace_and_schedule_each_undo_and_redo(qtbot, db):  # noqa: ANN001
    ids = seed_cohort(db)  # Alder and Birch enrolled; Ann and Bea lead; three sessions
    with db.transaction() as s:
        s.add(Setting(name="Cedar", phase="Primary"))
    page = shown_page(qtbot, db, ids["cohort"])
    stack = page.undo_stack

    enrol = page.make_enrol_dialog()
    qtbot.addWidget(enrol)
    enrol.tick("Cedar")
    enrol.exec = lambda: enrol.apply() or enrol.result()  # as if OK were pressed
    page.enrol(enrol)
    assert texts(page.members, 0) == ["Alder", "Birch", "Cedar"]
    assert stack.undoText() == "Enrol 1 setting"
    stack.undo()
    assert texts(page.members, 0) == ["Alder", "Birch"]
    stack.redo()
    assert texts(page.members, 0) == ["Alder", "Birch", "Cedar"]

    page.members.setCurrentItem(page.members.topLevelItem(1).child(0))  # Bea
    replace = page.make_replace_dialog()
    qtbot.addWidget(replace)
    replace.person.setCurrentText("Cal Fict")
    replace.on.setDate(QDate(2024, 4, 2))
    replace.exec = lambda: replace.apply() or replace.result()
    page.replace_leader(replace)
    birch = page.members.topLevelItem(1)
    assert [birch.child(i).text(0) for i in range(birch.childCount())] == ["Bea Fict", "Cal Fict"]
    assert stack.undoText() == "Replace leader ‘Bea Fict’"
    stack.undo()
    birch = page.members.topLevelItem(1)
    assert [birch.child(i).text(0) for i in range(birch.childCount())] == ["Bea Fict"]
    assert birch.child(0).text(4) == ""  # current again: no "replaced by"
    stack.redo()
    assert page.members.topLevelItem(1).childCount() == 2

    schedule = page.make_schedule_dialog()
    qtbot.addWidget(schedule)
    schedule.launch.setDate(QDate(2024, 9, 3))
    schedule.count.setValue(1)
    schedule.exec = lambda: schedule.apply() or schedule.result()
    page.generate_schedule(schedule)
    assert len(texts(page.sessions, 1)) == 5
    assert stack.undoText() == "Generate 2 sessions"
    stack.undo()
    assert texts(page.sessions, 2) == ["Launch day", "Session 2", "Session 3"]
    stack.redo()
    assert len(texts(page.sessions, 1)) == 5


def test_an_undo_is_refused_once_something_was_built_on_it(db):  # noqa: ANN001
    from send_desktop.services import tirp_undo
    from send_desktop.services.errors import ValidationError

    ids = seed_cohort(db)
    with db.transaction() as s:
        cedar = Setting(name="Cedar", phase="Primary")
        s.add(cedar)
        s.flush()
        cedar_id = cedar.id
    enrolment = tirp.enrol(db, cohort_id=ids["cohort"], setting_ids=[cedar_id])
    tirp.add_leader(db, member_id=enrolment.added[0], person_id=ids["cal"])
    try:
        tirp_undo.undo_enrolment(db, enrolment=enrolment)
    except ValidationError as err:
        assert "leaders have been added" in err.message
    else:
        raise AssertionError("undo of an enrolment with a leader since was not refused")
    assert len(tirp.cohort_members(db, ids["cohort"])) == 3  # nothing changed

    sessions = tirp.cohort_sessions(db, ids["cohort"])
    new = tirp.replace_leader(db, leader_id=ids["l_bea"], person_id=ids["cal"], on=date(2024, 4, 2))
    tirp.set_attendance(db, session_id=sessions[0][0], leader_id=new, status="present")
    try:
        tirp_undo.undo_replacement(db, old_leader_id=ids["l_bea"], new_leader_id=new)
    except ValidationError as err:
        assert "attendance has been marked" in err.message
    else:
        raise AssertionError("undo of a replacement with attendance since was not refused")


def test_a_new_person_typed_into_replace_leader_goes_with_the_undo(qtbot, db):  # noqa: ANN001
    ids = seed_cohort(db)
    page = shown_page(qtbot, db, ids["cohort"])
    people = "SELECT full_name, email FROM person WHERE full_name = 'Dee Fict'"
    page.members.setCurrentItem(page.members.topLevelItem(1).child(0))  # Bea
    replace = page.make_replace_dialog()
    qtbot.addWidget(replace)
    replace.person.setCurrentText("Dee Fict")  # not in People
    replace.email.setText("dee@example.org")
    replace.on.setDate(QDate(2024, 4, 2))
    replace.exec = lambda: replace.apply() or replace.result()
    page.replace_leader(replace)
    assert db.query(people) == [("Dee Fict", "dee@example.org")]
    birch = page.members.topLevelItem(1)
    assert [birch.child(i).text(0) for i in range(birch.childCount())] == ["Bea Fict", "Dee Fict"]
    page.undo_stack.undo()
    assert db.query(people) == []  # not left behind in People
    page.undo_stack.redo()
    assert db.query(people) == [("Dee Fict", "dee@example.org")]
