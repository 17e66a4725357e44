"""Setting up a round: its figures checked, typed intake counts, invitations, bid details."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from db_dump import dump

from send_desktop.domain.pathways import PathwaysError
from send_desktop.services import pathway_rounds as rounds
from send_desktop.services import pathways
from send_desktop.services.people import PersonData, add_person
from send_desktop.storage.models import Setting

ROUND = rounds.RoundData(
    name="Pathways 2025",
    intake_label="September 2025 Year 7",
    intake_year=2025,
    total_grant_pence=100_000_00,
    phase1_allocation_pence=20_000_00,
)


def schools(db, counts: dict[str, int | None]) -> dict[str, str]:
    ids = {}
    with db.transaction() as s:
        for n, name in enumerate(counts):
            setting = Setting(name=name, urn=f"20000{n}", phase="Secondary")
            s.add(setting)
            s.flush()
            ids[name] = setting.id
    for name, count in counts.items():
        rounds.set_intake_count(db, setting_id=ids[name], intake_year=2025, count=count,
                                suppressed=count is None, source="typed",
                                as_of=date(2025, 10, 1))  # fmt: skip
    return ids


def test_round_figures_are_checked_and_names_unique(db):
    round_id = rounds.create_round(db, data=ROUND)
    assert rounds.round_data(db, name="pathways 2025") == (round_id, ROUND)
    with pytest.raises(PathwaysError, match="already a round called"):
        rounds.create_round(db, data=replace(ROUND, name=" PATHWAYS 2025 "))
    with pytest.raises(PathwaysError, match=r"£20,000 over the grant of £40,000"):
        rounds.create_round(db, data=replace(ROUND, name="B", total_grant_pence=40_000_00))
    with pytest.raises(PathwaysError, match="not an intake year"):
        rounds.create_round(db, data=replace(ROUND, name="C", intake_year=25))
    rounds.update_round(db, round_id=round_id, data=replace(ROUND, phase2_threshold=5))
    assert rounds.round_data(db, name=ROUND.name)[1].phase2_threshold == 5


def test_typed_counts_rank_and_invitations_follow_the_phases(db):
    ids = schools(db, {"Ash": 15, "Beech": 12, "Cherry": 11, "Dogwood": 11, "Elder": 8,
                       "Fig": None})  # fmt: skip
    rounds.create_round(db, data=ROUND)
    _info, ranking = pathways.rank_round(db, round_name=ROUND.name)
    assert {s.row.name: s.phase for s in ranking.schools} == {
        "Ash": "1", "Beech": "1", "Cherry": "tie", "Dogwood": "tie", "Elder": "2", "Fig": "-"
    }  # fmt: skip
    assert db.query("SELECT count, suppressed FROM intake_count WHERE setting_id = ?",
                    (ids["Fig"],)) == [(None, 1)]  # fmt: skip
    made = rounds.invite(db, round_name=ROUND.name, setting_ids=[ids["Ash"], ids["Elder"]],
                         on=date(2025, 11, 3))  # fmt: skip
    assert made == 2
    assert rounds.invite(db, round_name=ROUND.name, setting_ids=[ids["Ash"]]) == 0  # has one
    before = dump(db)
    with pytest.raises(PathwaysError, match="Cherry is tied at the cut-off"):
        rounds.invite(db, round_name=ROUND.name, setting_ids=[ids["Cherry"]])
    assert dump(db) == before
    assert rounds.invite(db, round_name=ROUND.name, setting_ids=[ids["Cherry"]], phase=1) == 1
    got = db.query(
        'SELECT s.name, b.phase, b.status, e."on" FROM bid b JOIN setting s ON s.id = '
        "b.setting_id JOIN bid_event e ON e.bid_id = b.id ORDER BY s.name"
    )
    assert [(r[0], r[1], r[2], str(r[3])[:10]) for r in got[:2]] == [
        ("Ash", 1, "invited", "2025-11-03"),
        ("Cherry", 1, "invited", date.today().isoformat()),
    ]
    with pytest.raises(PathwaysError, match="mark it suppressed"):
        rounds.set_intake_count(db, setting_id=ids["Ash"], intake_year=2025, count=None)


def test_grant_cannot_drop_below_what_is_committed(db):
    ids = schools(db, {"Ash": 15})
    round_id = rounds.create_round(db, data=ROUND)
    rounds.invite(db, round_name=ROUND.name, setting_ids=[ids["Ash"]])
    bid_id = db.query("SELECT id FROM bid")[0][0]
    pathways.set_award(db, bid_id=bid_id, awarded_pence=60_000_00)
    with pytest.raises(PathwaysError, match=r"£60,000 committed.*£10,000 short"):
        rounds.update_round(db, round_id=round_id,
                            data=replace(ROUND, total_grant_pence=50_000_00,
                                         phase1_allocation_pence=0))  # fmt: skip


def test_bid_details_with_a_contact(db):
    ids = schools(db, {"Ash": 15})
    rounds.create_round(db, data=ROUND)
    rounds.invite(db, round_name=ROUND.name, setting_ids=[ids["Ash"]])
    bid_id = db.query("SELECT id FROM bid")[0][0]
    person = add_person(
        db, data=PersonData(full_name="Robin Quill", email="r.quill@ash.example.org")
    )
    details = rounds.BidDetails(25_000_00, "A nurture base for Year 7", "Small-group English",
                                "Termly report", person)  # fmt: skip
    rounds.update_bid_details(db, bid_id=bid_id, details=details)
    assert rounds.bid_details(db, bid_id=bid_id) == details
    assert rounds.people(db) == [(person, "Robin Quill")]


def test_phase_1_invitations_carry_the_allocation_within_the_grant(db):
    ids = schools(db, {"Ash": 15, "Beech": 12, "Cherry": 11, "Dogwood": 11, "Elder": 8})
    rounds.create_round(db, data=replace(ROUND, total_grant_pence=60_000_00))
    assert rounds.invite(db, round_name=ROUND.name, setting_ids=[ids["Ash"], ids["Beech"]]) == 2
    assert db.query("SELECT awarded_pence FROM bid ORDER BY awarded_pence") == [
        (20_000_00,),
        (20_000_00,),
    ]
    budget = dict(pathways.round_budget(db, round_name=ROUND.name).lines())
    assert budget["Phase-1 allocations"] == "£40,000" and budget["Remaining"] == "£20,000"
    before = dump(db)
    with pytest.raises(PathwaysError, match="£20,000 over its grant of £60,000"):
        rounds.invite(db, round_name=ROUND.name,
                      setting_ids=[ids["Cherry"], ids["Dogwood"]], phase=1)  # fmt: skip
    assert dump(db) == before  # neither tied school invited
