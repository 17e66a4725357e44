"""TIRP rules: the allocation planner, schedules and attendance roll-ups (property tests)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from send_desktop.domain.tirp import (
    Candidate,
    Mark,
    generate_schedule,
    in_holiday,
    propose,
    roll_up,
    waiting_key,
)

PHASES = ("Early years", "Primary", "Secondary")

candidates_st = st.lists(
    st.builds(
        Candidate,
        entry_id=st.uuids().map(str),
        name=st.sampled_from(["Alpha", "beta", "Gamma", "delta", "Eps"]),
        added_on=st.dates(date(2023, 1, 1), date(2023, 3, 1)),
        priority=st.integers(0, 2),
        phase=st.sampled_from(PHASES),
        locality=st.sampled_from(["North", "South", None]),
    ),
    max_size=40,
)


def c(i: int, day: int, phase: str = "Primary", priority: int = 0) -> Candidate:
    return Candidate(f"e{i:02d}", f"School {i:02d}", date(2023, 1, day), priority, phase, "North")


def test_first_come_first_served_with_stated_tie_break():
    pool = [c(1, 5), c(2, 3), c(3, 3, priority=1), c(4, 9), c(5, 20, priority=1), c(6, 3)]
    # priority first, then date added, then name
    assert [x.entry_id for x in propose(pool, 4)] == ["e03", "e05", "e02", "e06"]


def test_no_free_places_proposes_nothing():
    assert propose([c(1, 1)], 0) == [] and propose([c(1, 1)], -2) == []


def test_phase_balance_shares_in_proportion():
    pool = [c(i, i, "Primary") for i in range(1, 20)] + [
        c(30 + i, 20 + i, "Early years") for i in range(3)
    ]
    picked = propose(pool, 11, balance="phase")
    # exact shares 1.5 and 9.5: the tie goes to the group whose next setting waited longest
    assert sum(x.phase == "Early years" for x in picked) == 1
    assert len(picked) == 11


@given(candidates_st, st.integers(-2, 50), st.sampled_from([None, "phase", "locality"]))
def test_never_over_capacity_and_fills_what_it_can(pool, free, balance):
    picked = propose(pool, free, balance=balance)
    assert len(picked) == max(0, min(free, len(pool)))
    assert len({x.entry_id for x in picked}) == len(picked)


@given(candidates_st, st.integers(0, 50), st.sampled_from(["phase", "locality"]))
def test_balance_keeps_waiting_order_within_groups_and_is_fair(pool, free, balance):
    picked = propose(pool, free, balance=balance)
    chosen = {x.entry_id for x in picked}
    total = len(pool)
    groups: dict[str, list[Candidate]] = {}
    for x in sorted(pool, key=waiting_key):
        groups.setdefault(getattr(x, balance) or "(none)", []).append(x)
    places = min(free, total)
    for members in groups.values():
        taken = [x.entry_id in chosen for x in members]
        # within a group: every chosen setting waited longer than every one left out
        assert taken == sorted(taken, reverse=True)
        share = places * len(members) / total if total else 0
        assert int(share) <= sum(taken) <= int(share) + 1


@given(candidates_st, st.integers(0, 50))
def test_unbalanced_takes_the_longest_waiting(pool, free):
    picked = propose(pool, free)
    assert picked == sorted(pool, key=waiting_key)[:free]


def test_schedule_skips_holidays_keeping_the_weekday():
    launch = date(2023, 7, 11)
    holidays = [(date(2023, 7, 21), date(2023, 9, 5))]
    dates = generate_schedule(launch, 3, 14, holidays)
    assert dates[0] == launch
    assert dates[1] == date(2023, 9, 12)
    assert all(d.weekday() == launch.weekday() for d in dates)
    assert len(dates) == 4


@given(
    st.dates(date(2023, 1, 1), date(2025, 1, 1)),
    st.integers(0, 20),
    st.integers(1, 60),
    st.lists(
        st.tuples(st.dates(date(2023, 1, 1), date(2026, 1, 1)), st.integers(0, 30)), max_size=5
    ),
)
def test_schedule_properties(launch, sessions, interval, raw):
    holidays = [(start, start + timedelta(days=n)) for start, n in raw]
    dates = generate_schedule(launch, sessions, interval, holidays)
    assert len(dates) == sessions + 1
    assert not any(in_holiday(d, holidays) for d in dates)
    assert all(b - a >= timedelta(days=interval) for a, b in zip(dates, dates[1:], strict=False))


def test_roll_ups_and_at_risk():
    marks = [
        Mark("L1", "S1", 1, "present"),
        Mark("L1", "S1", 2, "late"),
        Mark("L1", "S1", 3, "present"),
        Mark("L1", "S1", 4, "apologies"),
        Mark("L2", "S1", 1, "present"),
        Mark("L2", "S1", 2, "absent"),
        Mark("L2", "S1", 3, "apologies"),
        Mark("L2", "S1", 4, "present"),
        Mark("L3", "S2", 1, "present"),
        Mark("L3", "S2", 2, "absent"),
        Mark("L3", "S2", 3, "present"),
        Mark("L3", "S2", 4, "present"),
    ]
    leaders = roll_up(marks, "leader")
    assert (leaders["L1"].attended, leaders["L1"].recorded, leaders["L1"].at_risk) == (3, 4, False)
    assert leaders["L2"].at_risk and leaders["L2"].longest_missed_run == 2
    assert leaders["L2"].label == "50% (2 of 4) — at risk"
    assert not leaders["L3"].at_risk
    settings = roll_up(marks, "setting")
    assert settings["S1"].at_risk and not settings["S2"].at_risk
    cohort = roll_up(marks, "cohort")["cohort"]
    assert (cohort.attended, cohort.recorded) == (8, 12)
    strict = roll_up(marks, "leader", threshold=0.8, consecutive_absences=3)
    assert all(r.at_risk for r in strict.values())  # 75% is below 80%
    lenient = roll_up(marks, "leader", threshold=0.5, consecutive_absences=3)
    assert not any(r.at_risk for r in lenient.values())


@given(st.lists(st.sampled_from(["present", "late", "apologies", "absent"]), max_size=20))
def test_rate_matches_counts(statuses):
    marks = [Mark("L", "S", i, s) for i, s in enumerate(statuses)]
    result = roll_up(marks, "leader")
    if not statuses:
        assert result == {}
        return
    r = result["L"]
    assert r.recorded == len(statuses)
    assert r.attended == sum(s in ("present", "late") for s in statuses)
    expected = r.attended < 0.75 * r.recorded or r.longest_missed_run >= 2
    assert r.at_risk == expected
