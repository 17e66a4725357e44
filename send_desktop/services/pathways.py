"""Enhanced pathways use cases: rank a round, move a bid along, award, pay, trial allocations.

Each changing function is one unit of work (``db.transaction()``; the audit log records every
change). Amounts are checked against the round's budget inside the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import literal_column, select
from sqlalchemy.orm import Session

from send_desktop.domain import pathways as rules
from send_desktop.domain.pathways import Allocation, Budget, PathwaysError, Ranking
from send_desktop.services.errors import NotFoundError
from send_desktop.storage.database import Database
from send_desktop.storage.models import (
    Bid,
    BidEvent,
    FundingRound,
    IntakeCount,
    RankingSnapshot,
    Setting,
)

__all__ = [
    "PathwaysError",
    "UnknownRoundError",
    "BidSummary",
    "advance_bid",
    "bid_summary",
    "apply_allocation",
    "rank_round",
    "ranking_changes",
    "round_budget",
    "round_names",
    "save_ranking",
    "set_award",
    "set_paid",
    "trial_allocation",
]


class UnknownRoundError(LookupError):
    """No funding round has that name; the message lists the names there are."""

    def __init__(self, name: str, known: list[str]) -> None:
        listing = ", ".join(f"'{n}'" for n in known) if known else "none yet"
        super().__init__(f"there is no funding round called '{name}' (rounds: {listing})")
        self.message = str(self)


@dataclass(frozen=True)
class RoundInfo:
    id: str
    name: str
    intake_label: str
    total_grant_pence: int
    phase1_size: int
    phase2_threshold: int


def round_names(db: Database) -> list[str]:
    return [r[0] for r in db.query("SELECT name FROM funding_round ORDER BY name")]


def _round(session: Session, name: str) -> FundingRound:
    found = session.scalars(select(FundingRound).where(FundingRound.name == name)).first()
    if found is None:
        wanted = name.casefold()
        rounds = session.scalars(select(FundingRound).order_by(FundingRound.name)).all()
        matches = [r for r in rounds if r.name.casefold() == wanted]
        if not matches:
            raise UnknownRoundError(name, [r.name for r in rounds])
        found = matches[0]
    return found


def _info(round_: FundingRound) -> RoundInfo:
    return RoundInfo(
        round_.id,
        round_.name,
        round_.intake_label,
        round_.total_grant_pence,
        round_.phase1_size,
        round_.phase2_threshold,
    )


def _intake(session: Session, round_: FundingRound) -> dict[str, rules.IntakeRow]:
    rows = session.execute(
        select(IntakeCount, Setting)
        .join(Setting, IntakeCount.setting_id == Setting.id)
        .where(IntakeCount.intake_year == round_.intake_year)
    ).all()
    return {
        setting.id: rules.IntakeRow(
            key=setting.id,
            urn=setting.urn or "",
            name=setting.name,
            count=intake.count,
            suppressed=intake.suppressed,
            source=intake.source,
            as_of=intake.as_of,
        )
        for intake, setting in rows
    }


def rank_round(db: Database, *, round_name: str) -> tuple[RoundInfo, Ranking]:
    """The round and its ranking built from the intake counts of its intake year."""
    with db.reader() as session:
        round_ = _round(session, round_name)
        ranking = rules.rank_schools(
            _intake(session, round_).values(),
            phase1_size=round_.phase1_size,
            phase2_threshold=round_.phase2_threshold,
        )
        return _info(round_), ranking


def chosen_phases(db: Database, *, round_name: str) -> dict[str, int]:
    """Setting id -> the phase its bid in the round was given (a tie settled by the lead
    when inviting, or any bid with a phase)."""
    rows = db.query(
        "SELECT b.setting_id, b.phase FROM bid b JOIN funding_round r ON r.id = b.round_id "
        "WHERE r.name = ? AND b.phase IS NOT NULL",
        (round_name,),
    )
    return {setting_id: int(phase) for setting_id, phase in rows}


def _budget(session: Session, round_: FundingRound) -> Budget:
    bids = session.scalars(select(Bid).where(Bid.round_id == round_.id)).all()
    return rules.budget(
        round_.total_grant_pence,
        (rules.BidMoney(b.id, b.phase, b.status, b.awarded_pence, b.paid_pence) for b in bids),
    )


def round_budget(db: Database, *, round_name: str) -> Budget:
    with db.reader() as session:
        return _budget(session, _round(session, round_name))


def _bid(session: Session, bid_id: str) -> Bid:
    bid = session.get(Bid, bid_id)
    if bid is None:
        raise NotFoundError("The bid")
    return bid


@dataclass(frozen=True)
class Step:
    """A step ``advance_bid`` recorded, so that ``undo_step`` can take it back."""

    bid_id: str
    event_id: str
    status: str
    previous: str


def advance_bid(
    db: Database, *, bid_id: str, status: str, on: date | None = None, note: str | None = None
) -> Step:
    """Move a bid one step along the pipeline, recording the dated step."""
    with db.transaction() as session:
        bid = _bid(session, bid_id)
        rules.check_step(bid.status, status, awarded_pence=bid.awarded_pence)
        previous, bid.status = bid.status, status
        event = BidEvent(bid_id=bid.id, status=status, on=on or date.today(), note=note)
        session.add(event)
        session.flush()
        return Step(bid.id, event.id, status, previous)


def undo_step(db: Database, *, step: Step) -> None:
    """Take back the step just recorded: the bid back at its previous status, the dated
    step gone. Refused if the bid has moved on since."""
    with db.transaction() as session:
        bid = _bid(session, step.bid_id)
        latest = session.scalars(
            select(BidEvent)
            .where(BidEvent.bid_id == bid.id)
            .order_by(literal_column("bid_event.rowid").desc())  # the last one written here
        ).first()
        if bid.status != step.status or latest is None or latest.id != step.event_id:
            raise PathwaysError(f"The bid has moved on from '{step.status}' since.")
        session.delete(latest)
        bid.status = step.previous


def set_award(db: Database, *, bid_id: str, awarded_pence: int | None) -> None:
    """Change a bid's award; refused (saying by how much) if the round would go over."""
    with db.transaction() as session:
        bid = _bid(session, bid_id)
        if bid.status in rules.CLOSED_STATUSES:
            raise PathwaysError(f"A {bid.status} bid cannot be awarded money.")
        current = _budget(session, bid.round)
        rules.check_award(current, old_pence=bid.awarded_pence, new_pence=awarded_pence)
        if awarded_pence is not None and (bid.paid_pence or 0) > awarded_pence:
            raise PathwaysError("The award cannot be less than what has already been paid.")
        bid.awarded_pence = awarded_pence


