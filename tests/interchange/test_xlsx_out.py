"""The one .xlsx writer: read back with openpyxl (types, styles, validation) and calamine
(exact text, as the import engine reads it)."""

from __future__ import annotations

import csv
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import python_calamine as calamine

from send_desktop.interchange import xlsx_out
from send_desktop.interchange.atomic import TargetError
from send_desktop.interchange.xlsx_out import XlsxColumn, XlsxSheet, excel_serial, write_xlsx

FIXTURES = Path(__file__).parents[1] / "fixtures"

COLUMNS = [
    XlsxColumn("Name"),
    XlsxColumn("Pupils", "int"),
    XlsxColumn("Opened", "date"),
    XlsxColumn("Awarded", "money"),
    XlsxColumn("Status", choices=("invited", "submitted", "funded")),
    XlsxColumn("Open", "bool"),
    XlsxColumn("Seen", "datetime"),
]
ROWS = [
    ("St Thomas à Becket", 412, date(2013, 9, 1), 1_500_000, "funded", True, None),
    ("Awel Y Môr", 12_345, None, 1_234_567, "invited", False, datetime(2024, 1, 2, 3, 4)),
    ("0123", None, date(1999, 12, 31), None, None, None, None),
]


def injected_cells() -> list[str]:
    """Every cell of the two DfE injection fixtures (the payloads and the other cells)."""
    cells: list[str] = []
    for name in ("csv_injection_recommendations.csv", "csv_injection_placements.csv"):
        with open(FIXTURES / name, encoding="utf-8", newline="") as fh:
            cells += [c for row in csv.reader(fh) for c in row if c]
    return cells


NASTY = [
    "=1+2",
    '=HYPERLINK("http://example.com","click")',
    "+44 1865 000000",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "<r><t>x</t></r>",
    '<r></r></is></c><c r="Z9"><f>1+1</f></c><c t="inlineStr"><is><r></r>',
    "Smith & Jones <Academy>",
    "a\x01b",
    "_x0041_",
    "  leading and trailing  ",
]


def calamine_rows(path: Path, sheet: int | str = 0) -> list[list]:
    book = calamine.CalamineWorkbook.from_path(str(path))
    try:
        found = (
            book.get_sheet_by_name(sheet)
            if isinstance(sheet, str)
            else book.get_sheet_by_index(sheet)
        )
        return found.to_python()
    finally:
        book.close()


def test_values_come_back_with_their_types_and_uk_formats(tmp_path):
    path = write_xlsx(tmp_path / "out.xlsx", [XlsxSheet("Bids", COLUMNS, ROWS)], title="T")
    ws = openpyxl.load_workbook(path).active
    assert [c.value for c in ws[1]] == [c.title for c in COLUMNS]
    becket = [c for c in ws[2]]
    assert becket[0].value == "St Thomas à Becket" and becket[0].data_type == "s"
    assert becket[1].value == 412 and becket[1].data_type == "n"
    assert becket[1].number_format == "#,##0"
    assert becket[2].value == datetime(2013, 9, 1) and becket[2].number_format == "dd/mm/yyyy"
    assert becket[3].value == 15000 and becket[3].number_format == "£#,##0"  # pence -> pounds
    assert becket[5].value == "Yes"
    mor = [c for c in ws[3]]
    assert mor[3].value == pytest.approx(12345.67) and mor[3].number_format == "£#,##0.00"
    assert mor[6].value == datetime(2024, 1, 2, 3, 4) and mor[6].number_format == "dd/mm/yyyy hh:mm"
    assert ws.cell(4, 1).value == "0123" and ws.cell(4, 1).data_type == "s"  # a code stays text
    assert ws.cell(4, 2).value is None  # None is an empty cell, not 0 or "None"


def test_header_is_bold_frozen_and_filtered_and_widths_fit(tmp_path):
    path = write_xlsx(tmp_path / "out.xlsx", [XlsxSheet("Bids", COLUMNS, ROWS)])
    ws = openpyxl.load_workbook(path).active
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.print_title_rows == "$1:$1"  # printed, each page repeats the header row
    assert ws.auto_filter.ref == "A1:G4"
    name_width = ws.column_dimensions["A"].width
    assert len("St Thomas à Becket") <= name_width <= 60
    assert ws.column_dimensions["B"].width >= len("Pupils")


