"""TIRP use cases: enrol settings, leaders (with replacement history), withdraw, sessions,
attendance and feedback. Each write is one audited unit of work; reads use plain SQL.

Allocation from the waitlist lives in ``services.waitlist``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from send_desktop.domain import tirp as rules
from send_desktop.domain.validation import ValidationError
from send_desktop.domain.vocab import AttendanceStatus, CohortStatus, WaitlistStatus
from send_desktop.services.errors import NotFoundError
from send_desktop.storage.database import Database

if TYPE_CHECKING:
    from send_desktop.services.people import PersonData

STATUSES = {s.value for s in AttendanceStatus}


def _date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


def _get(session, model, record_id: str, what: str):  # noqa: ANN001, ANN202
    record = session.get(model, record_id)
    if record is None:
        raise NotFoundError(what)
    return record


@dataclass(frozen=True)
class Enrolment:
    """What ``enrol`` changed, so that ``tirp_undo.undo_enrolment`` can take it back."""

    cohort_id: str
    added: tuple[str, ...]  # new member ids
    rejoined: tuple[tuple[str, date | None, str | None], ...]  # (member, withdrawn on, why)

    @property
    def count(self) -> int:
        return len(self.added) + len(self.rejoined)


def enrol_settings(
    db: Database, *, cohort_id: str, setting_ids: Sequence[str], on: date | None = None
) -> int:
    """Enrol several settings at once; returns how many were added (see ``enrol``)."""
    return enrol(db, cohort_id=cohort_id, setting_ids=setting_ids, on=on).count


def enrol(
    db: Database, *, cohort_id: str, setting_ids: Sequence[str], on: date | None = None
) -> Enrolment:
    """Enrol several settings at once (members already in the cohort are left as they
    are; one that had withdrawn rejoins). A setting already in another running cohort is
    refused, and nothing is written."""
    from sqlalchemy import select

    from send_desktop.storage.models import Cohort, CohortMember, Setting

    with db.transaction() as session:
        cohort = _get(session, Cohort, cohort_id, "This cohort")
        busy = session.execute(
            select(Setting.name, Cohort.name)
            .join(CohortMember, CohortMember.setting_id == Setting.id)
            .join(Cohort, Cohort.id == CohortMember.cohort_id)
            .where(
                Setting.id.in_(list(setting_ids)),
                Cohort.id != cohort_id,
                Cohort.status == CohortStatus.RUNNING.value,
                CohortMember.withdrawn_on.is_(None),
            )
        ).first()
        if busy is not None:
            raise ValidationError(
                "setting_ids", f"{busy[0]} is already in {busy[1]}, which is running"
            )
        existing = {
            m.setting_id: m
            for m in session.scalars(
                select(CohortMember).where(CohortMember.cohort_id == cohort_id)
            )
        }
        added: list[CohortMember] = []
        rejoined: list[tuple[str, date | None, str | None]] = []
        for setting_id in dict.fromkeys(setting_ids):
            _get(session, Setting, setting_id, "This setting")
            member = existing.get(setting_id)
            if member is None:
                member = CohortMember(
                    cohort_id=cohort_id, setting_id=setting_id, joined_on=on or cohort.start_date
                )
                session.add(member)
                added.append(member)
            elif member.withdrawn_on is not None:
                rejoined.append((member.id, member.withdrawn_on, member.withdrawal_reason))
                member.withdrawn_on = None
                member.withdrawal_reason = None
        session.flush()
        return Enrolment(cohort_id, tuple(m.id for m in added), tuple(rejoined))


def add_leader(
    db: Database,
    *,
    member_id: str,
    person_id: str,
    role: str | None = None,
    on: date | None = None,
) -> str:
    from send_desktop.storage.models import CohortLeader, CohortMember, Person

    with db.transaction() as session:
        _get(session, CohortMember, member_id, "This member")
        _get(session, Person, person_id, "This person")
        leader = CohortLeader(member_id=member_id, person_id=person_id, role=role, started_on=on)
        session.add(leader)
        session.flush()
        return leader.id


def replace_leader(
    db: Database,
    *,
    leader_id: str,
    person_id: str,
    on: date,
    role: str | None = None,
    new_person: PersonData | None = None,
) -> str:
    """End one leader on ``on`` and start another from that day; the old row keeps its
    history and points at its replacement (``replaced_by_id``). Returns the new leader's id.

    ``new_person``: someone not yet in People, added as ``person_id`` in the same
    transaction (a replacement refused adds nobody; one undone can take them away)."""
    from send_desktop.services.people import clean_person
    from send_desktop.services.people import new_person as add_new_person
    from send_desktop.storage.models import CohortLeader, Person

    data = clean_person(new_person) if new_person is not None else None
    with db.transaction() as session:
        old = _get(session, CohortLeader, leader_id, "This leader")
        if old.ended_on is not None:
            raise ValidationError(
                "leader_id", "This leader has already left; replace the current one"
            )
        if data is not None and session.get(Person, person_id) is None:
            add_new_person(session, data, person_id)
        _get(session, Person, person_id, "This person")
        new = CohortLeader(
            member_id=old.member_id, person_id=person_id, role=role or old.role, started_on=on
        )
        session.add(new)
        session.flush()
        old.ended_on = on
        old.replaced_by_id = new.id
        return new.id


@dataclass(frozen=True)
class Withdrawal:
    """What ``withdraw_member`` changed, so that it can be undone exactly."""

    member_id: str
    ended_leader_ids: tuple[str, ...]
    entry_id: str | None = None  # the waitlist entry it went back to
    entry_was: tuple[str, str | None] | None = None  # (status, cohort id) before; None: new
    event_id: str | None = None


def withdraw_member(
    db: Database, *, member_id: str, on: date, reason: str, back_to_waitlist: bool = False
) -> Withdrawal:
    """Withdraw a setting (its leaders end that day). With ``back_to_waitlist`` it waits
    again under its original date added (a new entry dated the day it joined if it never
    had one). Returns what changed, for ``undo_withdrawal``."""
    from sqlalchemy import select

    from send_desktop.storage.models import CohortMember, WaitlistEntry, WaitlistEvent

    reason = reason.strip()
    if not reason:
        raise ValidationError("reason", "Give a reason for the withdrawal")
    with db.transaction() as session:
        member = _get(session, CohortMember, member_id, "This member")
        if member.withdrawn_on is not None:
            raise ValidationError("member_id", "This setting has already withdrawn")
        member.withdrawn_on = on
        member.withdrawal_reason = reason
        ended = []
        for leader in member.leaders:
            if leader.ended_on is None:
                leader.ended_on = on
                ended.append(leader.id)
        if not back_to_waitlist:
            return Withdrawal(member_id, tuple(ended))
        entry = session.scalars(
            select(WaitlistEntry)
            .where(WaitlistEntry.setting_id == member.setting_id)
            .order_by(WaitlistEntry.added_on)
        ).first()
        was = None
        if entry is None:
            entry = WaitlistEntry(setting_id=member.setting_id, added_on=member.joined_on or on)
            session.add(entry)
        else:
            was = (entry.status, entry.cohort_id)
        entry.status = WaitlistStatus.WAITING.value
        entry.cohort_id = None
        session.flush()
        event = WaitlistEvent(entry_id=entry.id, on=on, event="returned", note="withdrew")
        session.add(event)
        session.flush()
        return Withdrawal(member_id, tuple(ended), entry.id, was, event.id)


def undo_withdrawal(db: Database, *, withdrawal: Withdrawal) -> None:
    """Put a withdrawal back as it was: the member and its leaders current again, the
    waitlist entry as before (removed if the withdrawal made it) and its event gone."""
    from send_desktop.storage.models import (
        CohortLeader,
        CohortMember,
        WaitlistEntry,
        WaitlistEvent,
    )

    with db.transaction() as session:
        member = _get(session, CohortMember, withdrawal.member_id, "This member")
        member.withdrawn_on = None
        member.withdrawal_reason = None
        for leader_id in withdrawal.ended_leader_ids:
            _get(session, CohortLeader, leader_id, "A leader").ended_on = None
        if withdrawal.event_id:
            event = session.get(WaitlistEvent, withdrawal.event_id)
            if event is not None:
                session.delete(event)
        if withdrawal.entry_id:
            entry = _get(session, WaitlistEntry, withdrawal.entry_id, "The waitlist entry")
            if entry.status != WaitlistStatus.WAITING.value:
                raise ValidationError(
                    "member_id", "it has moved on from the waitlist since (allocated or withdrawn)"
                )
            if withdrawal.entry_was is None:
                session.flush()
                session.delete(entry)
            else:
                entry.status, entry.cohort_id = withdrawal.entry_was


def generate_sessions(
    db: Database,
    *,
    cohort_id: str,
    launch: date,
    sessions: int,
    interval_days: int,
    holidays: Sequence[tuple[date, date]] = (),
) -> int:
    """Add the launch day and ``sessions`` later sessions after any the cohort has;
    returns how many."""
    return len(
        schedule_sessions(
            db,
            cohort_id=cohort_id,
            launch=launch,
            sessions=sessions,
            interval_days=interval_days,
            holidays=holidays,
        )
    )


def schedule_sessions(
    db: Database,
    *,
    cohort_id: str,
    launch: date,
    sessions: int,
    interval_days: int,
    holidays: Sequence[tuple[date, date]] = (),
) -> list[str]:
    """``generate_sessions``, returning the new sessions' ids (for undo)."""
    from sqlalchemy import func, select

    from send_desktop.storage.models import Cohort, CohortSession

    dates = rules.generate_schedule(launch, sessions, interval_days, holidays)
    with db.transaction() as session:
        cohort = _get(session, Cohort, cohort_id, "This cohort")
        last = session.scalar(
            select(func.max(CohortSession.seq)).where(CohortSession.cohort_id == cohort_id)
        )
        start = int(last or 0)
        made = [
            CohortSession(
                cohort_id=cohort_id,
                seq=start + i,
                held_on=held,
                title="Launch day" if start + i == 1 else f"Session {start + i}",
                venue=cohort.venue,
            )
            for i, held in enumerate(dates, start=1)
        ]
        session.add_all(made)
        session.flush()
        return [s.id for s in made]


