"""Enhanced pathways set-up: funding rounds, typed intake counts, invitations, bid details.

    round_data(db, name=)                          -> (round id, RoundData)
    create_round(db, data=)                        -> round id
    update_round(db, round_id=, data=)
    set_intake_count(db, setting_id=, intake_year=, count=, suppressed=, source=, as_of=)
    invite(db, round_name=, setting_ids=, on=)      -> number of bids made
    bid_details(db, bid_id=) / update_bid_details(db, bid_id=, details=)

Each change is one audited transaction. A round's grant can never go below what it has
committed (refused by how much); a typed suppressed count is unknown, never zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from send_desktop.domain.pathways import PathwaysError, pounds
from send_desktop.services.errors import NotFoundError
from send_desktop.services.pathways import _budget, _round
from send_desktop.storage.database import Database
from send_desktop.storage.models import Bid, BidEvent, FundingRound, IntakeCount, Person, Setting


@dataclass(frozen=True)
class RoundData:
    name: str
    intake_label: str
    intake_year: int
    total_grant_pence: int
    phase1_size: int = 3
    phase2_threshold: int = 7
    phase1_allocation_pence: int = 0
    notes: str | None = None


def _check(data: RoundData) -> None:
    if not data.name.strip():
        raise PathwaysError("The round needs a name.")
    if not 2000 <= data.intake_year <= 2100:
        raise PathwaysError(f"{data.intake_year} is not an intake year (e.g. 2024).")
    for value, what in (
        (data.total_grant_pence, "The total grant"),
        (data.phase1_allocation_pence, "The phase-1 allocation"),
        (data.phase1_size, "The phase-1 size"),
        (data.phase2_threshold, "The phase-2 threshold"),
    ):
        if value < 0:
            raise PathwaysError(f"{what} cannot be negative.")
    planned = data.phase1_size * data.phase1_allocation_pence
    if planned > data.total_grant_pence:
        raise PathwaysError(
            f"Phase 1 alone ({data.phase1_size} × {pounds(data.phase1_allocation_pence)}) would "
            f"be {pounds(planned - data.total_grant_pence)} over the grant of "
            f"{pounds(data.total_grant_pence)}."
        )


def _name_taken(session, name: str, but: str | None = None) -> bool:  # noqa: ANN001
    query = select(FundingRound.id).where(func.lower(FundingRound.name) == name.strip().lower())
    return any(found != but for found in session.scalars(query))


def round_data(db: Database, *, name: str) -> tuple[str, RoundData]:
    with db.reader() as session:
        r = _round(session, name)
        return r.id, RoundData(
            r.name,
            r.intake_label,
            r.intake_year,
            r.total_grant_pence,
            r.phase1_size,
            r.phase2_threshold,
            r.phase1_allocation_pence,
            r.notes,
        )


def create_round(db: Database, *, data: RoundData) -> str:
    _check(data)
    with db.transaction() as session:
        if _name_taken(session, data.name):
            raise PathwaysError(f"There is already a round called '{data.name.strip()}'.")
        round_ = FundingRound(**{**data.__dict__, "name": data.name.strip()})
        session.add(round_)
        session.flush()
        return round_.id


def update_round(db: Database, *, round_id: str, data: RoundData) -> None:
    """Change a round; a grant below what is already committed is refused by how much."""
    _check(data)
    with db.transaction() as session:
        round_ = session.get(FundingRound, round_id)
        if round_ is None:
            raise NotFoundError("The round")
        if _name_taken(session, data.name, but=round_id):
            raise PathwaysError(f"There is already a round called '{data.name.strip()}'.")
        committed = _budget(session, round_).committed_pence
        if data.total_grant_pence < committed:
            raise PathwaysError(
                f"Refused: the round has {pounds(committed)} committed, so a grant of "
                f"{pounds(data.total_grant_pence)} would be "
                f"{pounds(committed - data.total_grant_pence)} short."
            )
        for key, value in data.__dict__.items():
            setattr(round_, key, value.strip() if key == "name" else value)


def set_intake_count(
    db: Database,
    *,
    setting_id: str,
    intake_year: int,
    count: int | None,
    suppressed: bool = False,
    source: str | None = None,
    as_of: date | None = None,
) -> None:
    """Type a school's Year 7 EHCP count for an intake (suppressed: unknown, never 0)."""
    if suppressed:
        count = None
    elif count is None or count < 0:
        raise PathwaysError("Type the count (a whole number, 0 if none), or mark it suppressed.")
    with db.transaction() as session:
        if session.get(Setting, setting_id) is None:
            raise NotFoundError("The school")
        found = session.scalars(
            select(IntakeCount).where(
                IntakeCount.setting_id == setting_id, IntakeCount.intake_year == intake_year
            )
        ).first()
        if found is None:
            found = IntakeCount(setting_id=setting_id, intake_year=intake_year)
            session.add(found)
        found.count, found.suppressed = count, suppressed
        found.source, found.as_of = source, as_of


