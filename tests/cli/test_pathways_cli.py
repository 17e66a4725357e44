"""`send-desktop pathways rank|allocate` as other tools call them: real processes, the contract."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from cli_run import run

from send_desktop.storage.database import create_database
from send_desktop.storage.models import Bid, FundingRound, IntakeCount, Setting

ROUND = "Enhanced pathways 2023"
LINE = re.compile(r"^(\d+|-)\t(\d{6})\t([^\t]+)\t(\d+|x|)\t(1|2|-|tie)$")
SHARE = re.compile(r"^(\d{6})\t([^\t]+)\t£(\d{1,3}(?:,\d{3})*)$")
TOTAL = re.compile(r"^total: £([\d,]+) of £([\d,]+)$")


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def demo(tmp_path_factory, home) -> Path:
    path = tmp_path_factory.mktemp("db") / "demo.sqlite"
    assert run("demo", "--db", str(path), home=home).returncode == 0
    return path


def expected_phases(rows: list[tuple[str, int]], size: int = 3, threshold: int = 7) -> dict:
    """The rule applied by hand: phase 1 the top `size`, a tie across the cut-off is `tie`."""
    out = {}
    for urn, count in rows:
        higher = sum(1 for _, c in rows if c > count)
        same = sum(1 for _, c in rows if c == count)
        if higher + same <= size:
            out[urn] = "1"
        elif higher < size:
            out[urn] = "tie"
        else:
            out[urn] = "2" if count >= threshold else "-"
    return out


def parse_rank(stdout: str) -> tuple[dict[str, tuple[str, str, str]], str]:
    lines = stdout.splitlines()
    got = {}
    for line in lines[:-1]:
        m = LINE.match(line)
        assert m, line
        got[m[2]] = (m[1], m[4], m[5])
    return got, lines[-1]


def summary(phases: dict[str, str]) -> str:
    values = list(phases.values())
    return f"phase1: {values.count('1')}, phase2: {values.count('2')}, ties: {values.count('tie')}"


def test_rank_demo_matches_the_rule_by_hand(demo, home):
    conn = sqlite3.connect(demo)
    known = conn.execute(
        "SELECT s.urn, i.count FROM intake_count i JOIN setting s ON s.id = i.setting_id "
        "WHERE i.intake_year = 2023 AND i.count IS NOT NULL AND i.suppressed = 0"
    ).fetchall()
    suppressed = {u for (u,) in conn.execute(
        "SELECT s.urn FROM intake_count i JOIN setting s ON s.id = i.setting_id "
        "WHERE i.intake_year = 2023 AND i.suppressed = 1"
    )}  # fmt: skip
    conn.close()
    result = run("pathways", "rank", "--round", ROUND, "--db", str(demo), home=home)
    assert result.returncode == 0, result.stderr
    got, last = parse_rank(result.stdout)
    expected = expected_phases(known)
    assert {u: p for u, (_, _, p) in got.items() if u not in suppressed} == expected
    assert last == summary(expected)
    for urn in suppressed:  # shown, unknown, not ranked
        assert got[urn] == ("-", "x", "-")
    assert "suppressed" in result.stderr


@pytest.fixture(scope="module")
def handmade(tmp_path_factory) -> Path:
    """A round with a tie of three across the cut-off and three approved phase-2 bids."""
    path = tmp_path_factory.mktemp("hand") / "hand.sqlite"
    db = create_database(path)
    rows = [("200001", 30), ("200002", 11), ("200003", 11), ("200004", 11), ("200005", 8),
            ("200006", 7), ("200007", 5), ("200008", None)]  # fmt: skip
    with db.transaction() as s:
        round_ = FundingRound(name="Hand 2024", intake_label="September 2024 Year 7",
                              intake_year=2024, total_grant_pence=100_000_00)  # fmt: skip
        s.add(round_)
        for i, (urn, count) in enumerate(reversed(rows)):  # row order must not matter
            setting = Setting(name=f"School {urn}", urn=urn)
            s.add(setting)
            s.flush()
            s.add(IntakeCount(setting_id=setting.id, intake_year=2024, count=count,
                              suppressed=count is None))  # fmt: skip
            if urn in ("200005", "200006", "200007"):
                s.add(Bid(round=round_, setting_id=setting.id, phase=2, status="approved",
                          requested_pence=(40_000_00, 30_000_01, 50_000_00)[i % 3]))  # fmt: skip
    db.close()
    return path


def test_rank_handmade_tie_at_the_cut_off(handmade, home):
    result = run("pathways", "rank", "--round", "Hand 2024", "--db", str(handmade), home=home)
    assert result.returncode == 0, result.stderr
    got, last = parse_rank(result.stdout)
    assert {u: p for u, (_, _, p) in got.items()} == {
        "200001": "1", "200002": "tie", "200003": "tie", "200004": "tie",
        "200005": "2", "200006": "2", "200007": "-", "200008": "-",
    }  # fmt: skip
    assert [got[u][0] for u in ("200001", "200002", "200003", "200004", "200005")] == [
        "1", "2", "2", "2", "5"]  # fmt: skip
    assert last == "phase1: 1, phase2: 2, ties: 3"


@pytest.mark.parametrize("method", ["equal", "ehcp", "requested"])
def test_allocate_adds_up_to_the_pound(handmade, home, method):
    result = run("pathways", "allocate", "--round", "Hand 2024", "--db", str(handmade),
                 "--method", method, home=home)  # fmt: skip
    assert result.returncode == 0, result.stderr
    *shares, total = result.stdout.splitlines()
    amounts = [int(SHARE.match(line)[3].replace(",", "")) for line in shares]
    m = TOTAL.match(total)
    assert m and sum(amounts) == int(m[1].replace(",", "")) == 100_000
    assert m[2] == "100,000"


def test_allocate_with_cap_and_apply(tmp_path, handmade, home):
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(handmade.read_bytes())
    args = ["pathways", "allocate", "--round", "Hand 2024", "--db", str(copy)]
    result = run(*args, "--method", "equal", "--cap", "20,000", "--apply", home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "total: £60,000 of £100,000"
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT sum(awarded_pence) FROM bid").fetchone()[0] == 60_000_00
    conn.close()
    # what is now awarded is re-shared, never added on top: still within the grant
    again = run(*args, "--method", "requested", home=home)
    assert again.stdout.splitlines()[-1] == "total: £100,000 of £100,000"


def test_unknown_round_lists_the_names(demo, home):
    result = run("pathways", "rank", "--round", "Nope", "--db", str(demo), home=home)
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"'{ROUND}'" in result.stderr
    result = run("pathways", "allocate", "--round", "Nope", "--db", str(demo),
                 "--method", "equal", home=home)  # fmt: skip
    assert result.returncode == 1 and f"'{ROUND}'" in result.stderr
