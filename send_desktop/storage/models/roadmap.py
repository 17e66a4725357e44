"""Transformation roadmap milestones, resource bases, and action-plan objectives and actions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from send_desktop.storage.base import Record
from send_desktop.storage.models.register import Setting


class Milestone(Record):
    __tablename__ = "milestone"

    title: Mapped[str] = mapped_column(String(300), nullable=False)
    quarter: Mapped[str] = mapped_column(String(7), nullable=False)  # "2024-Q1"
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="planned")
    theme: Mapped[str | None] = mapped_column(String(120))
    notes: Mapped[str | None] = mapped_column(Text)


class ResourceBase(Record):
    """A specialist unit inside a mainstream school, with its number of places."""

    __tablename__ = "resource_base"

    setting_id: Mapped[str] = mapped_column(ForeignKey("setting.id"), nullable=False, index=True)
    places: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="planned")
    opens_on: Mapped[date | None] = mapped_column(Date)
    area_of_need: Mapped[str | None] = mapped_column(String(60))

    setting: Mapped[Setting] = relationship()


class Objective(Record):
    __tablename__ = "objective"

    title: Mapped[str] = mapped_column(String(300), nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    actions: Mapped[list[Action]] = relationship(back_populates="objective")


class Action(Record):
    """One action: by whom, by when, how we will know, resource, monitored and evaluated by."""

    __tablename__ = "action"

    objective_id: Mapped[str | None] = mapped_column(ForeignKey("objective.id"), index=True)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    owner: Mapped[str | None] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date)
    success_measure: Mapped[str | None] = mapped_column(Text)
    resource: Mapped[str | None] = mapped_column(Text)
    monitored_by: Mapped[str | None] = mapped_column(String(200))
    evaluated_by: Mapped[str | None] = mapped_column(String(200))
    quarter: Mapped[str | None] = mapped_column(String(7))
    rag: Mapped[str] = mapped_column(String(10), nullable=False, default="green")
    rag_override_reason: Mapped[str | None] = mapped_column(String(300))
    completed_on: Mapped[date | None] = mapped_column(Date)

    objective: Mapped[Objective | None] = relationship(back_populates="actions")


class ActionRagChange(Record):
    """RAG history of an action."""

    __tablename__ = "action_rag_change"

    action_id: Mapped[str] = mapped_column(ForeignKey("action.id"), nullable=False, index=True)
    on: Mapped[date] = mapped_column(Date, nullable=False)
    rag: Mapped[str] = mapped_column(String(10), nullable=False)
    reason: Mapped[str | None] = mapped_column(String(300))
