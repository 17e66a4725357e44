"""A corpus of bad and awkward files, generated here. Each is refused with one clear message,
or imported as a person would expect, and a refused file leaves the database row-for-row
unchanged."""

from __future__ import annotations

import io
import sqlite3
import struct
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from send_desktop.interchange import reader, safety
from send_desktop.interchange.errors import FileRefusedError
from send_desktop.services import imports
from send_desktop.services.imports import ImportOptions

HEADER = ["URN", "School name", "Phase", "Postcode", "Pupils"]
GOOD = [
    ["123456", "Cheney School", "Secondary", "OX3 7QH", 1200],
    ["123457", "Larkmead School", "Secondary", "OX14 1RF", 900],
]


def dump(db) -> dict[str, list[tuple]]:  # noqa: ANN001
    """Every row of every table, sorted: the database as a person's data, not its bytes."""
    db.engine.dispose()
    conn = sqlite3.connect(db.path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()


def xlsx(path: Path, rows, *, title: str = "Return", more: dict | None = None, merge=None) -> Path:  # noqa: ANN001
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    for name, other_rows in (more or {}).items():
        other = book.create_sheet(name)
        for row in other_rows:
            other.append(row)
    book.save(path)
    return path


def write(path: Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def csv_text(rows, sep: str = ",") -> str:  # noqa: ANN001
    return "\r\n".join(sep.join(str(c) for c in row) for row in rows) + "\r\n"


def seeded(db) -> None:  # noqa: ANN001
    """Something in the database, so 'unchanged' means something."""
    from send_desktop.services.register import SettingData, add_setting
    from send_desktop.services.stats import record_counts

    if record_counts(db)["settings"] == 0:
        add_setting(
            db,
            data=SettingData(
                name="Cheney School",
                urn="123456",
                phase="Secondary",
                postcode="OX3 7QH",
                pupils=1200,
            ),
        )


def refused(db, path: Path, reason: str, words: str, kind: str = "settings", **kw) -> None:  # noqa: ANN001
    seeded(db)
    before = dump(db)
    with pytest.raises(FileRefusedError) as info:
        imports.run_import(db, path=path, kind=kind, **kw)
    assert info.value.reason == reason, info.value.message
    assert words in info.value.message
    assert path.name in str(info.value)
    assert dump(db) == before


def dry(db, path: Path, kind: str = "settings", **kw):  # noqa: ANN001, ANN201
    seeded(db)
    before = dump(db)
    result = imports.run_import(db, path=path, kind=kind, dry_run=True, **kw)
    assert dump(db) == before
    return result


# --- refused files -----------------------------------------------------------------------


def test_pdf_named_xlsx(db, tmp_path):
    path = write(tmp_path / "return.xlsx", b"%PDF-1.7\n" + b"x" * 2000)
    refused(db, path, "not-spreadsheet", "PDF document")


def test_picture_named_csv(db, tmp_path):
    path = write(tmp_path / "return.csv", b"\x89PNG\r\n\x1a\n" + bytes(500))
    refused(db, path, "not-spreadsheet", "PNG picture")


def test_random_binary(db, tmp_path):
    path = write(tmp_path / "return.xlsx", bytes(range(256)) * 20)
    refused(db, path, "not-spreadsheet", "binary data")


def test_zero_byte_file(db, tmp_path):
    refused(db, write(tmp_path / "return.xlsx", b""), "empty", "0 bytes")


def test_truncated_xlsx(db, tmp_path):
    whole = xlsx(tmp_path / "whole.xlsx", [HEADER, *GOOD]).read_bytes()
    path = write(tmp_path / "return.xlsx", whole[: len(whole) // 2])
    refused(db, path, "corrupt", "damaged or incomplete")


def test_corrupt_member_data(db, tmp_path):
    data = bytearray(xlsx(tmp_path / "whole.xlsx", [HEADER, *GOOD] * 50).read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    for i in range(start, start + 40):
        data[i] ^= 0x5A
    refused(db, write(tmp_path / "return.xlsx", bytes(data)), "corrupt", "damaged")


def test_word_document_named_xlsx(db, tmp_path):
    path = tmp_path / "return.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    refused(db, path, "not-spreadsheet", "Word document")


def test_plain_zip_archive(db, tmp_path):
    path = tmp_path / "returns.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    refused(db, path, "not-spreadsheet", "zip archive")


def test_password_protected_workbook(db, tmp_path):
    """An encrypted .xlsx is an OLE compound file holding an 'EncryptedPackage' stream."""
    body = bytearray(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(4088))
    name = "EncryptedPackage".encode("utf-16-le")
    body[1024 : 1024 + len(name)] = name
    refused(db, write(tmp_path / "return.xlsx", bytes(body)), "password", "password")


def _bomb(path: Path, megabytes: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            block = b"<row><c><v>0</v></c></row>" * 40_000
            for _ in range(megabytes * 1024 * 1024 // len(block)):
                member.write(block)
    return path


def test_zip_bomb_is_refused_before_parsing_and_fast(db, tmp_path, monkeypatch):
    path = _bomb(tmp_path / "return.xlsx", 64)
    assert path.stat().st_size < 1_000_000  # small on disk, 64 MB inside

    class NoCalamine:
        def __getattr__(self, name: str):  # noqa: ANN204
            raise AssertionError("calamine was reached")

    monkeypatch.setattr(reader, "calamine", NoCalamine())
    start = time.perf_counter()
    refused(db, path, "zip-bomb", "zip bomb")
    assert time.perf_counter() - start < 2.0


def test_zip_bomb_by_total_declared_size(db, tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_EXPANDED_BYTES", 100_000)
    path = xlsx(tmp_path / "return.xlsx", [HEADER, *GOOD] * 2000)
    refused(db, path, "zip-bomb", "would expand")


def test_member_lying_about_its_size(db, tmp_path):
    """Declared small, inflates larger: the bounded stream check catches it before calamine."""
    data = bytearray(xlsx(tmp_path / "whole.xlsx", [HEADER, *GOOD] * 200).read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 1000)  # local header
    offset = data.index(b"PK\x01\x02")  # then its central directory entry
    while True:
        name_len = struct.unpack_from("<H", data, offset + 28)[0]
        if data[offset + 46 : offset + 46 + name_len] == info.filename.encode():
            struct.pack_into("<I", data, offset + 24, 1000)
            break
        offset = data.index(b"PK\x01\x02", offset + 4)
    refused(db, write(tmp_path / "return.xlsx", bytes(data)), "corrupt", "damaged")


def test_empty_workbook(db, tmp_path):
    path = tmp_path / "return.xlsx"
    Workbook().save(path)
    refused(db, path, "empty", "no data in any sheet")


def test_csv_with_nothing_but_separators(db, tmp_path):
    refused(db, write(tmp_path / "return.csv", ",,,\r\n,,,\r\n"), "empty", "no data")


def test_no_recognisable_header(db, tmp_path):
    path = xlsx(tmp_path / "return.xlsx", [[1, 2, 3], [4, 5, 6], ["a", "b", "c"]])
    refused(db, path, "no-header", "no header row found in the first 20 rows")


def test_header_below_row_20_is_not_found(db, tmp_path):
    rows = [["Notes for schools"]] * 24 + [HEADER, *GOOD]
    refused(db, xlsx(tmp_path / "return.xlsx", rows), "no-header", "first 20 rows")


def test_header_missing_a_required_field(db, tmp_path):
    path = xlsx(tmp_path / "return.xlsx", [["URN", "Postcode", "Pupils"], ["123456", "OX3 7QH", 5]])
    refused(db, path, "missing-columns", "no column for: Name")


def test_old_xls_that_cannot_be_read(db, tmp_path):
    path = write(tmp_path / "return.xls", bytes.fromhex("D0CF11E0A1B11AE1") + bytes(1000))
    refused(db, path, "old-xls", "save it as an Excel Workbook (.xlsx)")


def test_web_page_saved_as_xls(db, tmp_path):
    path = write(tmp_path / "return.xls", "<html><body><table><tr><td>URN</td></tr></table>")
    refused(db, path, "not-spreadsheet", "web page")


def test_missing_sheet_lists_the_sheets(db, tmp_path):
    path = xlsx(tmp_path / "return.xlsx", [HEADER, *GOOD], more={"Term 2": [HEADER]})
    refused(db, path, "no-sheet", "'Return', 'Term 2'", sheet="Autumn")


def test_gias_file_without_la_column_cannot_be_filtered(db, tmp_path):
    path = write(tmp_path / "gias.csv", csv_text([["URN", "EstablishmentName"], ["123456", "A"]]))
    refused(db, path, "missing-columns", "LA code", kind="gias")


# --- awkward files that import ----------------------------------------------------------


def test_title_rows_and_merged_banner_above_the_header(db, tmp_path):
    rows = [["Oxfordshire County Council - SEND return, summer 2024"], [], ["Please fill in"]]
    path = xlsx(tmp_path / "return.xlsx", [*rows, HEADER, *GOOD], merge="A1:E1")
    inspection = imports.inspect_file(db, path=path, kind="settings")
    assert inspection.header_row == 4
    result = dry(db, path)
    assert (result.new, result.unchanged, len(result.rejected)) == (1, 1, 0)


def test_blank_rows_are_skipped_and_counted(db, tmp_path):
    path = xlsx(tmp_path / "return.xlsx", [HEADER, GOOD[0], [], [None, "  "], GOOD[1], []])
    result = dry(db, path)
    assert (result.new, result.unchanged, result.blank, len(result.rejected)) == (1, 1, 2, 0)


def test_totals_rows_are_skipped_and_counted(db, tmp_path):
    rows = [HEADER, *GOOD, ["", "Total", "", "", 2100], ["Grand total", "", "", "", 2100]]
    result = dry(db, xlsx(tmp_path / "return.xlsx", rows))
    assert (result.totals, len(result.rejected), result.new + result.unchanged) == (2, 0, 2)


def test_cp1252_csv(db, tmp_path):
    rows = [HEADER, ["123458", "St Thomas \u00e0 Becket Primary \u2013 caf\u00e9", "", "", ""]]
    path = write(tmp_path / "return.csv", csv_text(rows), "cp1252")
    result = dry(db, path)
    assert result.new == 1 and not result.rejected
    preview = imports.preview_import(db, path=path, kind="settings")
    assert preview.new_rows()[0].label == "St Thomas \u00e0 Becket Primary \u2013 caf\u00e9"


def test_utf8_bom_csv(db, tmp_path):
    path = write(tmp_path / "return.csv", "\ufeff" + csv_text([HEADER, *GOOD]))
    result = dry(db, path)
    assert (result.new, result.unchanged) == (1, 1)


def test_semicolon_csv_with_decimal_commas_elsewhere(db, tmp_path):
    rows = [[*HEADER, "Ratio"], ["123457", "Larkmead School", "", "OX14 1RF", "900", "1,5"]]
    result = dry(db, write(tmp_path / "return.csv", csv_text(rows, ";")))
    assert result.new == 1 and not result.rejected


def test_excel_unicode_text_is_utf16_tab_separated(db, tmp_path):
    path = write(tmp_path / "return.txt", csv_text([HEADER, *GOOD], "\t"), "utf-16")
    result = dry(db, path)
    assert (result.new, result.unchanged) == (1, 1)


def test_numbers_stored_as_text(db, tmp_path):
    rows = [HEADER, ["123457", "Larkmead School", "", "", "7 "], ["123458", "B", "", "", "1,234.0"]]
    preview = imports.preview_import(db, path=xlsx(tmp_path / "r.xlsx", rows), kind="settings")
    pupils = {r.label: {c.field: c.new for c in r.changes}["pupils"] for r in preview.new_rows()}
    assert pupils == {"Larkmead School": 7, "B": 1234}


def test_uk_dates_in_every_spelling(db, tmp_path):
    header = ["URN", "Name", "Open date"]
    rows = [
        header,
        ["123461", "A", "11/07/2023"],
        ["123462", "B", "2023-07-11"],
        ["123463", "C", "11 July 2023"],
        ["123464", "D", date(2023, 7, 11)],
        ["123465", "E", datetime(2023, 7, 11, 9, 0)],
    ]
    preview = imports.preview_import(db, path=xlsx(tmp_path / "r.xlsx", rows), kind="settings")
    opened = {r.label: {c.field: c.new for c in r.changes}["open_date"] for r in preview.new_rows()}
    assert set(opened.values()) == {"2023-07-11"} and len(opened) == 5


def test_identical_duplicate_rows_import_once(db, tmp_path):
    result = dry(db, xlsx(tmp_path / "r.xlsx", [HEADER, GOOD[1], GOOD[1]]))
    assert result.new == 1
    assert [r.row for r in result.rejected] == [3]
    assert "repeats row 2" in result.rejected[0].describe()


def test_conflicting_duplicate_rows_are_both_rejected(db, tmp_path):
    other = [*GOOD[1][:4], 950]
    result = dry(db, xlsx(tmp_path / "r.xlsx", [HEADER, GOOD[1], other]))
    assert result.new == 0
    assert [r.row for r in result.rejected] == [2, 3]
    assert "also on row 3 with other values" in result.rejected[0].describe()


def test_bad_urn_is_rejected_with_sheet_row_column_value_reason(db, tmp_path):
    rows = [HEADER, GOOD[0], ["12345", "Short URN School", "", "", ""]]
    result = dry(db, xlsx(tmp_path / "r.xlsx", rows))
    assert result.rejected[0].describe() == (
        'sheet "Return", row 3, column A (URN), value "12345": '
        "URN is not 6 digits (or EY and digits for an early-years setting)"
    )


def test_bad_postcode_is_rejected(db, tmp_path):
    rows = [HEADER, ["123457", "Larkmead School", "", "OX14 XYZ", ""]]
    result = dry(db, xlsx(tmp_path / "r.xlsx", rows))
    assert 'column D (Postcode), value "OX14 XYZ": Postcode is not a UK postcode' in (
        result.rejected[0].describe()
    )


def test_empty_required_value_is_rejected(db, tmp_path):
    result = dry(db, xlsx(tmp_path / "r.xlsx", [HEADER, ["123457", "", "", "OX14 1RF", 5]]))
    assert "Name is empty" in result.rejected[0].describe()


def test_closing_before_opening_is_rejected(db, tmp_path):
    rows = [["URN", "Name", "Open date", "Close date"], ["123457", "A", "01/09/2020", "01/09/2019"]]
    result = dry(db, xlsx(tmp_path / "r.xlsx", rows))
    assert "closing date is before the opening date" in result.rejected[0].describe()


def test_sheet_selection(db, tmp_path):
    path = xlsx(
        tmp_path / "r.xlsx", [["Summary only"]], more={"Term 2": [HEADER, GOOD[1]]}, title="Cover"
    )
    result = dry(db, path, sheet="Term 2")
    assert result.sheet == "Term 2" and result.new == 1


def test_first_sheet_with_data_is_the_default(db, tmp_path):
    path = xlsx(tmp_path / "r.xlsx", [], more={"Data": [HEADER, GOOD[1]]}, title="Blank")
    assert dry(db, path).sheet == "Data"


def test_columns_in_any_order_with_unknown_extras(db, tmp_path):
    rows = [
        ["Comments", "Pupils", "School URN", "Headteacher", "Setting"],
        ["", 5, 123457, "", "L"],
    ]
    path = xlsx(tmp_path / "r.xlsx", rows)
    inspection = imports.inspect_file(db, path=path, kind="settings")
    assert inspection.columns == {0: "notes", 1: "pupils", 2: "urn", 4: "name"}
    assert [inspection.headers[c][1] for c in inspection.unplaced] == ["Headteacher"]
    assert dry(db, path).new == 1


def test_codes_keep_leading_zeros(db, tmp_path):
    rows = [["URN", "Name", "LA code"], ["123457", "A", "094"], ["123458", "B", 94]]
    preview = imports.preview_import(db, path=xlsx(tmp_path / "r.xlsx", rows), kind="settings")
    assert {dict((c.field, c.new) for c in r.changes)["la_code"] for r in preview.new_rows()} == {
        "094"
    }


def test_opendocument_spreadsheet(db, tmp_path):
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    rows = "".join(
        "<table:table-row>" + "".join(cell.format(v) for v in row) + "</table:table-row>"
        for row in [["URN", "School name"], ["123457", "Larkmead School"]]
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Return">{rows}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "return.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
            ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            "</manifest:manifest>",
        )
    result = dry(db, path)
    assert (result.sheet, result.new) == ("Return", 1)


def test_workbook_saved_with_a_csv_name_is_read_as_a_workbook(db, tmp_path):
    path = tmp_path / "return.csv"
    xlsx(tmp_path / "real.xlsx", [HEADER, GOOD[1]]).rename(path)
    assert dry(db, path).new == 1


def test_formula_text_is_rejected_not_stored(db, tmp_path):
    payload = Path(__file__).parents[1] / "fixtures" / "csv_injection_recommendations.csv"
    injected = payload.read_text().splitlines()[-1].split(",")[4]
    assert injected.startswith("=WEBSERVICE(")
    rows = [HEADER, ["123457", injected, "", "", ""]]
    result = dry(db, write(tmp_path / "return.csv", csv_text(rows)))
    assert "formula" in result.rejected[0].describe() and result.new == 0


def test_header_only_file_imports_nothing(db, tmp_path):
    result = dry(db, write(tmp_path / "return.csv", csv_text([HEADER])))
    assert result.summary_line() == "imported: 0 new, 0 updated, 0 unchanged, 0 rejected"


def test_other_local_authorities_are_skipped_for_gias(db, tmp_path):
    rows = [
        ["URN", "LA (code)", "EstablishmentName"],
        ["123457", "931", "A"],
        ["223457", "202", "B"],
    ]
    result = dry(db, write(tmp_path / "gias.csv", csv_text(rows)), kind="gias")
    assert (result.new, result.filtered) == (1, 1)
    anywhere = dry(db, tmp_path / "gias.csv", kind="gias", options=ImportOptions(la_code="any"))
    assert (anywhere.new, anywhere.filtered) == (2, 0)


def test_table_starting_away_from_a1_reports_the_cells_excel_shows(db, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Return"
    sheet["C3"], sheet["D3"], sheet["E3"] = "URN", "Name", "Pupils"
    sheet["C4"], sheet["D4"], sheet["E4"] = "123457", "Larkmead", "lots"
    path = tmp_path / "offset.xlsx"
    book.save(path)
    inspection = imports.inspect_file(db, path=path, kind="settings")
    assert inspection.header_row == 3
    assert inspection.headers == [("C", "URN"), ("D", "Name"), ("E", "Pupils")]
    result = dry(db, path)
    assert result.rejected[0].describe() == (
        'sheet "Return", row 4, column E (Pupils), value "lots": Pupils is not a whole number'
    )


def test_quoted_cells_with_line_breaks_and_old_mac_line_ends(db, tmp_path):
    text = 'URN,Name,Notes\r\n123457,Larkmead,"Two lines:\r\nfirst, then second"\r\n'
    preview = imports.preview_import(db, path=write(tmp_path / "r.csv", text), kind="settings")
    notes = {c.field: c.new for c in preview.new_rows()[0].changes}["notes"]
    assert notes == "Two lines:\r\nfirst, then second"
    old_mac = write(tmp_path / "mac.csv", "URN,Name\r123457,Larkmead\r123458,Wood Farm\r")
    assert dry(db, old_mac).new == 2


def test_preview_then_commit_keeps_excel_columns_for_a_table_away_from_a1(db, tmp_path):
    book = Workbook()
    sheet = book.active
    for ref, value in {
        "B2": "URN",
        "C2": "Name",
        "B3": "123457",
        "C3": "A",
        "B4": "123457",
    }.items():
        sheet[ref] = value
    sheet["C4"] = "B"
    path = tmp_path / "offset.xlsx"
    book.save(path)
    preview = imports.preview_import(db, path=path, kind="settings")
    result = imports.commit_import(db, preview=preview)
    assert [r.describe().split(", value")[0] for r in result.rejected] == [
        'sheet "Sheet", row 3, column B (URN)',
        'sheet "Sheet", row 4, column B (URN)',
    ]
    assert result.rejected[0].cells == ["123457", "A"]
