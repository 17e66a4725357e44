"""Reading an import's file: the sheet, the header, the column placement, the clean rows."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from send_desktop.interchange.errors import FileRefusedError
from send_desktop.interchange.headers import HeaderMatch, find_header, place_columns
from send_desktop.interchange.kind import Kind, get_kind
from send_desktop.interchange.reader import open_table
from send_desktop.interchange.rows import parse_rows
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
) -> Source:
    """Open the sheet and place its columns: remembered profile, then synonyms, then the
    person's own ``mapping`` (column index -> field, or None to leave a column out).

    ``header_row`` (the spreadsheet's row number) names the header when it cannot be found.
    """
    path = Path(path)
    table = open_table(path, sheet)
    with db.reader() as session:
        known = profiles.known_mapping(session, kind.name)
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
        exact = profiles.exact_mapping(session, kind.name, header.headers)
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
    k = kind_named(kind)
    fixed = _fixed_values(k, options)
    filter_value = _filter_value(k, options)
    progress(0.0, "Checking and reading the file")
    source = open_source(db, path, k, sheet, mapping, options.header_row)
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
    total = max(table.row_count - header.row_index - 1, 1)
    rows = table.rows()
    for _ in range(header.row_index + 1):
        next(rows, None)

    def on_chunk(done: int) -> None:
        if cancel:
            cancel.check()
        progress(0.25 + 0.35 * min(done / total, 1.0), f"Checked {done:,} rows")

    progress(0.25, "Checking rows")
    source.parsed = parse_rows(
        rows,
        kind=k,
        sheet=table.name,
        headers=header.headers,
        columns=columns,
        first_number=table.first_row + header.row_index + 2,
        first_col=table.first_col,
        filter_value=filter_value,
        fixed=fixed,
        on_chunk=on_chunk,
    )
    source.filter_value = filter_value
    return source


def _describe_field(kind: Kind, name: str) -> str:
    f = kind.field(name)
    also = [s for s in f.synonyms[:2]]
    return f.label + (f" (or {' / '.join(repr(s) for s in also)})" if also else "")
