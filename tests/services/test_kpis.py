"""Each key figure against a figure worked out independently from the test's own rows."""

from __future__ import annotations

from datetime import date

import kpi_rows
import pytest

from send_desktop.services import kpis


def test_every_kpi_matches_the_figure_worked_out_from_the_rows(db):
    kpi_rows.seed(db)
    got = {k.name: k.plain for k in kpis.key_figures(db, kpi_rows.TODAY)}
    assert got == kpi_rows.expected()


def test_empty_database_gives_zero_or_not_applicable(db):
    got = {k.name: k.plain for k in kpis.key_figures(db, date(2024, 1, 1))}
    assert got["waitlist_length"] == "0"
    assert got["waitlist_median_days"] == "n/a"
    assert got["cohort_attendance_pct"] == "n/a"
    assert got["bids_awarded_gbp"] == "0.00"
    assert got["referrals_open"] == "0"
    assert got["actions_overdue"] == "0"
    assert all(c.points == [] or c.key == "actions_by_rag" for c in kpis.charts(db, date.today()))


def test_shown_text_uses_uk_money_and_words():
    assert kpis.format_value(203_333_83, "gbp") == "£203,333.83"
    assert kpis.format_value(500_000_00, "gbp") == "£500,000"
    assert kpis.format_value(75.0, "pct") == "75.0%"
    assert kpis.format_value(40.5, "days") == "40.5 days"
    assert kpis.format_value(None, "days") == "n/a"


def test_charts_hold_the_same_counts_as_the_rows(db):
    kpi_rows.seed(db)
    charts = {c.key: dict(c.points) for c in kpis.charts(db, kpi_rows.TODAY)}
    assert charts["settings_per_cohort"] == {"C0": 1, "C1": 3}
    assert charts["attendance_by_cohort"] == {"C0": None, "C1": 75.0}
    statuses = [st for _, bids in kpi_rows.ROUNDS for _, st, _ in bids]
    assert charts["bids_by_status"] == {s: statuses.count(s) for s in set(statuses)}
    referral_statuses = [st for st, _ in kpi_rows.REFERRALS]
    assert charts["referrals_by_status"] == {
        s: referral_statuses.count(s) for s in set(referral_statuses)
    }
    assert charts["places_used_by_provider"] == {"School 11": 4}  # accepted, 2 in delivery, done
    assert sum(charts["actions_by_rag"].values()) == len(kpi_rows.ACTIONS)
    assert charts["actions_by_rag"]["✓ Complete"] == 1


@pytest.mark.parametrize(
    "first,last,months", [(None, None, 3), ("2024-02", None, 2), ("2024-02", "2024-02", 1)]
)
def test_trends_read_the_kept_months_in_the_range_and_this_month_live(db, first, last, months):
    from send_desktop.storage.models import KpiSnapshot

    with db.transaction() as s:
        for month, value in (("2024-01", 10.0), ("2024-02", 12.0)):
            s.add(KpiSnapshot(month=month, name="waitlist_length", value=value))
    charts = kpis.trends(
        db, today=date(2024, 3, 5), first=first, last=last, live={"waitlist_length": 9}
    )
    waitlist = next(c for c in charts if c.key == "trend_waitlist_length")
    assert len(waitlist.points) == months
    assert waitlist.points[0][1] == {None: 10.0, "2024-02": 12.0}[first]
    assert waitlist.kind == "line"


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    import statistics

    for values in ([4, 1, 3, 2], [7], [5, 5, 6, 100], [1, 2]):
        assert kpis._median(values) == statistics.median(values)
    assert kpis._median([]) is None
