"""Special-school outreach: providers, their packages, referrals and referral steps.

A referral holds setting-level information only: never a child's name.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from send_desktop.storage.base import Record
from send_desktop.storage.models.register import Setting


class OutreachProvider(Record):
    """A special school that offers packages of support."""

    __tablename__ = "outreach_provider"

    setting_id: Mapped[str] = mapped_column(ForeignKey("setting.id"), nullable=False, unique=True)
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), index=True)
    notes: Mapped[str | None] = mapped_column(Text)

    setting: Mapped[Setting] = relationship()
    packages: Mapped[list[OutreachPackage]] = relationship(back_populates="provider")


class OutreachPackage(Record):
    __tablename__ = "outreach_package"

    provider_id: Mapped[str] = mapped_column(
        ForeignKey("outreach_provider.id"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    area_of_need: Mapped[str] = mapped_column(String(60), nullable=False)
    mode: Mapped[str] = mapped_column(String(20), nullable=False)
    level: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    hours: Mapped[int | None] = mapped_column(Integer)
    sessions: Mapped[int | None] = mapped_column(Integer)
    places_per_term: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    eligibility: Mapped[str | None] = mapped_column(Text)
    evidence_required: Mapped[str | None] = mapped_column(Text)
    open_for_applications: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    provider: Mapped[OutreachProvider] = relationship(back_populates="packages")


class Referral(Record):
    __tablename__ = "referral"

    package_id: Mapped[str] = mapped_column(
        ForeignKey("outreach_package.id"), nullable=False, index=True
    )
    setting_id: Mapped[str] = mapped_column(ForeignKey("setting.id"), nullable=False, index=True)
    route: Mapped[str] = mapped_column(String(40), nullable=False)
    term: Mapped[str | None] = mapped_column(String(20))  # e.g. "2024 Autumn"
    summary_of_need: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)  # JSON checklist {item: bool}
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="received")
    received_on: Mapped[date] = mapped_column(Date, nullable=False)
    outcome_rating: Mapped[int | None] = mapped_column(Integer)
    outcome_notes: Mapped[str | None] = mapped_column(Text)

    package: Mapped[OutreachPackage] = relationship()
    setting: Mapped[Setting] = relationship()


class ReferralEvent(Record):
    """One dated step of a referral's path, with who and why."""

    __tablename__ = "referral_event"

    referral_id: Mapped[str] = mapped_column(ForeignKey("referral.id"), nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    on: Mapped[date] = mapped_column(Date, nullable=False)
    by: Mapped[str | None] = mapped_column(String(120))
    reason: Mapped[str | None] = mapped_column(String(300))


class QuestionnaireReturn(Record):
    """One setting's answers to one questionnaire (mainstream and special schools), as
    ``{question: answer}`` in the order the questions came. Setting-level: no child's name."""

    __tablename__ = "questionnaire_return"

    setting_id: Mapped[str] = mapped_column(ForeignKey("setting.id"), nullable=False, index=True)
    questionnaire: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    respondent: Mapped[str | None] = mapped_column(String(120))  # a role, e.g. "SENCo"
    answers: Mapped[str] = mapped_column(Text, nullable=False)  # JSON object

    setting: Mapped[Setting] = relationship()
