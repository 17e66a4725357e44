"""The Outreach page: drive referrals through their path, see a full package waitlist one and
a freed place offered automatically; record a new referral; tick evidence; the catalogue."""

from __future__ import annotations

from outreach_helpers import make_catalogue, refer
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from send_desktop.gui.pages.outreach_page import OutreachPage
from send_desktop.services.outreach import NO_NAMES


def click(qtbot, widget) -> None:  # noqa: ANN001
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def shown_page(qtbot, db) -> OutreachPage:  # noqa: ANN001
    page = OutreachPage(db)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    qtbot.waitExposed(page)
    qtbot.wait(20)  # each table fits its columns once shown
    page.tabs.setCurrentIndex(1)
    qtbot.wait(20)
    page.referrals.ensure_loaded()
    return page


def step(qtbot, page: OutreachPage, referral_id: str, status: str, why: str = "") -> str:  # noqa: ANN001
    assert page.referrals.select_id(referral_id)
    steps = [page.step_combo.itemText(i) for i in range(page.step_combo.count())]
    assert status in steps, steps
    page.step_combo.setCurrentText(status)
    page.who_edit.setText("Lead A")
    page.why_edit.setText(why)
    click(qtbot, page.step_button)
    return page.message.text()


def history(page: OutreachPage) -> list[str]:
    return [page.history.item(i).text() for i in range(page.history.count())]


def test_drive_referrals_through_the_path_with_a_waitlist_and_an_automatic_offer(qtbot, db):
    ids = make_catalogue(db, places=1)
    first = refer(db, ids, "Ash Primary School", 2)
    second = refer(db, ids, "Beech Primary School", 3)
    page = shown_page(qtbot, db)
    assert not page.banner.isVisible()

    assert step(qtbot, page, first, "triage") == "Recorded: triage."
    assert step(qtbot, page, first, "accepted", "Meets criteria") == (
        "Recorded: accepted. Meets criteria."
    )
    assert page.places_text.text() == "Places this term: 1 of 1 held (full), 0 waitlisted"
    step(qtbot, page, second, "triage")
    assert step(qtbot, page, second, "accepted") == (
        "Recorded: waitlisted. Waitlisted: the package is full this term (1 of 1 places held)."
    )
    assert "Status: <b>waitlisted</b>" in page.referral_text.text()
    assert step(qtbot, page, first, "in delivery") == "Recorded: in delivery."

    # completing asks for the outcome; the freed place goes to the waitlisted referral
    page.referrals.select_id(first)
    page.step_combo.setCurrentText("completed")
    assert page.rating_combo.isVisible() and page.outcome_edit.isVisible()
    page.rating_combo.setCurrentIndex(4)
    page.outcome_edit.setPlainText("Staff use the strategies daily")
    page.why_edit.setText("All sessions delivered")
    click(qtbot, page.step_button)
    offer = (
        "A place on Small package (2024 Autumn) was offered automatically to Beech Primary School."
    )
    assert offer in page.message.text()
    assert page.banner.isVisible() and offer in page.banner.text()
    assert "Outcome: 4 of 5 — Staff use the strategies daily" in page.referral_text.text()
    assert page.step_combo.count() == 0 and not page.step_button.isEnabled()  # closed
    assert history(page)[-1].endswith("completed by Lead A: All sessions delivered")

    page.referrals.select_id(second)
    assert "Status: <b>accepted</b>" in page.referral_text.text()
    assert history(page)[-1].endswith(
        "accepted by Lead A: place offered automatically: a place freed "
        "(Ash Primary School completed)"
    )
    statuses = dict(db.query("SELECT id, status FROM referral"))
    assert (statuses[first], statuses[second]) == ("completed", "accepted")

    # Edit → Undo takes back the completion with the place it offered; Redo makes it again
    stack = page.undo_stack
    assert stack.undoText() == "Record ‘completed’ for Ash Primary School"
    events = db.query("SELECT count(*) FROM referral_event")[0][0]
    stack.undo()
    statuses = dict(db.query("SELECT id, status FROM referral"))
    assert (statuses[first], statuses[second]) == ("in delivery", "waitlisted")
    assert db.query("SELECT count(*) FROM referral_event")[0][0] == events - 2
    assert db.query("SELECT outcome_rating FROM referral WHERE id = ?", (first,)) == [(None,)]
    assert not page.banner.isVisible()
    stack.redo()
    statuses = dict(db.query("SELECT id, status FROM referral"))
    assert (statuses[first], statuses[second]) == ("completed", "accepted")
    assert db.query("SELECT outcome_rating FROM referral WHERE id = ?", (first,)) == [(4,)]


