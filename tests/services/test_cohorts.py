"""TIRP cohorts: add with an 18-month planned end by default, edit, refusals in words."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from send_desktop.domain.tirp import months_after
from send_desktop.services import tirp
from send_desktop.services.cohorts import (
    CohortData,
    add_cohort,
    cohort_data,
    delete_cohort,
    update_cohort,
)
from send_desktop.services.errors import InUseError, ValidationError
from send_desktop.storage.models import Setting


def test_months_after_keeps_the_day_or_takes_the_months_last():
    assert months_after(date(2024, 3, 5)) == date(2025, 9, 5)
    assert months_after(date(2023, 8, 31)) == date(2025, 2, 28)
    assert months_after(date(2022, 8, 31)) == date(2024, 2, 29)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)))
def test_months_after_is_about_a_year_and_a_half_later(start):
    end = months_after(start)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == 18
    assert 545 <= (end - start).days <= 553


def test_a_new_cohort_ends_18_months_after_it_starts_unless_changed(db):
    cid = add_cohort(db, data=CohortData("Cohort 4", start_date=date(2025, 1, 14), capacity=10))
    got = cohort_data(db, cid)
    assert (got.planned_end, got.capacity, got.status) == (date(2026, 7, 14), 10, "planned")
    update_cohort(
        db, cohort_id=cid, data=CohortData("Cohort 4", date(2025, 1, 14), date(2026, 3, 31))
    )
    assert cohort_data(db, cid).planned_end == date(2026, 3, 31)


def test_refusals_are_in_words(db):
    cid = add_cohort(db, data=CohortData("Cohort 4"))
    with pytest.raises(ValidationError, match="already a cohort named cohort 4"):
        add_cohort(db, data=CohortData("cohort 4"))
    with pytest.raises(ValidationError, match="needs a name"):
        add_cohort(db, data=CohortData("  "))
    with pytest.raises(ValidationError, match="before the start"):
        update_cohort(
            db, cohort_id=cid, data=CohortData("Cohort 4", date(2025, 1, 1), date(2024, 1, 1))
        )
    with db.transaction() as s:
        alder, birch = Setting(name="Alder"), Setting(name="Birch")
        s.add_all([alder, birch])
        s.flush()
        alder_id, birch_id = alder.id, birch.id
    tirp.enrol_settings(db, cohort_id=cid, setting_ids=[alder_id, birch_id])
    with pytest.raises(ValidationError, match="It has 2 members: capacity cannot be fewer"):
        update_cohort(db, cohort_id=cid, data=CohortData("Cohort 4", capacity=1))
    other = add_cohort(db, data=CohortData("Cohort 5", status="running"))
    tirp.enrol_settings(db, cohort_id=other, setting_ids=[alder_id])
    with pytest.raises(ValidationError, match="Alder is also in Cohort 5, which is running"):
        update_cohort(db, cohort_id=cid, data=CohortData("Cohort 4", status="running"))
    with pytest.raises(InUseError, match="has members"):
        delete_cohort(db, cohort_id=cid)
