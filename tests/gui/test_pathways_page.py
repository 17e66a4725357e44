"""The Enhanced pathways page: walk a bid from invited to funded; over-award refused; ranking."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from send_desktop.gui.pages.pathways_page import PathwaysPage
from send_desktop.storage.models import Bid, FundingRound, IntakeCount, Setting


def seed(db) -> str:  # noqa: ANN001
    with db.transaction() as s:
        round_ = FundingRound(name="Round A", intake_label="September 2023 Year 7",
                              intake_year=2023, total_grant_pence=100_000_00)  # fmt: skip
        s.add(round_)
        ids = []
        for urn, name, count in (("100001", "Alder", 12), ("100002", "Birch", 12),
                                 ("100003", "Cedar", 12), ("100004", "Damson", 12),
                                 ("100005", "Elm", None)):  # fmt: skip
            setting = Setting(name=name, urn=urn)
            s.add(setting)
            s.flush()
            ids.append(setting.id)
            s.add(IntakeCount(setting_id=setting.id, intake_year=2023, count=count,
                              suppressed=count is None))  # fmt: skip
        bid = Bid(round=round_, setting_id=ids[0], phase=2, status="invited")
        s.add(bid)
        s.flush()
        return bid.id


def test_walk_a_bid_from_invited_to_funded(qtbot, db):  # noqa: ANN001
    bid_id = seed(db)
    page = PathwaysPage(db)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    qtbot.wait(50)
    page.bids.ensure_loaded()
    assert page.bids.select_id(bid_id)
    page._on_bid_selected()
    assert not page.step_button.isEnabled() or page.step_combo.count() > 0
    from PySide6.QtCore import QDate

    for n, step in enumerate(("application sent", "submitted", "under review", "approved")):
        page.step_combo.setCurrentText(step)
        page.step_date.setDate(QDate(2023, 9, 4 + n))
        qtbot.mouseClick(page.step_button, Qt.MouseButton.LeftButton)
        assert page.message.text() == f"Recorded: {step}."
    page.step_combo.setCurrentText("funded")
    qtbot.mouseClick(page.step_button, Qt.MouseButton.LeftButton)
    assert "amount awarded" in page.message.text()
    page.award_edit.setText("100,001")
    qtbot.mouseClick(page.award_button, Qt.MouseButton.LeftButton)
    assert "£1 over its grant of £100,000" in page.message.text()
    page.award_edit.setText("40,000")
    qtbot.mouseClick(page.award_button, Qt.MouseButton.LeftButton)
    assert page.budget_labels["Remaining"].text() == "£60,000"
    page.step_combo.setCurrentText("funded")
    qtbot.mouseClick(page.step_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "Recorded: funded."
    assert db.query("SELECT status FROM bid")[0][0] == "funded"
    events = db.query('SELECT status, "on" FROM bid_event ORDER BY "on", created_at')
    assert events[-1][0] == "funded"
    dated = [(s, str(d)[:10]) for s, d in events[:4]]
    assert dated == [("application sent", "2023-09-04"), ("submitted", "2023-09-05"),
                     ("under review", "2023-09-06"), ("approved", "2023-09-07")]  # fmt: skip

    # Edit → Undo takes back the step, then the award; Redo brings them back
    stack = page.undo_stack
    assert stack.undoText() == "Record ‘funded’ for Alder"
    stack.undo()
    assert db.query("SELECT status FROM bid")[0][0] == "approved"
    assert db.query("SELECT count(*) FROM bid_event")[0][0] == 4
    assert stack.undoText() == "Set the award for Alder"
    stack.undo()
    assert page.budget_labels["Remaining"].text() == "£100,000"
    stack.redo()
    stack.redo()
    assert db.query("SELECT status, awarded_pence FROM bid")[0] == ("funded", 40_000_00)
    assert page.budget_labels["Remaining"].text() == "£60,000"


def test_ranking_tab_shows_ties_as_text(qtbot, db):  # noqa: ANN001
    seed(db)
    page = PathwaysPage(db)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(1)
    assert page.round_combo.currentText() == "Round A"
    phases = [page.ranking.item(r, 4).text() for r in range(page.ranking.rowCount())]
    assert phases == ["tie → phase 2", "tie", "tie", "tie", "-"]  # Alder's bid settled it
    assert page.ranking.item(4, 3).text() == "x"
    assert page.ranking_summary.text() == "phase1: 0, phase2: 0, ties: 4"


def test_save_ranking_then_see_what_moved(qtbot, db):  # noqa: ANN001
    seed(db)
    page = PathwaysPage(db)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(1)
    assert page.moves.text().startswith("No saved ranking yet")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.moves.text().endswith("nothing moved.")
    with db.transaction() as s:
        elm = s.query(IntakeCount).filter_by(count=None).one()
        elm.count, elm.suppressed = 20, False
    page.load_rounds()
    assert "Elm (100005): count x -> 20; rank - -> 1; phase - -> 1" in page.moves.text()


def test_trial_allocation_preview_then_apply(qtbot, db):  # noqa: ANN001
    seed(db)
    with db.transaction() as s:
        round_ = s.query(FundingRound).one()
        for setting in s.query(Setting).filter(Setting.name.in_(["Birch", "Cedar"])):
            s.add(Bid(round=round_, setting_id=setting.id, phase=2, status="approved",
                      requested_pence=80_000_00))  # fmt: skip
    page = PathwaysPage(db)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    qtbot.wait(50)
    assert page.bids.select_id(db.query("SELECT id FROM bid WHERE status='approved'")[0][0])
    page._on_bid_selected()
    page.method_combo.setCurrentIndex(page.method_combo.findData("equal"))
    page.cap_edit.setText("30,000")
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert "Total: £60,000 of £100,000" in page.trial_text.text()
    assert db.query("SELECT sum(awarded_pence) FROM bid")[0][0] is None  # preview only
    assert page.apply_button.isEnabled()
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert db.query("SELECT sum(awarded_pence) FROM bid")[0][0] == 60_000_00
    assert page.budget_labels["Remaining"].text() == "£40,000"
    assert not page.apply_button.isEnabled()


def shown_page(qtbot, db, **kwargs):  # noqa: ANN001, ANN003, ANN201
    from send_desktop.gui.tasks import ImmediatePool, TaskRunner

    page = PathwaysPage(db, runner=TaskRunner(ImmediatePool()), **kwargs)
    qtbot.addWidget(page)
    page.resize(1060, 760)
    page.show()
    qtbot.waitExposed(page)
    qtbot.wait(50)
    page.bids.ensure_loaded()
    return page


def test_payments_and_documents_from_the_page(qtbot, db, tmp_path, monkeypatch):  # noqa: ANN001
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    bid_id = seed(db)
    with db.transaction() as s:
        s.get(Bid, bid_id).awarded_pence = 20_000_00
    page = shown_page(qtbot, db)
    assert page.bids.select_id(bid_id)
    qtbot.mouseClick(page.files_button, Qt.MouseButton.LeftButton)
    dialog = page.files_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.amount.setText("25,000")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "£5,000 more than awarded" in dialog.message.text()
    dialog.amount.setText("7,500")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Payment of £7,500 recorded."
    assert dialog.payments.rowCount() == 1 and dialog.payments.item(0, 1).text() == "£7,500"
    assert page.budget_labels["Paid"].text() == "£7,500"  # the budget panel follows
    proposal = tmp_path / "Alder proposal.pdf"
    proposal.write_bytes(b"%PDF-1.4")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(proposal), ""))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    qtbot.mouseClick(dialog.link_button, Qt.MouseButton.LeftButton)
    assert dialog.documents.item(0, 1).text() == "found"
    dialog.documents.selectRow(0)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(proposal)]
    proposal.unlink()
    dialog.reload()
    assert dialog.documents.item(0, 1).text() == "MISSING"
    dialog.documents.selectRow(0)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert "missing" in dialog.message.text() and opened == [str(proposal)]
    dialog.close()


def test_invitation_letters_for_selected_bids_then_open_folder(qtbot, db, tmp_path, monkeypatch):  # noqa: ANN001
    from PySide6.QtWidgets import QFileDialog

    seed(db)
    with db.transaction() as s:
        round_ = s.query(FundingRound).one()
        for setting in s.query(Setting).filter(Setting.name.in_(["Birch", "Cedar"])):
            s.add(Bid(round=round_, setting_id=setting.id, phase=2, status="invited"))
    written = []
    page = shown_page(qtbot, db, written=lambda path, message, button: written.append(
        (path, button)))  # fmt: skip
    assert not page.bids.is_column_visible("round")  # one round: no Round column
    ids = [r[0] for r in db.query(
        "SELECT b.id FROM bid b JOIN setting s ON s.id = b.setting_id "
        "WHERE s.name IN ('Alder', 'Cedar')")]  # fmt: skip
    for bid_id in ids:
        row = page.bids.model.view_row_of(bid_id)
        page.bids.view.selectionModel().select(
            page.bids.model.index(row, 1),
            page.bids.view.selectionModel().SelectionFlag.Select
            | page.bids.view.selectionModel().SelectionFlag.Rows,
        )
    assert sorted(page.bids.selected_ids()) == sorted(ids)
    folder = tmp_path / "letters"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    qtbot.mouseClick(page.invite_button, Qt.MouseButton.LeftButton)
    dialog = page.letters_dialog
    assert dialog.selected_only.isChecked() and "(2)" in dialog.selected_only.text()
    dialog.accept()
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["invitation - Alder.pdf", "invitation - Cedar.pdf"]
    assert page.message.text() == f"Wrote 2 invitation letters to {folder}."
    assert written == [(folder, "Open folder")]


def test_letter_template_dialog_previews_and_refuses_unknown_placeholders(qtbot, db):  # noqa: ANN001
    from PySide6.QtWidgets import QDialogButtonBox

    from send_desktop.services import pathway_letters

    bid_id = seed(db)
    page = shown_page(qtbot, db)
    page.open_template_dialog("invitation", [bid_id])
    dialog = page.template_dialog
    assert "Alder" in dialog.preview.toPlainText()
    assert any("→  Alder" in dialog.fields.item(i).text() for i in range(dialog.fields.count()))
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.editor.setPlainText("Hello ${headteacher}")
    assert "${headteacher}" in dialog.problem.text() and not save.isEnabled()
    dialog.editor.setPlainText("Welcome ${school}\n\nDear ${contact},\n\nSee you soon.")
    assert dialog.preview.toPlainText().startswith("Welcome Alder")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert pathway_letters.letter_template(db, "invitation").startswith("Welcome ${school}")


def test_export_ranking_from_the_ranking_tab(qtbot, db, tmp_path, monkeypatch):  # noqa: ANN001
    import openpyxl
    from PySide6.QtWidgets import QFileDialog

    seed(db)
    target = tmp_path / "ranking.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page = shown_page(qtbot, db)
    page.tabs.setCurrentIndex(1)
    qtbot.mouseClick(page.export_ranking_button, Qt.MouseButton.LeftButton)
    ws = openpyxl.load_workbook(target).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0] == [
        "Round", "Rank", "URN", "School", "Year 7 EHCPs", "Phase", "Source", "As of", "Note"
    ]  # fmt: skip
    assert [r[5] for r in values[1:]] == ["tie", "tie", "tie", "tie", "-"]
    assert values[5][1] is None and values[5][4] == "x"  # suppressed: not ranked, not zero
    assert values[1][4] == 12 and ws.cell(2, 5).data_type == "n"
    assert page.moves.text().startswith("Exported the ranking of Round A")


def test_new_round_type_counts_and_invite_from_the_ranking(qtbot, db, monkeypatch):  # noqa: ANN001
    from PySide6.QtWidgets import QDialogButtonBox, QInputDialog

    seed(db)  # Round A (2023) with five schools
    page = shown_page(qtbot, db)
    page.tabs.setCurrentIndex(1)
    qtbot.mouseClick(page.new_round_button, Qt.MouseButton.LeftButton)
    dialog = page.round_dialog
    dialog.name.setText("Round B")
    dialog.year.setValue(2023)
    dialog.grant.setText("30,000")
    dialog.allocation.setText("12,000")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "£6,000 over the grant of £30,000" in dialog.problem.text()  # 3 × £12,000
    dialog.allocation.setText("10,000")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert page.round_combo.currentText() == "Round B"
    assert page.ranking_summary.text() == "phase1: 0, phase2: 0, ties: 4"
    # the lead types Elm's count (it was suppressed): Elm comes first, the tie is settled
    elm = next(r for r in range(page.ranking.rowCount()) if page.ranking.item(r, 2).text() == "Elm")
    page.ranking.selectRow(elm)
    qtbot.mouseClick(page.count_button, Qt.MouseButton.LeftButton)
    counter = page.count_dialog
    assert counter.suppressed.isChecked() and not counter.count.isEnabled()
    counter.suppressed.setChecked(False)
    counter.count.setValue(20)
    qtbot.mouseClick(counter.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    assert page.ranking.item(0, 2).text() == "Elm" and page.ranking.item(0, 4).text() == "1"
    today = date.today()
    assert page.ranking.item(0, 5).text() == (
        f"Typed by the SEND team, {today.day:02d}/{today.month:02d}/{today.year}"
    )
    assert page.ranking_summary.text() == "phase1: 1, phase2: 0, ties: 4"
    # invite Elm (phase 1) and Alder (tied: the lead chooses phase 2)
    page.ranking.clearSelection()
    for name in ("Elm", "Alder"):
        row = next(r for r in range(5) if page.ranking.item(r, 2).text() == name)
        page.ranking.selectionModel().select(
            page.ranking.model().index(row, 0),
            page.ranking.selectionModel().SelectionFlag.Select
            | page.ranking.selectionModel().SelectionFlag.Rows,
        )
    asked = []
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda *a, **k: (asked.append(a[2]) or "Phase 2", True))  # fmt: skip
    qtbot.mouseClick(page.invite_ranked_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0].startswith("Alder: tied")
    assert page.ranking_message.text().startswith("Invited 2 schools")
    got = db.query(
        "SELECT s.name, b.phase, b.status FROM bid b JOIN setting s ON s.id = b.setting_id "
        "JOIN funding_round f ON f.id = b.round_id WHERE f.name = 'Round B' ORDER BY s.name"
    )
    assert got == [("Alder", 2, "invited"), ("Elm", 1, "invited")]
    assert page.bids.is_column_visible("round")  # two rounds now


def test_bid_details_dialog(qtbot, db):  # noqa: ANN001
    from PySide6.QtWidgets import QDialogButtonBox

    from send_desktop.services.people import PersonData, add_person

    bid_id = seed(db)
    person = add_person(db, data=PersonData(full_name="Morgan Reed"))
    page = shown_page(qtbot, db)
    assert page.bids.select_id(bid_id)
    qtbot.mouseClick(page.details_button, Qt.MouseButton.LeftButton)
    dialog = page.details_dialog
    dialog.requested.setText("18,500")
    dialog.summary.setPlainText("A Year 7 nurture group")
    dialog.ks3.setPlainText("Small-group literacy across Years 7 to 9")
    dialog.contact.setCurrentIndex(dialog.contact.findData(person))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    assert page.message.text() == "Bid details saved."
    assert db.query("SELECT requested_pence, proposal_summary, contact_id FROM bid") == [
        (18_500_00, "A Year 7 nurture group", person)
    ]


def test_type_a_count_for_a_school_not_ranked_yet(qtbot, db):  # noqa: ANN001
    from PySide6.QtWidgets import QDialogButtonBox

    seed(db)
    with db.transaction() as s:
        s.add(Setting(name="Fenwick Academy", urn="100006", phase="Secondary"))
    page = shown_page(qtbot, db)
    page.tabs.setCurrentIndex(1)
    page.ranking.clearSelection()
    assert page.count_button.isEnabled()
    qtbot.mouseClick(page.count_button, Qt.MouseButton.LeftButton)
    dialog = page.count_dialog
    assert dialog.school_combo.itemText(0) == "Fenwick Academy"  # secondaries first
    dialog.school_combo.setCurrentText("Fenwick Academy")
    dialog.count.setValue(30)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    assert page.ranking.item(0, 2).text() == "Fenwick Academy"
    assert page.ranking.item(0, 4).text() == "1"
