"""The Enhanced pathways page: walk a bid from invited to funded; over-award refused; ranking."""

from __future__ import annotations

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
    for step in ("application sent", "submitted", "under review", "approved"):
        page.step_combo.setCurrentText(step)
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
    events = db.query('SELECT status FROM bid_event ORDER BY "on", created_at')
    assert events[-1][0] == "funded"


def test_ranking_tab_shows_ties_as_text(qtbot, db):  # noqa: ANN001
    seed(db)
    page = PathwaysPage(db)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(1)
    assert page.round_combo.currentText() == "Round A"
    phases = [page.ranking.item(r, 4).text() for r in range(page.ranking.rowCount())]
    assert phases == ["tie", "tie", "tie", "tie", "-"]
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