def set_paid(db: Database, *, bid_id: str, paid_pence: int) -> None:
    """Record the total paid on a bid; never more than awarded."""
    with db.transaction() as session:
        bid = _bid(session, bid_id)
        rules.check_payment(awarded_pence=bid.awarded_pence, paid_pence=paid_pence)
        bid.paid_pence = paid_pence


def _trial(
    session: Session, round_: FundingRound, method: str, cap_pounds: int | None
) -> tuple[Allocation, dict[str, Bid]]:
    bids = session.scalars(
        select(Bid).where(Bid.round_id == round_.id, Bid.phase == 2, Bid.status == "approved")
    ).all()
    intake = _intake(session, round_)
    by_key = {b.id: b for b in bids}
    claims = [
        rules.Claim(
            key=b.id,
            name=b.setting.name,
            ehcp=intake[b.setting_id].count
            if b.setting_id in intake and intake[b.setting_id].known
            else None,
            requested_pence=b.requested_pence,
            urn=b.setting.urn or "",
        )
        for b in bids
    ]
    # what is available: the remaining grant plus what these bids hold now (they are re-shared)
    available = _budget(session, round_).remaining_pence + sum(b.awarded_pence or 0 for b in bids)
    allocation = rules.allocate(
        claims, available_pence=available, method=method, cap_pounds=cap_pounds
    )
    return allocation, by_key


def trial_allocation(
    db: Database, *, round_name: str, method: str, cap_pounds: int | None = None
) -> Allocation:
    """Preview: share the remaining grant among the approved phase-2 bids (nothing written)."""
    with db.reader() as session:
        return _trial(session, _round(session, round_name), method, cap_pounds)[0]


def apply_allocation(
    db: Database, *, round_name: str, method: str, cap_pounds: int | None = None
) -> Allocation:
    """Set each approved phase-2 bid's award to its share, in one audited transaction."""
    with db.transaction() as session:
        round_ = _round(session, round_name)
        allocation, bids = _trial(session, round_, method, cap_pounds)
        for share in allocation.shares:
            bids[share.claim.key].awarded_pence = share.pounds * 100
        session.flush()
        after = _budget(session, round_)
        if after.remaining_pence < 0:  # cannot happen by construction; never commit it anyway
            raise rules.OverBudgetError(
                f"Refused: the round would be {rules.pounds(-after.remaining_pence)} over.",
                -after.remaining_pence,
            )
        return allocation


@dataclass(frozen=True)
class BidSummary:
    id: str
    round_name: str
    school: str
    status: str
    next_steps: tuple[str, ...]
    awarded_pence: int | None


def bid_summary(db: Database, *, bid_id: str) -> BidSummary | None:
    """What the bid panel shows; None if the bid no longer exists."""
    with db.reader() as session:
        bid = session.get(Bid, bid_id)
        if bid is None:
            return None
        return BidSummary(
            bid.id,
            bid.round.name,
            bid.setting.name,
            bid.status,
            rules.NEXT_STEPS.get(bid.status, ()),
            bid.awarded_pence,
        )


@dataclass(frozen=True)
class RankingChanges:
    saved_on: date
    note: str | None
    moves: list[rules.Move]


def save_ranking(
    db: Database, *, round_name: str, on: date | None = None, note: str | None = None
) -> str:
    """Save the round's ranking now with the intake data it was built on; returns its id."""
    import json

    with db.transaction() as session:
        round_ = _round(session, round_name)
        ranking = rules.rank_schools(
            _intake(session, round_).values(),
            phase1_size=round_.phase1_size,
            phase2_threshold=round_.phase2_threshold,
        )
        saved = RankingSnapshot(
            round_id=round_.id,
            saved_on=on or date.today(),
            note=note,
            rows=json.dumps(rules.snapshot(ranking), ensure_ascii=False),
        )
        session.add(saved)
        session.flush()
        return saved.id


def ranking_changes(db: Database, *, round_name: str) -> RankingChanges | None:
    """What moved since the round's most recently saved ranking (None if none was saved)."""
    import json

    with db.reader() as session:
        round_ = _round(session, round_name)
        saved = session.scalars(
            select(RankingSnapshot)
            .where(RankingSnapshot.round_id == round_.id)
            .order_by(RankingSnapshot.saved_on.desc(), RankingSnapshot.created_at.desc())
        ).first()
        if saved is None:
            return None
        now = rules.rank_schools(
            _intake(session, round_).values(),
            phase1_size=round_.phase1_size,
            phase2_threshold=round_.phase2_threshold,
        )
        return RankingChanges(
            saved.saved_on, saved.note, rules.compare(json.loads(saved.rows), now)
        )
