"""Which backups to keep: every recent one, then one a day, one a week, one a month.

A plain rule on times (no files): ``keep(times, now)`` returns the times to keep. Within a
tier the newest backup of each day, ISO week or month is kept; the newest backup overall is
always kept, so thinning can never leave a database without a backup.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import datetime, timedelta

RECENT = timedelta(days=1)  # every backup younger than this
DAILY = timedelta(days=14)  # then the newest of each day
WEEKLY = timedelta(weeks=8)  # then the newest of each week
MONTHLY = timedelta(days=365)  # then the newest of each month; older ones go

Bucket = Callable[[datetime], Hashable]


def _day(t: datetime) -> Hashable:
    return t.date()


def _week(t: datetime) -> Hashable:
    year, week, _ = t.isocalendar()
    return (year, week)


def _month(t: datetime) -> Hashable:
    return (t.year, t.month)


TIERS: tuple[tuple[timedelta, Bucket], ...] = ((DAILY, _day), (WEEKLY, _week), (MONTHLY, _month))


def tier_of(age: timedelta) -> Bucket | None:
    """The bucket rule for a backup of this age; None for a recent one (always kept)."""
    if age < RECENT:
        return None
    for limit, bucket in TIERS:
        if age < limit:
            return bucket
    return _drop


def _drop(_t: datetime) -> Hashable:
    return "drop"


def keep(times: Iterable[datetime], now: datetime) -> set[datetime]:
    """The backup times to keep out of ``times`` (see the module docstring)."""
    ordered = sorted(set(times), reverse=True)
    kept: set[datetime] = set(ordered[:1])  # the newest, whatever its age
    seen: set[tuple[str, Hashable]] = set()
    for t in ordered:
        bucket = tier_of(now - t)
        if bucket is None:
            kept.add(t)
        elif bucket is not _drop:
            key = (bucket.__name__, bucket(t))
            if key not in seen:  # newest first: the first one seen in a bucket stays
                seen.add(key)
                kept.add(t)
    return kept