def update_session(
    db: Database,
    *,
    session_id: str,
    held_on: date | None,
    title: str,
    venue: str | None = None,
    facilitator: str | None = None,
) -> None:
    from send_desktop.storage.models import CohortSession

    if not title.strip():
        raise ValidationError("title", "A session needs a title")
    with db.transaction() as session:
        row = _get(session, CohortSession, session_id, "This session")
        row.held_on, row.title = held_on, title.strip()
        row.venue, row.facilitator = venue or None, facilitator or None


def set_attendance(db: Database, *, session_id: str, leader_id: str, status: str | None) -> None:
    """Record one mark (present, late, apologies, absent); ``None`` clears it."""
    from sqlalchemy import select

    from send_desktop.storage.models import Attendance

    if status is not None and status not in STATUSES:
        raise ValidationError("status", f"Attendance must be one of: {', '.join(sorted(STATUSES))}")
    with db.transaction() as session:
        mark = session.scalars(
            select(Attendance).where(
                Attendance.session_id == session_id, Attendance.leader_id == leader_id
            )
        ).first()
        if status is None:
            if mark is not None:
                session.delete(mark)
        elif mark is None:
            session.add(Attendance(session_id=session_id, leader_id=leader_id, status=status))
        elif mark.status != status:
            mark.status = status


