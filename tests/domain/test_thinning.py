"""Backup thinning: recent ones all kept, then one a day, one a week, one a month."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from send_desktop.domain import thinning

NOW = datetime(2026, 11, 22, 13, 0)
ages = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=800))
time_lists = st.lists(ages.map(lambda age: NOW - age), max_size=120)


@settings(max_examples=300, deadline=None)
@given(time_lists)
def test_thinning_keeps_a_subset_with_the_newest_and_all_recent_ones(times):
    kept = thinning.keep(times, NOW)
    assert kept <= set(times)
    if times:
        assert max(times) in kept
    assert {t for t in times if NOW - t < thinning.RECENT} <= kept


@settings(max_examples=300, deadline=None)
@given(time_lists)
def test_thinning_twice_is_thinning_once(times):
    kept = thinning.keep(times, NOW)
    assert thinning.keep(kept, NOW) == kept


@settings(max_examples=300, deadline=None)
@given(time_lists)
def test_each_day_week_and_month_keeps_its_newest_backup_only(times):
    kept = thinning.keep(times, NOW)
    for _limit, bucket in thinning.TIERS:
        tier = [t for t in times if thinning.tier_of(NOW - t) is bucket]
        groups: dict = {}
        for t in tier:
            groups.setdefault(bucket(t), []).append(t)
        for group in groups.values():
            assert kept & set(group) == {max(group)}


@settings(max_examples=200, deadline=None)
@given(time_lists)
def test_nothing_older_than_a_year_is_kept_but_the_newest(times):
    kept = thinning.keep(times, NOW)
    old = {t for t in kept if NOW - t >= thinning.MONTHLY}
    assert old <= {max(times)} if times else not old


def test_a_busy_year_thins_to_a_bounded_number():
    times = [NOW - timedelta(minutes=30 * n) for n in range(2 * 24 * 400)]
    kept = thinning.keep(times, NOW)
    recent = 48
    assert len(kept) <= recent + 14 + 9 + 13
    assert NOW in kept
