"""Turning a sheet's rows into clean values, field by field, with every problem recorded.

Work is done a chunk of rows at a time, column by column (``map`` over a column is several
times faster than a loop per cell); a chunk-column with a bad value is redone cell by cell
to record which cells. Blank rows, totals rows and rows outside the chosen filter (e.g.
another local authority) are skipped and counted; they are not problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from send_desktop.interchange.headers import column_letter, rest_skipped
from send_desktop.interchange.kind import Kind
from send_desktop.interchange.values import BadValueError, Parser, column_parser

CHUNK = 5000
_TOTALS = re.compile(r"^(grand |sub[- ]?|overall )?totals?( for .*| \(.*\))?:?$", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    column: int | None  # sheet column index (0-based), None for a whole-row problem
    header: str
    value: object
    reason: str

    @property
    def letter(self) -> str:
        return column_letter(self.column) if self.column is not None else ""


@dataclass
class RejectedRow:
    sheet: str
    row: int  # spreadsheet row number (1-based, as Excel shows it)
    problems: list[Problem]
    cells: list[object]  # the row as read, for the error report ([] until filled in)

    def describe(self) -> str:
        """One line: sheet, row, then each problem's column, value and reason."""
        parts = []
        for p in self.problems:
            where = f"column {p.letter} ({p.header})" if p.letter else "row"
            parts.append(f"{where}, value {_show(p.value)}: {p.reason}")
        return f'sheet "{self.sheet}", row {self.row}, ' + "; ".join(parts)


