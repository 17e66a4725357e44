"""The demo database holds what the seeds describe, and every page lists it."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import func, select

from send_desktop import paths
from send_desktop.services import listing
from send_desktop.services.demo import build_demo
from send_desktop.services.stats import record_counts
from send_desktop.storage.models import (
    Attendance,
    Cohort,
    CohortSession,
    Feedback,
    Person,
    ResourceBase,
    Setting,
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SEND_DESKTOP_HOME", str(tmp_path_factory.mktemp("home")))
        db = build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite")
        yield db
        db.close()


def test_counts_match_the_seeds(demo):
    counts = record_counts(demo)
    assert counts["cohorts"] == 3
    assert counts["cohort_members"] == 12
    assert counts["leaders"] == 16
    assert counts["waitlist"] == 29
    assert counts["resource_base_places"] == 24
    with open(paths.demo_data_dir() / "oxfordshire_schools.csv", encoding="utf-8") as fh:
        assert counts["settings"] == sum(1 for _ in csv.DictReader(fh))


def test_cohort_1_launch(demo):
    with demo.reader() as s:
        cohort = s.scalar(select(Cohort).where(Cohort.name == "Cohort 1"))
        launch = s.scalar(select(CohortSession).where(CohortSession.seq == 1))
        assert str(cohort.start_date) == "2023-07-11" == str(launch.held_on)
        phases = {m.setting.phase for m in cohort.members}
        assert {"Early years", "Primary", "Secondary"} <= phases
        assert s.scalar(select(func.count()).select_from(Attendance)) == 16
        assert s.scalar(select(func.count()).where(Feedback.consent_to_publish)) == 3


def test_resource_bases(demo):
    with demo.reader() as s:
        rows = s.execute(
            select(Setting.name, ResourceBase.places, ResourceBase.status).join(
                ResourceBase.setting
            )
        ).all()
    assert ("Cherry Fields Primary School", 8, "open") in rows
    assert sum(1 for r in rows if r.status == "planned" and r.places == 8) == 2


def test_people_are_fictional(demo):
    with demo.reader() as s:
        emails = s.scalars(select(Person.email)).all()
    assert emails and all(e.endswith((".example.org", ".example.gov.uk")) for e in emails)


@pytest.mark.parametrize(
    ("func", "minimum"),
    [
        (listing.list_settings, 300),
        (listing.list_people, 20),
        (listing.list_cohorts, 3),
        (listing.list_waitlist, 29),
        (listing.list_pathways, 3),
        (listing.list_outreach, 8),
        (listing.list_actions, 8),
        (listing.list_milestones, 10),
    ],
)
def test_every_page_lists_rows(demo, func, minimum):
    table = func(demo)
    assert len(table.rows) >= minimum
    assert len(table.ids) == len(table.rows)
    assert all(len(r) == len(table.columns) for r in table.rows)


def test_waitlist_is_in_waiting_order(demo):
    table = listing.list_waitlist(demo)
    added = [r[table.column_index("added_on")] for r in table.rows]
    assert added == sorted(added)
    assert [r[0] for r in table.rows] == list(range(1, 30))


def test_cohort_listing_counts_members(demo):
    table = listing.list_cohorts(demo)
    by_name = {r[0]: r for r in table.rows}
    assert by_name["Cohort 1"][table.column_index("members")] == 12
    assert by_name["Cohort 1"][table.column_index("leaders")] == 16
    assert by_name["Cohort 2"][table.column_index("members")] == 0


def test_demo_outreach_has_every_status_a_full_package_and_never_over_capacity(demo):
    from send_desktop.domain.outreach import HOLDING, STATUSES

    statuses = {r[0] for r in demo.query("SELECT status FROM referral")}
    assert statuses == set(STATUSES)
    held = demo.query(
        "SELECT k.name, k.places_per_term, r.term, count(*) FROM referral r "
        "JOIN outreach_package k ON k.id = r.package_id "
        f"WHERE r.status IN ({', '.join(repr(s) for s in HOLDING)}) GROUP BY k.id, r.term"
    )
    assert all(n <= places for _name, places, _term, n in held)
    full = [name for name, places, _term, n in held if n == places]
    waiting = {r[0] for r in demo.query(
        "SELECT k.name FROM referral r JOIN outreach_package k ON k.id = r.package_id "
        "WHERE r.status = 'waitlisted'")}  # fmt: skip
    assert "Complex learning needs outreach" in set(full) & waiting
    providers = {r[0] for r in demo.query(
        "SELECT s.name FROM outreach_provider p JOIN setting s ON s.id = p.setting_id "
        "WHERE s.phase = 'Special'")}  # fmt: skip
    assert len(providers) == 8
    # every step after 'received' is dated, with who and why
    assert demo.query(
        'SELECT count(*) FROM referral_event WHERE "by" IS NULL OR reason IS NULL'
    ) == [(0,)]