def test_only_next_steps_are_offered_and_withdrawing_frees_the_place(qtbot, db):
    ids = make_catalogue(db, places=1)
    first = refer(db, ids, "Ash Primary School", 2)
    second = refer(db, ids, "Beech Primary School", 3)
    page = shown_page(qtbot, db)
    page.referrals.select_id(first)
    assert [page.step_combo.itemText(i) for i in range(page.step_combo.count())] == [
        "triage",
        "withdrawn",
    ]
    for rid in (first, second):
        step(qtbot, page, rid, "triage")
        step(qtbot, page, rid, "accepted")
    step(qtbot, page, first, "withdrawn", "School closed")
    assert "offered automatically to Beech Primary School" in page.banner.text()


def test_record_a_new_referral_with_evidence_and_the_no_names_note(qtbot, db):
    ids = make_catalogue(db, places=2)
    page = shown_page(qtbot, db)
    page.tabs.setCurrentIndex(0)
    page.packages.ensure_loaded()
    assert page.packages.select_id(ids["Small package"])
    click(qtbot, page.refer_button)
    dialog = page.referral_dialog
    assert dialog.isVisible()
    assert dialog.package.currentText() == "Small package — Hawthorn Special School"
    closed = [dialog.package.itemText(i) for i in range(dialog.package.count())]
    assert not any("Closed package" in text for text in closed)
    assert dialog.findChild(type(page.message), "noNamesNote").text().endswith(NO_NAMES)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    click(qtbot, ok)
    assert dialog.message.text() == "Choose the requesting setting from the list."
    dialog.setting.setCurrentIndex(
        dialog.setting.findText("Chestnut Academy", Qt.MatchFlag.MatchStartsWith)
    )
    qtbot.keyClicks(dialog.summary, "Staff want help with a calm start to the day.")
    assert [c.text() for c in dialog.checks] == [
        "Two assess-plan-do-review cycles",
        "Boxall profile or SDQ",
    ]
    dialog.checks[0].setChecked(True)
    click(qtbot, ok)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.tabs.currentIndex() == 1
    assert page.current_table() is page.referrals
    assert page.message.text() == "Referral recorded: received."
    assert "<b>Chestnut Academy</b>" in page.referral_text.text()
    assert "Summary of need: Staff want help with a calm start to the day." in (
        page.referral_text.text()
    )
    # the checklist shows what came with it; ticking the other item saves it
    items = [page.evidence.item(i) for i in range(page.evidence.count())]
    assert [i.checkState() == Qt.CheckState.Checked for i in items] == [True, False]
    items[1].setCheckState(Qt.CheckState.Checked)
    stored = db.query("SELECT evidence FROM referral")[0][0]
    assert '"Boxall profile or SDQ": true' in stored
    # the panel where the lead types carries the note too
    notes = [w.text() for w in page.findChildren(type(page.message), "noNamesNote")]
    assert notes and all(NO_NAMES in text for text in notes)


def test_close_a_package_to_applications(qtbot, db):
    ids = make_catalogue(db)
    page = shown_page(qtbot, db)
    page.tabs.setCurrentIndex(0)
    page.packages.ensure_loaded()
    page.packages.select_id(ids["Small package"])
    assert "Open for applications" in page.package_text.text()
    assert page.open_button.text() == "Close to applications"
    click(qtbot, page.open_button)
    assert "<b>Closed</b>" in page.package_text.text()
    assert db.query("SELECT open_for_applications FROM outreach_package WHERE name = ?",
                    ("Small package",)) == [(0,)]  # fmt: skip


def test_catalogue_pdf_from_the_page(qtbot, db, tmp_path):
    make_catalogue(db)
    page = shown_page(qtbot, db)
    page.tabs.setCurrentIndex(0)
    page.save_catalogue_pdf(str(tmp_path / "offer"))
    assert (tmp_path / "offer.pdf").read_bytes().startswith(b"%PDF")
    assert page.pdf_message.text() == f"Saved to {tmp_path / 'offer.pdf'}"


