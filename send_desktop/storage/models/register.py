"""The register of settings, their SEN counts and GIAS links, and people with their roles."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from send_desktop.storage.base import Record


class Setting(Record):
    """Any place a child is educated: early-years setting, school, college."""

    __tablename__ = "setting"

    urn: Mapped[str | None] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    phase: Mapped[str | None] = mapped_column(String(40))
    type: Mapped[str | None] = mapped_column(String(40))
    trust: Mapped[str | None] = mapped_column(String(200))
    locality: Mapped[str | None] = mapped_column(String(80))
    town: Mapped[str | None] = mapped_column(String(80))
    postcode: Mapped[str | None] = mapped_column(String(10))
    la_code: Mapped[str | None] = mapped_column(String(3))
    pupils: Mapped[int | None] = mapped_column(Integer)
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    open_date: Mapped[date | None] = mapped_column(Date)
    close_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    sen_counts: Mapped[list[SenCount]] = relationship(back_populates="setting")
    roles: Mapped[list[PersonRole]] = relationship(back_populates="setting")

    # Postcodes are matched in memory when importing, so they need no index.
    __table_args__ = (Index("ix_setting_name", "name"),)


class SenCount(Record):
    """SEN support and EHC-plan counts of a setting for one year. Suppressed means unknown."""

    __tablename__ = "sen_count"

    setting_id: Mapped[str] = mapped_column(ForeignKey("setting.id"), nullable=False, index=True)
    year: Mapped[str] = mapped_column(String(9), nullable=False)  # e.g. "2022/23"
    pupils: Mapped[int | None] = mapped_column(Integer)
    sen_support: Mapped[int | None] = mapped_column(Integer)
    sen_support_suppressed: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    ehc_plans: Mapped[int | None] = mapped_column(Integer)
    ehc_plans_suppressed: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    source: Mapped[str | None] = mapped_column(String(200))

    setting: Mapped[Setting] = relationship(back_populates="sen_counts")

    __table_args__ = (UniqueConstraint("setting_id", "year"),)


class SettingLink(Record):
    """A GIAS predecessor/successor link between two URNs (either may be outside the register)."""

    __tablename__ = "setting_link"

    urn: Mapped[str] = mapped_column(String(12), nullable=False, index=True)
    linked_urn: Mapped[str] = mapped_column(String(12), nullable=False, index=True)
    link_type: Mapped[str] = mapped_column(String(100), nullable=False)  # e.g. "Successor"
    link_date: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (UniqueConstraint("urn", "linked_urn", "link_type"),)


class Person(Record):
    """A named person: school leader, SENCo, facilitator, council officer. Fictional in demos."""

    __tablename__ = "person"

    full_name: Mapped[str] = mapped_column(String(120), nullable=False)
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    job_title: Mapped[str | None] = mapped_column(String(120))
    notes: Mapped[str | None] = mapped_column(Text)

    roles: Mapped[list[PersonRole]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )

    __table_args__ = (Index("ix_person_full_name", "full_name"),)


class PersonRole(Record):
    """What a person is, and where: SENCo at a setting, facilitator for the LA, ..."""

    __tablename__ = "person_role"

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), nullable=False, index=True)
    setting_id: Mapped[str | None] = mapped_column(ForeignKey("setting.id"), index=True)
    role: Mapped[str] = mapped_column(String(60), nullable=False)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="roles")
    setting: Mapped[Setting | None] = relationship(back_populates="roles")
