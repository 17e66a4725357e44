"""Exports of the demo database, read back: what is on screen, with real types and dropdowns."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest
import python_calamine as calamine

from send_desktop.domain import vocab
from send_desktop.services import exports, listing
from send_desktop.services.demo import build_demo
from send_desktop.services.rowindex import RowIndex
from send_desktop.services.tasks import CancelledError, CancelToken


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SEND_DESKTOP_HOME", str(tmp_path_factory.mktemp("home")))
        db = build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite")
        yield db
        db.close()


def rows_of(path) -> list[list]:
    book = calamine.CalamineWorkbook.from_path(str(path))
    try:
        return book.get_sheet_by_index(0).to_python()
    finally:
        book.close()


def test_the_required_kinds_exist():
    names = {k.name for k in exports.export_kinds()}
    assert {"settings", "cohorts", "waitlist", "bids", "referrals", "actions"} <= names


@pytest.mark.parametrize("kind", [k.name for k in exports.export_kinds()])
def test_every_kind_exports_every_row_and_column(demo, tmp_path, kind):
    spec = exports.export_kind(kind)
    table = spec.load(demo)
    path = exports.export(demo, kind=kind, path=tmp_path / f"{kind}.xlsx", author="Tester")
    rows = rows_of(path)
    assert rows[0] == [c.title for c in table.columns]
    assert len(rows) == len(table.rows) + 1
    assert len(table.rows) > 0
    ws = openpyxl.load_workbook(path).active
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws.title == spec.title[:31]
    lists = {str(v.sqref).split(":")[0][0]: v for v in ws.data_validations.dataValidation}
    for key, values in spec.choices.items():
        letter = openpyxl.utils.get_column_letter(table.column_index(key) + 1)
        assert lists[letter].type == "list"
        assert lists[letter].formula1 == '"' + ",".join(values) + '"'


def test_settings_values_and_types_match_the_register(demo, tmp_path):
    table = listing.list_settings(demo)
    path = exports.export(demo, kind="settings", path=tmp_path / "settings.xlsx")
    ws = openpyxl.load_workbook(path).active
    pupils = table.column_index("pupils")
    urn = table.column_index("urn")
    for r, row in enumerate(table.rows[:50], start=2):
        assert ws.cell(r, urn + 1).value == row[urn]
        assert ws.cell(r, urn + 1).data_type == "s"  # URNs stay text
        assert ws.cell(r, pupils + 1).value == row[pupils]
        assert ws.cell(r, pupils + 1).data_type == "n"


def test_bids_money_is_pounds_and_statuses_are_the_vocabulary(demo, tmp_path):
    table = listing.list_pathways(demo)
    path = exports.export(demo, kind="bids", path=tmp_path / "bids.xlsx")
    ws = openpyxl.load_workbook(path).active
    awarded = table.column_index("awarded") + 1
    status = table.column_index("status") + 1
    cells = [ws.cell(r, awarded) for r in range(2, ws.max_row + 1)]
    money = [c for c in cells if c.value is not None]
    assert money and all(c.data_type == "n" and c.number_format == "£#,##0" for c in money)
    pence = {row[table.column_index("awarded")] for row in table.rows} - {None}
    assert {round(c.value * 100) for c in money} == pence
    statuses = {ws.cell(r, status).value for r in range(2, ws.max_row + 1)}
    assert statuses <= set(vocab.BidStatus)


def test_dates_are_real_dates(demo, tmp_path):
    path = exports.export(demo, kind="cohorts", path=tmp_path / "cohorts.xlsx")
    ws = openpyxl.load_workbook(path).active
    start = ws.cell(2, 3)
    assert start.value == datetime(2023, 7, 11)
    assert start.number_format == "dd/mm/yyyy"


def test_export_as_on_screen(demo, tmp_path):
    """The window passes its visible columns (in their order) and its visible row order."""
    table = listing.list_settings(demo)
    index = RowIndex(table)
    index.sort(table.column_index("pupils"), descending=True)
    order = index.filter("oxford")
    shown = ["name", "pupils", "town"]
    path = exports.export_table(
        table, path=tmp_path / "shown.xlsx", kind="settings", columns=shown, order=order
    )
    rows = rows_of(path)
    assert rows[0] == ["Name", "Pupils", "Town"]
    expected = [[table.rows[i][table.column_index(k)] for k in shown] for i in order]
    got = [[r[0], int(r[1]) if r[1] != "" else None, r[2]] for r in rows[1:]]
    assert got == [[n, p, t or ""] for n, p, t in expected]
    assert 0 < len(order) < len(table.rows)


def test_a_cancel_leaves_no_file(demo, tmp_path):
    table = listing.list_settings(demo)
    big = type(table)(table.columns, table.ids * 40, table.rows * 40)  # > 5,000 rows
    token = CancelToken()
    seen = []

    def progress(fraction: float, message: str) -> None:
        seen.append(fraction)
        if fraction > 0:
            token.cancel()

    out = tmp_path / "out"  # its own folder: the test's data folder may appear beside it
    out.mkdir()
    with pytest.raises(CancelledError):
        exports.export_table(big, path=out / "x.xlsx", progress=progress, cancel=token)
    assert list(out.iterdir()) == []


def test_unknown_kind_names_the_known_ones():
    with pytest.raises(KeyError, match="settings"):
        exports.export_kind("nonsense")


def _pdf_text(path) -> tuple[object, str]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())  # a long name wrapped in its cell reads as one


def test_printing_as_on_screen_gives_the_same_rows_as_shown(demo, tmp_path):
    table = listing.list_settings(demo)
    index = RowIndex(table)
    index.sort(table.column_index("name"))
    order = index.filter("oxford")
    shown = ["name", "pupils", "town"]
    path = exports.export_table_pdf(
        table, path=tmp_path / "shown.pdf", title="Settings", columns=shown, order=order
    )
    reader, text = _pdf_text(path)
    assert reader.metadata.title == "Settings"
    assert f"{len(order):,} rows" in text
    names = [" ".join(table.rows[i][table.column_index("name")].split()) for i in order]
    positions = [text.find(name) for name in names]
    assert all(p >= 0 for p in positions)
    assert positions == sorted(positions)  # in the order shown on screen
    hidden = {" ".join(row[table.column_index("name")].split()) for row in table.rows}
    assert not any(name in text for name in hidden - set(names))  # filtered out stays out
    assert "Postcode" not in text  # a column not shown is not printed


def test_a_wide_table_prints_landscape_with_its_header_on_every_page(demo, tmp_path):
    table = listing.list_settings(demo)
    path = exports.export_table_pdf(table, path=tmp_path / "all.pdf", title="Settings")
    reader, _text = _pdf_text(path)
    assert len(reader.pages) > 2
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width > height
        assert "URN" in page.extract_text()


def test_a_cancelled_print_leaves_no_file(demo, tmp_path):
    table = listing.list_settings(demo)
    big = type(table)(table.columns, table.ids * 3, table.rows * 3)
    token = CancelToken()

    def progress(fraction: float, message: str) -> None:
        if fraction > 0.1:
            token.cancel()

    out = tmp_path / "out"  # its own folder: the test's data folder may appear beside it
    out.mkdir()
    with pytest.raises(CancelledError):
        exports.export_table_pdf(
            big, path=out / "x.pdf", title="Settings", progress=progress, cancel=token
        )
    assert list(out.iterdir()) == []
