"""Return templates go out pre-filled, come back filled in as a school would, and import with
no mapping step."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from send_desktop.interchange.template_marker import MARKER_SHEET, read_marker
from send_desktop.services import imports, templates
from send_desktop.services.demo import build_demo

TEMPLATE_IDS = [t.id for t in templates.return_templates()]


@pytest.fixture
def demo(tmp_path, monkeypatch):
    monkeypatch.setenv("SEND_DESKTOP_HOME", str(tmp_path / "home"))
    db = build_demo(tmp_path / "demo.sqlite")
    yield db
    db.close()


def some_settings(db, n: int = 6) -> list[str]:
    return [r[0] for r in db.query("SELECT id FROM setting ORDER BY urn LIMIT ?", (n,))]


def test_a_settings_return_exists():
    assert "settings-return" in TEMPLATE_IDS


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_every_template_comes_back_with_no_mapping_step(demo, tmp_path, template_id):
    spec = templates.return_template(template_id)
    path = templates.make_return_template(
        demo, template=template_id, path=tmp_path / "return.xlsx", setting_ids=some_settings(demo)
    )
    marker = read_marker(path)
    assert (marker.template_id, marker.version, marker.kind) == (spec.id, spec.version, spec.kind)
    assert [name for _header, name in marker.fields] == [f.name for f in spec.fields]

    inspection = imports.inspect_file(demo, path=path, kind=spec.kind)
    assert inspection.sheet == spec.sheet and inspection.header_row == 1
    assert inspection.columns == dict(enumerate(f.name for f in spec.fields))
    assert inspection.unplaced == [] and inspection.missing == []
    assert marker.mapping_for([h for _letter, h in inspection.headers]) == inspection.columns

    result = imports.run_import(demo, path=path, kind=spec.kind, dry_run=True)
    assert (result.new, result.updated) == (0, 0)  # sent as held
    # ... except cells left for the school to fill in, reported as empty, never guessed
    to_fill = {spec.headers()[i] for i, f in enumerate(spec.fields) if f.fill_in}
    assert all(
        p.header in to_fill and p.reason.endswith("is empty")
        for row in result.rejected
        for p in row.problems
    )


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_the_workbook_is_locked_checked_and_marked(demo, tmp_path, template_id):
    spec = templates.return_template(template_id)
    path = templates.make_return_template(
        demo, template=template_id, path=tmp_path / "return.xlsx", setting_ids=some_settings(demo)
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == spec.sheet  # the sheet an import reads first
    ws = book[spec.sheet]
    assert ws.protection.sheet and all(c.protection.locked for c in ws[1])
    assert [c.value for c in ws[1]] == spec.headers()
    assert ws.freeze_panes == "A2"
    ruled = {f.name for f in spec.fields if f.choices or f.kind in ("int", "date", "money")}
    letters = {
        str(v.sqref).split(":")[0].rstrip("0123456789")
        for v in ws.data_validations.dataValidation
        if v.type != "none"
    }
    wanted = {
        openpyxl.utils.get_column_letter(i + 1)
        for i, f in enumerate(spec.fields)
        if f.name in ruled
    }
    assert wanted <= letters
    assert book[MARKER_SHEET].sheet_state == "veryHidden"
    assert book.defined_names["SEND_TEMPLATE_ID"].attr_text == f"'{MARKER_SHEET}'!$B$2"
    assert book.defined_names["SEND_TEMPLATE_VERSION"].attr_text == f"'{MARKER_SHEET}'!$B$3"


def test_a_school_fills_in_the_settings_return(demo, tmp_path):
    ids = some_settings(demo, 3)
    path = templates.make_return_template(
        demo, template="settings-return", path=tmp_path / "return.xlsx", setting_ids=ids
    )
    # The school opens it (here with openpyxl), corrects its roll, adds a phone number,
    # and adds a setting the council did not list.
    book = openpyxl.load_workbook(path)
    ws = book["Return"]
    headers = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(headers)}
    school_urn = ws.cell(2, col["URN"]).value
    ws.cell(2, col["Pupils"]).value = 987
    ws.cell(2, col["Phone"]).value = "01865 123456"
    new_row = ws.max_row + 1
    ws.cell(new_row, col["Name"]).value = "Ysgol Awel Y Môr Nursery"
    ws.cell(new_row, col["Phase"]).value = "Early years"
    ws.cell(new_row, col["Postcode"]).value = "ox4 1aa"
    ws.cell(new_row, col["Open date"]).value = datetime(2024, 9, 2)
    ws.cell(new_row, col["Pupils"]).value = 40
    filled = tmp_path / "returned.xlsx"
    book.save(filled)

    inspection = imports.inspect_file(demo, path=filled, kind="settings")
    assert inspection.unplaced == [] and inspection.missing == []
    result = imports.run_import(demo, path=filled, kind="settings", user="Tester")
    assert (result.new, result.updated, result.unchanged, len(result.rejected)) == (1, 1, 2, 0)

    (pupils, phone) = demo.query("SELECT pupils, phone FROM setting WHERE urn = ?", (school_urn,))[
        0
    ]
    assert pupils == 987 and phone == "01865 123456"
    (row,) = demo.query(
        "SELECT phase, postcode, open_date, pupils FROM setting WHERE name = ?",
        ("Ysgol Awel Y Môr Nursery",),
    )
    assert row == ("Early years", "OX4 1AA", date(2024, 9, 2).isoformat(), 40)


def test_a_blank_template_has_only_the_header(demo, tmp_path):
    path = templates.make_return_template(
        demo, template="settings-return", path=tmp_path / "blank.xlsx", blank=True
    )
    ws = openpyxl.load_workbook(path)["Return"]
    assert ws.max_row == 1


def test_marker_is_absent_from_other_files(tmp_path):
    plain = tmp_path / "plain.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["URN", "Name"])
    book.save(plain)
    (tmp_path / "x.csv").write_text("URN,Name\n")
    assert read_marker(plain) is None
    assert read_marker(tmp_path / "x.csv") is None
    assert read_marker(Path(tmp_path / "missing.xlsx")) is None


def test_a_school_fills_in_the_intake_return(demo, tmp_path):
    """The lead opens a round for the 2025 intake and sends the return to three secondary
    schools; two type their figure, one sends it back without, and it imports unmapped."""
    from send_desktop.services import pathways
    from send_desktop.storage.models import FundingRound

    with demo.transaction() as s:
        s.add(
            FundingRound(
                name="Enhanced pathways 2025",
                intake_label="September 2025 Year 7",
                intake_year=2025,
                total_grant_pence=50_000_00,
            )
        )
    ids = [
        r[0]
        for r in demo.query(
            "SELECT id FROM setting WHERE phase = 'Secondary' ORDER BY name LIMIT 3"
        )
    ]
    path = templates.make_return_template(
        demo, template="intake-return", path=tmp_path / "intake.xlsx", setting_ids=ids
    )
    book = openpyxl.load_workbook(path)
    ws = book["Return"]
    col = {c.value: i + 1 for i, c in enumerate(ws[1])}
    assert [ws.cell(r, col["Intake year"]).value for r in (2, 3, 4)] == [2025] * 3
    assert [ws.cell(r, col["Year 7 EHCP count"]).value for r in (2, 3, 4)] == [None] * 3
    names = [ws.cell(r, col["School name"]).value for r in (2, 3, 4)]
    ws.cell(2, col["Year 7 EHCP count"]).value = 14
    ws.cell(2, col["As of"]).value = datetime(2025, 10, 2)
    ws.cell(3, col["Year 7 EHCP count"]).value = 0
    filled = tmp_path / "returned.xlsx"
    book.save(filled)

    inspection = imports.inspect_file(demo, path=filled, kind="intake")
    assert inspection.unplaced == [] and inspection.missing == []
    result = imports.run_import(demo, path=filled, kind="intake")
    assert (result.new, result.updated, result.unchanged) == (2, 0, 0)
    (rejected,) = result.rejected
    assert rejected.row == 4
    assert [p.reason for p in rejected.problems] == ["Year 7 EHCP count is empty"]
    stored = demo.query(
        "SELECT s.name, i.count, i.suppressed, i.source, i.as_of FROM intake_count i "
        "JOIN setting s ON s.id = i.setting_id WHERE i.intake_year = 2025 ORDER BY s.name"
    )
    assert [(r[0], r[1], r[2], r[3]) for r in stored] == [
        (names[0], 14, 0, "School intake return"),
        (names[1], 0, 0, "School intake return"),
    ]
    assert str(stored[0][4])[:10] == "2025-10-02"
    _info, ranking = pathways.rank_round(demo, round_name="Enhanced pathways 2025")
    assert [s.row.name for s in ranking.schools] == names[:2]
