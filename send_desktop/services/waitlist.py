"""The TIRP waitlist: who is waiting, and allocating them places in an open cohort.

``propose_allocation`` reads (plain SQL) and plans with ``domain.tirp.propose``;
``apply_allocation`` moves the chosen entries into the cohort as members in ONE audited
transaction, re-checking the cohort's status and free places inside it, so it can never
exceed capacity and a second apply allocates nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from send_desktop.domain.tirp import Candidate, propose, waiting_order
from send_desktop.domain.vocab import CohortStatus, WaitlistStatus
from send_desktop.storage.database import Database


class AllocationError(Exception):
    """The cohort cannot take an allocation (unknown, not open, or full)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CohortPlaces:
    id: str
    name: str
    status: str
    capacity: int
    members: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.members)


@dataclass(frozen=True)
class Proposal:
    cohort: CohortPlaces
    chosen: list[Candidate]
    waiting: int


def _date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def cohort_places(db: Database, name: str) -> CohortPlaces:
    rows = db.query(
        "SELECT c.id, c.name, c.status, c.capacity, (SELECT count(*) FROM cohort_member m"
        " WHERE m.cohort_id = c.id AND m.withdrawn_on IS NULL) FROM cohort c WHERE c.name = ?",
        (name,),
    )
    if not rows:
        raise AllocationError(f"there is no cohort named '{name}'")
    return CohortPlaces(*rows[0])


_WAITING = (
    "SELECT w.id, s.name, w.added_on, w.priority, s.phase, s.locality, s.urn"
    " FROM waitlist_entry w JOIN setting s ON s.id = w.setting_id WHERE w.status = ?"
)


def _in_order(rows: Iterable[Sequence]) -> list[Candidate]:
    return waiting_order(
        Candidate(eid, name, _date(added), prio or 0, phase, loc, urn)
        for eid, name, added, prio, phase, loc, urn in rows
    )


def waiting_candidates(db: Database) -> list[Candidate]:
    """Every waiting entry, in waiting order (see ``domain.tirp``)."""
    return _in_order(db.query(_WAITING, (WaitlistStatus.WAITING.value,)))


def _check_open(places: CohortPlaces) -> None:
    if places.status != CohortStatus.OPEN:
        raise AllocationError(
            f"{places.name} is not open for allocation (its status is '{places.status}')"
        )
    if places.free == 0:
        raise AllocationError(
            f"{places.name} has no free places (capacity {places.capacity}, "
            f"{places.members} members)"
        )


def propose_allocation(db: Database, *, cohort: str, balance: str | None = None) -> Proposal:
    """The settings to offer the cohort's free places, longest-waiting first (or balanced)."""
    places = cohort_places(db, cohort)
    _check_open(places)
    waiting = waiting_candidates(db)
    return Proposal(places, propose(waiting, places.free, balance=balance), len(waiting))


def apply_allocation(
    db: Database, *, cohort: str, entry_ids: Sequence[str], on: date | None = None
) -> int:
    """Enrol the chosen waiting entries' settings in the cohort; returns how many.

    Entries no longer waiting are skipped; if fewer places are free than entries given, the
    first ones (in the order given) are taken. Raises AllocationError when the cohort is not
    open or is full. One transaction: all of it is written (and audited) or none.
    """
    from sqlalchemy import func, select

    from send_desktop.storage.models import Cohort, CohortMember, WaitlistEntry, WaitlistEvent

    day = on or date.today()
    with db.transaction() as session:
        row = session.execute(select(Cohort).where(Cohort.name == cohort)).scalar_one_or_none()
        if row is None:
            raise AllocationError(f"there is no cohort named '{cohort}'")
        members = session.scalar(
            select(func.count())
            .select_from(CohortMember)
            .where(CohortMember.cohort_id == row.id, CohortMember.withdrawn_on.is_(None))
        )
        places = CohortPlaces(row.id, row.name, row.status, row.capacity, int(members or 0))
        _check_open(places)
        entries = {
            e.id: e
            for e in session.scalars(
                select(WaitlistEntry).where(
                    WaitlistEntry.id.in_(list(entry_ids)),
                    WaitlistEntry.status == WaitlistStatus.WAITING.value,
                )
            )
        }
        existing = {
            m.setting_id: m
            for m in session.scalars(select(CohortMember).where(CohortMember.cohort_id == row.id))
        }
        allocated = 0
        for position, entry_id in enumerate(entry_ids, start=1):
            entry = entries.get(entry_id)
            if entry is None or allocated >= places.free:
                continue
            member = existing.get(entry.setting_id)
            if member is None:
                member = CohortMember(cohort_id=row.id, setting_id=entry.setting_id, joined_on=day)
                session.add(member)
                existing[entry.setting_id] = member
            elif member.withdrawn_on is None:
                continue  # already a member: nothing to move
            else:
                member.withdrawn_on = None
                member.withdrawal_reason = None
                member.joined_on = day
            entry.status = WaitlistStatus.ALLOCATED.value
            entry.cohort_id = row.id
            session.add(
                WaitlistEvent(
                    entry_id=entry.id,
                    on=day,
                    event="allocated",
                    position=position,
                    note=f"allocated to {row.name}",
                )
            )
            allocated += 1
    return allocated


def position_of(db: Database, entry_id: str) -> int | None:
    """The entry's place in the waiting order (1 = next to be offered), None if not waiting."""
    for position, c in enumerate(waiting_candidates(db), start=1):
        if c.entry_id == entry_id:
            return position
    return None


def reprioritise(
    db: Database, *, entry_id: str, priority: int, note: str | None = None, on: date | None = None
) -> int | None:
    """Set a waiting entry's priority (higher goes first; 0 for everyone by default) and
    record a 'reprioritised' event with its new position. Returns the new position."""
    from send_desktop.domain.validation import ValidationError
    from send_desktop.storage.models import WaitlistEntry, WaitlistEvent

    if priority < 0:
        raise ValidationError("priority", "Priority is 0 (normal) or more")
    day = on or date.today()
    with db.transaction() as session:
        entry = session.get(WaitlistEntry, entry_id)
        if entry is None or entry.status != WaitlistStatus.WAITING.value:
            raise ValidationError("entry_id", "This setting is no longer waiting")
        old = entry.priority
        if old == priority:
            return position_of(db, entry_id)
        entry.priority = priority
        session.flush()  # the new order, read in the same transaction as the event
        rows = session.connection().exec_driver_sql(_WAITING, (WaitlistStatus.WAITING.value,))
        order = [c.entry_id for c in _in_order(rows.all())]
        position = order.index(entry_id) + 1
        text = f"priority {old} → {priority}" + (
            f": {note.strip()}" if note and note.strip() else ""
        )
        session.add(
            WaitlistEvent(
                entry_id=entry_id, on=day, event="reprioritised", position=position, note=text
            )
        )
    return position


def position_history(db: Database, entry_id: str) -> list[tuple[date, str, int | None, str]]:
    """(date, event, position then, note) oldest first. An entry that came in by import has
    no 'added' event: its date added stands for it."""
    rows = db.query(
        'SELECT on_, event, position, note FROM (SELECT "on" AS on_, event, position,'
        " coalesce(note, '') AS note, created_at FROM waitlist_event WHERE entry_id = ?)"
        " ORDER BY on_, created_at",
        (entry_id,),
    )
    events = [(_date(on), event, position, note) for on, event, position, note in rows]
    if not any(e[1] == "added" for e in events):
        added = db.query("SELECT added_on FROM waitlist_entry WHERE id = ?", (entry_id,))
        if added:
            events.insert(0, (_date(added[0][0]), "added", None, ""))
    return events
