"""Finding the header row and placing its columns onto a kind's fields."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from send_desktop.interchange.kind import Kind

HEADER_SEARCH_ROWS = 20


def normalise_header(value: object) -> str:
    """'School URN', 'school_urn' and 'SCHOOL-URN ' all become 'schoolurn'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).lower().replace("&", "and")
    return re.sub(r"[^a-z0-9]+", "", text)


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class HeaderMatch:
    row_index: int  # index of the header in the rows searched (0-based)
    headers: list[str]  # header cell texts as written, one per column
    columns: dict[int, str]  # column index -> field name
    unplaced: list[int] = field(default_factory=list)  # titled columns no field took
    missing: list[str] = field(default_factory=list)  # required fields with no column

    @property
    def field_columns(self) -> dict[str, int]:
        return {name: col for col, name in self.columns.items()}


def _vocabulary(kind: Kind) -> dict[str, tuple[str, int]]:
    """Normalised spelling -> (field, rank); a lower rank is a closer match."""
    words: dict[str, tuple[str, int]] = {}
    for f in kind.fields:
        spellings = f.synonyms if f.synonyms_only else (f.name, f.label, *f.synonyms)
        for rank, spelling in enumerate(spellings):
            key = normalise_header(spelling)
            if key and key not in words:
                words[key] = (f.name, rank)
    return words


def place_columns(
    headers: Sequence[object], kind: Kind, known: Mapping[str, str | None] | None = None
) -> tuple[dict[int, str], list[int]]:
    """Columns placed onto fields, and the titled columns left over.

    ``known`` (from a remembered profile) maps a normalised header to a field, or to None for
    a column the person chose to ignore; it wins over the kind's own synonyms.
    """
    known = known or {}
    vocab = _vocabulary(kind)
    field_names = {f.name for f in kind.fields}
    best: dict[str, tuple[int, int]] = {}  # field -> (rank, column)
    ignored: set[int] = set()
    for col, cell in enumerate(headers):
        key = normalise_header(cell)
        if not key:
            continue
        if rest_skipped(kind, cell):  # personal details: never placed, even if remembered
            ignored.add(col)
            continue
        if key in known:
            target = known[key]
            if target is None or target not in field_names:
                ignored.add(col)
                continue
            candidate = (target, -1)
        elif key in vocab:
            candidate = vocab[key]
        else:
            continue
        name, rank = candidate
        if name not in best or rank < best[name][0]:
            best[name] = (rank, col)
    columns = {col: name for name, (_rank, col) in best.items()}
    unplaced = [
        col
        for col, cell in enumerate(headers)
        if normalise_header(cell) and col not in columns and col not in ignored
    ]
    if kind.rest:  # every other column is taken as it is (e.g. one per question)
        unplaced = sorted(col for col in ignored if rest_skipped(kind, headers[col]))
    return dict(sorted(columns.items())), unplaced


def rest_skipped(kind: Kind, header: object) -> bool:
    """True for a column a kind's ``rest`` must not take (personal details)."""
    key = normalise_header(header)
    return bool(key) and any(key == normalise_header(h) for h in kind.rest_skips)


def find_header(
    rows: Sequence[Sequence[object]],
    kind: Kind,
    known: Mapping[str, str | None] | None = None,
) -> HeaderMatch | None:
    """The row among the first 20 that names the most fields; None if none names two.

    Title rows, merged banners and blank rows above the header are passed over.
    """
    need = 1 if len(kind.fields) < 2 or kind.rest else 2  # rest: a URN and the questions
    best: HeaderMatch | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns, unplaced = place_columns(row, kind, known)
        if len(columns) < need:
            continue
        if best is None or len(columns) > len(best.columns):
            headers = ["" if c is None else str(c).strip() for c in row]
            best = HeaderMatch(index, headers, columns, unplaced)
    if best is not None:
        placed = set(best.columns.values())
        best.missing = [name for name in kind.required if name not in placed]
    return best
