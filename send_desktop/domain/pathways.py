"""Enhanced pathways rules: ranking by Year 7 EHCP intake, the budget, trial allocations.

Plain Python: no Qt, no SQL. Money is whole pence (ints); trial shares are whole pounds.

Ranking
    Schools with a known count are ranked by count, highest first, with standard competition
    ranking (equal counts share a rank: 1, 2, 2, 4). A suppressed or missing count is unknown,
    never zero: the school is listed (rank ``-``, phase ``-``) with a note and left out of the
    ranking. Phase 1 is the top ``phase1_size``; phase 2 is every other ranked school whose count
    is at least ``phase2_threshold``. When a group of equal counts straddles the phase-1 cut-off
    (some of the group would fit in phase 1, some would not) every school of the group shows
    phase ``tie``: the lead decides; row order never does. Those places are not counted in
    phase 1 or phase 2 until the lead decides.

Trial allocation
    The pot is the available grant in whole pounds (pence left over are not shared). Each school
    has a ceiling: its cap (if given) and its amount requested (if known), whichever is lower,
    in whole pounds. Shares are weighted (equal: 1; ehcp: intake count; requested: amount
    requested) and water-filled: a school whose weighted share would pass its ceiling gets its
    ceiling, and the rest is shared again among the others. The shares add up exactly to
    ``min(pot, sum of ceilings)`` (schools with weight 0 get nothing), rounded to whole pounds by
    largest remainder (ties in remainder go to the earlier school in name order).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

PHASE1, PHASE2, NO_PHASE, TIE = "1", "2", "-", "tie"
METHODS = ("equal", "ehcp", "requested")


class PathwaysError(ValueError):
    """A rule refused a change; ``message`` is for a person to read."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class OverBudgetError(PathwaysError):
    def __init__(self, message: str, over_pence: int) -> None:
        super().__init__(message)
        self.over_pence = over_pence