def session_leader_ids(db: Database, session_id: str) -> list[str]:
    """Leaders expected at a session: in post on its date, of settings not withdrawn by then."""
    rows = db.query(
        "SELECT l.id FROM cohort_session s JOIN cohort_member m ON m.cohort_id = s.cohort_id"
        " JOIN cohort_leader l ON l.member_id = m.id WHERE s.id = ?"
        " AND (s.held_on IS NULL OR ((l.started_on IS NULL OR l.started_on <= s.held_on)"
        " AND (l.ended_on IS NULL OR l.ended_on > s.held_on)"
        " AND (m.withdrawn_on IS NULL OR m.withdrawn_on > s.held_on)))"
        " AND (s.held_on IS NOT NULL OR (l.ended_on IS NULL AND m.withdrawn_on IS NULL))",
        (session_id,),
    )
    return [r[0] for r in rows]


def mark_all_present(db: Database, *, session_id: str) -> int:
    """Mark every expected leader with no mark yet as present; returns how many."""
    from sqlalchemy import select

    from send_desktop.storage.models import Attendance

    expected = session_leader_ids(db, session_id)
    with db.transaction() as session:
        marked = set(
            session.scalars(select(Attendance.leader_id).where(Attendance.session_id == session_id))
        )
        todo = [lid for lid in expected if lid not in marked]
        for leader_id in todo:
            session.add(Attendance(session_id=session_id, leader_id=leader_id, status="present"))
        return len(todo)


def attendance_marks(db: Database, cohort_id: str) -> list[rules.Mark]:
    rows = db.query(
        "SELECT a.leader_id, m.setting_id, s.seq, a.status FROM attendance a"
        " JOIN cohort_session s ON s.id = a.session_id"
        " JOIN cohort_leader l ON l.id = a.leader_id JOIN cohort_member m ON m.id = l.member_id"
        " WHERE s.cohort_id = ?",
        (cohort_id,),
    )
    return [rules.Mark(*r) for r in rows]


def attendance_roll_up(
    db: Database,
    *,
    cohort_id: str,
    by: str,
    threshold: float = 0.75,
    consecutive_absences: int = 2,
) -> dict[str, rules.RollUp]:
    """Roll-ups per 'leader', 'setting' or 'cohort' (see ``domain.tirp.roll_up``)."""
    return rules.roll_up(
        attendance_marks(db, cohort_id),
        by,
        threshold=threshold,
        consecutive_absences=consecutive_absences,
    )


