"""Reading an import's file: the sheet, the header, the column placement, the clean rows."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from send_desktop.interchange.errors import FileRefusedError
from send_desktop.interchange.headers import HeaderMatch, find_header, place_columns
from send_desktop.interchange.kind import Kind, get_kind
from send_desktop.interchange.reader import Table, open_table
from send_desktop.interchange.rows import CHUNK, RejectedRow, RowParser
from send_desktop.interchange.values import BadValueError
from send_desktop.services import imports_profiles as profiles
from send_desktop.services.errors import ValidationError
from send_desktop.services.imports_model import ImportOptions, Source
from send_desktop.services.tasks import CancelToken, Progress
from send_desktop.storage.database import Database


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def kind_named(name: str) -> Kind:
    try:
        return get_kind(name)
    except KeyError as exc:
        raise ValidationError("kind", exc.args[0]) from None


def open_source(
    db: Database,
    path: Path,
    kind: Kind,
    sheet: str | None,
    mapping: Mapping[int, str | None] | None,
    header_row: int | None = None,
    on_checked: Callable[[], None] | None = None,
) -> Source:
    """Open the sheet and place its columns: remembered profile, then synonyms, then the
    person's own ``mapping`` (column index -> field, or None to leave a column out).

    ``header_row`` (the spreadsheet's row number) names the header when it cannot be found;
    ``on_checked()`` is called when the file has passed its safety checks (see ``open_table``).
    """
    path = Path(path)
    table = open_table(path, sheet, on_checked=on_checked)
    known = profiles.known_mapping(db, kind.name)
    if header_row is not None:
        index = header_row - table.first_row - 1
        head = table.head(max(index + 1, 1))
        if index < 0 or index >= len(head):
            raise ValidationError("header_row", f"Row {header_row} is not in the sheet.")
        columns, unplaced = place_columns(head[index], kind, known)
        header = HeaderMatch(index, [_cell_text(c) for c in head[index]], columns, unplaced)
    else:
        header = find_header(table.head(), kind, known)
    if header is None:
        examples = ", ".join(f.label for f in kind.fields[:4])
        raise FileRefusedError(
            path,
            "no-header",
            f"no header row found in the first 20 rows of sheet '{table.name}' "
            f"(looked for columns such as {examples}).",
        )
    exact = profiles.exact_mapping(db, kind.name, header.headers)
    profile = "exact" if exact is not None else ("partial" if known else None)
    columns = dict(header.columns)
    if exact is not None:
        columns, header.unplaced = place_columns(header.headers, kind, exact)
    if mapping:
        names = {f.name for f in kind.fields}
        for col, name in mapping.items():
            for other in [c for c, n in columns.items() if n == name or c == col]:
                del columns[other]
            if name is not None:
                if name not in names:
                    raise ValidationError("mapping", f"'{name}' is not a field of {kind.label}.")
                columns[col] = name
        header.unplaced = [c for c in header.unplaced if c not in mapping]
    header.columns = dict(sorted(columns.items()))
    header.missing = [n for n in kind.required if n not in columns.values()]
    return Source(
        path, kind, table, header, header.columns, _sha256(path), profile, first_col=table.first_col
    )


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _fixed_values(kind: Kind, options: ImportOptions) -> dict[str, object]:
    out = {}
    for name, text in options.fixed.items():
        try:
            f = kind.field(name)
        except KeyError:
            raise ValidationError(name, f"'{name}' is not a field of {kind.label}.") from None
        try:
            out[name] = f.parse(text)
        except BadValueError as exc:
            raise ValidationError(name, f"{f.label} {exc.reason}.") from None
    return out


def _filter_value(kind: Kind, options: ImportOptions) -> str | None:
    wanted = options.la_code if options.la_code is not None else kind.filter_default
    if wanted is None or str(wanted).strip().lower() in ("any", "all", ""):
        return None
    if kind.filter_field is None:
        raise ValidationError("la_code", f"{kind.label} files cannot be filtered by LA.")
    try:
        return kind.field(kind.filter_field).parse(wanted)
    except BadValueError as exc:
        raise ValidationError("la_code", f"LA code {exc.reason}.") from None


@dataclass
class Reading:
    """An opened source whose rows are still to be parsed, ``CHUNK`` at a time."""

    source: Source
    parser: RowParser
    rows: Iterator[list[object]]  # the data rows, below the header
    total: int  # how many there are (for CSV an estimate: for progress only)

    def chunks(self, sizes: Iterable[int] = ()) -> Iterator[int]:
        """Parse the rows a chunk at a time (first ``sizes``, then ``CHUNK`` each), yielding
        how many have been read so far after each."""
        sizes = iter(sizes)
        parser, rows = self.parser, self.rows
        done = 0
        while chunk := list(islice(rows, next(sizes, CHUNK))):
            parser.feed(chunk)
            done += len(chunk)
            yield done
        self.source.parsed = parser.out


def check_options(kind: str, options: ImportOptions) -> tuple[Kind, dict[str, object], str | None]:
    """The kind, the fixed values and the filter value, or ``ValidationError``."""
    k = kind_named(kind)
    return k, _fixed_values(k, options), _filter_value(k, options)


def open_reading(
    db: Database,
    *,
    path: Path,
    kind: Kind,
    fixed: dict[str, object],
    filter_value: str | None,
    sheet: str | None,
    mapping: Mapping[int, str | None] | None,
    options: ImportOptions,
    on_checked: Callable[[], None] | None = None,
) -> Reading:
    """Open the file, find the header and check it has what the import needs."""
    k = kind
    source = open_source(db, path, k, sheet, mapping, options.header_row, on_checked)
    header = source.header
    missing = [n for n in header.missing if n not in fixed]
    if missing:
        labels = ", ".join(_describe_field(k, n) for n in missing)
        raise FileRefusedError(
            source.path, "missing-columns", f"the header has no column for: {labels}."
        )
    if filter_value is not None and k.filter_field not in source.columns.values():
        label = k.field(k.filter_field).label
        raise FileRefusedError(
            source.path,
            "missing-columns",
            f"there is no {label} column to keep only LA {filter_value}; "
            "choose 'any' local authority to import every row.",
        )
    table = source.table
    columns = {c: n for c, n in source.columns.items() if n not in fixed}
    rows = table.rows()
    for _ in range(header.row_index + 1):
        next(rows, None)
    parser = RowParser(
        kind=k,
        sheet=table.name,
        headers=header.headers,
        columns=columns,
        first_number=table.first_row + header.row_index + 2,
        first_col=table.first_col,
        filter_value=filter_value,
        fixed=fixed,
    )
    source.parsed = parser.out
    source.filter_value = filter_value
    total = max(table.row_count - header.row_index - 1, 1)
    return Reading(source, parser, rows, total)


def read_source(
    db: Database,
    *,
    path: Path,
    kind: str,
    sheet: str | None,
    mapping: Mapping[int, str | None] | None,
    options: ImportOptions,
    progress: Progress,
    cancel: CancelToken | None,
) -> Source:
    """Open and parse the whole file (previews and dry runs)."""
    k, fixed, filter_value = check_options(kind, options)
    progress(0.0, "Checking and reading the file")
    reading = open_reading(
        db,
        path=path,
        kind=k,
        fixed=fixed,
        filter_value=filter_value,
        sheet=sheet,
        mapping=mapping,
        options=options,
    )
    progress(0.25, "Checking rows")
    for done in reading.chunks():
        if cancel:
            cancel.check()
        progress(0.25 + 0.35 * min(done / reading.total, 1.0), f"Checked {done:,} rows")
    return reading.source


def _describe_field(kind: Kind, name: str) -> str:
    f = kind.field(name)
    also = [s for s in f.synonyms[:2]]
    return f.label + (f" (or {' / '.join(repr(s) for s in also)})" if also else "")


def fill_cells(table: Table | None, rejected: list[RejectedRow]) -> None:
    """Give rows rejected after parsing their original cells (for the error report)."""
    wanted = {r.row: r for r in rejected if not r.cells}
    if not wanted or table is None:
        return
    last = max(wanted)
    for number, cells in enumerate(table.rows(), start=table.first_row + 1):
        if number in wanted:
            wanted[number].cells = list(cells)
        if number >= last:
            break