def test_questionnaire_summary_and_export(qtbot, db, tmp_path):
    import openpyxl
    from openpyxl import Workbook

    from send_desktop.services import imports

    make_catalogue(db)
    page = shown_page(qtbot, db)
    page.tabs.setCurrentIndex(2)
    assert "No questionnaire returns yet" in page.questionnaire_text.text()
    assert not page.export_summary_button.isEnabled()
    book = Workbook()
    book.active.title = "Survey"
    book.active.append(["URN", "Rating", "Comments"])
    book.active.append(["200001", 3, "More visits please"])
    book.active.append(["209999", 5, None])
    book.save(tmp_path / "survey.xlsx")
    imports.run_import(db, path=tmp_path / "survey.xlsx", kind="questionnaire")
    page.tabs.setCurrentIndex(0)
    page.tabs.setCurrentIndex(2)
    assert page.questionnaire_combo.currentText() == "Survey"
    assert page.questionnaire_text.text() == (
        "2 returns: 1 from mainstream settings, 1 from special schools."
    )
    tree = page.summary_tree
    rating, comments = tree.topLevelItem(0), tree.topLevelItem(1)
    assert [rating.text(c) for c in range(3)] == ["Rating", "2", "scale, mean 4; 0 blank"]
    assert [rating.child(0).text(c) for c in range(3)] == ["3", "1", "50%"]
    assert comments.child(0).text(0) == "Ash Primary School: More visits please"
    page.export_questionnaire(str(tmp_path / "summary"))
    assert page.questionnaire_text.text() == f"Summary saved to {tmp_path / 'summary.xlsx'}"
    assert openpyxl.load_workbook(tmp_path / "summary.xlsx").sheetnames[0] == "Questions"


def test_add_and_edit_a_package(qtbot, db):
    from send_desktop.services import outreach

    ids = make_catalogue(db, places=1)
    for school, day in (("Ash Primary School", 2), ("Beech Primary School", 3)):
        rid = refer(db, ids, school, day)
        outreach.advance_referral(db, referral_id=rid, status="triage")
        outreach.advance_referral(db, referral_id=rid, status="accepted")  # the 2nd waits
    page = shown_page(qtbot, db)
    page.tabs.setCurrentIndex(0)
    page.packages.ensure_loaded()
    click(qtbot, page.new_package_button)
    dialog = page.package_dialog
    assert dialog.windowTitle() == "New package"
    qtbot.keyClicks(dialog.name, "Sensory circuits")
    dialog.area.setCurrentText("Sensory and/or physical")
    dialog.places.setValue(5)
    dialog.evidence.setText("OT advice; Sensory profile")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.packages.selected_id() == dialog.package_id
    assert "<b>Sensory circuits</b>" in page.package_text.text()
    assert "OT advice; Sensory profile" in page.package_text.text()
    # edit: the small package's places
    page.packages.select_id(ids["Small package"])
    click(qtbot, page.edit_package_button)
    dialog = page.package_dialog
    assert dialog.windowTitle() == "Edit package" and dialog.name.text() == "Small package"
    dialog.places.setValue(7)
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert db.query("SELECT places_per_term FROM outreach_package WHERE id = ?",
                    (ids["Small package"],)) == [(7,)]  # fmt: skip
    assert "7 places per term" in page.package_text.text()
    assert "offered automatically to Beech Primary School" in page.banner.text()
    assert page.banner.isVisible()


def test_a_dashboard_figure_opens_the_referrals_behind_it(qtbot, db, window):
    from send_desktop.services import kpis, outreach

    ids = make_catalogue(db, places=2)
    delivering = refer(db, ids, "Ash Primary School", 2)
    refer(db, ids, "Beech Primary School", 3)
    for status in ("triage", "accepted", "in delivery"):
        outreach.advance_referral(db, referral_id=delivering, status=status)
    window.drill(kpis.Drill("outreach", "referrals", "Referrals in delivery", "status",
                            ("in delivery",)))  # fmt: skip
    page = window.page("outreach").widget
    assert window.current_page().key == "outreach" and page.tabs.currentIndex() == 1
    assert window.current_table() is page.referrals
    assert page.referrals.visible_row_count() == 1
    assert page.referrals.preset_label.text() == "Showing: Referrals in delivery"


def test_a_step_takes_its_date(qtbot, db):
    from PySide6.QtCore import QDate

    ids = make_catalogue(db)
    rid = refer(db, ids, "Ash Primary School", 2)  # received 02/09/2024
    page = shown_page(qtbot, db)
    page.referrals.select_id(rid)
    page.step_combo.setCurrentText("triage")
    page.step_date.setDate(QDate(2024, 9, 1))
    click(qtbot, page.step_button)
    assert page.message.text() == (
        "A step cannot be dated before the referral was received (02/09/2024)."
    )
    page.step_date.setDate(QDate(2024, 9, 9))
    click(qtbot, page.step_button)
    assert page.message.text() == "Recorded: triage."
    assert history(page)[-1].startswith("09/09/2024 triage")
    assert page.step_date.date() == QDate.currentDate()  # back to today for the next step