def invite(
    db: Database,
    *,
    round_name: str,
    setting_ids: Sequence[str],
    phase: int | None = None,
    on: date | None = None,
) -> int:
    """Make an 'invited' bid (dated) for each school that has none in the round yet. The
    phase is the ranking's (``phase`` overrides it: how the lead settles a tie). A phase-1
    bid is awarded the round's phase-1 allocation; one that would take the round over its
    grant is refused by how much, and no bid of the call is kept."""
    from send_desktop.domain import pathways as rules
    from send_desktop.services.pathways import _intake

    with db.transaction() as session:
        round_ = _round(session, round_name)
        have = set(session.scalars(select(Bid.setting_id).where(Bid.round_id == round_.id)))
        ranking = rules.rank_schools(
            _intake(session, round_).values(),
            phase1_size=round_.phase1_size,
            phase2_threshold=round_.phase2_threshold,
        )
        phases = {s.row.key: s.phase for s in ranking.schools}
        made = 0
        for setting_id in setting_ids:
            if setting_id in have:
                continue
            ranked = phases.get(setting_id)
            chosen = phase or (1 if ranked == rules.PHASE1 else 2 if ranked == rules.PHASE2 else 0)
            if not chosen:
                name = session.get(Setting, setting_id).name
                why = "is tied at the cut-off" if ranked == rules.TIE else "has no phase"
                raise PathwaysError(f"{name} {why}: choose phase 1 or 2 to invite it.")
            bid = Bid(round_id=round_.id, setting_id=setting_id, phase=chosen, status="invited")
            allocation = round_.phase1_allocation_pence if chosen == 1 else 0
            if allocation:  # phase 1 comes with the round's allocation, within the grant
                rules.check_award(_budget(session, round_), old_pence=None, new_pence=allocation)
                bid.awarded_pence = allocation
            session.add(bid)
            session.flush()
            session.add(BidEvent(bid_id=bid.id, status="invited", on=on or date.today()))
            made += 1
        return made


@dataclass(frozen=True)
class BidDetails:
    requested_pence: int | None
    proposal_summary: str | None
    ks3_provision: str | None
    conditions: str | None
    contact_id: str | None


def bid_details(db: Database, *, bid_id: str) -> BidDetails:
    with db.reader() as session:
        bid = session.get(Bid, bid_id)
        if bid is None:
            raise NotFoundError("The bid")
        return BidDetails(
            bid.requested_pence,
            bid.proposal_summary,
            bid.ks3_provision,
            bid.conditions,
            bid.contact_id,
        )


def update_bid_details(db: Database, *, bid_id: str, details: BidDetails) -> None:
    if details.requested_pence is not None and details.requested_pence < 0:
        raise PathwaysError("The amount requested cannot be negative.")
    with db.transaction() as session:
        bid = session.get(Bid, bid_id)
        if bid is None:
            raise NotFoundError("The bid")
        if details.contact_id and session.get(Person, details.contact_id) is None:
            raise NotFoundError("The contact")
        for key, value in details.__dict__.items():
            setattr(bid, key, (value.strip() or None) if isinstance(value, str) else value)


def schools_without_count(db: Database, *, intake_year: int) -> list[tuple[str, str]]:
    """(id, name) of open secondary and all-through schools with no count for the intake
    yet, then every other setting without one (a count can be typed for any)."""
    rows = db.query(
        """SELECT s.id, s.name, s.phase IN ('Secondary', 'All-through') AS likely
           FROM setting s
           WHERE s.close_date IS NULL AND NOT EXISTS (
               SELECT 1 FROM intake_count i WHERE i.setting_id = s.id AND i.intake_year = ?)
           ORDER BY likely DESC, s.name COLLATE NOCASE""",
        (intake_year,),
    )
    return [(r[0], r[1]) for r in rows]


def people(db: Database) -> list[tuple[str, str]]:
    """(id, name) of everyone, for choosing a bid's contact."""
    return [(r[0], r[1]) for r in db.query("SELECT id, full_name FROM person ORDER BY full_name")]
