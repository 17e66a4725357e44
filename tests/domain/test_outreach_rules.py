"""Outreach rules: the referral path, places per term and offers from the waitlist."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from send_desktop.domain import outreach as rules
from send_desktop.domain.outreach import OutreachError, Ref


def r(i: int, status: str, day: int = 1) -> Ref:
    return Ref(f"r{i}", status, date(2024, 9, day), order=i, label=f"School {i}")


def apply(refs: list[Ref], changes: list[rules.Change]) -> list[Ref]:
    new = {c.ref_id: c.new for c in changes}
    return [Ref(x.id, new.get(x.id, x.status), x.received_on, x.order, x.label) for x in refs]


def test_accepting_when_full_waitlists_instead():
    refs = [r(1, "accepted"), r(2, "in delivery"), r(3, "triage")]
    [change] = rules.step(refs, "r3", "accepted", places=2, reason="meets criteria")
    assert (change.old, change.new) == ("triage", "waitlisted")
    assert change.reason == "meets criteria; the package is full this term (2 of 2 places held)"


def test_accepting_with_a_free_place_accepts():
    [change] = rules.step([r(1, "accepted"), r(2, "triage")], "r2", "accepted", places=2)
    assert change.new == "accepted" and not change.automatic


@pytest.mark.parametrize("end", ["completed", "withdrawn"])
def test_freeing_a_place_offers_it_to_the_oldest_waitlisted(end):
    refs = [r(1, "in delivery"), r(2, "waitlisted", day=9), r(3, "waitlisted", day=3)]
    step, offer = rules.step(refs, "r1", end, places=1)
    assert (step.ref_id, step.new) == ("r1", end)
    assert (offer.ref_id, offer.old, offer.new, offer.automatic) == (
        "r3",
        "waitlisted",
        "accepted",
        True,
    )
    assert offer.reason == f"place offered automatically: a place freed (School 1 {end})"


def test_same_day_waitlisted_go_in_the_order_recorded():
    refs = [r(1, "accepted"), r(5, "waitlisted"), r(4, "waitlisted")]
    assert [c.ref_id for c in rules.step(refs, "r1", "withdrawn", places=1)] == ["r1", "r4"]


def test_no_offer_when_nobody_waits_or_no_place_freed():
    assert len(rules.step([r(1, "accepted")], "r1", "withdrawn", places=1)) == 1
    refs = [r(1, "triage"), r(2, "waitlisted")]
    assert len(rules.step(refs, "r1", "declined", places=1)) == 1


def test_a_waitlisted_referral_cannot_take_a_place_that_is_not_free():
    refs = [r(1, "accepted"), r(2, "waitlisted")]
    with pytest.raises(OutreachError, match="No place is free.*stays waitlisted"):
        rules.step(refs, "r2", "accepted", places=1)


@pytest.mark.parametrize(
    ("current", "new", "words"),
    [
        (
            "received",
            "accepted",
            "A referral that is received cannot be marked accepted: "
            "it can go to triage or withdrawn.",
        ),
        (
            "completed",
            "withdrawn",
            "A referral that is completed cannot be marked withdrawn: it is closed.",
        ),
        ("triage", "in delivery", "it can go to accepted or waitlisted or declined or withdrawn"),
        ("triage", "lost", "'lost' is not a referral step"),
    ],
)
def test_illegal_steps_are_refused_in_words(current, new, words):
    with pytest.raises(OutreachError) as caught:
        rules.check_step(current, new)
    assert words in caught.value.message


def test_evidence_checklist_from_the_package_text():
    assert rules.evidence_items("Two assess-plan-do-review cycles; Boxall profile or SDQ") == [
        "Two assess-plan-do-review cycles",
        "Boxall profile or SDQ",
    ]
    assert rules.evidence_items("None: open to all settings") == []
    assert rules.evidence_items(None) == []


# --- properties ----------------------------------------------------------------------------

ops = st.lists(
    st.tuples(st.integers(0, 30), st.sampled_from(rules.STATUSES), st.integers(0, 40)),
    max_size=60,
)


@given(st.integers(0, 4), ops)
def test_capacity_is_never_exceeded_and_offers_go_oldest_first(places, moves):
    refs: list[Ref] = []
    start = date(2024, 9, 2)
    for pick, status, days in moves:
        if pick >= len(refs) or pick % 5 == 0:  # a new referral arrives
            refs.append(Ref(f"r{len(refs)}", "received", start + timedelta(days), len(refs)))
            continue
        ref = refs[pick]
        try:
            changes = rules.step(refs, ref.id, status, places)
        except OutreachError:
            continue  # refused: nothing changes
        waiting_before = rules.waiting_order(refs)
        refs = apply(refs, changes)
        assert rules.held(refs) <= places
        offered = [c.ref_id for c in changes if c.automatic]
        assert offered == [w.id for w in waiting_before if w.id != ref.id][: len(offered)]
        if ref.status in rules.HOLDING and changes[0].new not in rules.HOLDING:
            still_waiting = rules.waiting_order(refs)
            assert not still_waiting or rules.held(refs) == places  # no place left idle


@given(st.integers(0, 5), st.lists(st.sampled_from(rules.STATUSES), max_size=12))
def test_place_never_gives_more_places_than_there_are(places, asked):
    taken = 0
    for status in asked:
        got, _why = rules.place(status, taken, places)
        taken += got in rules.HOLDING
        assert taken <= places


def test_a_step_is_dated_between_receipt_and_today():
    received, today = date(2024, 9, 2), date(2024, 10, 1)
    rules.check_step_date(received, received, today)
    rules.check_step_date(today, received, today)
    with pytest.raises(OutreachError, match=r"before the referral was received \(02/09/2024\)"):
        rules.check_step_date(date(2024, 9, 1), received, today)
    with pytest.raises(OutreachError, match="in the future"):
        rules.check_step_date(date(2024, 10, 2), received, today)
