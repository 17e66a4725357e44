"""TIRP use cases: enrolment, leader replacement, withdrawal, sessions, attendance, feedback."""

from __future__ import annotations

from datetime import date

import pytest

from send_desktop.services import tirp
from send_desktop.services.errors import ValidationError
from send_desktop.storage.models import (
    Cohort,
    CohortLeader,
    CohortMember,
    Person,
    Setting,
    WaitlistEntry,
    WaitlistEvent,
)

START = date(2024, 3, 5)


@pytest.fixture
def ids(db) -> dict[str, str]:
    with db.transaction() as s:
        c1 = Cohort(name="Cohort 1", status="running", start_date=date(2023, 7, 11))
        c2 = Cohort(name="Cohort 2", status="running", start_date=START, venue="Hall")
        settings = [Setting(name=f"School {i}", phase="Primary") for i in range(3)]
        people = [Person(full_name=f"Leader {i}") for i in range(3)]
        s.add_all([c1, c2, *settings, *people])
        s.flush()
        s.add(CohortMember(cohort_id=c1.id, setting_id=settings[2].id))
        out = {"c1": c1.id, "c2": c2.id}
        out |= {f"s{i}": x.id for i, x in enumerate(settings)}
        out |= {f"p{i}": x.id for i, x in enumerate(people)}
        return out


def member_id(db, cohort_id: str, setting_id: str) -> str:
    return db.query(
        "SELECT id FROM cohort_member WHERE cohort_id = ? AND setting_id = ?",
        (cohort_id, setting_id),
    )[0][0]


def test_enrol_several_and_not_in_two_running_cohorts(db, ids):
    assert tirp.enrol_settings(db, cohort_id=ids["c2"], setting_ids=[ids["s0"], ids["s1"]]) == 2
    assert tirp.enrol_settings(db, cohort_id=ids["c2"], setting_ids=[ids["s0"]]) == 0
    with pytest.raises(ValidationError, match="School 2 is already in Cohort 1"):
        tirp.enrol_settings(db, cohort_id=ids["c2"], setting_ids=[ids["s2"]])
    assert db.query("SELECT count(*) FROM cohort_member WHERE cohort_id = ?", (ids["c2"],)) == [
        (2,)
    ]


def test_replace_leader_keeps_history(db, ids):
    tirp.enrol_settings(db, cohort_id=ids["c2"], setting_ids=[ids["s0"]])
    mid = member_id(db, ids["c2"], ids["s0"])
    first = tirp.add_leader(db, member_id=mid, person_id=ids["p0"], role="SENCo", on=START)
    second = tirp.replace_leader(db, leader_id=first, person_id=ids["p1"], on=date(2024, 9, 1))
    with db.reader() as s:
        old, new = s.get(CohortLeader, first), s.get(CohortLeader, second)
        assert old.ended_on == date(2024, 9, 1) and old.replaced_by_id == second
        assert new.started_on == date(2024, 9, 1) and new.role == "SENCo" and new.ended_on is None
    with pytest.raises(ValidationError):
        tirp.replace_leader(db, leader_id=first, person_id=ids["p2"], on=date(2024, 10, 1))


def test_withdraw_back_to_waitlist_keeps_original_date(db, ids):
    with db.transaction() as s:
        s.add(WaitlistEntry(setting_id=ids["s0"], added_on=date(2023, 1, 9), status="allocated"))
    tirp.enrol_settings(db, cohort_id=ids["c2"], setting_ids=[ids["s0"]])
    mid = member_id(db, ids["c2"], ids["s0"])
    leader = tirp.add_leader(db, member_id=mid, person_id=ids["p0"], on=START)
    with pytest.raises(ValidationError):
        tirp.withdraw_member(db, member_id=mid, on=date(2024, 5, 1), reason=" ")
    tirp.withdraw_member(
        db, member_id=mid, on=date(2024, 5, 1), reason="Staffing", back_to_waitlist=True
    )
    with db.reader() as s:
        member = s.get(CohortMember, mid)
        assert member.withdrawn_on == date(2024, 5, 1) and member.withdrawal_reason == "Staffing"
        assert s.get(CohortLeader, leader).ended_on == date(2024, 5, 1)
        entry = s.query(WaitlistEntry).one()
        assert (entry.status, entry.added_on, entry.cohort_id) == (
            "waiting",
            date(2023, 1, 9),
            None,
        )
        assert s.query(WaitlistEvent).filter_by(event="returned").count() == 1


def test_sessions_attendance_and_roll_ups(db, ids):
    tirp.enrol_settings(db, cohort_id=ids["c2"], setting_ids=[ids["s0"], ids["s1"]])
    m0, m1 = (member_id(db, ids["c2"], ids[k]) for k in ("s0", "s1"))
    l0 = tirp.add_leader(db, member_id=m0, person_id=ids["p0"], on=START)
    l1 = tirp.add_leader(db, member_id=m1, person_id=ids["p1"], on=START)
    holidays = [(date(2024, 3, 28), date(2024, 4, 12))]
    assert (
        tirp.generate_sessions(
            db, cohort_id=ids["c2"], launch=START, sessions=3, interval_days=14, holidays=holidays
        )
        == 4
    )
    sessions = db.query(
        "SELECT id, held_on, title FROM cohort_session WHERE cohort_id = ? ORDER BY seq",
        (ids["c2"],),
    )
    assert [r[1] for r in sessions] == ["2024-03-05", "2024-03-19", "2024-04-16", "2024-04-30"]
    assert sessions[0][2] == "Launch day"
    tirp.update_session(db, session_id=sessions[1][0], held_on=date(2024, 3, 20), title="Trauma")
    assert tirp.mark_all_present(db, session_id=sessions[0][0]) == 2
    assert tirp.mark_all_present(db, session_id=sessions[0][0]) == 0
    tirp.set_attendance(db, session_id=sessions[1][0], leader_id=l0, status="late")
    tirp.set_attendance(db, session_id=sessions[1][0], leader_id=l1, status="absent")
    tirp.set_attendance(db, session_id=sessions[2][0], leader_id=l0, status="present")
    tirp.set_attendance(db, session_id=sessions[2][0], leader_id=l1, status="apologies")
    with pytest.raises(ValidationError):
        tirp.set_attendance(db, session_id=sessions[2][0], leader_id=l1, status="gone")
    leaders = tirp.attendance_roll_up(db, cohort_id=ids["c2"], by="leader")
    assert leaders[l0].label == "100% (3 of 3)"
    assert leaders[l1].label == "33% (1 of 3) — at risk"
    settings = tirp.attendance_roll_up(db, cohort_id=ids["c2"], by="setting")
    assert settings[ids["s1"]].at_risk and not settings[ids["s0"]].at_risk
    cohort = tirp.attendance_roll_up(db, cohort_id=ids["c2"], by="cohort")["cohort"]
    assert (cohort.attended, cohort.recorded) == (4, 6)
    tirp.set_attendance(db, session_id=sessions[2][0], leader_id=l1, status=None)
    assert tirp.attendance_roll_up(db, cohort_id=ids["c2"], by="leader")[l1].recorded == 2


def test_only_consented_feedback_is_publishable(db, ids):
    tirp.add_feedback(
        db, cohort_id=ids["c2"], quote="Yes please", role="SENCo", consent_to_publish=True
    )
    tirp.add_feedback(db, cohort_id=ids["c2"], quote="Private", role="Head")
    assert tirp.publishable_feedback(db, ids["c2"]) == [("Yes please", "SENCo")]
