"""The one .xlsx writer: every export and every return template is written here.

A sheet is a list of ``XlsxColumn`` and its rows of plain Python values. What a person gets:
a bold, frozen header with an autofilter; widths fitted to the values; real numbers and real
dates with UK formats (dd/mm/yyyy, £#,##0); a dropdown on columns with fixed choices; and
text that would start a formula (``= + - @``, tab, carriage return) written as text with
Excel's quote prefix, so opening the file never runs anything and editing the cell keeps it
text. Numbers stay numbers.

Written with XlsxWriter in constant-memory mode (rows streamed to disk as they are written):
about twice as fast as openpyxl's write-only mode for the same values (see
``benchmarks/bench_export.py``), and it can lock a header, add validation, hide a sheet and
define names, which return templates need. The file is written to a temporary name beside
the target and renamed into place (``atomic.py``).

Value conventions follow the app's tables (``services.rowindex.Column.kind``): ``money`` is
a whole number of pence; ``date`` is a ``date`` (a ``datetime`` keeps its time); ``bool``
shows as Yes/No. A value of another type than its column expects is written by its own type
(a string in a number column stays a string), never dropped.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape

import xlsxwriter

from send_desktop.interchange.atomic import atomic_path

# Excel's first characters of a formula (and the two OWASP adds for CSV-style injection).
FORMULA_START = frozenset("=+-@\t\r")
_EXCEL_EPOCH_ORDINAL = date(1899, 12, 30).toordinal()
_ROWS_PER_REPORT = 5000
_MAX_ROWS = 1_048_576
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_LIST_LIMIT = 255  # characters Excel allows in an inline list validation

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MONEY_FORMAT = "£#,##0"
MONEY_PENCE_FORMAT = "£#,##0.00"
INT_FORMAT = "#,##0"
HEADER_FILL = "#DCE6F0"
MARK_FILL = "#FFC7CE"  # Excel's own "bad" red
HEADER_BORDER = "#1F3A5F"

KINDS = ("text", "int", "number", "date", "datetime", "money", "bool")


@dataclass(frozen=True)
class XlsxColumn:
    title: str
    kind: str = "text"  # one of KINDS
    width: float | None = None  # characters; None fits the title and the values
    choices: tuple[str, ...] = ()  # a dropdown of these values
    note: str | None = None  # shown when a cell of the column is selected (templates)
    locked: bool = False  # on a protected sheet, the column's cells cannot be edited


@dataclass
class XlsxSheet:
    """One sheet. ``order`` (indexes into ``rows``) and ``fields`` (indexes into each row,
    one per column) pick and arrange without copying: an export of what is on screen passes
    the page's visible row order and visible columns."""

    name: str
    columns: Sequence[XlsxColumn]
    rows: Sequence[Sequence[object]] = ()
    order: Sequence[int] | None = None
    fields: Sequence[int] | None = None
    protect: bool = False  # lock the header (and any locked column); the rest stays editable
    validate_types: bool = False  # whole numbers, dates and money checked as typed (templates)
    validation_rows: int | None = None  # rows the dropdowns cover (default: the rows written)
    hidden: bool = False  # very hidden: not listed by Excel's Unhide
    autofilter: bool = True
    freeze_header: bool = True
    # Cells to point out, e.g. an import's error report: (written row, column) -> a comment;
    # the row counts from 0 for the first row under the header. Filled red, comment attached.
    marks: Mapping[tuple[int, int], str] | None = None


def excel_serial(value: date | datetime) -> float | int:
    """Excel's day number for a date (1900 date system), with the time as a fraction."""
    days = value.toordinal() - _EXCEL_EPOCH_ORDINAL
    if isinstance(value, datetime):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return days + (seconds + value.microsecond / 1e6) / 86400
    return days


def is_formula_like(text: str) -> bool:
    return bool(text) and text[0] in FORMULA_START


def sheet_name(text: str) -> str:
    """A name Excel accepts: no []:*?/\\, at most 31 characters, not blank."""
    cleaned = _BAD_SHEET_CHARS.sub(" ", text).strip().strip("'") or "Sheet"
    return cleaned[:31]


