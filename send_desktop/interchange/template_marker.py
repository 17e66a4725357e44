"""The hidden marker a return template carries, so a returned file is known on sight.

A template workbook has a very hidden sheet ``_send_template`` (Excel's Unhide does not list
it) holding, one per row under a Key/Value header:

    template_id   settings-return
    version       1
    kind          settings            (the import kind the return is read as)
    sheet         Return              (the sheet the school fills in)
    header_row    1                   (the spreadsheet row of the header)
    field:URN     urn                 (one row per column: header text -> field)

and two workbook names, ``SEND_TEMPLATE_ID`` and ``SEND_TEMPLATE_VERSION``, pointing at the
first two values (for anyone looking from Excel's Name Manager). The header texts are the
kind's own field labels, so the import engine places every column exactly even without
reading the marker; ``read_marker`` lets it go further (skip the header search, refuse a
template of another kind, and follow columns a school moved).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MARKER_SHEET = "_send_template"
ID_NAME = "SEND_TEMPLATE_ID"
VERSION_NAME = "SEND_TEMPLATE_VERSION"
_FIELD = "field:"


@dataclass(frozen=True)
class TemplateMarker:
    template_id: str
    version: int
    kind: str
    sheet: str
    header_row: int
    fields: tuple[tuple[str, str], ...]  # (header text, field name), in column order

    def rows(self) -> list[tuple[str, str]]:
        """The marker sheet's rows (below its Key/Value header)."""
        return [
            ("template_id", self.template_id),
            ("version", str(self.version)),
            ("kind", self.kind),
            ("sheet", self.sheet),
            ("header_row", str(self.header_row)),
            *[(_FIELD + header, name) for header, name in self.fields],
        ]

    def defined_names(self) -> dict[str, str]:
        sheet = f"'{MARKER_SHEET}'"
        return {ID_NAME: f"={sheet}!$B$2", VERSION_NAME: f"={sheet}!$B$3"}

    def mapping_for(self, headers: list[str]) -> dict[int, str]:
        """Column index -> field for a header row as found in the returned file (columns
        matched by their text, so a moved column still lands on its field)."""
        wanted = {header.strip().casefold(): name for header, name in self.fields}
        return {
            i: wanted[h.strip().casefold()]
            for i, h in enumerate(headers)
            if h and h.strip().casefold() in wanted
        }


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def read_marker(path: Path) -> TemplateMarker | None:
    """The marker of a returned template, or None for any other file (CSV, no marker, a
    damaged marker). Never raises for a bad file: the import's own checks report those."""
    import python_calamine as calamine

    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
    except Exception:  # noqa: BLE001 - not a workbook calamine can open: no marker
        return None
    try:
        if MARKER_SHEET not in book.sheet_names:
            return None
        rows = book.get_sheet_by_name(MARKER_SHEET).to_python()
    except Exception:  # noqa: BLE001
        return None
    finally:
        book.close()
    values: dict[str, str] = {}
    fields: list[tuple[str, str]] = []
    for row in rows[1:]:
        if len(row) < 2:
            continue
        key, value = _text(row[0]), _text(row[1])
        if key.startswith(_FIELD):
            fields.append((key[len(_FIELD) :], value))
        elif key:
            values[key] = value
    try:
        return TemplateMarker(
            template_id=values["template_id"],
            version=int(values["version"]),
            kind=values["kind"],
            sheet=values["sheet"],
            header_row=int(values.get("header_row", "1")),
            fields=tuple(fields),
        )
    except (KeyError, ValueError):
        return None