def test_status_column_has_a_dropdown(tmp_path):
    path = write_xlsx(tmp_path / "out.xlsx", [XlsxSheet("Bids", COLUMNS, ROWS)])
    ws = openpyxl.load_workbook(path).active
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"invited,submitted,funded"'
    assert str(validation.sqref) == "E2:E4"


def test_a_long_list_of_choices_goes_on_a_hidden_sheet(tmp_path):
    choices = tuple(f"Choice number {i} with a long label" for i in range(20))
    path = write_xlsx(
        tmp_path / "out.xlsx",
        [
            XlsxSheet(
                "S", [XlsxColumn("Pick", choices=choices)], [("Choice number 1 with a long label",)]
            )
        ],
    )
    book = openpyxl.load_workbook(path)
    assert book["_lists"].sheet_state == "veryHidden"
    assert [r[0] for r in book["_lists"].iter_rows(values_only=True)] == list(choices)
    (validation,) = book["S"].data_validations.dataValidation
    assert validation.formula1 == "'_lists'!$A$1:$A$20"


@pytest.mark.parametrize("text", NASTY + injected_cells())
def test_text_that_looks_like_a_formula_stays_inert_text(tmp_path, text):
    path = write_xlsx(
        tmp_path / "out.xlsx",
        [XlsxSheet("S", [XlsxColumn("Value"), XlsxColumn("N", "int")], [(text, -5)])],
    )
    ws = openpyxl.load_workbook(path).active
    cell = ws.cell(2, 1)
    assert cell.data_type == "s"  # a string, never "f" (a formula)
    if text[0] in xlsx_out.FORMULA_START:
        assert cell.quotePrefix  # Excel shows it as text and keeps it text when edited
    assert ws.cell(2, 2).value == -5 and ws.cell(2, 2).data_type == "n"  # numbers stay numbers
    assert calamine_rows(path)[1][0] == text  # exactly the text, as the import engine reads it
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml


def test_order_and_fields_pick_what_is_on_screen(tmp_path):
    rows = [("a", 1, "x"), ("b", 2, "y"), ("c", 3, "z")]
    sheet = XlsxSheet(
        "S", [XlsxColumn("Third"), XlsxColumn("First")], rows, order=[2, 0], fields=[2, 0]
    )
    path = write_xlsx(tmp_path / "out.xlsx", [sheet])
    assert calamine_rows(path) == [["Third", "First"], ["z", "c"], ["x", "a"]]


def test_metadata_is_set(tmp_path):
    path = write_xlsx(
        tmp_path / "out.xlsx", [XlsxSheet("S", COLUMNS, ROWS)], title="Bids", author="A. Lead"
    )
    props = openpyxl.load_workbook(path).properties
    assert (props.title, props.creator) == ("Bids", "A. Lead")


def test_sheet_names_are_made_acceptable():
    assert xlsx_out.sheet_name("Bids: 2023/24 [draft]?") == "Bids  2023 24  draft"
    assert len(xlsx_out.sheet_name("x" * 40)) == 31
    assert xlsx_out.sheet_name("  ") == "Sheet"


def test_excel_serial_numbers():
    assert excel_serial(date(1900, 3, 1)) == 61
    assert excel_serial(date(2023, 7, 11)) == 45118
    assert excel_serial(datetime(2023, 7, 11, 12)) == 45118.5


def test_a_protected_sheet_locks_only_the_header(tmp_path):
    sheet = XlsxSheet(
        "Return", COLUMNS, ROWS, protect=True, validate_types=True, validation_rows=50
    )
    path = write_xlsx(tmp_path / "out.xlsx", [sheet])
    ws = openpyxl.load_workbook(path).active
    assert ws.protection.sheet
    assert all(c.protection.locked for c in ws[1])
    assert not any(c.protection.locked for c in ws[2] if c.value is not None)
    kinds = {str(v.sqref): v.type for v in ws.data_validations.dataValidation}
    assert kinds["B2:B51"] == "whole" and kinds["C2:C51"] == "date"
    assert kinds["E2:E51"] == "list" and kinds["D2:D51"] == "decimal"