def add_feedback(
    db: Database,
    *,
    cohort_id: str,
    quote: str,
    role: str | None = None,
    session_id: str | None = None,
    person_id: str | None = None,
    consent_to_publish: bool = False,
) -> str:
    from send_desktop.storage.models import Cohort, Feedback

    if not quote.strip():
        raise ValidationError("quote", "A quote cannot be empty")
    with db.transaction() as session:
        _get(session, Cohort, cohort_id, "This cohort")
        row = Feedback(
            cohort_id=cohort_id,
            session_id=session_id,
            person_id=person_id,
            quote=quote.strip(),
            role=role,
            consent_to_publish=consent_to_publish,
        )
        session.add(row)
        session.flush()
        return row.id


def publishable_feedback(db: Database, cohort_id: str) -> list[tuple[str, str | None]]:
    """(quote, role) of consented quotes only: the only feedback that may leave the app."""
    rows = db.query(
        "SELECT quote, role FROM feedback WHERE cohort_id = ? AND consent_to_publish = 1"
        " ORDER BY created_at",
        (cohort_id,),
    )
    return [(q, r) for q, r in rows]


# --- reads for the cohort detail (plain SQL) -------------------------------------------


def cohort_id_by_name(db: Database, name: str) -> str | None:
    rows = db.query("SELECT id FROM cohort WHERE name = ?", (name,))
    return rows[0][0] if rows else None


def cohort_leaders(db: Database, cohort_id: str) -> list[tuple]:
    """(leader id, setting id, setting, leader's name, role, started, ended, withdrawn on,
    replaced by leader's name) for every leader ever in the cohort, by setting then start."""
    rows = db.query(
        "SELECT l.id, m.setting_id, s.name, p.full_name, l.role, l.started_on, l.ended_on,"
        " m.withdrawn_on, rp.full_name FROM cohort_leader l"
        " JOIN cohort_member m ON m.id = l.member_id JOIN setting s ON s.id = m.setting_id"
        " JOIN person p ON p.id = l.person_id"
        " LEFT JOIN cohort_leader r ON r.id = l.replaced_by_id"
        " LEFT JOIN person rp ON rp.id = r.person_id"
        " WHERE m.cohort_id = ? ORDER BY s.name, l.started_on, p.full_name",
        (cohort_id,),
    )
    return [(*r[:5], _date(r[5]), _date(r[6]), _date(r[7]), r[8]) for r in rows]


def cohort_members(db: Database, cohort_id: str) -> list[tuple]:
    """(member id, setting id, setting, phase, joined, withdrawn on, reason) by setting name."""
    rows = db.query(
        "SELECT m.id, m.setting_id, s.name, s.phase, m.joined_on, m.withdrawn_on,"
        " m.withdrawal_reason FROM cohort_member m JOIN setting s ON s.id = m.setting_id"
        " WHERE m.cohort_id = ? ORDER BY s.name",
        (cohort_id,),
    )
    return [(*r[:4], _date(r[4]), _date(r[5]), r[6]) for r in rows]


def cohort_sessions(db: Database, cohort_id: str) -> list[tuple]:
    """(session id, seq, held on, title, venue, facilitator) in order."""
    rows = db.query(
        "SELECT id, seq, held_on, title, venue, facilitator FROM cohort_session"
        " WHERE cohort_id = ? ORDER BY seq",
        (cohort_id,),
    )
    return [(r[0], r[1], _date(r[2]), *r[3:]) for r in rows]


def attendance_matrix(db: Database, cohort_id: str) -> dict[tuple[str, str], str]:
    """{(session id, leader id): status} for the cohort."""
    rows = db.query(
        "SELECT a.session_id, a.leader_id, a.status FROM attendance a"
        " JOIN cohort_session s ON s.id = a.session_id WHERE s.cohort_id = ?",
        (cohort_id,),
    )
    return {(sid, lid): status for sid, lid, status in rows}


def delete_feedback(db: Database, *, feedback_id: str) -> None:
    from send_desktop.storage.models import Feedback

    with db.transaction() as session:
        session.delete(_get(session, Feedback, feedback_id, "This feedback"))


def cohort_feedback(db: Database, cohort_id: str) -> list[tuple]:
    """(feedback id, quote, role, session number or None, consent) oldest first."""
    rows = db.query(
        "SELECT f.id, f.quote, f.role, s.seq, f.consent_to_publish FROM feedback f"
        " LEFT JOIN cohort_session s ON s.id = f.session_id WHERE f.cohort_id = ?"
        " ORDER BY f.created_at",
        (cohort_id,),
    )
    return [(fid, q, r, seq, bool(c)) for fid, q, r, seq, c in rows]
