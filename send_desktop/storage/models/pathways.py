"""Enhanced pathways: funding rounds, Year 7 EHCP intake counts, bids and their steps.

Money is held in whole pence (integers) so sums are exact.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from send_desktop.storage.base import Record
from send_desktop.storage.models.register import Setting


class FundingRound(Record):
    __tablename__ = "funding_round"

    name: Mapped[str] = mapped_column(String(120), nullable=False, unique=True)
    intake_label: Mapped[str] = mapped_column(String(80), nullable=False)
    intake_year: Mapped[int] = mapped_column(Integer, nullable=False)
    total_grant_pence: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    phase1_size: Mapped[int] = mapped_column(Integer, nullable=False, default=3)
    phase2_threshold: Mapped[int] = mapped_column(Integer, nullable=False, default=7)
    phase1_allocation_pence: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    notes: Mapped[str | None] = mapped_column(Text)

    bids: Mapped[list[Bid]] = relationship(back_populates="round")


class IntakeCount(Record):
    """Pupils with an EHCP in a school's Year 7 intake. Suppressed is unknown, never zero."""

    __tablename__ = "intake_count"

    setting_id: Mapped[str] = mapped_column(ForeignKey("setting.id"), nullable=False, index=True)
    intake_year: Mapped[int] = mapped_column(Integer, nullable=False)
    count: Mapped[int | None] = mapped_column(Integer)
    suppressed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    source: Mapped[str | None] = mapped_column(String(200))
    as_of: Mapped[date | None] = mapped_column(Date)

    setting: Mapped[Setting] = relationship()

    __table_args__ = (UniqueConstraint("setting_id", "intake_year"),)


class Bid(Record):
    __tablename__ = "bid"

    round_id: Mapped[str] = mapped_column(
        ForeignKey("funding_round.id"), nullable=False, index=True
    )
    setting_id: Mapped[str] = mapped_column(ForeignKey("setting.id"), nullable=False, index=True)
    phase: Mapped[int] = mapped_column(Integer, nullable=False, default=2)
    status: Mapped[str] = mapped_column(String(30), nullable=False, default="invited")
    requested_pence: Mapped[int | None] = mapped_column(Integer)
    awarded_pence: Mapped[int | None] = mapped_column(Integer)
    paid_pence: Mapped[int | None] = mapped_column(Integer)
    proposal_summary: Mapped[str | None] = mapped_column(Text)
    ks3_provision: Mapped[str | None] = mapped_column(Text)
    conditions: Mapped[str | None] = mapped_column(Text)
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), index=True)

    round: Mapped[FundingRound] = relationship(back_populates="bids")
    setting: Mapped[Setting] = relationship()

    __table_args__ = (UniqueConstraint("round_id", "setting_id"),)


class BidEvent(Record):
    """One dated step of a bid's pipeline."""

    __tablename__ = "bid_event"

    bid_id: Mapped[str] = mapped_column(ForeignKey("bid.id"), nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(30), nullable=False)
    on: Mapped[date] = mapped_column(Date, nullable=False)
    note: Mapped[str | None] = mapped_column(String(300))


class BidDocument(Record):
    """A document on disk linked to a bid (the path only; the file stays where it is)."""

    __tablename__ = "bid_document"

    bid_id: Mapped[str] = mapped_column(ForeignKey("bid.id"), nullable=False, index=True)
    # the column is 'label'; the attribute is 'name' (Record.label() describes the record)
    name: Mapped[str] = mapped_column("label", String(200), nullable=False)
    path: Mapped[str] = mapped_column(String(1000), nullable=False)


class BidPayment(Record):
    """A payment made on a bid's award: its amount and date (their sum is the bid's paid)."""

    __tablename__ = "bid_payment"

    bid_id: Mapped[str] = mapped_column(ForeignKey("bid.id"), nullable=False, index=True)
    amount_pence: Mapped[int] = mapped_column(Integer, nullable=False)
    paid_on: Mapped[date] = mapped_column(Date, nullable=False)
    note: Mapped[str | None] = mapped_column(String(300))

    bid: Mapped[Bid] = relationship()


class RankingSnapshot(Record):
    """A saved ranking of a round with the intake data it was built on (JSON rows)."""

    __tablename__ = "ranking_snapshot"

    round_id: Mapped[str] = mapped_column(
        ForeignKey("funding_round.id"), nullable=False, index=True
    )
    saved_on: Mapped[date] = mapped_column(Date, nullable=False)
    note: Mapped[str | None] = mapped_column(String(300))
    rows: Mapped[str] = mapped_column(Text, nullable=False)
