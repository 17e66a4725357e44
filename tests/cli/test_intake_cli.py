"""`send-desktop import intake` on a file in the intake layout made from real figures, then
`pathways rank` on it: the phases match the rule applied by hand (`expected_phases`)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from cli_run import run
from test_pathways_cli import expected_phases

from send_desktop.services.demo import build_demo
from send_desktop.storage.models import FundingRound

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sen_school_wise_oxfordshire_secondary.csv"


@pytest.fixture
def demo(tmp_path, monkeypatch):
    monkeypatch.setenv("SEND_DESKTOP_HOME", str(tmp_path / "home"))
    db = build_demo(tmp_path / "demo.sqlite")
    yield db
    db.close()


def source_rows() -> list[tuple[str, str]]:
    with FIXTURE.open(newline="", encoding="utf-8") as f:
        return [(r["school_name"], r["EHC plan"]) for r in csv.DictReader(f)]


def add_round(db, name: str) -> None:
    with db.transaction() as s:
        s.add(
            FundingRound(
                name=name,
                intake_label="September 2024 Year 7",
                intake_year=2024,
                total_grant_pence=100_000_00,
            )
        )


def test_intake_layout_through_the_command_line(demo, tmp_path):
    """A file in the intake kind's own layout (URN, year, count, source, date) imports with no
    mapping, and `pathways rank` prints the phases the rule gives by hand."""
    urns = dict(demo.query("SELECT name, urn FROM setting"))
    names = {u: n for n, u in urns.items()}
    rows = source_rows()
    path = tmp_path / "intake.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["URN", "School name", "Intake year", "Year 7 EHCPs", "Source", "As of"])
        for name, count in rows:
            out.writerow([urns[name], name, "September 2024", count, "LA census", "01/10/2024"])
    db_path = str(tmp_path / "demo.sqlite")
    home = tmp_path / "home"
    done = run("import", "intake", str(path), "--db", db_path, home=home)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "imported: 53 new, 0 updated, 0 unchanged, 0 rejected"
    add_round(demo, "Real 2024")
    ranked = run("pathways", "rank", "--round", "Real 2024", "--db", db_path, home=home)
    assert ranked.returncode == 0, ranked.stderr
    lines = ranked.stdout.splitlines()
    got = {line.split("\t")[2]: line.split("\t")[4] for line in lines[:-1]}
    expected = {
        names[u]: p for u, p in expected_phases([(urns[n], int(c)) for n, c in rows]).items()
    }
    assert got == expected
    values = list(expected.values())
    assert lines[-1] == (
        f"phase1: {values.count('1')}, phase2: {values.count('2')}, ties: {values.count('tie')}"
    )
