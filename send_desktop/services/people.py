"""Use cases for people: add, edit and delete a person and their main role.

People's names and emails are personal data: they stay in the database and are never logged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from send_desktop.domain import validation as v
from send_desktop.services.errors import InUseError, NotFoundError
from send_desktop.services.uses import describe_uses
from send_desktop.storage.database import Database
from send_desktop.storage.models import Bid, CohortLeader, Feedback, Person, PersonRole

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class PersonData:
    full_name: str
    email: str | None = None
    phone: str | None = None
    job_title: str | None = None
    notes: str | None = None
    role: str | None = None  # main role, e.g. "SENCo"
    setting_id: str | None = None  # where that role is held


def clean_person(data: PersonData) -> PersonData:
    def blank(value: str | None) -> str | None:
        return (value or "").strip() or None

    return replace(
        data,
        full_name=v.check_required(data.full_name, "full_name", "Name"),
        email=v.check_email(data.email or "") or None,
        phone=blank(data.phone),
        job_title=blank(data.job_title),
        notes=blank(data.notes),
        role=blank(data.role),
    )


_PERSON_FIELDS = ("full_name", "email", "phone", "job_title", "notes")


def _main_role(person: Person) -> PersonRole | None:
    return person.roles[0] if person.roles else None


def add_person(db: Database, *, data: PersonData, person_id: str | None = None) -> str:
    data = clean_person(data)
    with db.transaction() as session:
        return new_person(session, data, person_id)


def new_person(session: Session, data: PersonData, person_id: str | None = None) -> str:
    """Add a person (``data`` already cleaned) inside the caller's transaction."""
    person = Person(**{k: getattr(data, k) for k in _PERSON_FIELDS})
    if person_id:
        person.id = person_id
    if data.role or data.setting_id:
        person.roles.append(PersonRole(role=data.role or "Contact", setting_id=data.setting_id))
    session.add(person)
    session.flush()
    return person.id


def get_person(db: Database, person_id: str) -> PersonData:
    with db.reader() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFoundError("This person")
        role = _main_role(person)
        return PersonData(
            **{k: getattr(person, k) for k in _PERSON_FIELDS},
            role=role.role if role else None,
            setting_id=role.setting_id if role else None,
        )


def update_person(db: Database, *, person_id: str, data: PersonData) -> None:
    data = clean_person(data)
    with db.transaction() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFoundError("This person")
        for key in _PERSON_FIELDS:
            if getattr(person, key) != getattr(data, key):
                setattr(person, key, getattr(data, key))
        role = _main_role(person)
        if role is None and (data.role or data.setting_id):
            person.roles.append(PersonRole(role=data.role or "Contact", setting_id=data.setting_id))
        elif role is not None and not (data.role or data.setting_id):
            session.delete(role)
        elif role is not None:
            if role.role != (data.role or "Contact"):
                role.role = data.role or "Contact"
            if role.setting_id != data.setting_id:
                role.setting_id = data.setting_id


@dataclass(frozen=True)
class DeletedPerson:
    """What ``delete_person`` removed (the person and every role), so undo can put it back."""

    person_id: str
    data: PersonData
    roles: tuple[dict[str, object], ...] = ()


_ROLE_FIELDS = ("id", "setting_id", "role", "start_date", "end_date")


_USES = (
    (CohortLeader.person_id, "TIRP leader record"),
    (Feedback.person_id, "feedback quote"),
    (Bid.contact_id, "bid contact"),
)


def uses_of(session: Session, person_id: str) -> list[str]:
    """Where programme records name this person, e.g. ['1 cohort leader'] (none: [])."""
    return describe_uses(session, _USES, person_id)


def delete_person(db: Database, *, person_id: str) -> DeletedPerson:
    """Delete a person not referenced by programme records, with all their roles."""
    data = get_person(db, person_id)
    with db.transaction() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFoundError("This person")
        uses = uses_of(session, person_id)
        if uses:
            raise InUseError(
                f"{person.full_name} cannot be deleted: still named in {', '.join(uses)}."
            )
        roles = tuple({k: getattr(r, k) for k in _ROLE_FIELDS} for r in person.roles)
        session.delete(person)
    return DeletedPerson(person_id, data, roles)


def restore_person(db: Database, *, deleted: DeletedPerson) -> None:
    """Put back a deleted person and all their roles under their original ids."""
    with db.transaction() as session:
        person = Person(**{k: getattr(deleted.data, k) for k in _PERSON_FIELDS})
        person.id = deleted.person_id
        for values in deleted.roles:
            person.roles.append(PersonRole(**values))
        session.add(person)
