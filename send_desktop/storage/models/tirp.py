"""TIRP: cohorts, their member settings and leaders, sessions, attendance, feedback, waitlist."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from send_desktop.storage.base import Record
from send_desktop.storage.models.register import Person, Setting


class Cohort(Record):
    __tablename__ = "cohort"

    name: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    start_date: Mapped[date | None] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date)
    capacity: Mapped[int] = mapped_column(Integer, nullable=False, default=12)
    status: Mapped[str] = mapped_column(String(30), nullable=False, default="planned")
    venue: Mapped[str | None] = mapped_column(String(200))
    facilitators: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)

    members: Mapped[list[CohortMember]] = relationship(back_populates="cohort")
    sessions: Mapped[list[CohortSession]] = relationship(
        back_populates="cohort", order_by="CohortSession.seq"
    )


class CohortMember(Record):
    """A setting enrolled in a cohort; withdrawn members keep their row."""

    __tablename__ = "cohort_member"

    cohort_id: Mapped[str] = mapped_column(ForeignKey("cohort.id"), nullable=False, index=True)
    setting_id: Mapped[str] = mapped_column(ForeignKey("setting.id"), nullable=False, index=True)
    joined_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawal_reason: Mapped[str | None] = mapped_column(String(300))

    cohort: Mapped[Cohort] = relationship(back_populates="members")
    setting: Mapped[Setting] = relationship()
    leaders: Mapped[list[CohortLeader]] = relationship(back_populates="member")

    __table_args__ = (UniqueConstraint("cohort_id", "setting_id"),)


class CohortLeader(Record):
    """A named leader a member setting brings; a replacement ends one row and starts another."""

    __tablename__ = "cohort_leader"

    member_id: Mapped[str] = mapped_column(
        ForeignKey("cohort_member.id"), nullable=False, index=True
    )
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), nullable=False, index=True)
    role: Mapped[str | None] = mapped_column(String(120))
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    replaced_by_id: Mapped[str | None] = mapped_column(ForeignKey("cohort_leader.id"))

    member: Mapped[CohortMember] = relationship(back_populates="leaders")
    person: Mapped[Person] = relationship()


class CohortSession(Record):
    __tablename__ = "cohort_session"

    cohort_id: Mapped[str] = mapped_column(ForeignKey("cohort.id"), nullable=False, index=True)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    held_on: Mapped[date | None] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    venue: Mapped[str | None] = mapped_column(String(200))
    facilitator: Mapped[str | None] = mapped_column(String(200))

    cohort: Mapped[Cohort] = relationship(back_populates="sessions")

    __table_args__ = (UniqueConstraint("cohort_id", "seq"),)


class Attendance(Record):
    __tablename__ = "attendance"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("cohort_session.id"), nullable=False, index=True
    )
    leader_id: Mapped[str] = mapped_column(
        ForeignKey("cohort_leader.id"), nullable=False, index=True
    )
    status: Mapped[str] = mapped_column(String(20), nullable=False)

    __table_args__ = (UniqueConstraint("session_id", "leader_id"),)


class Feedback(Record):
    """A participant's quote. Only quotes with consent ever leave the app."""

    __tablename__ = "feedback"

    cohort_id: Mapped[str] = mapped_column(ForeignKey("cohort.id"), nullable=False, index=True)
    session_id: Mapped[str | None] = mapped_column(ForeignKey("cohort_session.id"), index=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), index=True)
    quote: Mapped[str] = mapped_column(Text, nullable=False)
    role: Mapped[str | None] = mapped_column(String(200))
    consent_to_publish: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class WaitlistEntry(Record):
    """A setting waiting for a place in a future cohort."""

    __tablename__ = "waitlist_entry"

    setting_id: Mapped[str] = mapped_column(ForeignKey("setting.id"), nullable=False, index=True)
    added_on: Mapped[date] = mapped_column(Date, nullable=False)
    priority: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    preferred_start: Mapped[str | None] = mapped_column(String(40))
    notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="waiting")
    cohort_id: Mapped[str | None] = mapped_column(ForeignKey("cohort.id"), index=True)

    setting: Mapped[Setting] = relationship()


class WaitlistEvent(Record):
    """Position history: added, reprioritised, allocated, withdrawn, returned."""

    __tablename__ = "waitlist_event"

    entry_id: Mapped[str] = mapped_column(
        ForeignKey("waitlist_entry.id"), nullable=False, index=True
    )
    on: Mapped[date] = mapped_column(Date, nullable=False)
    event: Mapped[str] = mapped_column(String(40), nullable=False)
    position: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(String(300))