def test_a_hidden_sheet_is_very_hidden(tmp_path):
    path = write_xlsx(
        tmp_path / "out.xlsx",
        [
            XlsxSheet("Shown", COLUMNS, ROWS),
            XlsxSheet("_secret", [XlsxColumn("K")], [("v",)], hidden=True),
        ],
        defined_names={"MY_NAME": "='_secret'!$A$2"},
    )
    book = openpyxl.load_workbook(path)
    assert book["_secret"].sheet_state == "veryHidden"
    assert book.defined_names["MY_NAME"].attr_text == "'_secret'!$A$2"


def test_the_target_appears_whole_or_not_at_all(tmp_path):
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"the old file")

    def cancel(done: int) -> None:
        raise RuntimeError("cancelled")

    rows = [(f"row {i}", i) for i in range(12_000)]
    with pytest.raises(RuntimeError):
        write_xlsx(target, [XlsxSheet("S", COLUMNS[:2], rows)], on_rows=cancel)
    assert target.read_bytes() == b"the old file"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]  # no temporary left


@pytest.mark.parametrize(
    "make_target",
    [
        lambda tmp: tmp / "no such folder" / "out.xlsx",
        lambda tmp: (tmp / "a file").with_suffix(".txt") / "out.xlsx",
        lambda tmp: tmp / "a folder.xlsx",
    ],
    ids=["missing folder", "file in the way", "target is a folder"],
)
def test_an_unwritable_target_is_refused(tmp_path, make_target):
    (tmp_path / "a file.txt").write_text("x")
    (tmp_path / "a folder.xlsx").mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(TargetError):
        write_xlsx(make_target(tmp_path), [XlsxSheet("S", COLUMNS, ROWS)])
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_progress_is_reported_per_chunk(tmp_path):
    seen: list[int] = []
    rows = [(f"row {i}", i) for i in range(11_000)]
    write_xlsx(tmp_path / "out.xlsx", [XlsxSheet("S", COLUMNS[:2], rows)], on_rows=seen.append)
    assert seen == [5000, 10000, 11000]


def _decrypt(path: Path, password: str) -> openpyxl.Workbook:
    import io

    import msoffcrypto

    with path.open("rb") as fh:
        office = msoffcrypto.OfficeFile(fh)
        office.load_key(password=password)
        plain = io.BytesIO()
        office.decrypt(plain)
    return openpyxl.load_workbook(plain)


def test_a_password_encrypts_the_workbook(tmp_path):
    import msoffcrypto.exceptions

    folder = tmp_path / "shared drive"
    folder.mkdir()
    target = folder / "out.xlsx"
    write_xlsx(target, [XlsxSheet("Schools", COLUMNS, ROWS)], password="Tr1rp-2026")
    data = target.read_bytes()
    assert not zipfile.is_zipfile(target)  # an encrypted package, not a readable workbook
    assert b"Becket" not in data and "Becket".encode("utf-16-le") not in data
    assert [p.name for p in folder.iterdir()] == ["out.xlsx"]  # no plain copy beside it
    sheet = _decrypt(target, "Tr1rp-2026")["Schools"]
    assert sheet["A2"].value == "St Thomas à Becket"
    assert sheet["B3"].value == 12_345
    with pytest.raises(msoffcrypto.exceptions.InvalidKeyError):
        _decrypt(target, "wrong")


def test_the_import_engine_refuses_an_encrypted_workbook_by_name(tmp_path):
    from send_desktop.interchange.errors import FileRefusedError
    from send_desktop.interchange.reader import open_table

    target = tmp_path / "protected.xlsx"
    write_xlsx(target, [XlsxSheet("Schools", COLUMNS, ROWS)], password="x")
    with pytest.raises(FileRefusedError) as refused:
        open_table(target)
    assert refused.value.reason == "password"
