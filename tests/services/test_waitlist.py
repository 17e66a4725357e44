"""Allocation: propose reads, apply enrols in one audited transaction and never overfills."""

from __future__ import annotations

from datetime import date

import pytest

from send_desktop.services import waitlist
from send_desktop.storage.models import Cohort, CohortMember, Setting, WaitlistEntry, WaitlistEvent


def seed(db, *, capacity: int = 3, status: str = "open for allocation", waiting: int = 5) -> None:
    with db.transaction() as s:
        s.add(Cohort(name="C2", capacity=capacity, status=status))
        for i in range(waiting):
            setting = Setting(name=f"School {i}", urn=f"10000{i}", phase="Primary")
            s.add(setting)
            s.add(WaitlistEntry(setting=setting, added_on=date(2023, 1, 10 - i)))


def test_propose_is_longest_waiting_first(db):
    seed(db)
    proposal = waitlist.propose_allocation(db, cohort="C2")
    assert [c.name for c in proposal.chosen] == ["School 4", "School 3", "School 2"]
    assert proposal.waiting == 5 and proposal.cohort.free == 3


def test_apply_enrols_writes_events_and_never_overfills(db):
    seed(db)
    every = [c.entry_id for c in waitlist.waiting_candidates(db)]
    assert waitlist.apply_allocation(db, cohort="C2", entry_ids=every, on=date(2024, 3, 1)) == 3
    with db.reader() as s:
        assert s.query(CohortMember).count() == 3
        assert s.query(WaitlistEntry).filter_by(status="allocated").count() == 3
        assert s.query(WaitlistEvent).filter_by(event="allocated").count() == 3
    audited = db.query(
        "SELECT table_name, count(*) FROM audit_log WHERE table_name IN"
        " ('cohort_member', 'waitlist_event') AND action = 'create' GROUP BY table_name"
    )
    assert dict(audited) == {"cohort_member": 3, "waitlist_event": 3}
    with pytest.raises(waitlist.AllocationError, match="no free places"):
        waitlist.apply_allocation(db, cohort="C2", entry_ids=every)
    with pytest.raises(waitlist.AllocationError, match="no free places"):
        waitlist.propose_allocation(db, cohort="C2")
    assert len(waitlist.waiting_candidates(db)) == 2


def test_apply_skips_entries_no_longer_waiting(db):
    seed(db, capacity=5)
    ids = [c.entry_id for c in waitlist.waiting_candidates(db)][:2]
    assert waitlist.apply_allocation(db, cohort="C2", entry_ids=ids) == 2
    assert waitlist.apply_allocation(db, cohort="C2", entry_ids=ids) == 0


def test_not_open_is_refused(db):
    seed(db, status="running")
    with pytest.raises(waitlist.AllocationError, match="not open"):
        waitlist.propose_allocation(db, cohort="C2")


def test_waiting_order_is_the_waitlist_pages_position(db):
    from send_desktop.services.listing import list_waitlist

    seed(db, waiting=5)
    with db.transaction() as s:
        last = s.query(WaitlistEntry).order_by(WaitlistEntry.added_on.desc()).first()
        last.priority = 2
    page = list_waitlist(db)
    assert [c.entry_id for c in waitlist.waiting_candidates(db)] == list(page.ids)
