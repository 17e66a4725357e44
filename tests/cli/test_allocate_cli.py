"""``send-desktop allocate``: the contract on the demo database (real processes)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from cli_run import run

LINE = re.compile(r"^(\d{6})?\t[^\t]+\t(Early years|Primary|Secondary)\t\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def demo(tmp_path_factory, home) -> Path:
    path = tmp_path_factory.mktemp("alloc") / "demo.sqlite"
    assert run("demo", "--db", str(path), home=home).returncode == 0
    return path


@pytest.fixture
def fresh(demo, tmp_path) -> Path:
    copy = tmp_path / "copy.sqlite"
    shutil.copy(demo, copy)
    return copy


def test_proposes_the_twelve_longest_waiting(demo, home):
    result = run("allocate", "--cohort", "Cohort 2", "--db", str(demo), home=home)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "proposed: 12 of 29 waiting, capacity 12"
    rows = lines[:-1]
    assert len(rows) == 12 and all(LINE.match(r) for r in rows)
    dates = [r.split("\t")[3] for r in rows]
    assert dates == sorted(dates)
    # the demo's waitlist runs from 2023-01-09; the 12th entry is the latest of those proposed
    assert dates[0] == "2023-01-09"


def test_balance_by_phase_shares_places_in_proportion(demo, home):
    plain = run("allocate", "--cohort", "Cohort 2", "--db", str(demo), home=home)
    result = run(
        "allocate", "--cohort", "Cohort 2", "--db", str(demo), "--balance", "phase", home=home
    )
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()[:-1]
    phases = [r.split("\t")[2] for r in rows]
    # the demo waits 3 early years, 19 primary, 7 secondary: 12 places -> 1, 8, 3
    assert (phases.count("Early years"), phases.count("Primary"), phases.count("Secondary")) == (
        1,
        8,
        3,
    )
    assert result.stdout != plain.stdout


def test_apply_then_stats_then_second_apply_allocates_nothing(fresh, home):
    result = run("allocate", "--cohort", "Cohort 2", "--db", str(fresh), "--apply", home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == [
        "proposed: 12 of 29 waiting, capacity 12",
        "allocated: 12",
    ]
    stats = run("stats", "--db", str(fresh), home=home).stdout.splitlines()
    assert "waitlist: 17" in stats
    again = run("allocate", "--cohort", "Cohort 2", "--db", str(fresh), "--apply", home=home)
    assert again.returncode == 1
    assert again.stdout == ""
    assert "no free places" in again.stderr
    assert "waitlist: 17" in run("stats", "--db", str(fresh), home=home).stdout.splitlines()


def test_cohort_not_open_or_unknown_exits_1(demo, home):
    result = run("allocate", "--cohort", "Cohort 1", "--db", str(demo), home=home)
    assert result.returncode == 1 and "not open for allocation" in result.stderr
    result = run("allocate", "--cohort", "Cohort 9", "--db", str(demo), home=home)
    assert result.returncode == 1 and "no cohort named" in result.stderr


def test_bad_balance_is_usage_error(demo, home):
    result = run(
        "allocate", "--cohort", "Cohort 2", "--db", str(demo), "--balance", "size", home=home
    )
    assert result.returncode == 2
