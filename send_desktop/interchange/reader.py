"""Opening a spreadsheet file and handing out its rows.

Workbooks (.xlsx, .xlsm, .ods, and old .xls where possible) are read with python-calamine,
CSV files with the csv module after working out the encoding (UTF-8 with or without BOM,
UTF-16 from Excel's "Unicode text", else Windows-1252) and the delimiter. ``safety.identify``
runs first, so calamine never sees a zip bomb or a damaged archive.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine as calamine

from send_desktop.interchange import safety
from send_desktop.interchange.errors import FileRefusedError

_SNIFF_BYTES = 64 * 1024
_DELIMITERS = ",;\t|"


@dataclass
class Table:
    """One sheet's cells. ``rows()`` starts again from the top each time it is called."""

    name: str
    sheet_names: tuple[str, ...]
    first_row: int = 0  # spreadsheet row index (0-based) of the first row given
    first_col: int = 0
    row_count: int = 0  # rows given (for CSV: an estimate, for progress only)
    _sheet: object | None = None
    _text: str | None = None
    _delimiter: str = ","
    encoding: str | None = None
    _head: list[list[object]] = field(default_factory=list)

    def rows(self) -> Iterator[list[object]]:
        if self._sheet is not None:
            return iter(self._sheet.iter_rows())
        return csv.reader(_lines(self._text or ""), delimiter=self._delimiter)

    def head(self, count: int = 20) -> list[list[object]]:
        """The first ``count`` rows (for finding the header)."""
        if len(self._head) < count:
            rows = self.rows()
            self._head = [row for _, row in zip(range(count), rows, strict=False)]
        return self._head[:count]


def _lines(text: str) -> Iterator[str]:
    """Lines with their endings, cut lazily (io.StringIO would copy the text at 4 bytes a
    character: 240 MB for a 60 MB national GIAS file)."""
    if "\n" not in text:
        text = text.replace("\r", "\n")  # old Mac line ends
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        end = size if end < 0 else end + 1
        yield text[start:end]
        start = end


def open_table(
    path: Path, sheet: str | None = None, *, on_checked: Callable[[], None] | None = None
) -> Table:
    """The chosen sheet (default: the first with data) of the file at ``path``.

    Raises ``FileRefusedError`` for anything that is not a readable, non-empty spreadsheet.
    ``on_checked()`` is called once the file has passed ``safety.identify``, before it is
    parsed (a caller can start other work then).
    """
    path = Path(path)
    kind = safety.identify(path)
    if on_checked is not None:
        on_checked()
    if kind == "text":
        return _open_csv(path, sheet)
    return _open_workbook(path, sheet, old_xls=(kind == "xls"))


def _open_workbook(path: Path, sheet: str | None, *, old_xls: bool) -> Table:
    try:
        with open(path, "rb") as fh:
            book = calamine.CalamineWorkbook.from_filelike(fh)
        try:
            names = tuple(
                m.name for m in book.sheets_metadata if m.typ == calamine.SheetTypeEnum.WorkSheet
            )
            if sheet is not None:
                if sheet not in book.sheet_names:
                    raise FileRefusedError(
                        path,
                        "no-sheet",
                        f"there is no sheet called '{sheet}'. Its sheets are: "
                        + ", ".join(f"'{n}'" for n in book.sheet_names)
                        + ".",
                    )
                chosen = book.get_sheet_by_name(sheet)
                if not _has_data(chosen):
                    raise FileRefusedError(path, "empty", f"the sheet '{sheet}' is empty.")
            else:
                chosen = next(
                    (s for s in (book.get_sheet_by_name(n) for n in names) if _has_data(s)), None
                )
                if chosen is None:
                    raise FileRefusedError(path, "empty", "the workbook has no data in any sheet.")
        finally:
            book.close()
    except calamine.PasswordError as exc:
        raise FileRefusedError(path, "password", "the file is protected by a password.") from exc
    except calamine.CalamineError as exc:
        if old_xls:
            raise FileRefusedError(
                path,
                "old-xls",
                "this old-style Excel (.xls) file could not be read. Open it in Excel, save it "
                "as an Excel Workbook (.xlsx), and import that.",
            ) from exc
        raise FileRefusedError(
            path, "corrupt", f"the file is damaged and cannot be read ({_short(exc)})."
        ) from exc
    start, end = chosen.start or (0, 0), chosen.end or (0, 0)
    # calamine's iter_rows() starts at the sheet's first row (blank rows above the data
    # included) but at the first used column; a test with data starting at C3 guards this.
    return Table(
        name=chosen.name,
        sheet_names=names,
        first_row=0,
        first_col=start[1],
        row_count=end[0] + 1,
        _sheet=chosen,
    )


def _has_data(sheet: calamine.CalamineSheet) -> bool:
    if sheet.height == 0 or sheet.width == 0:
        return False
    return any(
        c not in ("", None) for row in sheet.iter_rows() for c in row
    )  # stops at the first value


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: BOMs first, then UTF-8, then Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(sample: str) -> str:
    """The delimiter of a CSV sample: csv.Sniffer among , ; tab |, else the most regular one."""
    lines = [line for line in sample.splitlines()[:30] if line.strip()]
    if not lines:
        return ","
    try:
        found = csv.Sniffer().sniff("\n".join(lines), delimiters=_DELIMITERS).delimiter
        if found in _DELIMITERS:
            return found
    except csv.Error:
        pass

    def score(delim: str) -> tuple[int, int]:
        counts = [line.count(delim) for line in lines]
        return min(counts), sum(counts)

    best = max(_DELIMITERS, key=score)
    return best if score(best)[1] else ","


def _open_csv(path: Path, sheet: str | None) -> Table:
    data = path.read_bytes()
    text, encoding = decode(data)
    text = text.replace("\x00", "")
    if not text.strip(" \t\r\n,;|"):
        raise FileRefusedError(path, "empty", "the file has no data in it.")
    delimiter = sniff_delimiter(text[:_SNIFF_BYTES])
    name = path.stem
    if sheet is not None and sheet != name:
        raise FileRefusedError(
            path, "no-sheet", f"a CSV file has one sheet, '{name}'; there is no sheet '{sheet}'."
        )
    return Table(
        name=name,
        sheet_names=(name,),
        row_count=text.count("\n") + 1,
        _text=text,
        _delimiter=delimiter,
        encoding=encoding,
    )