def _display_length(value: object, kind: str) -> int:
    if value is None:
        return 0
    if kind in ("date", "datetime") and isinstance(value, date):
        return 16 if isinstance(value, datetime) else 10
    if kind == "money" and isinstance(value, int | float):
        return len(f"£{value / 100:,.2f}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return len(f"{value:,}")
    if isinstance(value, bool):
        return 3
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


class _Formats:
    """The workbook's cell formats, made once each."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self._made: dict[tuple[str | None, bool, bool], object] = {}
        self.header = book.add_format(
            {
                "bold": True,
                "bg_color": HEADER_FILL,
                "bottom": 2,
                "bottom_color": HEADER_BORDER,
                "valign": "top",
                "locked": True,
            }
        )
        # A cell pointed out (red fill); text in it is never a formula.
        self.marked = book.add_format({"bg_color": MARK_FILL, "quote_prefix": True})

    def get(self, num_format: str | None, *, locked: bool, quote: bool = False):  # noqa: ANN201
        key = (num_format, locked, quote)
        made = self._made.get(key)
        if made is None:
            props: dict[str, object] = {"locked": locked}
            if num_format:
                props["num_format"] = num_format
            if quote:
                props["quote_prefix"] = True
            made = self._made[key] = self.book.add_format(props)
        return made


_KIND_FORMAT = {
    "int": INT_FORMAT,
    "date": DATE_FORMAT,
    "datetime": DATETIME_FORMAT,
    "money": MONEY_FORMAT,
}


def _safe_text(text: str) -> str:
    """XlsxWriter writes a string shaped ``<r>…</r>`` into the file as raw XML (its own
    pre-rendered rich text): such a string is wrapped as one escaped rich-text run instead,
    which Excel shows as exactly the original text."""
    if text.startswith("<r>") and text.endswith("</r>"):
        return f'<r><t xml:space="preserve">{_xml_escape(text)}</t></r>'
    return text


def _cell_writer(ws, fmts: _Formats, column: XlsxColumn, protect: bool):  # noqa: ANN001, ANN202
    """A function writing one non-empty value of this column at (row, col)."""
    locked = column.locked or not protect
    write_string = ws.write_string
    write_number = ws.write_number
    quoted = fmts.get(None, locked=locked, quote=True)
    text_fmt = fmts.get(None, locked=locked)
    number_fmt = fmts.get(_KIND_FORMAT.get(column.kind), locked=locked)
    date_fmt = fmts.get(DATE_FORMAT, locked=locked)
    datetime_fmt = fmts.get(DATETIME_FORMAT, locked=locked)
    pence_fmt = fmts.get(MONEY_PENCE_FORMAT, locked=locked)
    kind = column.kind

    def put_text(r: int, c: int, v: str) -> None:
        if v[0] in FORMULA_START:
            write_string(r, c, _safe_text(v), quoted)
        elif v[0] == "<":
            write_string(r, c, _safe_text(v), text_fmt)
        else:
            write_string(r, c, v, text_fmt)

    def put_other(r: int, c: int, v: object) -> None:
        if isinstance(v, bool):
            write_string(r, c, "Yes" if v else "No", text_fmt)
        elif isinstance(v, int | float):
            if isinstance(v, float) and not math.isfinite(v):
                return
            if kind == "money":
                pounds = v / 100
                write_number(r, c, pounds, number_fmt if v % 100 == 0 else pence_fmt)
            else:
                write_number(r, c, v, number_fmt)
        elif isinstance(v, datetime):
            write_number(r, c, excel_serial(v), datetime_fmt if kind != "date" else date_fmt)
        elif isinstance(v, date):
            write_number(r, c, excel_serial(v), date_fmt)
        elif v != "":
            put_text(r, c, str(v))

    if kind == "text":

        def put(r: int, c: int, v: object) -> None:
            if v.__class__ is str:
                if v:
                    put_text(r, c, v)
            else:
                put_other(r, c, v)

        return put
    if kind in ("int", "number"):

        def put(r: int, c: int, v: object) -> None:
            if v.__class__ is int or v.__class__ is float:
                write_number(r, c, v, number_fmt)
            elif v.__class__ is str:
                if v:
                    put_text(r, c, v)
            else:
                put_other(r, c, v)

        return put
    if kind == "date":

        def put(r: int, c: int, v: object) -> None:
            if v.__class__ is date:
                write_number(r, c, v.toordinal() - _EXCEL_EPOCH_ORDINAL, date_fmt)
            elif v.__class__ is str:
                if v:
                    put_text(r, c, v)
            else:
                put_other(r, c, v)

        return put

    def put(r: int, c: int, v: object) -> None:
        if v.__class__ is str:
            if v:
                put_text(r, c, v)
        else:
            put_other(r, c, v)

    return put


def _mark_row(ws, fmts: _Formats, r: int, cells, marks) -> None:  # noqa: ANN001
    """Rewrite the pointed-out cells of sheet row ``r`` red, with their comments."""
    for c, value in cells:
        note = marks.get((r - 1, c))
        if note is None:
            continue
        if isinstance(value, bool | int | float) and not isinstance(value, bool):
            ws.write_number(r, c, value, fmts.marked)
        elif value is None or value == "":
            ws.write_blank(r, c, None, fmts.marked)
        else:
            ws.write_string(r, c, _safe_text(str(value)), fmts.marked)
        ws.write_comment(r, c, note[:32000], {"author": "SEND Desktop"})


def _fit_width(column: XlsxColumn, sample: Sequence[object]) -> float:
    if column.width is not None:
        return column.width
    longest = max((_display_length(v, column.kind) for v in sample), default=0)
    title = len(column.title) + 4  # room for the filter button
    return float(min(max(longest + 2, title, 6), 60))


def _add_validation(
    book: xlsxwriter.Workbook,
    ws,
    sheet: XlsxSheet,
    col: int,
    column: XlsxColumn,
    last: int,
    lists: list[tuple[str, ...]],
) -> None:  # noqa: ANN001
    options: dict[str, object] | None = None
    if column.choices:
        joined = ",".join(column.choices)
        if len(joined) <= _LIST_LIMIT and '"' not in joined:
            source: object = list(column.choices)
        else:
            lists.append(column.choices)
            n = len(lists) - 1
            letter = xlsxwriter.utility.xl_col_to_name(n)
            source = f"='_lists'!${letter}$1:${letter}${len(column.choices)}"
        options = {
            "validate": "list",
            "source": source,
            "error_title": column.title,
            "error_message": "Choose a value from the list.",
        }
    elif sheet.validate_types and column.kind in ("int", "money", "number"):
        options = {
            "validate": "integer" if column.kind == "int" else "decimal",
            "criteria": ">=",
            "value": 0,
            "error_title": column.title,
            "error_message": "Type a number (0 or more), without words or symbols.",
        }
    elif sheet.validate_types and column.kind in ("date", "datetime"):
        options = {
            "validate": "date",
            "criteria": "between",
            "minimum": date(1900, 1, 1),
            "maximum": date(2099, 12, 31),
            "error_title": column.title,
            "error_message": "Type a date as dd/mm/yyyy.",
        }
    if options is None and column.note is None:
        return
    if options is None:
        options = {"validate": "any"}
    if column.note:
        options["input_title"] = column.title[:32]
        options["input_message"] = column.note[:255]
    ws.data_validation(1, col, last, col, options)


def write_xlsx(
    path: Path,
    sheets: Sequence[XlsxSheet],
    *,
    title: str | None = None,
    author: str | None = None,
    subject: str | None = None,
    comments: str | None = None,
    defined_names: Mapping[str, str] | None = None,
    on_rows: Callable[[int], None] | None = None,
    password: str | None = None,
) -> Path:
    """Write ``sheets`` to ``path`` (via a temporary file beside it, then renamed).

    With a ``password`` the workbook is encrypted (Office's agile encryption, which Excel and
    LibreOffice ask the password for); the unencrypted copy exists only in this laptop's
    temporary folder while it is encrypted, never in the target folder.

    ``on_rows(done)`` is called every few thousand rows; it may raise (a cancel), and then
    nothing is left behind. ``defined_names`` maps a workbook name to a formula such as
    ``="text"`` or ``='Sheet'!$B$1``. Raises ``atomic.TargetError`` if the target's folder
    cannot take the file.
    """
    path = Path(path)
    props = {"title": title, "author": author, "subject": subject, "comments": comments}
    with atomic_path(path) as partial:
        if password:
            with tempfile.TemporaryDirectory(prefix="send-desktop-") as folder:
                plain = Path(folder) / "plain.xlsx"
                _write_file(plain, sheets, on_rows, props, defined_names)
                _encrypt(plain, partial, password)
        else:
            _write_file(partial, sheets, on_rows, props, defined_names)
    return path


def _encrypt(plain: Path, target: Path, password: str) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    with plain.open("rb") as source, target.open("wb") as out:
        OOXMLFile(source).encrypt(password, out)


def _write_file(
    target: Path,
    sheets: Sequence[XlsxSheet],
    on_rows: Callable[[int], None] | None,
    props: Mapping[str, str | None],
    defined_names: Mapping[str, str] | None,
) -> None:
    book = xlsxwriter.Workbook(
        str(target),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": DATE_FORMAT,
        },
    )
    try:
        _write_book(book, sheets, on_rows)
        book.set_properties({k: v for k, v in props.items() if v})
        for name, formula in (defined_names or {}).items():
            book.define_name(name, formula)
    finally:
        book.close()


def _write_book(
    book: xlsxwriter.Workbook,
    sheets: Sequence[XlsxSheet],
    on_rows: Callable[[int], None] | None,
) -> None:
    fmts = _Formats(book)
    lists: list[tuple[str, ...]] = []
    done_total = 0
    for sheet in sheets:
        ws = book.add_worksheet(sheet_name(sheet.name))
        rows = sheet.rows
        order = range(len(rows)) if sheet.order is None else sheet.order
        columns = list(sheet.columns)
        fields = list(range(len(columns))) if sheet.fields is None else list(sheet.fields)
        if len(fields) != len(columns):
            raise ValueError("one field index per column")
        count = min(len(order), _MAX_ROWS - 1)
        sample_idx = [order[i] for i in range(min(count, 300))]
        for c, column in enumerate(columns):
            sample = [rows[i][fields[c]] for i in sample_idx]
            locked = column.locked or not sheet.protect
            default = fmts.get(_KIND_FORMAT.get(column.kind), locked=locked)
            ws.set_column(c, c, _fit_width(column, sample), default)
        for c, column in enumerate(columns):
            ws.write_string(0, c, column.title, fmts.header)
        if sheet.freeze_header:
            ws.freeze_panes(1, 0)
            ws.repeat_rows(0)  # printed, every page starts with the header row
        writers = [
            (c, fields[c], _cell_writer(ws, fmts, column, sheet.protect))
            for c, column in enumerate(columns)
        ]
        marks = sheet.marks or {}
        marked_rows = {row for row, _col in marks}
        r = 0
        for r in range(1, count + 1):
            row = rows[order[r - 1]]
            for c, src, put in writers:
                v = row[src]
                if v is not None:
                    put(r, c, v)
            if r - 1 in marked_rows:
                _mark_row(ws, fmts, r, [(c, row[src]) for c, src, _put in writers], marks)
            if on_rows is not None and r % _ROWS_PER_REPORT == 0:
                on_rows(done_total + r)
        done_total += count
        last = max(count, sheet.validation_rows or 0, 1)
        for c, column in enumerate(columns):
            _add_validation(book, ws, sheet, c, column, min(last, _MAX_ROWS - 1), lists)
        if sheet.autofilter and columns:
            ws.autofilter(0, 0, max(count, 1), len(columns) - 1)
        if sheet.protect:
            ws.protect(
                "",
                {
                    "autofilter": True,
                    "sort": True,
                    "format_columns": True,
                    "format_rows": True,
                    "insert_rows": True,
                    "delete_rows": True,
                },
            )
        if sheet.hidden:
            ws.very_hidden()
    if lists:
        ws = book.add_worksheet("_lists")
        for c, choices in enumerate(lists):
            for r, choice in enumerate(choices):
                ws.write_string(r, c, _safe_text(choice))
        ws.very_hidden()
    if on_rows is not None:
        on_rows(done_total)
