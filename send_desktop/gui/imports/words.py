"""Plain words for the import screens: values, counts and times as a person reads them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol


class Counts(Protocol):
    new: int
    updated: int
    unchanged: int
    blank: int
    totals: int
    filtered: int

    @property
    def rejected(self) -> list: ...


def show_value(value: object) -> str:
    """A cell value as the preview shows it (UK dates, whole numbers without '.0')."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    text = str(value) if not isinstance(value, str) else value
    if text == "SUPPRESSED" and not isinstance(value, str):
        return "suppressed"
    return text


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def result_line(result: Counts, *, done: bool = True) -> str:
    """'Imported: 12 new, 3 updated, 40 unchanged, 2 rejected' (the command line's words)."""
    head = "Imported" if done else "Would import"
    return (
        f"{head}: {result.new:,} new, {result.updated:,} updated, "
        f"{result.unchanged:,} unchanged, {len(result.rejected):,} rejected"
    )


def skipped_line(result: Counts) -> str:
    """Rows that were neither imported nor rejected, or '' if there were none."""
    parts = []
    if result.blank:
        parts.append(plural(result.blank, "blank row"))
    if result.totals:
        parts.append(plural(result.totals, "totals row"))
    text = "Skipped " + " and ".join(parts) + "." if parts else ""
    if result.filtered:
        rows = plural(result.filtered, "row")
        text += f" Left out {rows} of other local authorities."
    return text.strip()


def local_time(moment: datetime | None) -> str:
    """A stored time (UTC) in the computer's own time zone, as 12/07/2024 14:03."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return f"{moment.astimezone():%d/%m/%Y %H:%M}"


# A file's name often says what it is (DfE and GIAS downloads keep their names).
_NAME_HINTS = (
    ("links_edubase", "gias-links"),
    ("edubase", "gias"),
    ("sen_school_level", "sen-school-level"),
    ("sen_school", "sen-school-level"),
)


def guess_kind(file_name: str) -> str | None:
    name = file_name.lower().replace("-", "_").replace(" ", "_")
    return next((kind for hint, kind in _NAME_HINTS if hint in name), None)
