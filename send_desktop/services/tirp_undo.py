"""Taking back a TIRP step just made (Edit → Undo on the cohorts page): an enrolment, a
leader's replacement, a generated schedule. Each is refused, with nothing changed, once
something has been built on it (a leader added, attendance marked, feedback given)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from send_desktop.domain.validation import ValidationError
from send_desktop.services.tirp import Enrolment, _get
from send_desktop.storage.database import Database

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def undo_enrolment(db: Database, *, enrolment: Enrolment) -> None:
    """New members removed, members who had withdrawn withdrawn again as they were."""
    from sqlalchemy import func, select

    from send_desktop.storage.models import CohortLeader, CohortMember

    rejoined = [member_id for member_id, _on, _why in enrolment.rejoined]
    with db.transaction() as session:
        # A new member had no leaders, a member who rejoined had them all ended when it
        # withdrew: a current leader on either was added since.
        leaders = session.scalar(
            select(func.count())
            .select_from(CohortLeader)
            .where(
                CohortLeader.member_id.in_([*enrolment.added, *rejoined]),
                CohortLeader.ended_on.is_(None) | CohortLeader.member_id.in_(enrolment.added),
            )
        )
        if leaders:
            raise ValidationError("members", "leaders have been added to these settings since")
        for member_id in enrolment.added:
            member = session.get(CohortMember, member_id)
            if member is not None:
                session.delete(member)
        for member_id, withdrawn_on, reason in enrolment.rejoined:
            member = _get(session, CohortMember, member_id, "This member")
            member.withdrawn_on, member.withdrawal_reason = withdrawn_on, reason


def undo_replacement(
    db: Database, *, old_leader_id: str, new_leader_id: str, new_person_id: str | None = None
) -> None:
    """The new leader removed and the one replaced current again; ``new_person_id``, the
    person the replacement added to People, goes too unless changed or used since."""
    from sqlalchemy import func, select

    from send_desktop.storage.models import Attendance, CohortLeader

    with db.transaction() as session:
        marks = session.scalar(
            select(func.count())
            .select_from(Attendance)
            .where(Attendance.leader_id == new_leader_id)
        )
        if marks:
            raise ValidationError("leader", "attendance has been marked for the new leader since")
        old = _get(session, CohortLeader, old_leader_id, "The leader replaced")
        new = session.get(CohortLeader, new_leader_id)
        if new is not None and (new.ended_on is not None or new.replaced_by_id is not None):
            raise ValidationError("leader", "the new leader has since left or been replaced")
        old.ended_on = None
        old.replaced_by_id = None
        session.flush()
        if new is not None:
            session.delete(new)
            session.flush()
        if new_person_id is not None:
            _drop_unused_person(session, new_person_id)


def _drop_unused_person(session: Session, person_id: str) -> None:
    """Delete a person added with a replacement, if still as added and named nowhere
    (the same test as deleting someone in People)."""
    from send_desktop.services.people import uses_of
    from send_desktop.storage.models import Person

    person = session.get(Person, person_id)
    if person is None or person.version != 1 or person.roles:
        return  # changed in People since (or gone): kept
    if not uses_of(session, person_id):
        session.delete(person)


def undo_schedule(db: Database, *, session_ids: Sequence[str]) -> int:
    """Remove the sessions a schedule added (by id: sessions added since by other means
    stay); returns how many."""
    from sqlalchemy import func, select

    from send_desktop.storage.models import Attendance, CohortSession, Feedback

    ids = list(session_ids)
    with db.transaction() as session:
        added = list(session.scalars(select(CohortSession).where(CohortSession.id.in_(ids))))
        used = session.scalar(
            select(func.count()).select_from(Attendance).where(Attendance.session_id.in_(ids))
        ) or session.scalar(
            select(func.count()).select_from(Feedback).where(Feedback.session_id.in_(ids))
        )
        if used:
            raise ValidationError(
                "sessions", "attendance or feedback has been recorded for these sessions since"
            )
        for item in added:
            session.delete(item)
        return len(added)
