"""Importing referrals: matched by setting, package and date; capacity holds within one file."""

from __future__ import annotations

from pathlib import Path

from db_dump import rows
from openpyxl import Workbook
from outreach_helpers import make_catalogue, refer, to_triage

from send_desktop.services import imports, outreach

HEADER = ["URN", "School", "Package", "Route", "Date received", "Term", "Status", "Evidence",
          "Summary of need"]  # fmt: skip


def workbook(path: Path, *table: list) -> Path:
    book = Workbook()
    book.active.append(HEADER)
    for row in table:
        book.active.append(row)
    book.save(path)
    return path


def row(urn: str, package: str = "Small package", status: str = "accepted", day: int = 2):
    return [urn, "", package, "School", f"{day:02d}/09/2024", "2024 Autumn", status,
            "two assess-plan-do-review cycles", "Strategies for Year 4"]  # fmt: skip


def test_two_referrals_accepted_in_one_import_never_exceed_capacity(db, tmp_path):
    make_catalogue(db, places=1)
    path = workbook(tmp_path / "r.xlsx", row("200001", day=2), row("200002", day=3))
    preview = imports.run_import(db, path=path, kind="referrals", dry_run=True)
    assert (preview.new, preview.rejected) == (2, [])
    assert [note for _row, _label, note in preview.review] == [
        "accepted in the file; imported as waitlisted: the package is full this term "
        "(1 of 1 places held)"
    ]
    assert rows(db, "SELECT count(*) FROM referral") == [(0,)]  # a dry run writes nothing
    result = imports.run_import(db, path=path, kind="referrals")
    assert (result.new, result.rejected) == (2, [])
    held = rows(
        db, "SELECT s.urn, r.status, r.evidence FROM referral r "
        "JOIN setting s ON s.id = r.setting_id ORDER BY s.urn",
    )  # fmt: skip
    assert [(urn, status) for urn, status, _ev in held] == [
        ("200001", "accepted"),
        ("200002", "waitlisted"),
    ]
    assert '"Two assess-plan-do-review cycles": true' in held[0][2]
    assert '"Boxall profile or SDQ": false' in held[0][2]
    # the same file again changes nothing
    again = imports.run_import(db, path=path, kind="referrals")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)


def test_capacity_counts_referrals_already_held(db, tmp_path):
    ids = make_catalogue(db, places=1)
    held = refer(db, ids, "Ash Primary School", 1)
    to_triage(db, held)
    outreach.advance_referral(db, referral_id=held, status="accepted")
    path = workbook(tmp_path / "r.xlsx", row("200002", status="in delivery"))
    imports.run_import(db, path=path, kind="referrals")
    assert rows(db, "SELECT status FROM referral WHERE id != ?", held) == [("waitlisted",)]


def test_unknown_and_closed_packages_are_refused_by_row(db, tmp_path):
    make_catalogue(db)
    path = workbook(
        tmp_path / "r.xlsx",
        row("200001", package="Calm classrooms"),
        row("200002", package="Closed package"),
        row("299999"),
    )
    result = imports.run_import(db, path=path, kind="referrals")
    lines = [r.describe() for r in result.rejected]
    assert lines == [
        'sheet "Sheet", row 2, column C (Package), value "Calm classrooms": no outreach package '
        "called 'Calm classrooms' (packages: Closed package, Small package)",
        'sheet "Sheet", row 3, column C (Package), value "Closed package": Closed package is '
        "not open for applications",
        'sheet "Sheet", row 4, column A (URN), value "299999": no setting in the register has '
        "URN 299999; import the setting first",
    ]
    assert rows(db, "SELECT count(*) FROM referral") == [(0,)]


def test_an_imported_referral_shows_where_it_came_from_and_moves_on(db, tmp_path):
    make_catalogue(db, places=2)
    imports.run_import(
        db, path=workbook(tmp_path / "r.xlsx", row("200001", status="received")), kind="referrals",
        user="Lead D",
    )  # fmt: skip
    [(rid,)] = rows(db, "SELECT id FROM referral")
    [first] = outreach.referral_summary(db, referral_id=rid).events
    assert (first.status, first.by, first.reason) == ("received", "Lead D", "imported from r.xlsx")
    outreach.advance_referral(db, referral_id=rid, status="triage", by="Lead E")
    events = outreach.referral_summary(db, referral_id=rid).events
    assert [(e.status, e.by) for e in events] == [("received", "Lead D"), ("triage", "Lead E")]
    # an existing referral keeps its status when the file is imported again
    imports.run_import(
        db, path=workbook(tmp_path / "r2.xlsx", row("200001", status="completed")),
        kind="referrals",
    )  # fmt: skip
    assert rows(db, "SELECT status FROM referral") == [("triage",)]


def test_the_referral_form_goes_out_with_what_we_hold_and_comes_back_with_a_new_row(
    tmp_path, monkeypatch
):
    import openpyxl

    from send_desktop.services import templates
    from send_desktop.services.demo import build_demo

    monkeypatch.setenv("SEND_DESKTOP_HOME", str(tmp_path / "home"))
    demo = build_demo(tmp_path / "demo.sqlite")
    bardwell_referrers = [r[0] for r in demo.query(
        "SELECT DISTINCT r.setting_id FROM referral r JOIN outreach_package k "
        "ON k.id = r.package_id WHERE k.name = 'Complex learning needs outreach'")]  # fmt: skip
    path = templates.make_return_template(
        demo, template="referral-form", path=tmp_path / "form.xlsx", setting_ids=bardwell_referrers
    )
    inspection = imports.inspect_file(demo, path=path, kind="referrals")
    assert inspection.unplaced == [] and inspection.missing == []
    held = imports.run_import(demo, path=path, kind="referrals", dry_run=True)
    assert (held.new, held.updated, held.unchanged, held.rejected) == (0, 0, 5, [])
    # a school adds a request for another package
    book = openpyxl.load_workbook(path)
    sheet = book["Return"]
    urn, name = sheet["A2"].value, sheet["B2"].value
    need = "SENCo wants peer support for a new resource base"
    sheet.append([urn, name, "Inclusive practice network", "Fitzwaryn School",
                  "school application", "12/01/2024", "2024 Spring", need,
                  "SENCo attends all sessions"])  # fmt: skip
    book.save(path)
    result = imports.run_import(demo, path=path, kind="referrals")
    assert (result.new, result.unchanged, result.rejected) == (1, 5, [])
    [(status, evidence)] = demo.query(
        "SELECT r.status, r.evidence FROM referral r JOIN outreach_package k "
        "ON k.id = r.package_id WHERE k.name = 'Inclusive practice network'"
    )
    assert status == "received" and evidence == '{"SENCo attends all sessions": true}'
    demo.close()
