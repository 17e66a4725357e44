"""TIRP return templates: the session sign-in sheet and the expression of interest go out,
come back filled in as a facilitator or a school would, and import with no mapping step."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from send_desktop.services import imports, templates
from send_desktop.services.demo import build_demo

TEMPLATE_IDS = [t.id for t in templates.return_templates()]


@pytest.fixture
def demo(tmp_path, monkeypatch):
    monkeypatch.setenv("SEND_DESKTOP_HOME", str(tmp_path / "home"))
    db = build_demo(tmp_path / "demo.sqlite")
    yield db
    db.close()


def test_tirp_templates_are_registered():
    assert {"tirp-sign-in", "tirp-expression-of-interest"} <= set(TEMPLATE_IDS)


def cohort_one_settings(db) -> list[str]:  # noqa: ANN001
    return [
        r[0]
        for r in db.query(
            "SELECT m.setting_id FROM cohort_member m JOIN cohort c ON c.id = m.cohort_id"
            " WHERE c.name = 'Cohort 1'"
        )
    ]


def test_a_facilitator_fills_in_the_sign_in_sheet(demo, tmp_path):
    path = templates.make_return_template(
        demo,
        template="tirp-sign-in",
        path=tmp_path / "sign-in.xlsx",
        setting_ids=cohort_one_settings(demo),
    )
    # Session 1 has its marks; the sheet is for session 2, the first with none yet.
    book = openpyxl.load_workbook(path)
    ws = book["Sign-in"]
    headers = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(headers)}
    assert headers == [
        "Cohort", "Session", "Session date", "URN", "Setting", "Leader", "Email", "Attendance"
    ]  # fmt: skip
    leaders = {ws.cell(r, col["Leader"]).value: r for r in range(2, ws.max_row + 1)}
    assert len(leaders) == 16
    assert {ws.cell(r, col["Session"]).value for r in leaders.values()} == {2}
    # The facilitator marks most, leaves one blank, and writes in words once.
    marks = dict.fromkeys(leaders, "P")
    marks.update({"Lena Marchant": "L", "Samir Garside": "A", "Harvey Jessop": "X"})
    marks["Carys Ziegler"] = None
    marks["Owen Hollins"] = "present"
    for name, row in leaders.items():
        ws.cell(row, col["Attendance"]).value = marks[name]
    filled = tmp_path / "sign-in-returned.xlsx"
    book.save(filled)

    inspection = imports.inspect_file(demo, path=filled, kind="attendance")
    assert inspection.unplaced == [] and inspection.missing == []
    result = imports.run_import(demo, path=filled, kind="attendance", user="Tester")
    assert result.summary_line() == "imported: 15 new, 0 updated, 0 unchanged, 0 rejected"
    assert result.blank == 1
    got = dict(
        demo.query(
            "SELECT p.full_name, a.status FROM attendance a JOIN cohort_session s"
            " ON s.id = a.session_id JOIN cohort_leader l ON l.id = a.leader_id"
            " JOIN person p ON p.id = l.person_id WHERE s.seq = 2"
        )
    )
    assert got["Lena Marchant"] == "late" and got["Samir Garside"] == "apologies"
    assert got["Harvey Jessop"] == "absent" and got["Owen Hollins"] == "present"
    assert "Carys Ziegler" not in got


def test_a_school_returns_an_expression_of_interest(demo, tmp_path):
    path = templates.make_return_template(
        demo, template="tirp-expression-of-interest", path=tmp_path / "eoi.xlsx", blank=True
    )
    book = openpyxl.load_workbook(path)
    ws = book["Expression of interest"]
    col = {c.value: i + 1 for i, c in enumerate(ws[1])}
    ws.cell(2, col["URN"]).value = "123076"
    ws.cell(2, col["Setting"]).value = "John Hampden Primary School"
    ws.cell(2, col["Date added"]).value = datetime(2025, 2, 3)
    ws.cell(2, col["Preferred start"]).value = "Autumn 2025"
    filled = tmp_path / "eoi-returned.xlsx"
    book.save(filled)
    result = imports.run_import(demo, path=filled, kind="waitlist", user="Tester")
    assert result.summary_line() == "imported: 1 new, 0 updated, 0 unchanged, 0 rejected"
    assert demo.query(
        "SELECT w.added_on, w.preferred_start, w.status FROM waitlist_entry w"
        " JOIN setting s ON s.id = w.setting_id WHERE s.urn = '123076'"
    ) == [(date(2025, 2, 3).isoformat(), "Autumn 2025", "waiting")]


def test_tirp_templates_sent_with_rows_come_back_unchanged(demo, tmp_path):
    waiting = [r[0] for r in demo.query("SELECT setting_id FROM waitlist_entry LIMIT 8")]
    path = templates.make_return_template(
        demo, template="tirp-expression-of-interest", path=tmp_path / "e.xlsx", setting_ids=waiting
    )
    result = imports.run_import(demo, path=path, kind="waitlist", dry_run=True)
    assert (result.new, result.updated, result.unchanged, len(result.rejected)) == (0, 0, 8, 0)
    path = templates.make_return_template(
        demo, template="tirp-sign-in", path=tmp_path / "s.xlsx", setting_ids=None
    )
    result = imports.run_import(demo, path=path, kind="attendance", dry_run=True)
    assert (result.new, result.updated, len(result.rejected), result.blank) == (0, 0, 0, 16)
