"""Special-school outreach rules: the referral path, places per term, offers from the waitlist.

Plain Python: no Qt, no SQL. Services feed these functions plain values.

The path
    received → triage → accepted / waitlisted / declined → in delivery → completed; a referral
    that is not closed can be withdrawn at any step. A waitlisted referral can still be
    accepted (when a place frees) or declined. Declined, completed and withdrawn are closed.

Places
    A package has ``places_per_term``. The referrals of one package and one term that are
    accepted or in delivery hold its places, and never more than there are: accepting a
    referral when every place is held waitlists it instead. When a referral holding a place
    completes or is withdrawn, the place goes at once to the waitlisted referral of the same
    package and term that was received first (then the one recorded first): it is accepted,
    and the step says why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

RECEIVED, TRIAGE, ACCEPTED, WAITLISTED = "received", "triage", "accepted", "waitlisted"
DECLINED, IN_DELIVERY, COMPLETED, WITHDRAWN = "declined", "in delivery", "completed", "withdrawn"
STATUSES = (RECEIVED, TRIAGE, ACCEPTED, WAITLISTED, DECLINED, IN_DELIVERY, COMPLETED, WITHDRAWN)
HOLDING = frozenset({ACCEPTED, IN_DELIVERY})  # these hold a place
CLOSED = frozenset({DECLINED, COMPLETED, WITHDRAWN})
NEXT_STEPS: dict[str, tuple[str, ...]] = {
    RECEIVED: (TRIAGE, WITHDRAWN),
    TRIAGE: (ACCEPTED, WAITLISTED, DECLINED, WITHDRAWN),
    WAITLISTED: (ACCEPTED, DECLINED, WITHDRAWN),
    ACCEPTED: (IN_DELIVERY, WITHDRAWN),
    IN_DELIVERY: (COMPLETED, WITHDRAWN),
    DECLINED: (),
    COMPLETED: (),
    WITHDRAWN: (),
}
RATINGS = (1, 2, 3, 4, 5)
AUTO_OFFER = "place offered automatically"


class OutreachError(ValueError):
    """A rule refused a change; ``message`` is for a person to read."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_step(current: str, new: str) -> None:
    """Refuse a step the path does not allow, in words a lead can act on."""
    if new not in NEXT_STEPS:
        raise OutreachError(f"'{new}' is not a referral step (steps: {', '.join(STATUSES)}).")
    allowed = NEXT_STEPS.get(current, ())
    if new not in allowed:
        then = f"it can go to {' or '.join(allowed)}" if allowed else "it is closed"
        raise OutreachError(f"A referral that is {current} cannot be marked {new}: {then}.")


def check_rating(rating: int | None) -> None:
    if rating is not None and rating not in RATINGS:
        raise OutreachError("The outcome rating is a whole number from 1 to 5.")


@dataclass(frozen=True)
class Ref:
    """One referral of a package and term, as the rules see it."""

    id: str
    status: str
    received_on: date
    order: int = 0  # the order it was recorded in (ties on the same day)
    label: str = ""  # e.g. the setting's name, for messages


@dataclass(frozen=True)
class Change:
    """One status change to record: the one asked for, or an automatic offer."""

    ref_id: str
    old: str
    new: str
    reason: str | None
    automatic: bool = False


def held(refs: Iterable[Ref]) -> int:
    return sum(r.status in HOLDING for r in refs)


def waiting_order(refs: Iterable[Ref]) -> list[Ref]:
    """Waitlisted referrals, the one received first first (then the one recorded first)."""
    return sorted(
        (r for r in refs if r.status == WAITLISTED), key=lambda r: (r.received_on, r.order, r.id)
    )


def place(status: str, taken: int, places: int) -> tuple[str, str | None]:
    """The status a referral asked to take ``status`` gets when ``taken`` of ``places`` are
    held: an acceptance (or a start of delivery from outside the places) when the package
    is full becomes waitlisted, with the reason."""
    if status in HOLDING and taken >= places:
        return WAITLISTED, f"the package is full this term ({taken} of {places} places held)"
    return status, None


def step(
    refs: Sequence[Ref], ref_id: str, new: str, places: int, reason: str | None = None
) -> list[Change]:
    """The changes that moving referral ``ref_id`` to ``new`` makes among ``refs`` (every
    referral of its package and term): the step itself (an acceptance when full becomes
    waitlisted) and, when it frees a place, the offer to the next waitlisted referral."""
    by_id = {r.id: r for r in refs}
    ref = by_id[ref_id]
    check_step(ref.status, new)
    others = [r for r in refs if r.id != ref_id]
    taken = held(others)
    status, why = place(new, taken, places) if ref.status not in HOLDING else (new, None)
    if status == ref.status:  # a waitlisted referral asked to take a place when none is free
        raise OutreachError(f"No place is free: {why}. It stays waitlisted.")
    if status != new:
        reason = f"{reason}; {why}" if reason else f"Waitlisted: {why}"
    changes = [Change(ref_id, ref.status, status, reason)]
    after = [*others, Ref(ref.id, status, ref.received_on, ref.order, ref.label)]
    if ref.status in HOLDING and status not in HOLDING:
        changes += offers(after, places, freed_by=_freed(ref, status))
    return changes


def _freed(ref: Ref, status: str) -> str:
    return f"{ref.label} {status}" if ref.label else f"a referral was {status}"


def offers(refs: Sequence[Ref], places: int, freed_by: str = "") -> list[Change]:
    """Offer every free place to the waitlist, oldest first (none when nobody waits)."""
    free = places - held(refs)
    out = []
    for r in waiting_order(refs)[: max(free, 0)]:
        why = f"{AUTO_OFFER}: a place freed" + (f" ({freed_by})" if freed_by else "")
        out.append(Change(r.id, WAITLISTED, ACCEPTED, why, automatic=True))
    return out


def evidence_items(evidence_required: str | None) -> list[str]:
    """The checklist a package's evidence text asks for: one item per ';'-separated part
    ('None: ...' asks for nothing)."""
    text = (evidence_required or "").strip()
    if not text or text.lower().startswith("none"):
        return []
    items = [part.strip().rstrip(".") for part in text.split(";")]
    return [i[:1].upper() + i[1:] for i in items if i]


def term_of(day: date) -> str:
    """The school term a day falls in, as stored on referrals: '2024 Autumn' (September to
    December), '2025 Spring' (January to March), '2025 Summer' (April to August)."""
    season = "Spring" if day.month <= 3 else "Summer" if day.month <= 8 else "Autumn"
    return f"{day.year} {season}"


def check_step_date(on: date, received_on: date, today: date) -> None:
    """A step is dated on or after the day the referral was received, and not in the future."""
    if on < received_on:
        raise OutreachError(
            f"A step cannot be dated before the referral was received "
            f"({received_on.day:02d}/{received_on.month:02d}/{received_on.year})."
        )
    if on > today:
        raise OutreachError("A step cannot be dated in the future.")
