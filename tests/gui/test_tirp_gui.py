"""TIRP screens: attendance by keyboard with roll-ups as text; Allocate… with a swap."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget

from send_desktop.gui.dialogs.allocate_dialog import AllocateDialog
from send_desktop.gui.pages.tirp_page import CohortsPage
from send_desktop.gui.pages.waitlist_page import WaitlistPage
from send_desktop.services import tirp
from send_desktop.storage.models import Cohort, Person, Setting, WaitlistEntry

START = date(2024, 3, 5)


def seed_cohort(db) -> dict[str, str]:  # noqa: ANN001
    with db.transaction() as s:
        cohort = Cohort(name="Cohort 2", status="running", start_date=START, venue="Hall")
        settings = [Setting(name=n, phase="Primary") for n in ("Alder", "Birch")]
        people = [Person(full_name=n) for n in ("Ann Fict", "Bea Fict", "Cal Fict")]
        s.add_all([cohort, *settings, *people])
        s.flush()
        ids = {"cohort": cohort.id, "alder": settings[0].id, "birch": settings[1].id}
        ids |= {p.full_name.split()[0].lower(): p.id for p in people}
    tirp.enrol_settings(db, cohort_id=ids["cohort"], setting_ids=[ids["alder"], ids["birch"]])
    members = dict(
        (r[2], r[0]) for r in tirp.cohort_members(db, ids["cohort"])
    )  # name -> member id
    ids["l_ann"] = tirp.add_leader(db, member_id=members["Alder"], person_id=ids["ann"], on=START)
    ids["l_bea"] = tirp.add_leader(db, member_id=members["Birch"], person_id=ids["bea"], on=START)
    tirp.generate_sessions(db, cohort_id=ids["cohort"], launch=START, sessions=2, interval_days=28)
    return ids


def texts(tree: QTreeWidget, col: int) -> list[str]:
    return [tree.topLevelItem(i).text(col) for i in range(tree.topLevelItemCount())]


def test_attendance_by_keyboard_rolls_up(qtbot, db):  # noqa: ANN001
    ids = seed_cohort(db)
    tirp.replace_leader(db, leader_id=ids["l_bea"], person_id=ids["cal"], on=date(2024, 3, 20))
    page = CohortsPage(db)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.wait(50)  # the table fits its columns once shown
    page.table.ensure_loaded()
    assert page.table.select_id(ids["cohort"])
    page.show_selected()
    alder = page.members.topLevelItem(0)
    birch = page.members.topLevelItem(1)
    assert alder.text(0) == "Alder" and alder.child(0).text(0) == "Ann Fict"
    assert birch.child(0).text(4) == "replaced by Cal Fict"
    assert texts(page.sessions, 2) == ["Launch day", "Session 2", "Session 3"]
    grid = page.grid
    # rows: Ann (Alder), Bea (Birch, ended 20 Mar), Cal (Birch, from 20 Mar)
    assert grid.rowCount() == 3 and grid.columnCount() == 4
    grid.setFocus()
    grid.setCurrentCell(0, 0)
    qtbot.mouseClick(page.all_present, Qt.MouseButton.LeftButton)
    assert page.message.text() == "Marked 2 present."  # Cal had not started on launch day
    grid.setCurrentCell(0, 1)
    for key in (Qt.Key.Key_L, Qt.Key.Key_A, Qt.Key.Key_X):  # Ann late, Bea apologies, Cal absent
        qtbot.keyClick(grid, key)
    assert grid.currentRow() == 2 and grid.item(0, 1).text() == "L"
    grid.setCurrentCell(2, 2)
    qtbot.keyClick(grid, Qt.Key.Key_X)
    assert grid.item(2, 3).text() == "0% (0 of 2) — at risk"
    assert grid.item(0, 3).text() == "100% (2 of 2)"
    assert texts(page.rollups, 0) == ["Alder", "Birch", "Whole cohort"]
    assert texts(page.rollups, 1) == [
        "100% (2 of 2)",
        "25% (1 of 4) — at risk",
        "50% (3 of 6) — at risk",
    ]
    grid.setCurrentCell(2, 2)
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert grid.item(2, 2).text() == ""
    assert (
        tirp.attendance_roll_up(db, cohort_id=ids["cohort"], by="leader")[
            grid.leaders[2][0]
        ].recorded
        == 1
    )


def seed_waitlist(db, n: int = 5, capacity: int = 3) -> list[str]:  # noqa: ANN001
    with db.transaction() as s:
        s.add(Cohort(name="Cohort 3", status="open for allocation", capacity=capacity))
        entries = []
        for i in range(n):
            setting = Setting(name=f"School {i}", phase="Primary" if i % 2 else "Early years")
            entry = WaitlistEntry(setting=setting, added_on=date(2023, 1, 1 + i))
            s.add(entry)
            entries.append(entry)
        s.flush()
        return [e.id for e in entries]


def test_allocate_dialog_proposes_swaps_and_confirms(qtbot, db):  # noqa: ANN001
    entries = seed_waitlist(db)
    page = WaitlistPage(db)
    qtbot.addWidget(page)
    page.show()
    qtbot.wait(50)  # the table fits its columns once shown
    dialog = page.make_dialog()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, AllocateDialog)
    assert dialog.chosen_ids() == entries[:3]
    assert dialog.summary.text().startswith("3 of 5 waiting settings ticked for 3 free places")
    dialog.list.item(4).setCheckState(Qt.CheckState.Checked)  # one too many: refused
    assert not dialog.confirm.isEnabled() and "Untick 1" in dialog.summary.text()
    dialog.list.item(1).setCheckState(Qt.CheckState.Unchecked)  # the swap
    assert dialog.confirm.isEnabled()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert dialog.allocated == 3
    page.after_dialog(dialog)
    assert page.message.text() == "Allocated 3 settings."
    allocated = {r[0] for r in db.query("SELECT id FROM waitlist_entry WHERE status = 'allocated'")}
    assert allocated == {entries[0], entries[2], entries[4]}
    again = AllocateDialog(db)
    qtbot.addWidget(again)
    assert "no free places" in again.summary.text() and not again.confirm.isEnabled()


def test_allocate_dialog_balance_by_phase(qtbot, db):  # noqa: ANN001
    seed_waitlist(db, n=6, capacity=2)
    dialog = AllocateDialog(db)
    qtbot.addWidget(dialog)
    dialog.balance.setCurrentText("Balance by phase")
    phases = db.query(
        "SELECT s.phase FROM waitlist_entry w JOIN setting s ON s.id = w.setting_id WHERE w.id IN"
        f" ({','.join('?' * len(dialog.chosen_ids()))})",
        dialog.chosen_ids(),
    )
    assert sorted(p for (p,) in phases) == ["Early years", "Primary"]


def test_main_window_shows_the_tirp_pages(window, seeded, qtbot):  # noqa: ANN001
    window.switch_to("cohorts")
    page = window.page("cohorts").widget
    assert isinstance(page, CohortsPage)
    assert window.current_table() is page.table and page.table.total_row_count() == 1
    window.switch_to("waitlist")
    waiting = window.page("waitlist").widget
    assert isinstance(waiting, WaitlistPage)
    assert window.current_table() is waiting.table and waiting.table.total_row_count() == 1
    qtbot.wait(50)


def test_enrol_and_replace_a_leader_from_the_page(qtbot, db):  # noqa: ANN001
    from send_desktop.gui.dialogs.tirp_dialogs import EnrolDialog, ReplaceLeaderDialog

    ids = seed_cohort(db)
    with db.transaction() as s:
        s.add(Setting(name="Cedar", phase="Secondary"))
    page = CohortsPage(db)
    qtbot.addWidget(page)
    page.show()
    qtbot.wait(50)
    assert not page.enrol_button.isEnabled()
    assert page.table.select_id(ids["cohort"])
    page.show_selected()
    assert page.enrol_button.isEnabled() and not page.replace_button.isEnabled()
    enrol = page.make_enrol_dialog()
    qtbot.addWidget(enrol)
    assert isinstance(enrol, EnrolDialog)
    qtbot.keyClicks(enrol.filter, "ced")
    assert [enrol.list.item(i).isHidden() for i in range(3)] == [True, True, False]
    enrol.tick("Cedar")
    enrol.tick("Alder")  # already a member: left as it is
    qtbot.mouseClick(enrol.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert enrol.added == 1
    page.after_change()
    assert texts(page.members, 0) == ["Alder", "Birch", "Cedar"]
    page.members.setCurrentItem(page.members.topLevelItem(1).child(0))  # Bea
    assert page.replace_button.isEnabled()
    replace = page.make_replace_dialog()
    qtbot.addWidget(replace)
    assert isinstance(replace, ReplaceLeaderDialog)
    replace.person.setCurrentText("Cal Fict")
    replace.on.setDate(replace.on.date().fromString("2024-04-02", "yyyy-MM-dd"))
    replace.role.setText("Deputy head")
    replace.apply()
    assert replace.new_id is not None
    page.after_change()
    birch = page.members.topLevelItem(1)
    assert [birch.child(i).text(0) for i in range(2)] == ["Bea Fict", "Cal Fict"]
    assert (
        birch.child(0).text(3) == "02 Apr 2024" and birch.child(0).text(4) == "replaced by Cal Fict"
    )
    assert birch.child(1).text(1) == "Deputy head"
    assert page.grid.rowCount() == 3  # Ann, Bea (history), Cal
