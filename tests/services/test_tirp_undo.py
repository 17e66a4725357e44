"""Undoing a TIRP step is refused once something was built on it (found in review)."""

from __future__ import annotations

from datetime import date

import pytest
from test_tirp_services import START, ids, member_id  # noqa: F401 - the fixture

from send_desktop.services import tirp, tirp_undo
from send_desktop.services.errors import ValidationError


def test_a_rejoin_is_not_undone_once_a_leader_was_added(db, ids):  # noqa: F811
    tirp.enrol(db, cohort_id=ids["c2"], setting_ids=[ids["s0"]])
    mid = member_id(db, ids["c2"], ids["s0"])
    tirp.withdraw_member(db, member_id=mid, on=date(2024, 4, 1), reason="moved")
    rejoin = tirp.enrol(db, cohort_id=ids["c2"], setting_ids=[ids["s0"]])
    assert rejoin.rejoined and not rejoin.added
    tirp.add_leader(db, member_id=mid, person_id=ids["p1"], on=START)
    with pytest.raises(ValidationError, match="leaders have been added"):
        tirp_undo.undo_enrolment(db, enrolment=rejoin)
    assert db.query("SELECT withdrawn_on FROM cohort_member WHERE id = ?", (mid,)) == [(None,)]


def test_a_rejoin_without_new_leaders_is_undone(db, ids):  # noqa: F811
    tirp.enrol(db, cohort_id=ids["c2"], setting_ids=[ids["s0"]])
    mid = member_id(db, ids["c2"], ids["s0"])
    tirp.add_leader(db, member_id=mid, person_id=ids["p0"], on=START)
    tirp.withdraw_member(db, member_id=mid, on=date(2024, 4, 1), reason="moved")
    rejoin = tirp.enrol(db, cohort_id=ids["c2"], setting_ids=[ids["s0"]])
    tirp_undo.undo_enrolment(db, enrolment=rejoin)  # its old leader (ended) is no obstacle
    got = db.query("SELECT withdrawn_on, withdrawal_reason FROM cohort_member WHERE id = ?", (mid,))
    assert got == [("2024-04-01", "moved")]


def test_a_replacement_is_not_undone_once_the_new_leader_was_replaced(db, ids):  # noqa: F811
    tirp.enrol(db, cohort_id=ids["c2"], setting_ids=[ids["s0"]])
    mid = member_id(db, ids["c2"], ids["s0"])
    a = tirp.add_leader(db, member_id=mid, person_id=ids["p0"], on=START)
    b = tirp.replace_leader(db, leader_id=a, person_id=ids["p1"], on=date(2024, 5, 1))
    tirp.replace_leader(db, leader_id=b, person_id=ids["p2"], on=date(2024, 6, 1))
    with pytest.raises(ValidationError, match="since left or been replaced"):
        tirp_undo.undo_replacement(db, old_leader_id=a, new_leader_id=b)
    current = db.query(
        "SELECT count(*) FROM cohort_leader WHERE member_id = ? AND ended_on IS NULL", (mid,)
    )
    assert current == [(1,)]


def test_undoing_a_schedule_removes_only_the_sessions_it_added(db, ids):  # noqa: F811
    added = tirp.schedule_sessions(
        db, cohort_id=ids["c2"], launch=date(2024, 9, 3), sessions=1, interval_days=14
    )
    later = tirp.generate_sessions(
        db, cohort_id=ids["c2"], launch=date(2024, 10, 1), sessions=0, interval_days=14
    )
    assert len(added) == 2 and later == 1
    assert tirp_undo.undo_schedule(db, session_ids=added) == 2
    left = db.query("SELECT seq, held_on FROM cohort_session WHERE cohort_id = ?", (ids["c2"],))
    assert left == [(3, "2024-10-01")]


def test_a_new_person_comes_with_the_replacement_and_goes_with_its_undo(db, ids):  # noqa: F811
    """Someone typed into Replace leader who is not in People is added in the same
    transaction: a refused replacement adds nobody, and undo takes them away again."""
    from send_desktop.services.people import PersonData, update_person

    tirp.enrol(db, cohort_id=ids["c2"], setting_ids=[ids["s0"]])
    mid = member_id(db, ids["c2"], ids["s0"])
    first = tirp.add_leader(db, member_id=mid, person_id=ids["p0"], on=START)
    people = db.query("SELECT count(*) FROM person")[0][0]
    newcomer = {
        "person_id": "00000000-0000-4000-8000-00000000dd01",
        "new_person": PersonData(full_name="Dee Fict", email="dee@example.org"),
        "on": date(2024, 5, 1),
    }
    second = tirp.replace_leader(db, leader_id=first, **newcomer)
    assert db.query("SELECT count(*) FROM person")[0][0] == people + 1
    with pytest.raises(ValidationError, match="already left"):
        tirp.replace_leader(db, leader_id=first, **{**newcomer, "person_id": "other-id"})
    assert db.query("SELECT count(*) FROM person")[0][0] == people + 1  # nobody more

    tirp_undo.undo_replacement(
        db, old_leader_id=first, new_leader_id=second, new_person_id=newcomer["person_id"]
    )
    assert db.query("SELECT count(*) FROM person")[0][0] == people
    again = tirp.replace_leader(db, leader_id=first, **newcomer)  # redo: the same person
    assert db.query("SELECT full_name FROM person WHERE id = ?", (newcomer["person_id"],)) == [
        ("Dee Fict",)
    ]
    update_person(  # changed in People meanwhile: then kept by an undo
        db,
        person_id=newcomer["person_id"],
        data=PersonData(full_name="Dee Fict", email="dee@example.org", phone="01865 000000"),
    )
    tirp_undo.undo_replacement(
        db, old_leader_id=first, new_leader_id=again, new_person_id=newcomer["person_id"]
    )
    assert db.query("SELECT count(*) FROM person")[0][0] == people + 1
