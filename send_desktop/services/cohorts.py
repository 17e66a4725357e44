"""TIRP cohorts themselves: add, edit, delete (an empty one), read one for editing.

    add_cohort(db, data=, cohort_id=None) -> id
    update_cohort(db, cohort_id=, data=)
    delete_cohort(db, cohort_id=)   (refused while it has members, sessions or feedback)
    cohort_data(db, cohort_id) -> CohortData

A cohort's planned end is 18 months after its start unless the lead changes it
(``domain.tirp.months_after``). Each write is one audited unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from send_desktop.domain.tirp import months_after
from send_desktop.domain.validation import ValidationError
from send_desktop.domain.vocab import CohortStatus
from send_desktop.services.errors import InUseError, NotFoundError
from send_desktop.storage.database import Database


@dataclass(frozen=True)
class CohortData:
    name: str
    start_date: date | None = None
    planned_end: date | None = None  # None with a start: 18 months after it
    capacity: int = 12
    status: str = CohortStatus.PLANNED.value
    venue: str | None = None
    facilitators: str | None = None
    notes: str | None = None


def _day(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


def _clean(data: CohortData) -> dict:
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    for key in ("name", "venue", "facilitators", "notes"):
        values[key] = (values[key] or "").strip() or None
    if not values["name"]:
        raise ValidationError("name", "A cohort needs a name")
    if values["status"] not in {s.value for s in CohortStatus}:
        raise ValidationError("status", f"'{values['status']}' is not a cohort status")
    if values["capacity"] < 1:
        raise ValidationError("capacity", "Capacity is at least 1 setting")
    start, end = values["start_date"], values["planned_end"]
    if start and end is None:
        values["planned_end"] = months_after(start)
    elif start and end and end < start:
        raise ValidationError("planned_end", "The planned end is before the start")
    return values


def _check(session, values: dict, cohort_id: str | None) -> None:  # noqa: ANN001
    from sqlalchemy import func, select

    from send_desktop.storage.models import Cohort, CohortMember

    same = session.scalar(
        select(Cohort.id).where(
            func.lower(Cohort.name) == values["name"].lower(), Cohort.id != (cohort_id or "")
        )
    )
    if same:
        raise ValidationError("name", f"There is already a cohort named {values['name']}")
    if cohort_id is None:
        return
    members = session.scalar(
        select(func.count())
        .select_from(CohortMember)
        .where(CohortMember.cohort_id == cohort_id, CohortMember.withdrawn_on.is_(None))
    )
    if values["capacity"] < (members or 0):
        raise ValidationError(
            "capacity", f"It has {members} members: capacity cannot be fewer than that"
        )
    if values["status"] == CohortStatus.RUNNING.value:
        busy = _in_another_running(session, cohort_id)
        if busy:
            raise ValidationError(
                "status",
                f"{busy[0]} is also in {busy[1]}, which is running: a setting "
                "cannot be in two running cohorts",
            )


def _in_another_running(session, cohort_id: str) -> tuple[str, str] | None:  # noqa: ANN001
    from sqlalchemy import select
    from sqlalchemy.orm import aliased

    from send_desktop.storage.models import Cohort, CohortMember, Setting

    mine, theirs = aliased(CohortMember), aliased(CohortMember)
    row = session.execute(
        select(Setting.name, Cohort.name)
        .select_from(mine)
        .join(theirs, theirs.setting_id == mine.setting_id)
        .join(Cohort, Cohort.id == theirs.cohort_id)
        .join(Setting, Setting.id == mine.setting_id)
        .where(
            mine.cohort_id == cohort_id,
            mine.withdrawn_on.is_(None),
            theirs.withdrawn_on.is_(None),
            theirs.cohort_id != cohort_id,
            Cohort.status == CohortStatus.RUNNING.value,
        )
    ).first()
    return (row[0], row[1]) if row else None


def add_cohort(db: Database, *, data: CohortData, cohort_id: str | None = None) -> str:
    from send_desktop.storage.models import Cohort

    values = _clean(data)
    with db.transaction() as session:
        _check(session, values, None)
        cohort = Cohort(**values)
        if cohort_id:
            cohort.id = cohort_id
        session.add(cohort)
        session.flush()
        return cohort.id


def update_cohort(db: Database, *, cohort_id: str, data: CohortData) -> None:
    from send_desktop.storage.models import Cohort

    values = _clean(data)
    with db.transaction() as session:
        cohort = session.get(Cohort, cohort_id)
        if cohort is None:
            raise NotFoundError("This cohort")
        _check(session, values, cohort_id)
        for key, value in values.items():
            setattr(cohort, key, value)


def delete_cohort(db: Database, *, cohort_id: str) -> CohortData:
    """Delete a cohort nothing refers to yet (undo of an add); returns what it held."""
    from send_desktop.storage.models import Cohort

    found = cohort_data(db, cohort_id)
    uses = db.query(
        "SELECT (SELECT count(*) FROM cohort_member WHERE cohort_id = ?),"
        " (SELECT count(*) FROM cohort_session WHERE cohort_id = ?),"
        " (SELECT count(*) FROM feedback WHERE cohort_id = ?),"
        " (SELECT count(*) FROM waitlist_entry WHERE cohort_id = ?)",
        (cohort_id,) * 4,
    )[0]
    if any(uses):
        raise InUseError(f"{found.name} has members, sessions or feedback now; remove those first")
    with db.transaction() as session:
        cohort = session.get(Cohort, cohort_id)
        if cohort is None:
            raise NotFoundError("This cohort")
        session.delete(cohort)
    return found


def cohort_data(db: Database, cohort_id: str) -> CohortData:
    rows = db.query(
        "SELECT name, start_date, planned_end, capacity, status, venue, facilitators, notes"
        " FROM cohort WHERE id = ?",
        (cohort_id,),
    )
    if not rows:
        raise NotFoundError("This cohort")
    name, start, end, capacity, status, venue, facilitators, notes = rows[0]
    return CohortData(name, _day(start), _day(end), capacity, status, venue, facilitators, notes)
