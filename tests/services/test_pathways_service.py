"""Enhanced pathways use cases against a real SQLite file: ranking, pipeline, budget, trials."""

from __future__ import annotations

from datetime import date

import pytest

from send_desktop.domain.pathways import OverBudgetError, PathwaysError
from send_desktop.services import pathways
from send_desktop.storage.models import Bid, BidEvent, FundingRound, IntakeCount, Setting

# (urn, name, count, suppressed): a tie of two at the phase-1 cut-off of 3
HANDMADE = [
    ("100001", "Alder Secondary", 22, False),
    ("100002", "Birch Academy", 18, False),
    ("100003", "Cedar School", 12, False),
    ("100004", "Damson College", 12, False),
    ("100005", "Elm High", 9, False),
    ("100006", "Fir School", 7, False),
    ("100007", "Gorse Academy", 6, False),
    ("100008", "Hazel School", None, True),
]


def make_round(db, rows=HANDMADE, grant=200_000_00) -> dict[str, str]:
    ids = {}
    with db.transaction() as s:
        round_ = FundingRound(
            name="Handmade",
            intake_label="September 2023 Year 7",
            intake_year=2023,
            total_grant_pence=grant,
            phase1_allocation_pence=30_000_00,
        )
        s.add(round_)
        for urn, name, count, suppressed in rows:
            setting = Setting(name=name, urn=urn, phase="Secondary")
            s.add(setting)
            s.flush()
            ids[name] = setting.id
            s.add(IntakeCount(setting_id=setting.id, intake_year=2023, count=count,
                              suppressed=suppressed))  # fmt: skip
    return ids


def add_bid(db, setting_id, *, phase=2, status="invited", requested=None, awarded=None) -> str:
    with db.transaction() as s:
        round_ = s.query(FundingRound).filter_by(name="Handmade").one()
        bid = Bid(round=round_, setting_id=setting_id, phase=phase, status=status,
                  requested_pence=requested, awarded_pence=awarded)  # fmt: skip
        s.add(bid)
        s.flush()
        return bid.id


def test_rank_handmade_round_with_tie_at_cut_off(db):
    make_round(db)
    info, ranking = pathways.rank_round(db, round_name="handmade")  # case ignored
    assert info.name == "Handmade"
    got = {s.row.name: (s.rank, s.phase) for s in ranking.schools}
    assert got == {
        "Alder Secondary": (1, "1"),
        "Birch Academy": (2, "1"),
        "Cedar School": (3, "tie"),
        "Damson College": (3, "tie"),
        "Elm High": (5, "2"),
        "Fir School": (6, "2"),
        "Gorse Academy": (7, "-"),
        "Hazel School": (None, "-"),
    }
    assert ranking.summary() == "phase1: 2, phase2: 2, ties: 2"


def test_unknown_round_lists_names(db):
    make_round(db)
    with pytest.raises(pathways.UnknownRoundError, match="'Handmade'"):
        pathways.rank_round(db, round_name="Nope")


def test_bid_walks_invited_to_funded_with_dated_steps(db):
    ids = make_round(db)
    bid = add_bid(db, ids["Elm High"], requested=20_000_00)
    steps = ["application sent", "submitted", "under review", "approved"]
    for day, step in enumerate(steps, start=1):
        pathways.advance_bid(db, bid_id=bid, status=step, on=date(2023, 9, day))
    with pytest.raises(PathwaysError, match="amount awarded"):
        pathways.advance_bid(db, bid_id=bid, status="funded")
    pathways.set_award(db, bid_id=bid, awarded_pence=15_000_00)
    pathways.advance_bid(db, bid_id=bid, status="funded", on=date(2023, 10, 1))
    with db.reader() as s:
        events = s.query(BidEvent).filter_by(bid_id=bid).order_by(BidEvent.on).all()
        assert [e.status for e in events] == [*steps, "funded"]
    with pytest.raises(PathwaysError, match="funded cannot be marked submitted"):
        pathways.advance_bid(db, bid_id=bid, status="submitted")


def test_illegal_step_refused_in_plain_words(db):
    ids = make_round(db)
    bid = add_bid(db, ids["Elm High"])
    with pytest.raises(PathwaysError) as err:
        pathways.advance_bid(db, bid_id=bid, status="approved")
    assert err.value.message == (
        "A bid that is invited cannot be marked approved: it can go to application sent or "
        "withdrawn."
    )


def test_over_award_refused_and_nothing_written(db):
    ids = make_round(db, grant=100_000_00)
    add_bid(db, ids["Alder Secondary"], phase=1, status="funded", awarded=30_000_00)
    bid = add_bid(db, ids["Elm High"], status="approved")
    with pytest.raises(OverBudgetError, match="£1,000 over its grant of £100,000"):
        pathways.set_award(db, bid_id=bid, awarded_pence=71_000_00)
    budget = pathways.round_budget(db, round_name="Handmade")
    assert budget.awarded_pence == 0 and budget.remaining_pence == 70_000_00
    pathways.set_award(db, bid_id=bid, awarded_pence=70_000_00)
    assert pathways.round_budget(db, round_name="Handmade").remaining_pence == 0
    with pytest.raises(OverBudgetError):
        pathways.set_paid(db, bid_id=bid, paid_pence=70_000_01)