def pounds(pence: int) -> str:
    """``£1,234`` (or ``£1,234.56`` when there are pence); negative as ``-£5``."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}" + (f".{part:02d}" if part else "")


# --- Ranking -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IntakeRow:
    key: str
    urn: str
    name: str
    count: int | None
    suppressed: bool = False
    source: str | None = None  # where the figure comes from (shown, not ranked on)
    as_of: date | None = None  # the date it was true

    @property
    def known(self) -> bool:
        return self.count is not None and not self.suppressed


@dataclass(frozen=True)
class RankedSchool:
    row: IntakeRow
    rank: int | None
    phase: str
    note: str = ""

    @property
    def rank_text(self) -> str:
        return "-" if self.rank is None else str(self.rank)

    @property
    def count_text(self) -> str:
        if self.row.suppressed:
            return "x"
        return "" if self.row.count is None else str(self.row.count)


@dataclass(frozen=True)
class Ranking:
    schools: tuple[RankedSchool, ...]

    def with_phase(self, phase: str) -> list[RankedSchool]:
        return [s for s in self.schools if s.phase == phase]

    def summary(self) -> str:
        return (
            f"phase1: {len(self.with_phase(PHASE1))}, phase2: {len(self.with_phase(PHASE2))}, "
            f"ties: {len(self.with_phase(TIE))}"
        )


def rank_schools(
    rows: Iterable[IntakeRow], *, phase1_size: int = 3, phase2_threshold: int = 7
) -> Ranking:
    """Rank by count; see the module docstring for the rules. Input order never matters."""
    if phase1_size < 0:
        raise PathwaysError("The phase-1 size cannot be negative.")
    rows = list(rows)
    keys = [r.key for r in rows]
    if len(set(keys)) != len(keys):
        raise PathwaysError("A school appears twice in the intake counts.")
    known = sorted((r for r in rows if r.known), key=lambda r: (-(r.count or 0), r.name, r.key))
    unknown = sorted((r for r in rows if not r.known), key=lambda r: (r.name, r.key))
    ranked: list[RankedSchool] = []
    position = 0
    while position < len(known):
        count = known[position].count
        group = [r for r in known[position:] if r.count == count]
        rank = position + 1
        first, last = rank, rank + len(group) - 1
        straddles = first <= phase1_size < last
        for row in group:
            if straddles:
                phase, note = TIE, f"tied at the phase-1 cut-off ({len(group)} on {count})"
            elif last <= phase1_size:
                phase, note = PHASE1, ""
            elif (row.count or 0) >= phase2_threshold:
                phase, note = PHASE2, ""
            else:
                phase, note = NO_PHASE, ""
            ranked.append(RankedSchool(row, rank, phase, note))
        position += len(group)
    for row in unknown:
        why = "suppressed" if row.suppressed else "missing"
        ranked.append(RankedSchool(row, None, NO_PHASE, f"count {why}: unknown, not ranked"))
    return Ranking(tuple(ranked))


# --- Budget --------------------------------------------------------------------------------

CLOSED_STATUSES = frozenset({"declined", "withdrawn"})


@dataclass(frozen=True)
class BidMoney:
    key: str
    phase: int
    status: str
    awarded_pence: int | None = None
    paid_pence: int | None = None


@dataclass(frozen=True)
class Budget:
    total_grant_pence: int
    phase1_pence: int
    awarded_pence: int
    paid_pence: int

    @property
    def committed_pence(self) -> int:
        return self.phase1_pence + self.awarded_pence

    @property
    def remaining_pence(self) -> int:
        return self.total_grant_pence - self.committed_pence

    def lines(self) -> list[tuple[str, str]]:
        return [
            ("Total grant", pounds(self.total_grant_pence)),
            ("Phase-1 allocations", pounds(self.phase1_pence)),
            ("Awarded (phase 2)", pounds(self.awarded_pence)),
            ("Paid", pounds(self.paid_pence)),
            ("Remaining", pounds(self.remaining_pence)),
        ]


def budget(total_grant_pence: int, bids: Iterable[BidMoney]) -> Budget:
    """Declined and withdrawn bids commit nothing; phase 1 is shown apart from phase 2."""
    phase1 = awarded = paid = 0
    for bid in bids:
        if bid.status in CLOSED_STATUSES:
            continue
        if bid.phase == 1:
            phase1 += bid.awarded_pence or 0
        else:
            awarded += bid.awarded_pence or 0
        paid += bid.paid_pence or 0
    return Budget(total_grant_pence, phase1, awarded, paid)


def check_award(current: Budget, *, old_pence: int | None, new_pence: int | None) -> None:
    """Refuse an award change that would take the round over its grant (saying by how much)."""
    if new_pence is not None and new_pence < 0:
        raise PathwaysError("An award cannot be negative.")
    after = current.remaining_pence + (old_pence or 0) - (new_pence or 0)
    if after < 0 and (new_pence or 0) > (old_pence or 0):
        raise OverBudgetError(
            f"Refused: this would take the round {pounds(-after)} over its grant of "
            f"{pounds(current.total_grant_pence)} (remaining now "
            f"{pounds(current.remaining_pence)}).",
            -after,
        )


def check_payment(*, awarded_pence: int | None, paid_pence: int) -> None:
    if paid_pence < 0:
        raise PathwaysError("A payment cannot be negative.")
    if paid_pence > (awarded_pence or 0):
        raise OverBudgetError(
            f"Refused: paid {pounds(paid_pence)} would be "
            f"{pounds(paid_pence - (awarded_pence or 0))} more than awarded "
            f"({pounds(awarded_pence or 0)}).",
            paid_pence - (awarded_pence or 0),
        )


# --- Trial allocation ----------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    key: str
    name: str
    ehcp: int | None = None
    requested_pence: int | None = None
    urn: str = ""


@dataclass(frozen=True)
class Share:
    claim: Claim
    pounds: int
    ceiling: int | None  # whole pounds, None when uncapped


@dataclass(frozen=True)
class Allocation:
    method: str
    available_pence: int
    shares: tuple[Share, ...]

    @property
    def total_pounds(self) -> int:
        return sum(s.pounds for s in self.shares)

    @property
    def pot_pounds(self) -> int:
        return max(0, self.available_pence) // 100


def _weight(claim: Claim, method: str) -> int:
    if method == "equal":
        return 1
    if method == "ehcp":
        if claim.ehcp is None:
            raise PathwaysError(f"{claim.name} has no known EHCP intake count to share by.")
        return claim.ehcp
    if claim.requested_pence is None:
        raise PathwaysError(f"{claim.name} has no amount requested to share by.")
    return claim.requested_pence


def _ceiling(claim: Claim, cap_pounds: int | None) -> int | None:
    limits = [c for c in (cap_pounds,) if c is not None]
    if claim.requested_pence is not None:
        limits.append(claim.requested_pence // 100)
    return min(limits) if limits else None


def _water_fill(pot: int, weights: list[int], ceilings: list[int | None]) -> list[Fraction]:
    exact = [Fraction(0)] * len(weights)
    open_ = {i for i, w in enumerate(weights) if w > 0}
    left = Fraction(pot)
    while open_ and left > 0:
        total = sum(weights[i] for i in open_)
        full = [
            i
            for i in open_
            if ceilings[i] is not None and left * weights[i] / total >= ceilings[i]  # type: ignore[operator]
        ]
        if not full:
            for i in open_:
                exact[i] = left * weights[i] / total
            break
        for i in full:
            exact[i] = Fraction(ceilings[i])  # type: ignore[arg-type]
            left -= exact[i]
            open_.discard(i)
    return exact


def allocate(
    claims: Sequence[Claim],
    *,
    available_pence: int,
    method: str,
    cap_pounds: int | None = None,
) -> Allocation:
    """Share the available grant; see the module docstring for the rule."""
    if method not in METHODS:
        raise PathwaysError(f"Unknown method {method!r}: use one of {', '.join(METHODS)}.")
    if cap_pounds is not None and cap_pounds < 0:
        raise PathwaysError("The cap per school cannot be negative.")
    ordered = sorted(claims, key=lambda c: (c.name, c.key))
    weights = [_weight(c, method) for c in ordered]
    if any(w < 0 for w in weights):
        raise PathwaysError("Weights cannot be negative.")
    ceilings = [_ceiling(c, cap_pounds) for c in ordered]
    pot = max(0, available_pence) // 100
    exact = _water_fill(pot, weights, ceilings)
    floors = [int(x) for x in exact]  # exact >= 0, so int() is floor
    target = int(sum(exact))  # sum is a whole number: pot or the sum of ceilings
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[: target - sum(floors)]:
        floors[i] += 1
    shares = tuple(Share(c, p, ceil) for c, p, ceil in zip(ordered, floors, ceilings, strict=True))
    return Allocation(method, available_pence, shares)


# --- Bid pipeline --------------------------------------------------------------------------

STATUSES = (
    "invited",
    "application sent",
    "submitted",
    "under review",
    "approved",
    "declined",
    "withdrawn",
    "funded",
)
NEXT_STEPS: dict[str, tuple[str, ...]] = {
    "invited": ("application sent", "withdrawn"),
    "application sent": ("submitted", "withdrawn"),
    "submitted": ("under review", "withdrawn"),
    "under review": ("approved", "declined", "withdrawn"),
    "approved": ("funded", "withdrawn"),
    "declined": (),
    "withdrawn": (),
    "funded": (),
}


def check_step(current: str, new: str, *, awarded_pence: int | None = None) -> None:
    """Refuse a step the pipeline does not allow, in words a lead can act on."""
    if new not in NEXT_STEPS:
        raise PathwaysError(f"'{new}' is not a bid step (steps: {', '.join(STATUSES)}).")
    allowed = NEXT_STEPS.get(current, ())
    if new not in allowed:
        then = f"it can go to {' or '.join(allowed)}" if allowed else "it is closed"
        raise PathwaysError(f"A bid that is {current} cannot be marked {new}: {then}.")
    if new == "funded" and not awarded_pence:
        raise PathwaysError("Set the amount awarded before marking the bid funded.")


# --- Saved rankings and what moved ---------------------------------------------------------


def snapshot(ranking: Ranking) -> list[dict[str, object]]:
    """The rows a saved ranking keeps: the data it was built on and what it showed."""
    return [
        {
            "key": s.row.key,
            "urn": s.row.urn,
            "name": s.row.name,
            "count": s.row.count,
            "suppressed": s.row.suppressed,
            "rank": s.rank,
            "phase": s.phase,
        }
        for s in ranking.schools
    ]


@dataclass(frozen=True)
class Move:
    urn: str
    name: str
    change: str  # e.g. "count 9 -> 10; rank 4 -> 3; phase 2 -> 1", "new", "no longer listed"


def _count_text(row: dict[str, object]) -> str:
    return "x" if row.get("suppressed") else "-" if row.get("count") is None else str(row["count"])


def compare(saved: Sequence[dict[str, object]], now: Ranking) -> list[Move]:
    """What moved between a saved ranking and the ranking now, in the order shown now."""
    before = {str(r["key"]): r for r in saved}
    after = {str(r["key"]): r for r in snapshot(now)}
    moves = []
    for key, new in after.items():
        old = before.get(key)
        urn, name = str(new["urn"]), str(new["name"])
        if old is None:
            moves.append(Move(urn, name, "new"))
            continue
        parts = []
        for label, old_text, new_text in (
            ("count", _count_text(old), _count_text(new)),
            ("rank", str(old["rank"] or "-"), str(new["rank"] or "-")),
            ("phase", str(old["phase"]), str(new["phase"])),
        ):
            if old_text != new_text:
                parts.append(f"{label} {old_text} -> {new_text}")
        if parts:
            moves.append(Move(urn, name, "; ".join(parts)))
    for key, old in before.items():
        if key not in after:
            moves.append(Move(str(old["urn"]), str(old["name"]), "no longer listed"))
    return moves