def _show(value: object) -> str:
    text = "" if value is None else as_display(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return '"' + text.replace('"', "'") + '"'


def as_display(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class ParsedRows:
    """Accepted rows as columns (``values[field][i]`` belongs to ``numbers[i]``)."""

    sheet: str
    fields: list[str]
    numbers: list[int] = field(default_factory=list)
    values: dict[str, list[object]] = field(default_factory=dict)
    rejected: list[RejectedRow] = field(default_factory=list)
    blank: int = 0
    totals: int = 0
    filtered: int = 0

    def __len__(self) -> int:
        return len(self.numbers)

    def row(self, i: int) -> dict[str, object]:
        return {name: self.values[name][i] for name in self.fields}

    def reject(self, indexes: dict[int, list[Problem]]) -> None:
        """Move accepted rows (by position) to the rejected list."""
        if not indexes:
            return
        keep = [i for i in range(len(self.numbers)) if i not in indexes]
        for i, problems in sorted(indexes.items()):
            self.rejected.append(RejectedRow(self.sheet, self.numbers[i], problems, []))
        self.rejected.sort(key=lambda r: r.row)
        self.numbers = [self.numbers[i] for i in keep]
        for name in self.fields:
            column = self.values[name]
            self.values[name] = [column[i] for i in keep]


def _parse_column(raw: list[object], parse: Parser) -> tuple[list[object], dict[int, str]]:
    """Parse one column of a chunk: a column with few distinct values parses each once; else
    the parser's column-wise fast path (see ``values``); else cell by cell."""
    try:
        # A glance at the first cells spares building the set for a column of unique values.
        distinct = set(raw) if len(set(raw[:64])) <= 48 else raw
        if len(distinct) * 2 < len(raw) and bool not in set(map(type, distinct)):
            # bool is left out because True == 1 would share one dictionary entry.
            done = {value: parse(value) for value in distinct}
            return list(map(done.__getitem__, raw)), {}
        column = column_parser(parse)
        if column is not None:
            out = column(raw)
            if out is not None:
                return out, {}
        return list(map(parse, raw)), {}
    except BadValueError:
        pass
    out: list[object] = []
    bad: dict[int, str] = {}
    for i, value in enumerate(raw):
        try:
            out.append(parse(value))
        except BadValueError as exc:
            out.append(None)
            bad[i] = exc.reason
    return out, bad


def _rest_values(cells: list[object], rest: list[tuple[int, str]]) -> dict[str, object] | None:
    """{header: value} of the row's other columns (blank cells left out), None if all blank.
    Texts are trimmed; whole numbers read as floats become ints."""
    out: dict[str, object] = {}
    for col, header in rest:
        value = cells[col]
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        out[header] = value if isinstance(value, int | float | str) else str(value)
    return out or None


def _is_totals(cells: list[object]) -> bool:
    """A row whose first text is 'Total', 'Grand total', 'Totals for ...' and the like."""
    for cell in cells:
        if isinstance(cell, str) and cell.strip():
            return bool(_TOTALS.match(cell.strip()))
    return False


class RowParser:
    """Parses a sheet's data rows a chunk at a time into one ``ParsedRows`` (``out``).

    ``columns`` maps column index -> field name; ``fixed`` gives values for fields that have
    no column. ``first_number`` is the spreadsheet row number of the first row fed.
    """

    def __init__(
        self,
        *,
        kind: Kind,
        sheet: str,
        headers: list[str],
        columns: dict[int, str],
        first_number: int,
        first_col: int = 0,
        filter_value: str | None = None,
        fixed: dict[str, object] | None = None,
    ) -> None:
        self.fixed = dict(fixed or {})
        fields = [f for f in kind.fields if f.name in columns.values() or f.name in self.fixed]
        names = [f.name for f in fields]
        self.field_col = {name: col for col, name in columns.items()}
        self.kind = kind
        self.sheet = sheet
        self.headers = headers
        self.first_col = first_col
        self.placed = [(f, self.field_col[f.name]) for f in fields if f.name in self.field_col]
        self.filter_value = filter_value
        self.required = [f.name for f in fields if f.required]
        # the kind's ``rest`` field: every other titled column, by its header
        self.rest: list[tuple[int, str]] = []
        if kind.rest and kind.rest not in names:
            taken = set(columns)
            self.rest = [
                (c, str(h).strip())
                for c, h in enumerate(headers)
                if c not in taken and h is not None and str(h).strip() and not rest_skipped(kind, h)
            ]
            names.append(kind.rest)
        self.width = max([*self.field_col.values(), *(c for c, _ in self.rest)], default=0) + 1
        self.number = first_number
        self.out = ParsedRows(sheet=sheet, fields=names, values={n: [] for n in names})

    def where(self, name: str) -> tuple[int | None, str]:
        """Sheet column index and header text of a field's column."""
        col = self.field_col.get(name)
        if col is None:
            return None, ""
        return self.first_col + col, _header(self.headers, col)

    def feed(self, chunk: list[list[object]]) -> None:
        """Parse the next rows (as read, below the previous ones) onto ``out``."""
        if not chunk:
            return
        width = self.width
        if min(map(len, chunk)) < width:
            pad = [""] * width
            chunk = [r if len(r) >= width else list(r) + pad[len(r) :] for r in chunk]
        self._parse_chunk(chunk)
        self.number += len(chunk)

    def _parse_chunk(self, chunk: list[list[object]]) -> None:  # noqa: C901 - one pass, in order
        n, number, out, kind = len(chunk), self.number, self.out, self.kind
        parsed: dict[str, list[object]] = {}
        bad: dict[int, list[Problem]] = {}
        for f, col in self.placed:
            raw = [r[col] for r in chunk]
            parsed[f.name], problems = _parse_column(raw, f.parse)
            for i, reason in problems.items():
                where, header = self.where(f.name)
                bad.setdefault(i, []).append(Problem(where, header, raw[i], f"{f.label} {reason}"))
        for name, value in self.fixed.items():
            parsed[name] = [value] * n
        if self.rest:
            parsed[kind.rest] = [_rest_values(r, self.rest) for r in chunk]
        # Blank rows: nothing in any placed column (none when a column is full).
        lists = [parsed[f.name] for f, _ in self.placed]
        skip: set[int] = set()
        if all(None in values for values in lists):
            empty = (None,) * len(lists)
            skip = {i for i, values in enumerate(zip(*lists, strict=True)) if values == empty}
            skip -= bad.keys()
            out.blank += len(skip)
        # Rows the kind skips when one field is empty (e.g. an unmarked sign-in row).
        unmarked = kind.skip_when_empty
        if unmarked and unmarked in parsed and None in parsed[unmarked]:
            where, _ = self.where(unmarked)
            for i, value in enumerate(parsed[unmarked]):
                if value is None and i not in skip and not _has_problem(bad, i, where):
                    skip.add(i)
                    out.blank += 1
                    bad.pop(i, None)
        # Totals rows: no key value and a first text like 'Total'.
        key = kind.match_key[0] if kind.match_key else None
        keys = parsed.get(key)
        if keys is None:
            maybe: range | list[int] = range(n)
        else:
            maybe = [i for i, v in enumerate(keys) if v is None] if None in keys else []
        for i in maybe:
            if i not in skip and _is_totals(chunk[i]):
                skip.add(i)
                out.totals += 1
                bad.pop(i, None)
        # Rows of another local authority (or whatever the kind filters on).
        name = kind.filter_field
        if self.filter_value is not None and name in parsed:
            where, _ = self.where(name)
            wanted = self.filter_value
            values = parsed[name]
            if values.count(wanted) != n:
                for i, value in enumerate(values):
                    if value != wanted and i not in skip and not _has_problem(bad, i, where):
                        skip.add(i)
                        out.filtered += 1
                        bad.pop(i, None)
        for name in self.required:
            values = parsed[name]
            if None not in values:
                continue
            where, header = self.where(name)
            label = kind.field(name).label
            for i in [i for i, v in enumerate(values) if v is None]:
                if i not in skip and not _has_problem(bad, i, where):
                    bad.setdefault(i, []).append(Problem(where, header, "", f"{label} is empty"))
        for check in kind.row_checks:
            if not all(name in parsed for name in check.fields):
                continue
            columns = [parsed[name] for name in check.fields]
            if check.needs_values and any(values.count(None) == n for values in columns):
                continue  # a field empty on every row: nothing to check
            where, header = self.where(check.field)
            for i, args in enumerate(zip(*columns, strict=True)):
                if i in skip or i in bad or (check.needs_values and None in args):
                    continue
                reason = check.check(*args)
                if reason:
                    value = chunk[i][where - self.first_col] if where is not None else ""
                    bad[i] = [Problem(where, header, value, reason)]
        if not bad and not skip:
            out.numbers.extend(range(number, number + n))
            for name in out.fields:
                out.values[name].extend(parsed[name])
            return
        accepted = [i for i in range(n) if i not in bad and i not in skip]
        out.numbers.extend(number + i for i in accepted)
        for name in out.fields:
            column = parsed[name]
            out.values[name].extend([column[i] for i in accepted])
        for i in sorted(bad):
            problems = sorted(bad[i], key=lambda p: -1 if p.column is None else p.column)
            out.rejected.append(RejectedRow(self.sheet, number + i, problems, list(chunk[i])))


def parse_rows(
    rows: Iterator[list[object]],
    *,
    kind: Kind,
    sheet: str,
    headers: list[str],
    columns: dict[int, str],
    first_number: int,
    first_col: int = 0,
    filter_value: str | None = None,
    fixed: dict[str, object] | None = None,
    on_chunk: Callable[[int], None] | None = None,
) -> ParsedRows:
    """Parse data rows (those below the header). ``first_number`` is the first one's row number.

    ``columns`` maps column index -> field name; ``fixed`` gives values for fields that have no
    column. ``on_chunk(rows_done)`` is called between chunks (progress and cancel).
    """
    parser = RowParser(
        kind=kind,
        sheet=sheet,
        headers=headers,
        columns=columns,
        first_number=first_number,
        first_col=first_col,
        filter_value=filter_value,
        fixed=fixed,
    )
    while chunk := list(islice(rows, CHUNK)):
        parser.feed(chunk)
        if on_chunk:
            on_chunk(parser.number - first_number)
    return parser.out


def _has_problem(bad: dict[int, list[Problem]], i: int, column: int | None) -> bool:
    return column is not None and any(p.column == column for p in bad.get(i, []))


def _header(headers: list[str], col: int | None) -> str:
    if col is None or col >= len(headers):
        return ""
    return headers[col] or column_letter(col)
