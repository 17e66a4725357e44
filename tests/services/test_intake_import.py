"""The `intake` import kind on real figures: suppressed values stay suppressed (never zero),
and the ranking built on an imported file matches the phase rule applied by hand.

The file is `tests/fixtures/sen_school_wise_oxfordshire_secondary.csv`: raw DfE school-level
EHC plan counts of 53 Oxfordshire secondary schools (see PROVENANCE.md). They are whole-school
counts, used here as the intake figures; the schools are in the demo register by name.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from send_desktop.services import imports, pathways
from send_desktop.services.demo import build_demo
from send_desktop.services.imports import ImportOptions
from send_desktop.storage.models import FundingRound

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sen_school_wise_oxfordshire_secondary.csv"
MAPPING = {1: "name", 4: "count"}  # school_name, EHC plan (the other columns left out)


@pytest.fixture
def demo(tmp_path, monkeypatch):
    monkeypatch.setenv("SEND_DESKTOP_HOME", str(tmp_path / "home"))
    db = build_demo(tmp_path / "demo.sqlite")
    yield db
    db.close()


def source_rows(path: Path = FIXTURE) -> list[tuple[str, str]]:
    """(school name, count as written) straight from the file."""
    with path.open(newline="", encoding="utf-8") as f:
        return [(r["school_name"], r["EHC plan"]) for r in csv.DictReader(f)]


def by_hand(rows: list[tuple[str, str]], size: int, threshold: int) -> dict[str, str]:
    """The issue's rule, written again from its words: known counts only; phase 1 the top
    `size`; a group of equal counts that does not fit wholly in the top `size` but starts
    inside it is a tie; phase 2 any other school with at least `threshold`."""
    known = [(name, int(c)) for name, c in rows if c.isdigit()]
    out = {name: "-" for name, c in rows if not c.isdigit()}
    for name, count in known:
        above = len([1 for _, c in known if c > count])
        level = len([1 for _, c in known if c == count])
        if above + level <= size:
            out[name] = "1"
        elif above < size:
            out[name] = "tie"
        elif count >= threshold:
            out[name] = "2"
        else:
            out[name] = "-"
    return out


def add_round(db, name: str, *, year: int = 2024, size: int = 3, threshold: int = 7) -> None:
    with db.transaction() as s:
        s.add(
            FundingRound(
                name=name,
                intake_label=f"September {year} Year 7",
                intake_year=year,
                total_grant_pence=100_000_00,
                phase1_size=size,
                phase2_threshold=threshold,
            )
        )


def import_file(db, path: Path, year: str = "2024") -> imports.ImportResult:
    options = ImportOptions(
        fixed={"intake_year": year, "source": "DfE SEN in England", "as_of": "19/01/2023"},
        header_row=1,  # only 'school_name' is a known heading: the header is named
    )
    return imports.run_import(db, path=path, kind="intake", mapping=MAPPING, options=options)


def phases_of(db, round_name: str) -> dict[str, str]:
    _info, ranking = pathways.rank_round(db, round_name=round_name)
    return {s.row.name: s.phase for s in ranking.schools}


def test_real_file_imports_with_source_and_date(demo):
    result = import_file(demo, FIXTURE)
    assert (result.new, result.updated, len(result.rejected)) == (53, 0, 0)
    # matched by name alone (the file has no URN): every row is listed for checking
    assert len(result.review) == 53 and "by name only" in result.review[0][2]
    stored = demo.query(
        "SELECT s.name, i.count, i.suppressed, i.source, i.as_of FROM intake_count i "
        "JOIN setting s ON s.id = i.setting_id WHERE i.intake_year = 2024"
    )
    expected = {name: int(c) for name, c in source_rows()}
    assert {r[0]: r[1] for r in stored} == expected
    assert {(r[2], r[3], str(r[4])[:10]) for r in stored} == {
        (0, "DfE SEN in England", "2023-01-19")
    }
    add_round(demo, "Real 2024")
    _info, ranking = pathways.rank_round(demo, round_name="Real 2024")
    assert {(s.row.source, s.row.as_of) for s in ranking.schools} == {
        ("DfE SEN in England", date(2023, 1, 19))
    }  # the ranking says where each count comes from
    again = import_file(demo, FIXTURE)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 53)


def test_phases_on_the_imported_file_match_the_rule_by_hand(demo):
    import_file(demo, FIXTURE)
    add_round(demo, "Real 2024")
    rows = source_rows()
    expected = by_hand(rows, 3, 7)
    assert phases_of(demo, "Real 2024") == expected
    assert list(expected.values()).count("1") == 3


def with_marks(tmp_path: Path, marks: dict[str, str]) -> Path:
    """A copy of the real file with some counts replaced by suppression marks."""
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        row = next(csv.reader([line]))
        if row[1] in marks:
            row[4] = marks[row[1]]
        out.append(",".join(f'"{v}"' if "," in v else v for v in row))
    path = tmp_path / "intake_suppressed.csv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def test_suppressed_counts_are_never_zero_and_a_tie_at_the_cut_off_is_shown(demo, tmp_path):
    # DfE's 'x', and '*' and '<5' as councils' own returns write them
    marks = {"Lord Williams's School": "x", "Cheney School": "*", "Shiplake College": "<5"}
    path = with_marks(tmp_path, marks)
    result = import_file(demo, path)
    assert (result.new, len(result.rejected)) == (53, 0)
    stored = dict(
        (r[0], (r[1], r[2]))
        for r in demo.query(
            "SELECT s.name, i.count, i.suppressed FROM intake_count i "
            "JOIN setting s ON s.id = i.setting_id WHERE i.intake_year = 2024"
        )
    )
    for name in marks:
        assert stored[name] == (None, 1)  # unknown, not 0
    rows = source_rows(path)
    # the phase-1 size that puts the cut-off inside the first group of equal counts
    counts = sorted((int(c) for _, c in rows if c.isdigit()), reverse=True)
    size = next(k for k in range(1, len(counts)) if counts[k - 1] == counts[k])
    add_round(demo, "Tie 2024", size=size)
    expected = by_hand(rows, size, 7)
    assert "tie" in expected.values()
    got = phases_of(demo, "Tie 2024")
    assert got == expected
    _info, ranking = pathways.rank_round(demo, round_name="Tie 2024")
    shown = {s.row.name: (s.rank_text, s.count_text) for s in ranking.schools}
    for name in marks:
        assert shown[name] == ("-", "x")


def test_the_preview_shows_a_suppressed_count_as_suppressed(demo, tmp_path):
    """The wizard reads a figure's flag as `<field>_suppressed`: the intake table's own flag
    column (`suppressed`) is shown under that name."""
    path = with_marks(tmp_path, {"Cheney School": "x"})
    preview = imports.preview_import(
        demo,
        path=path,
        kind="intake",
        mapping=MAPPING,
        options=ImportOptions(fixed={"intake_year": "2024"}, header_row=1),
    )
    rows = {r.label: {c.field: c.new for c in r.changes} for r in preview.new_rows()}
    cheney = next(v for k, v in rows.items() if k.startswith("Cheney School"))
    assert cheney.get("count_suppressed") is True and "count" not in cheney
    assert "suppressed" not in cheney
    other = next(v for k, v in rows.items() if k.startswith("Cokethorpe School"))
    assert other["count"] == 0  # a real zero stays a zero
