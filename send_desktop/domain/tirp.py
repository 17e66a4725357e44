"""TIRP rules: the waitlist allocation planner, session schedules, attendance roll-ups.

Plain Python: no Qt, no SQL. Services feed these functions plain values.

Waiting order (the Waitlist page's "Position", ``services.listing.list_waitlist``): higher
``priority`` first (0 for everyone unless the lead raises one), then first come, first served by
``added_on``, then setting name (case-insensitive), then entry id, so the order is total and the
same on every run.

Balancing (``propose(..., balance=...)``): places are shared between groups (phase or locality)
in proportion to how many settings of each group are waiting, by largest remainder (each group
gets the floor or the ceiling of its exact share; equal remainders go to the group whose next
setting has waited longest). Within a group, waiting order is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

BALANCE_KEYS = ("phase", "locality")
ATTENDED = frozenset({"present", "late"})
MISSED = frozenset({"absent", "apologies"})


@dataclass(frozen=True)
class Candidate:
    """One waiting setting, as the planner sees it."""

    entry_id: str
    name: str
    added_on: date
    priority: int = 0
    phase: str | None = None
    locality: str | None = None
    urn: str | None = None


def waiting_key(c: Candidate) -> tuple:
    return (-c.priority, c.added_on, c.name.casefold(), c.entry_id)


def waiting_order(candidates: Iterable[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=waiting_key)


def group_of(c: Candidate, balance: str) -> str:
    value = getattr(c, balance)
    return value or "(none)"


def share_places(sizes: dict[str, int], places: int, first: dict[str, tuple]) -> dict[str, int]:
    """Split ``places`` between groups in proportion to ``sizes`` (largest remainder).

    ``first`` gives each group's tie-break key (its longest-waiting setting's waiting key).
    Never gives a group more than its size, nor more than ``places`` in all.
    """
    total = sum(sizes.values())
    places = max(0, min(places, total))
    if places == 0:
        return {g: 0 for g in sizes}
    exact = {g: Fraction(places * n, total) for g, n in sizes.items()}
    quota = {g: int(share) for g, share in exact.items()}
    left = places - sum(quota.values())
    by_remainder = sorted(sizes, key=lambda g: (-(exact[g] - quota[g]), first[g]))
    for g in by_remainder[:left]:
        quota[g] += 1
    return quota


def propose(
    candidates: Sequence[Candidate], free_places: int, *, balance: str | None = None
) -> list[Candidate]:
    """The settings to offer ``free_places`` places to, in waiting order."""
    ordered = waiting_order(candidates)
    if free_places <= 0:
        return []
    if balance is None:
        return ordered[:free_places]
    if balance not in BALANCE_KEYS:
        raise ValueError(f"balance must be one of {', '.join(BALANCE_KEYS)}")
    groups: dict[str, list[Candidate]] = {}
    for c in ordered:
        groups.setdefault(group_of(c, balance), []).append(c)
    quota = share_places(
        {g: len(m) for g, m in groups.items()},
        free_places,
        {g: waiting_key(m[0]) for g, m in groups.items()},
    )
    chosen = {c.entry_id for g, members in groups.items() for c in members[: quota[g]]}
    return [c for c in ordered if c.entry_id in chosen]


# --- schedules -------------------------------------------------------------------------


def in_holiday(day: date, holidays: Sequence[tuple[date, date]]) -> bool:
    return any(start <= day <= end for start, end in holidays)


def generate_schedule(
    launch: date,
    sessions: int,
    interval_days: int,
    holidays: Sequence[tuple[date, date]] = (),
) -> list[date]:
    """Launch day plus ``sessions`` later sessions, each ``interval_days`` after the one
    before; a date in a holiday range (inclusive) moves on a week at a time (a day at a time
    when the interval is not whole weeks) until it is clear, so the weekday is kept."""
    if sessions < 0 or interval_days < 1:
        raise ValueError("sessions must be 0 or more and the interval at least a day")
    step = timedelta(days=7 if interval_days % 7 == 0 else 1)

    def clear(day: date) -> date:
        while in_holiday(day, holidays):
            day += step
        return day

    dates = [clear(launch)]
    for _ in range(sessions):
        dates.append(clear(dates[-1] + timedelta(days=interval_days)))
    return dates


# --- attendance roll-ups ---------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """One attendance record: a leader at a session (``seq`` orders sessions)."""

    leader_id: str
    setting_id: str
    seq: int
    status: str


@dataclass(frozen=True)
class RollUp:
    key: str
    attended: int
    recorded: int
    longest_missed_run: int
    at_risk: bool

    @property
    def rate(self) -> float | None:
        return self.attended / self.recorded if self.recorded else None

    @property
    def label(self) -> str:
        """Text, never colour alone: '75% (3 of 4)' and ' — at risk' when flagged."""
        if not self.recorded:
            return "no sessions recorded"
        text = f"{round(100 * self.attended / self.recorded)}% ({self.attended} of {self.recorded})"
        return text + (" — at risk" if self.at_risk else "")


def _longest_run(statuses: list[str]) -> int:
    best = run = 0
    for s in statuses:
        run = run + 1 if s in MISSED else 0
        best = max(best, run)
    return best


def _roll(
    key: str, marks: list[Mark], threshold: float, consecutive: int, split: Callable[[Mark], str]
) -> RollUp:
    attended = sum(m.status in ATTENDED for m in marks)
    by_person: dict[str, list[Mark]] = {}
    for m in marks:
        by_person.setdefault(split(m), []).append(m)
    longest = max(
        (
            _longest_run([m.status for m in sorted(v, key=lambda m: m.seq)])
            for v in by_person.values()
        ),
        default=0,
    )
    recorded = len(marks)
    below = recorded > 0 and attended < threshold * recorded
    return RollUp(key, attended, recorded, longest, below or longest >= consecutive)


def roll_up(
    marks: Iterable[Mark],
    by: str,
    *,
    threshold: float = 0.75,
    consecutive_absences: int = 2,
) -> dict[str, RollUp]:
    """Roll attendance up ``by`` 'leader', 'setting' or 'cohort'.

    Present and late count as attended; apologies and absent as missed. At risk: attended
    below ``threshold`` of recorded sessions, or ``consecutive_absences`` missed sessions in a
    row by one leader. Sessions with no record (not yet held or not entered) do not count.
    """
    keys: dict[str, Callable[[Mark], str]] = {
        "leader": lambda m: m.leader_id,
        "setting": lambda m: m.setting_id,
        "cohort": lambda m: "cohort",
    }
    if by not in keys:
        raise ValueError("by must be leader, setting or cohort")
    grouped: dict[str, list[Mark]] = {}
    for m in marks:
        grouped.setdefault(keys[by](m), []).append(m)
    return {
        k: _roll(k, v, threshold, consecutive_absences, lambda m: m.leader_id)
        for k, v in grouped.items()
    }


# --- cohorts ---------------------------------------------------------------------------

PROGRAMME_MONTHS = 18


def months_after(start: date, months: int = PROGRAMME_MONTHS) -> date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")
