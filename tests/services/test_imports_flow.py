"""Import from preview to commit, again (nothing changes), undo, profiles, cancel, reports."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from db_dump import dump, rows
from openpyxl import Workbook

from send_desktop.services import imports, imports_profiles
from send_desktop.services.imports import ImportOptions, UndoRefusedError
from send_desktop.services.register import SettingData, add_setting, update_setting
from send_desktop.services.tasks import CancelledError, CancelToken

FIXTURES = Path(__file__).parents[1] / "fixtures"
DEMO_SCHOOLS = Path(__file__).parents[2] / "resources" / "demo" / "oxfordshire_schools.csv"


def write_xlsx(path: Path, table: list[list]) -> Path:
    book = Workbook()
    for row in table:
        book.active.append(row)
    book.save(path)
    return path


def run(db, path: Path, kind: str = "settings", **kw) -> imports.ImportResult:  # noqa: ANN001
    return imports.run_import(db, path=path, kind=kind, **kw)


# --- the real files ----------------------------------------------------------------------


def test_gias_sample_keeps_only_the_chosen_local_authority(db):
    oxfordshire = run(db, FIXTURES / "gias_sample.csv", "gias")
    assert oxfordshire.summary_line() == "imported: 0 new, 0 updated, 0 unchanged, 0 rejected"
    assert oxfordshire.filtered == 2
    everyone = run(db, FIXTURES / "gias_sample.csv", "gias", options=ImportOptions(la_code="any"))
    assert (everyone.new, everyone.rejected) == (2, [])
    aldgate, sherborne = rows(
        db,
        "SELECT urn, name, la_code, phase, type, town, postcode, pupils, phone, close_date, "
        "locality FROM setting ORDER BY urn",
    )
    assert aldgate == (
        "100000",
        "The Aldgate School",
        "201",
        "Primary",
        "Maintained",
        "London",
        "EC3A 5DE",
        249,
        "02072831147",
        None,
        "City of London",
    )
    assert sherborne[3:5] == ("Early years", "Maintained") and sherborne[9] == "1992-08-31"


def test_gias_links_then_a_return_using_an_old_urn_reaches_the_current_school(db, tmp_path):
    assert run(db, DEMO_SCHOOLS).new == 340
    links = run(db, FIXTURES / "gias_links_oxfordshire.csv", "gias-links")
    assert links.summary_line() == "imported: 342 new, 0 updated, 0 unchanged, 0 rejected"
    assert rows(db, "SELECT link_type FROM setting_link WHERE urn='108299'") == [("Successor",)]
    # 122993 closed; GIAS says 122994 (in the register) succeeded it.
    (name,) = rows(db, "SELECT name FROM setting WHERE urn='122994'")[0]
    path = write_xlsx(tmp_path / "return.xlsx", [["URN", "School", "Pupils"], [122993, name, 321]])
    result = run(db, path)
    assert (result.new, result.updated) == (0, 1)
    assert result.review == [(2, name, "URN 122993 is now 122994 (GIAS link)")]
    assert rows(db, "SELECT pupils FROM setting WHERE urn='122994'") == [(321,)]
    assert rows(db, "SELECT count(*) FROM setting WHERE urn='122993'") == [(0,)]


def test_sen_school_level_file(db):
    settings = run(db, FIXTURES / "sen_school_level_sample.csv", options=ImportOptions("any"))
    assert (settings.new, settings.blank) == (60, 20)
    default_la = run(db, FIXTURES / "sen_school_level_sample.csv", "sen-school-level")
    assert (default_la.new, default_la.filtered) == (0, 60)
    counts = run(
        db,
        FIXTURES / "sen_school_level_sample.csv",
        "sen-school-level",
        options=ImportOptions("100"),
    )
    assert counts.summary_line() == "imported: 60 new, 0 updated, 0 unchanged, 0 rejected"
    assert rows(
        db,
        "SELECT c.year, c.pupils, c.sen_support, c.ehc_plans, c.ehc_plans_suppressed, c.source "
        "FROM sen_count c JOIN setting s ON s.id = c.setting_id WHERE s.urn = '130000'",
    ) == [("2022/23", 781, 98, 2, 0, "DfE SEN in England (school level)")]


def test_messy_london_extract_as_a_settings_import(db):
    result = run(db, FIXTURES / "london_schools_sample.csv")
    assert result.summary_line() == "imported: 300 new, 0 updated, 0 unchanged, 0 rejected"
    assert rows(db, "SELECT phone, pupils, type FROM setting WHERE urn='100000'") == [
        ("02072831147", 249, "Maintained")
    ]
    again = run(db, FIXTURES / "london_schools_sample.csv")
    assert again.summary_line() == "imported: 0 new, 0 updated, 300 unchanged, 0 rejected"


# --- commit, re-import, audit ------------------------------------------------------------


def test_commit_records_one_batch_and_audits_every_change(db, tmp_path):
    cheney = add_setting(db, data=SettingData(name="Cheney School", urn="123456", pupils=1100))
    path = write_xlsx(
        tmp_path / "summer.xlsx",
        [["URN", "School name", "Pupils"], ["123456", "Cheney School", 1200], ["123457", "L", 9]],
    )
    result = run(db, path, user="tester")
    assert (result.new, result.updated, result.written) == (1, 1, True)
    batch = rows(
        db,
        "SELECT id, kind, file_name, sha256, sheet, mapping, new_count, updated_count, "
        "unchanged_count, rejected_count, user FROM import_batch",
    )
    assert len(batch) == 1
    batch_id, kind, name, sha, sheet, mapping, *counts, user = batch[0]
    assert (kind, name, sheet, counts, user) == (
        "settings",
        "summer.xlsx",
        "Sheet",
        [1, 1, 0, 0],
        "tester",
    )
    assert len(sha) == 64 and json.loads(mapping) == {
        "URN": "urn",
        "School name": "name",
        "Pupils": "pupils",
    }
    audit = rows(
        db,
        "SELECT action, record_id, changes FROM audit_log WHERE batch_id=? ORDER BY id",
        batch_id,
    )
    assert [(a, json.loads(c)) for a, r, c in audit if r == cheney] == [
        ("update", {"pupils": [1100, 1200]})
    ]
    # A created record's audit row names it and its batch; its values are the record at
    # version 1 (later update/delete audit rows keep old values, so nothing is lost).
    created = [(r, c) for a, r, c in audit if a == "create"]
    assert len(created) == 1 and created[0][1] is None
    assert rows(db, "SELECT urn, name, pupils, version FROM setting WHERE id=?", created[0][0]) == [
        ("123457", "L", 9, 1)
    ]
    assert rows(db, "SELECT version FROM setting WHERE id=?", cheney) == [(2,)]


def test_importing_the_same_file_again_changes_nothing(db, tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx", [["URN", "Name", "Open date"], ["123457", "L", "01/09/2011"]]
    )
    first = run(db, path)
    assert first.new == 1
    before = dump(db)
    again = run(db, path)
    assert again.summary_line() == "imported: 0 new, 0 updated, 1 unchanged, 0 rejected"
    assert (again.written, again.batch_id) == (False, None)
    assert dump(db) == before


def test_blank_cells_never_erase_what_the_register_knows(db, tmp_path):
    add_setting(db, data=SettingData(name="Cheney School", urn="123456", town="Oxford"))
    path = write_xlsx(
        tmp_path / "r.xlsx", [["URN", "Name", "Town"], ["123456", "Cheney School", ""]]
    )
    assert run(db, path).unchanged == 1
    assert rows(db, "SELECT town FROM setting") == [("Oxford",)]


def test_dry_run_and_preview_write_nothing(db, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [["URN", "Name"], ["123457", "L"]])
    before = dump(db)
    assert run(db, path, dry_run=True).summary_line() == (
        "imported: 1 new, 0 updated, 0 unchanged, 0 rejected"
    )
    preview = imports.preview_import(db, path=path, kind="settings")
    assert [r.label for r in preview.new_rows()] == ["L"]
    assert dump(db) == before
    committed = imports.commit_import(db, preview=preview)
    assert committed.new == 1 and committed.written


def test_preview_shows_changes_field_by_field(db, tmp_path):
    add_setting(
        db, data=SettingData(name="Cheney School", urn="123456", pupils=1100, town="Oxford")
    )
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [["URN", "Name", "Pupils", "Town"], ["123456", "Cheney School", 1200, "Headington"]],
    )
    preview = imports.preview_import(db, path=path, kind="settings")
    (row,) = preview.changed_rows()
    assert row.row == 2 and row.label == "Cheney School"
    assert [(c.label, c.old, c.new) for c in row.changes] == [
        ("Town", "Oxford", "Headington"),
        ("Pupils", 1100, 1200),
    ]


def test_all_or_nothing_writes_nothing_when_a_row_is_rejected(db, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [["URN", "Name"], ["123457", "L"], ["12", "Bad"]])
    before = dump(db)
    result = run(db, path, all_or_nothing=True)
    assert result.summary_line() == "imported: 0 new, 0 updated, 0 unchanged, 1 rejected"
    assert dump(db) == before
    assert run(db, path).summary_line() == "imported: 1 new, 0 updated, 0 unchanged, 1 rejected"


def test_row_without_urn_matches_by_name_and_postcode_and_is_flagged(db, tmp_path):
    add_setting(db, data=SettingData(name="Little Acorns Nursery", postcode="OX4 1AA"))
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [
            ["Setting", "Postcode", "Pupils"],
            ["little acorns nursery", "ox41aa", 30],
            ["Oak Tree", "OX4 2BB", 8],
        ],
    )
    result = run(db, path)
    assert (result.new, result.updated) == (1, 1)
    assert [note for _row, _label, note in result.review] == [
        "no URN: matched by name and postcode; please check",
        "no URN: added as a new setting; please check",
    ]
    assert run(db, path).summary_line() == "imported: 0 new, 0 updated, 2 unchanged, 0 rejected"


def test_suppressed_counts_stay_suppressed_and_never_become_zero(db, tmp_path):
    add_setting(db, data=SettingData(name="Cheney School", urn="123456"))
    header = ["URN", "time_period", "SEN support", "EHC plan"]
    path = write_xlsx(tmp_path / "sen.xlsx", [header, ["123456", "202223", 41, "x"]])
    result = run(db, path, "sen-school-level", options=ImportOptions("any"))
    assert result.new == 1
    counts = "SELECT sen_support, sen_support_suppressed, ehc_plans, ehc_plans_suppressed FROM "
    assert rows(db, counts + "sen_count") == [(41, 0, None, 1)]
    path = write_xlsx(tmp_path / "sen2.xlsx", [header, ["123456", "2022/23", "c", 3]])
    assert run(db, path, "sen-school-level", options=ImportOptions("any")).updated == 1
    assert rows(db, counts + "sen_count") == [(None, 1, 3, 0)]


def test_sen_rows_for_schools_not_in_the_register_are_rejected(db, tmp_path):
    header = ["URN", "time_period", "SEN support", "EHC plan"]
    path = write_xlsx(tmp_path / "sen.xlsx", [header, ["123456", "202223", 41, 2]])
    result = run(db, path, "sen-school-level", options=ImportOptions("any"))
    assert "no setting in the register has URN 123456" in result.rejected[0].describe()


def test_fixed_value_for_a_field_the_file_has_no_column_for(db, tmp_path):
    add_setting(db, data=SettingData(name="Cheney School", urn="123456"))
    path = write_xlsx(tmp_path / "sen.xlsx", [["URN", "SEN support", "EHC plan"], ["123456", 4, 1]])
    with pytest.raises(imports.FileRefusedError, match="Year"):
        run(db, path, "sen-school-level", options=ImportOptions("any"))
    result = run(
        db, path, "sen-school-level", options=ImportOptions("any", fixed={"year": "2023-24"})
    )
    assert result.new == 1 and rows(db, "SELECT year FROM sen_count") == [("2023/24",)]


# --- undo --------------------------------------------------------------------------------


DATA = "SELECT id, urn, name, pupils, created_at FROM setting ORDER BY urn"


def _summer_import(db, tmp_path):  # noqa: ANN001, ANN202
    add_setting(db, data=SettingData(name="Cheney School", urn="123456", pupils=1100))
    before = rows(db, DATA)
    path = write_xlsx(
        tmp_path / "summer.xlsx",
        [["URN", "Name", "Pupils"], ["123456", "Cheney School", 1200], ["123457", "Larkmead", 900]],
    )
    return before, run(db, path)


def test_undo_reverses_the_batch_and_is_audited(db, tmp_path):
    before, result = _summer_import(db, tmp_path)
    assert len(rows(db, DATA)) == 2
    undone = imports.undo_import(db, batch_id=result.batch_id, user="tester")
    assert (undone.deleted, undone.restored) == (1, 1)
    assert rows(db, DATA) == before
    assert rows(db, "SELECT version FROM setting") == [(3,)]  # added, imported, undone
    audit = rows(
        db,
        "SELECT action, user, changes FROM audit_log WHERE batch_id=? ORDER BY id",
        result.batch_id,
    )
    assert [a for a, _u, _c in audit] == ["create", "update", "delete", "update"]
    assert [u for _a, u, _c in audit[2:]] == ["tester", "tester"]
    assert json.loads(audit[2][2])["name"] == ["Larkmead", None]
    assert json.loads(audit[3][2]) == {"pupils": [1200, 1100]}
    assert imports.import_history(db)[0].undone_at is not None
    with pytest.raises(UndoRefusedError, match="already undone"):
        imports.undo_import(db, batch_id=result.batch_id)


def test_undo_is_refused_when_a_record_was_changed_since(db, tmp_path):
    _before, result = _summer_import(db, tmp_path)
    cheney = rows(db, "SELECT id FROM setting WHERE urn='123456'")[0][0]
    update_setting(
        db, setting_id=cheney, data=SettingData(name="Cheney School", urn="123456", pupils=1250)
    )
    before = dump(db)
    with pytest.raises(UndoRefusedError, match="changed after it") as info:
        imports.undo_import(db, batch_id=result.batch_id)
    assert "Cheney School" in info.value.message
    assert dump(db) == before


def test_undo_is_refused_when_an_added_setting_is_now_used(db, tmp_path):
    _before, result = _summer_import(db, tmp_path)
    sen = write_xlsx(
        tmp_path / "sen.xlsx",
        [["URN", "time_period", "SEN support", "EHC plan"], ["123457", "202223", 4, 1]],
    )
    assert run(db, sen, "sen-school-level", options=ImportOptions("any")).new == 1
    before = dump(db)
    with pytest.raises(UndoRefusedError, match="now used by 1 sen count"):
        imports.undo_import(db, batch_id=result.batch_id)
    assert dump(db) == before


# --- profiles ----------------------------------------------------------------------------


def test_the_mapping_chosen_once_is_remembered_for_next_terms_return(db, tmp_path):
    header = ["URN", "Establishment", "Pupils", "Our notes"]
    autumn = write_xlsx(tmp_path / "autumn.xlsx", [header, ["123457", "Larkmead", 900, "x"]])
    first = imports.inspect_file(db, path=autumn, kind="settings")
    assert first.profile is None and first.missing == ["name"]
    assert first.columns == {0: "urn", 2: "pupils"}
    assert [first.headers[c][1] for c in first.unplaced] == ["Establishment", "Our notes"]
    with pytest.raises(imports.FileRefusedError, match="no column for: Name"):
        run(db, autumn)
    imports.run_import(db, path=autumn, kind="settings", mapping={1: "name", 3: None})
    spring = write_xlsx(tmp_path / "spring.xlsx", [header, ["123458", "Wood Farm", 300, ""]])
    second = imports.inspect_file(db, path=spring, kind="settings")
    assert second.profile == "exact"
    assert second.columns == {0: "urn", 1: "name", 2: "pupils"}
    assert (second.unplaced, second.missing) == ([], [])
    assert run(db, spring).new == 1
    (profile,) = imports_profiles.list_profiles(db, kind="settings")
    assert profile.used_count == 2 and profile.name == "autumn.xlsx"


def test_a_header_nothing_recognises_can_be_named_by_its_row(db, tmp_path):
    path = write_xlsx(
        tmp_path / "odd.xlsx", [["Return"], ["Ref", "Establishment"], ["123457", "Larkmead"]]
    )
    with pytest.raises(imports.FileRefusedError, match="no header row found"):
        imports.inspect_file(db, path=path, kind="settings")
    inspection = imports.inspect_file(db, path=path, kind="settings", header_row=2)
    assert inspection.columns == {} and inspection.unplaced == [0, 1]
    result = run(db, path, mapping={0: "urn", 1: "name"}, options=ImportOptions(header_row=2))
    assert result.new == 1 and rows(db, "SELECT urn, name FROM setting") == [("123457", "Larkmead")]


# --- progress and cancel -----------------------------------------------------------------


def test_progress_runs_from_0_to_1_and_cancel_writes_nothing(db, tmp_path):
    table = [["URN", "Name"]] + [[str(200000 + i), f"School {i}"] for i in range(12_000)]
    path = write_xlsx(tmp_path / "big.xlsx", table)
    seen: list[float] = []
    run(db, path, dry_run=True, progress=lambda f, _m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    before = dump(db)
    token = CancelToken()

    def cancel_while_saving(fraction: float, _message: str) -> None:
        if fraction > 0.7:
            token.cancel()

    with pytest.raises(CancelledError):
        run(db, path, progress=cancel_while_saving, cancel=token)
    assert dump(db) == before


# --- the error report --------------------------------------------------------------------


def test_openpyxl_parses_xml_through_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_error_report_highlights_the_offending_cells(db, tmp_path):
    injected = (FIXTURES / "csv_injection_recommendations.csv").read_text()
    payload = injected.splitlines()[-1].split(",")[4]
    assert payload.startswith("=WEBSERVICE(")
    path = tmp_path / "r.csv"
    path.write_text(f"URN,Name,Pupils\n123457,Good,5\n12,Bad URN,lots\n123459,{payload},1\n")
    result = run(db, path)
    assert result.new == 1 and [r.row for r in result.rejected] == [3, 4]
    report = imports.save_error_report(result, tmp_path / "out" / "to-fix.xlsx")
    assert [p.name for p in report.parent.iterdir()] == ["to-fix.xlsx"]
    sheet = openpyxl.load_workbook(report).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Row in r.csv", "URN", "Name", "Pupils", "What to fix"]
    assert values[1][:4] == [3, "12", "Bad URN", "lots"]
    assert "URN is not 6 digits" in values[1][4] and "Pupils is not a whole number" in values[1][4]
    red = {
        c.coordinate
        for row in sheet.iter_rows()
        for c in row
        if str(c.fill.fgColor.rgb).endswith("FFC7CE")
    }
    assert red == {"B2", "D2", "C3"}
    assert "6 digits" in sheet["B2"].comment.text  # the reason sits on the cell at fault
    formula_cell = sheet["C3"]
    assert formula_cell.value == payload and formula_cell.data_type == "s"


# --- safety nets -------------------------------------------------------------------------


def test_a_record_changed_between_reading_and_writing_stops_the_whole_import(
    db, tmp_path, monkeypatch
):
    from send_desktop.services.imports_targets import SettingTarget
    from send_desktop.services.imports_write import ConcurrentChangeError

    add_setting(db, data=SettingData(name="Cheney School", urn="123456", pupils=1100))
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [["URN", "Name", "Pupils"], ["123457", "Larkmead", 900], ["123456", "Cheney School", 1200]],
    )
    real_snapshot = SettingTarget.snapshot

    def read_then_someone_edits(self, conn):  # noqa: ANN001, ANN202
        snapshot = real_snapshot(self, conn)
        conn.exec_driver_sql("UPDATE setting SET version = version + 1 WHERE urn = '123456'")
        return snapshot

    monkeypatch.setattr(SettingTarget, "snapshot", read_then_someone_edits)
    before = dump(db)
    with pytest.raises(ConcurrentChangeError, match="nothing was imported"):
        run(db, path)
    assert dump(db) == before


def test_undo_of_sen_counts_puts_suppressed_flags_back(db, tmp_path):
    add_setting(db, data=SettingData(name="Cheney School", urn="123456"))
    header = ["URN", "time_period", "SEN support", "EHC plan"]
    first = write_xlsx(tmp_path / "a.xlsx", [header, ["123456", "202223", 41, "x"]])
    run(db, first, "sen-school-level", options=ImportOptions("any"))
    counts = "SELECT sen_support, sen_support_suppressed, ehc_plans, ehc_plans_suppressed FROM "
    before = rows(db, counts + "sen_count")
    second = write_xlsx(tmp_path / "b.xlsx", [header, ["123456", "202223", "c", 3]])
    batch = run(db, second, "sen-school-level", options=ImportOptions("any")).batch_id
    imports.undo_import(db, batch_id=batch)
    after = rows(db, counts + "sen_count")
    assert after == before == [(41, 0, None, 1)]


def test_links_reimport_and_dates(db):
    first = run(db, FIXTURES / "gias_links_oxfordshire.csv", "gias-links")
    assert first.new == 342
    assert rows(db, "SELECT link_date FROM setting_link WHERE urn='108299'") == [("2012-10-31",)]
    again = run(db, FIXTURES / "gias_links_oxfordshire.csv", "gias-links")
    assert again.summary_line() == "imported: 0 new, 0 updated, 342 unchanged, 0 rejected"


def test_cancel_token_is_thread_safe_and_checked():
    import threading

    token = CancelToken()
    token.check()
    worker = threading.Thread(target=token.cancel)
    worker.start()
    worker.join()
    assert token.cancelled
    with pytest.raises(CancelledError, match="nothing was changed"):
        token.check()


def test_a_new_urn_fills_in_a_setting_added_without_one(db, tmp_path):
    nursery = add_setting(db, data=SettingData(name="Little Acorns Nursery", postcode="OX4 1AA"))
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [["URN", "Setting", "Postcode"], ["EY123456", "Little Acorns Nursery", "OX4 1AA"]],
    )
    result = run(db, path)
    assert (result.new, result.updated) == (0, 1)
    assert "matched by name and postcode to a setting that had no URN" in result.review[0][2]
    assert rows(db, "SELECT id, urn FROM setting") == [(nursery, "EY123456")]


def test_a_cancelled_undo_changes_nothing(db, tmp_path):
    _before, result = _summer_import(db, tmp_path)
    before = dump(db)
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        imports.undo_import(db, batch_id=result.batch_id, cancel=token)
    assert dump(db) == before