@pytest.mark.parametrize("method", ["equal", "ehcp", "requested"])
def test_trial_then_apply_adds_up_to_the_pound(db, method):
    ids = make_round(db, grant=100_000_00 + 99)
    add_bid(db, ids["Alder Secondary"], phase=1, status="funded", awarded=30_000_00)
    for name, req in (("Elm High", 40_000_00), ("Fir School", 33_333_00), ("Cedar School", None)):
        add_bid(db, ids[name], status="approved", requested=req or 50_000_00)
    add_bid(db, ids["Damson College"], status="declined", awarded=5_000_00)
    trial = pathways.trial_allocation(db, round_name="Handmade", method=method)
    assert trial.available_pence == 70_000_99
    assert trial.total_pounds == 70_000
    assert pathways.round_budget(db, round_name="Handmade").awarded_pence == 0  # preview only
    applied = pathways.apply_allocation(db, round_name="Handmade", method=method)
    assert applied == trial
    budget = pathways.round_budget(db, round_name="Handmade")
    assert budget.awarded_pence == 70_000_00 and budget.remaining_pence == 99
    # applying again re-shares the same money (what the bids hold is available to them)
    assert pathways.trial_allocation(db, round_name="Handmade", method=method) == trial


def test_demo_round_phases_match_the_rule_by_hand(tmp_path):
    from send_desktop.services.demo import build_demo

    db = build_demo(tmp_path / "demo.sqlite")
    try:
        rows = db.query(
            "SELECT s.name, i.count FROM intake_count i JOIN setting s ON s.id = i.setting_id "
            "WHERE i.intake_year = 2023 AND i.count IS NOT NULL AND NOT i.suppressed"
        )
        counts = sorted((c for _, c in rows), reverse=True)
        cut = counts[2]
        expected = {}
        for name, count in rows:
            if count > cut:
                expected[name] = "1"
            elif count == cut:
                expected[name] = "1" if counts.count(cut) + counts.index(cut) <= 3 else "tie"
            else:
                expected[name] = "2" if count >= 7 else "-"
        _, ranking = pathways.rank_round(db, round_name="Enhanced pathways 2023")
        got = {s.row.name: s.phase for s in ranking.schools if s.rank is not None}
        assert got == expected
        for method in ("equal", "ehcp", "requested"):
            trial = pathways.trial_allocation(
                db, round_name="Enhanced pathways 2023", method=method
            )
            ceilings = sum(s.ceiling for s in trial.shares if s.ceiling is not None)
            assert trial.total_pounds == min(trial.pot_pounds, ceilings)  # requests bound it
    finally:
        db.close()


def test_saved_ranking_shows_what_moved_when_data_changes(db):
    ids = make_round(db)
    assert pathways.ranking_changes(db, round_name="Handmade") is None
    pathways.save_ranking(db, round_name="Handmade", on=date(2023, 6, 1), note="first")
    assert pathways.ranking_changes(db, round_name="Handmade").moves == []
    with db.transaction() as s:
        damson = s.query(IntakeCount).filter_by(setting_id=ids["Damson College"]).one()
        damson.count = 13  # breaks the tie: Damson moves into phase 1, Cedar out of it
        hazel = s.query(IntakeCount).filter_by(setting_id=ids["Hazel School"]).one()
        hazel.count, hazel.suppressed = 8, False
    changes = pathways.ranking_changes(db, round_name="Handmade")
    assert changes.saved_on == date(2023, 6, 1) and changes.note == "first"
    moved = {m.name: m.change for m in changes.moves}
    assert moved["Damson College"] == "count 12 -> 13; phase tie -> 1"
    assert moved["Cedar School"] == "rank 3 -> 4; phase tie -> 2"
    assert moved["Hazel School"] == "count x -> 8; rank - -> 6; phase - -> 2"
    assert "Alder Secondary" not in moved


def test_a_step_is_undone_only_while_it_is_the_last(db):  # noqa: ANN001
    ids = make_round(db)
    bid = add_bid(db, ids["Elm High"], requested=20_000_00)
    first = pathways.advance_bid(db, bid_id=bid, status="application sent", on=date(2023, 9, 4))
    pathways.advance_bid(db, bid_id=bid, status="submitted", on=date(2023, 9, 5))
    with pytest.raises(PathwaysError, match="moved on from 'application sent'"):
        pathways.undo_step(db, step=first)
    assert db.query("SELECT status FROM bid")[0][0] == "submitted"
    assert db.query("SELECT count(*) FROM bid_event")[0][0] == 2
