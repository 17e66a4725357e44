"""Outreach use cases against a real SQLite file: the path, places, offers, outcomes."""

from __future__ import annotations

import json
from datetime import date

import pytest
from db_dump import dump, rows
from outreach_helpers import make_catalogue, refer, to_triage

from send_desktop.domain.outreach import OutreachError
from send_desktop.services import outreach


def test_a_referral_to_a_full_package_is_waitlisted(db):
    ids = make_catalogue(db, places=1)
    first, second = (
        refer(db, ids, "Ash Primary School", 2),
        refer(db, ids, "Beech Primary School", 3),
    )
    to_triage(db, first), to_triage(db, second)
    ok = outreach.advance_referral(db, referral_id=first, status="accepted", by="Lead A")
    assert ok.status == "accepted" and ok.offers == ()
    full = outreach.advance_referral(
        db, referral_id=second, status="accepted", by="Lead A", reason="Meets criteria"
    )
    assert full.status == "waitlisted"
    assert full.reason == "Meets criteria; the package is full this term (1 of 1 places held)"
    assert rows(db, "SELECT status FROM referral WHERE id = ?", second) == [("waitlisted",)]


@pytest.mark.parametrize("end", ["completed", "withdrawn"])
def test_freeing_a_place_offers_it_to_the_oldest_waitlisted(db, end):
    ids = make_catalogue(db, places=1)
    holder = refer(db, ids, "Ash Primary School", 2)
    late = refer(db, ids, "Beech Primary School", 20)  # recorded first, received later
    early = refer(db, ids, "Chestnut Academy", 5)
    for rid in (holder, late, early):
        to_triage(db, rid)
        outreach.advance_referral(db, referral_id=rid, status="accepted")
    outreach.advance_referral(db, referral_id=holder, status="in delivery")
    if end == "completed":
        result = outreach.complete_referral(
            db, referral_id=holder, rating=4, notes="Staff confident", by="Lead B"
        )
    else:
        result = outreach.advance_referral(
            db, referral_id=holder, status="withdrawn", by="Lead B", reason="School closed"
        )
    [offer] = result.offers
    assert offer.referral_id == early and offer.setting == "Chestnut Academy"
    assert offer.message == (
        "A place on Small package (2024 Autumn) was offered automatically to Chestnut Academy."
    )
    status = dict(rows(db, "SELECT id, status FROM referral"))
    assert (status[holder], status[early], status[late]) == (end, "accepted", "waitlisted")
    [event] = rows(
        db, "SELECT status, \"by\", reason FROM referral_event WHERE referral_id = ? "
        "AND status = 'accepted'", early,
    )  # fmt: skip
    assert event == (
        "accepted",
        "Lead B",
        f"place offered automatically: a place freed (Ash Primary School {end})",
    )


def test_every_step_is_dated_with_who_and_why_and_audited(db):
    ids = make_catalogue(db, places=2)
    rid = refer(db, ids, "Ash Primary School", 2)
    outreach.advance_referral(
        db, referral_id=rid, status="triage", on=date(2024, 9, 9), by="Lead C", reason="Complete"
    )
    events = rows(
        db, 'SELECT status, "on", "by", reason FROM referral_event WHERE referral_id = ? '
        'ORDER BY "on"', rid,
    )  # fmt: skip
    assert events == [
        ("received", "2024-09-02", "Test Lead", "school application"),
        ("triage", "2024-09-09", "Lead C", "Complete"),
    ]
    audit = rows(db, "SELECT action, table_name FROM audit_log WHERE record_id = ?", rid)
    assert ("update", "referral") in audit and ("create", "referral") in audit


def test_an_illegal_step_is_refused_in_words_and_changes_nothing(db):
    ids = make_catalogue(db)
    rid = refer(db, ids, "Ash Primary School", 2)
    before = dump(db)
    with pytest.raises(OutreachError) as caught:
        outreach.advance_referral(db, referral_id=rid, status="in delivery")
    assert caught.value.message == (
        "A referral that is received cannot be marked in delivery: it can go to triage or "
        "withdrawn."
    )
    assert dump(db) == before


def test_a_bad_rating_changes_nothing(db):
    ids = make_catalogue(db)
    rid = refer(db, ids, "Ash Primary School", 2)
    before = dump(db)
    with pytest.raises(OutreachError, match="1 to 5"):
        outreach.complete_referral(db, referral_id=rid, rating=9)
    assert dump(db) == before


def test_closed_packages_take_no_applications(db):
    ids = make_catalogue(db)
    with pytest.raises(OutreachError, match="Closed package is not open for applications"):
        refer(db, ids, "Ash Primary School", 2, package="Closed package")


def test_places_count_per_term(db):
    ids = make_catalogue(db, places=1)
    autumn = refer(db, ids, "Ash Primary School", 2)
    spring = outreach.receive_referral(
        db,
        package_id=ids["Small package"],
        setting_id=ids["Beech Primary School"],
        route="health",
        term="2025 Spring",
    )
    for rid in (autumn, spring):
        to_triage(db, rid)
        assert outreach.advance_referral(db, referral_id=rid, status="accepted").status == (
            "accepted"
        )


