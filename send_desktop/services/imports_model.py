"""What the import use cases take and return (plain data for the wizard and the CLI)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from send_desktop.interchange.headers import HeaderMatch
from send_desktop.interchange.kind import Kind
from send_desktop.interchange.reader import Table
from send_desktop.interchange.rows import ParsedRows, RejectedRow
from send_desktop.services.imports_plan import Plan


@dataclass(frozen=True)
class ImportOptions:
    """``la_code``: keep rows of this local authority (None: the kind's default, e.g. 931 for
    GIAS; "any": keep all). ``fixed``: values for fields the file has no column for, as
    typed (e.g. ``{"year": "2023/24"}``). ``header_row``: the header's row number, when it
    cannot be found by itself."""

    la_code: str | None = None
    fixed: Mapping[str, str] = field(default_factory=dict)
    header_row: int | None = None


@dataclass(frozen=True)
class FieldInfo:
    name: str
    label: str
    required: bool


@dataclass(frozen=True)
class KindInfo:
    name: str
    label: str
    description: str
    fields: tuple[FieldInfo, ...]


@dataclass
class Inspection:
    """What the mapping step shows: the header found and where each column goes."""

    path: Path
    kind: str
    sheet: str
    sheet_names: tuple[str, ...]
    header_row: int  # spreadsheet row number of the header
    headers: list[tuple[str, str]]  # (column letter, header text)
    columns: dict[int, str]  # column index -> field
    unplaced: list[int]  # titled columns nothing was placed on: ask about these
    missing: list[str]  # required fields without a column: ask about these
    profile: str | None  # "exact" (this template seen before), "partial" or None
    sha256: str
    imported_before: list[BatchInfo]


@dataclass(frozen=True)
class BatchInfo:
    id: str
    kind: str
    file_name: str
    sheet: str | None
    at: datetime
    user: str
    new: int
    updated: int
    unchanged: int
    rejected: int
    undone_at: datetime | None


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: object
    new: object


@dataclass(frozen=True)
class RowChange:
    row: int
    status: str  # "new" or "changed"
    label: str
    record_id: str | None
    changes: tuple[FieldChange, ...]
    note: str | None


@dataclass
class Source:
    path: Path
    kind: Kind
    table: Table | None
    header: HeaderMatch
    columns: dict[int, str]
    sha256: str
    profile: str | None
    parsed: ParsedRows | None = None
    filter_value: str | None = None
    first_col: int = 0  # sheet column of the table's first column (kept when table is dropped)


@dataclass
class ImportResult:
    """What an import did (or, for a preview or dry run, would do)."""

    kind: str
    file_name: str
    sheet: str
    sha256: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    review: list[tuple[int, str, str]] = field(default_factory=list)  # (row, label, note)
    blank: int = 0
    totals: int = 0
    filtered: int = 0
    batch_id: str | None = None
    written: bool = False
    headers: list[str] = field(default_factory=list)
    first_col: int = 0

    def summary_line(self) -> str:
        return (
            f"imported: {self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.rejected)} rejected"
        )


@dataclass
class Preview(ImportResult):
    """A result computed without writing, plus the rows themselves for the wizard."""

    _source: Source | None = None
    _plan: Plan | None = None

    def changed_rows(self) -> list[RowChange]:
        return self._rows("changed")

    def new_rows(self) -> list[RowChange]:
        return self._rows("new")

    def _rows(self, status: str) -> list[RowChange]:
        plan, source = self._plan, self._source
        if plan is None or source is None:
            return []
        parsed, kind = source.parsed, source.kind
        notes = plan.resolved.notes
        from send_desktop.services.imports_targets import TARGETS

        labels = {f.name: f.label for f in kind.fields}
        # a flag column spelled by its target (intake's 'suppressed') reads as 'count_suppressed'
        flags = getattr(TARGETS[kind.target], "flags", None) or {}
        shown = {column: f"{name}_suppressed" for name, column in flags.items()}
        out = []
        if status == "new":
            for i in plan.new:
                changes = tuple(
                    FieldChange(shown.get(c, c), labels.get(c, c), None, plan.value(c, i))
                    for c in plan.columns
                    if plan.value(c, i) is not None
                )
                out.append(
                    RowChange(
                        parsed.numbers[i],
                        "new",
                        plan.resolved.labels[i],
                        None,
                        changes,
                        notes.get(i),
                    )
                )
        else:
            for ch in plan.changed:
                changes = tuple(
                    FieldChange(shown.get(c, c), labels.get(c, c), old, new)
                    for c, (old, new) in ch.fields.items()
                )
                out.append(
                    RowChange(
                        parsed.numbers[ch.index],
                        "changed",
                        plan.resolved.labels[ch.index],
                        ch.record_id,
                        changes,
                        notes.get(ch.index),
                    )
                )
        return out


@dataclass(frozen=True)
class UndoResult:
    batch_id: str
    deleted: int
    restored: int
