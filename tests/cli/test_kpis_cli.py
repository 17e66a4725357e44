"""``send-desktop kpis``: one 'name: value' line per figure, each matching the test's rows."""

from __future__ import annotations

import kpi_rows
from cli_run import run

from send_desktop.storage.database import create_database

CONTRACT = (
    "waitlist_length",
    "waitlist_median_days",
    "cohort_attendance_pct",
    "bids_awarded_gbp",
    "grant_remaining_gbp",
    "referrals_open",
    "actions_overdue",
)


def test_kpis_prints_each_figure_as_name_colon_value(tmp_path):
    path = tmp_path / "k.sqlite"
    db = create_database(path)
    kpi_rows.seed(db)
    db.close()
    result = run("kpis", "--db", str(path), home=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    printed = dict(line.split(": ", 1) for line in lines)
    assert len(printed) == len(lines)
    assert set(CONTRACT) <= set(printed)
    assert printed == kpi_rows.expected()


def test_kpis_on_a_missing_file_is_a_usage_error(tmp_path):
    result = run("kpis", "--db", str(tmp_path / "none.sqlite"), home=tmp_path)
    assert result.returncode == 2
    assert "no such file" in result.stderr