def test_evidence_checklist_and_summary(db):
    ids = make_catalogue(db)
    rid = refer(db, ids, "Ash Primary School", 2)
    outreach.set_evidence(db, referral_id=rid, evidence={"Boxall profile or SDQ": True})
    summary = outreach.referral_summary(db, referral_id=rid)
    assert summary.evidence == {
        "Two assess-plan-do-review cycles": False,
        "Boxall profile or SDQ": True,
    }
    assert summary.next_steps == ("triage", "withdrawn")
    assert (summary.places, summary.held, summary.waiting) == (1, 0, 0)
    stored = rows(db, "SELECT evidence FROM referral WHERE id = ?", rid)[0][0]
    assert json.loads(stored)["Boxall profile or SDQ"] is True
    with pytest.raises(outreach.ValidationError, match="not on this package's checklist"):
        outreach.set_evidence(db, referral_id=rid, evidence={"A letter": True})


def test_outcome_is_kept_on_completion(db):
    ids = make_catalogue(db)
    rid = refer(db, ids, "Ash Primary School", 2)
    for step in ("triage", "accepted", "in delivery"):
        outreach.advance_referral(db, referral_id=rid, status=step)
    outreach.complete_referral(db, referral_id=rid, rating=5, notes="Strategies in use")
    assert rows(db, "SELECT status, outcome_rating, outcome_notes FROM referral") == [
        ("completed", 5, "Strategies in use")
    ]


def test_package_status_lines(db):
    ids = make_catalogue(db, places=1)
    a, b = refer(db, ids, "Ash Primary School", 2), refer(db, ids, "Beech Primary School", 3)
    for rid in (a, b):
        to_triage(db, rid)
        outreach.advance_referral(db, referral_id=rid, status="accepted")
    outreach.advance_referral(db, referral_id=a, status="in delivery")
    lines, total = outreach.package_status(db)
    assert [(p.package, p.places, p.in_delivery, p.waitlisted) for p in lines] == [
        ("Closed package", 10, 0, 0),
        ("Small package", 1, 1, 1),
    ]
    assert total == 2


def test_a_new_package_makes_its_school_a_provider_and_places_never_go_below_held(db):
    ids = make_catalogue(db, places=2)
    with db.transaction() as s:
        from send_desktop.storage.models import Setting

        other = Setting(name="Rowan Special School", urn="208888", phase="Special")
        s.add(other)
        s.flush()
        other_id = other.id
    data = outreach.PackageData(
        provider_setting_id=other_id,
        name="Sensory circuits training",
        area_of_need="Sensory and/or physical",
        mode="training",
        places_per_term=6,
        evidence_required="None: open to all settings",
    )
    new_id = outreach.save_package(db, data=data).id
    assert rows(db, "SELECT count(*) FROM outreach_provider") == [(2,)]
    assert outreach.package_data(db, package_id=new_id) == data
    assert [c.label for c in outreach.package_choices(db)][-1] == (
        "Sensory circuits training — Rowan Special School"
    )
    # two referrals hold the small package's places this term
    for school, day in (("Ash Primary School", 2), ("Beech Primary School", 3)):
        rid = refer(db, ids, school, day)
        to_triage(db, rid)
        outreach.advance_referral(db, referral_id=rid, status="accepted")
    small = outreach.package_data(db, package_id=ids["Small package"])
    fewer = outreach.PackageData(**{**small.__dict__, "places_per_term": 1})
    before = dump(db)
    with pytest.raises(outreach.ValidationError) as caught:
        outreach.save_package(db, data=fewer, package_id=ids["Small package"])
    assert caught.value.message == (
        "2 referrals hold places in 2024 Autumn: places per term cannot go below 2"
    )
    assert dump(db) == before
    with pytest.raises(outreach.ValidationError, match="four broad areas"):
        outreach.save_package(db, data=outreach.PackageData(other_id, "X", "SEMH", "training"))


def test_more_places_per_term_go_to_the_waitlist_oldest_first(db):
    ids = make_catalogue(db, places=1)
    schools = (("Ash Primary School", 2), ("Beech Primary School", 9), ("Chestnut Academy", 4))
    made = [refer(db, ids, school, day) for school, day in schools]
    for rid in made:
        to_triage(db, rid)
        outreach.advance_referral(db, referral_id=rid, status="accepted")
    small = outreach.package_data(db, package_id=ids["Small package"])
    more = outreach.PackageData(**{**small.__dict__, "places_per_term": 2})
    saved = outreach.save_package(db, data=more, package_id=ids["Small package"], by="Lead F")
    assert [o.setting for o in saved.offers] == ["Chestnut Academy"]
    assert saved.offers[0].reason == (
        "place offered automatically: a place freed (places per term now 2)"
    )
    status = dict(rows(db, "SELECT id, status FROM referral"))
    assert [status[r] for r in made] == ["accepted", "waitlisted", "accepted"]


def test_a_step_is_undone_whole_and_only_while_nothing_moved_on(db):
    ids = make_catalogue(db, places=1)
    first = refer(db, ids, "Ash Primary School", 2)
    to_triage(db, first)
    events = "SELECT status FROM referral_event WHERE referral_id = ? ORDER BY rowid"
    before = rows(db, events, first)
    accepted = outreach.advance_referral(db, referral_id=first, status="accepted", by="Lead A")
    outreach.undo_referral_step(db, result=accepted)
    assert rows(db, events, first) == before
    assert rows(db, "SELECT status FROM referral WHERE id = ?", first) == [("triage",)]
    accepted = outreach.advance_referral(db, referral_id=first, status="accepted", by="Lead A")
    outreach.advance_referral(db, referral_id=first, status="in delivery", by="Lead A")
    with pytest.raises(OutreachError, match="Ash Primary School has moved on since"):
        outreach.undo_referral_step(db, result=accepted)
    assert rows(db, "SELECT status FROM referral WHERE id = ?", first) == [("in delivery",)]
