"""The wizard's jobs: plain functions of ``(progress, cancel)`` for the task runner.

No Qt here. Each job calls the import services through the module (``imports.x``), so a
test can stand in for one of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from send_desktop.gui.imports.words import show_value
from send_desktop.services import imports
from send_desktop.services.imports import ImportOptions, ImportResult, Inspection, Preview
from send_desktop.services.imports_model import RowChange, UndoResult
from send_desktop.services.tasks import CancelToken, Progress, scaled
from send_desktop.storage.database import Database

SAMPLE_ROWS = 3


@dataclass
class Inspected:
    inspection: Inspection
    samples: dict[int, list[str]]  # column index -> the first few values under the header


@dataclass
class PreviewTables:
    """A preview with its rows laid out for the tables (built here, off the UI thread)."""

    preview: Preview
    new: list[RowChange]
    changes: list[tuple[RowChange, str, object, object]]  # (row, field label, old, new)
    problems: list[tuple[object, object]]  # (RejectedRow, Problem or None)
    fields: list[tuple[str, str]]  # (field, label) of the kind's fields the new rows have


SUPPRESSED = "suppressed"  # a DfE figure that exists but was not published


def readable(row: RowChange, fields: Mapping[str, str]) -> list[tuple[str, object, object]]:
    """(label, old, new) for each of the kind's own fields in a row's changes.

    A target's own columns (record ids, the source note) are left out: the row's label
    says which record it is. A DfE figure stored as a number plus a ``_suppressed`` flag
    is shown as one value, the word "suppressed" where the flag is set.
    """
    by_field = {c.field: c for c in row.changes}
    out = []
    for name, label in fields.items():
        change, flag = by_field.get(name), by_field.get(name + "_suppressed")
        if change is None and flag is None:
            continue
        old = change.old if change else None
        new = change.new if change else None
        if flag is not None:
            old = SUPPRESSED if flag.old else old
            new = SUPPRESSED if flag.new else new
        out.append((label, old, new))
    return out


def inspect(
    db: Database,
    *,
    path: Path,
    kind: str,
    sheet: str | None = None,
    header_row: int | None = None,
    progress: Progress,
    cancel: CancelToken,
) -> Inspected:
    progress(0.0, "Reading the top of the file")
    inspection = imports.inspect_file(db, path=path, kind=kind, sheet=sheet, header_row=header_row)
    cancel.check()
    progress(0.6, "Collecting examples of each column")
    samples = _samples(path, inspection)
    cancel.check()
    progress(1.0, "")
    return Inspected(inspection, samples)


def _samples(path: Path, inspection: Inspection) -> dict[int, list[str]]:
    """A few values under each heading, to help choose where a column goes.

    The file is opened a second time for this (``Inspection`` does not carry them); a file
    that cannot be read again simply shows no examples.
    """
    from send_desktop.interchange.reader import open_table

    try:
        table = open_table(path, inspection.sheet)
        index = inspection.header_row - table.first_row - 1
        rows = table.head(index + 1 + SAMPLE_ROWS * 3)[index + 1 :]
    except Exception:  # noqa: BLE001 - examples are a help, never a reason to stop
        return {}
    samples: dict[int, list[str]] = {}
    for col in range(len(inspection.headers)):
        values = [show_value(r[col]).strip() for r in rows if col < len(r)]
        samples[col] = [v for v in values if v][:SAMPLE_ROWS]
    return samples


def preview(
    db: Database,
    *,
    path: Path,
    kind: str,
    sheet: str,
    mapping: Mapping[int, str | None],
    options: ImportOptions,
    field_order: list[tuple[str, str]],
    progress: Progress,
    cancel: CancelToken,
) -> PreviewTables:
    result = imports.preview_import(
        db,
        path=path,
        kind=kind,
        sheet=sheet,
        mapping=mapping,
        options=options,
        progress=scaled(progress, 0.0, 0.85),
        cancel=cancel,
    )
    cancel.check()
    progress(0.85, "Laying out the new rows")
    new = result.new_rows()
    cancel.check()
    progress(0.95, "Laying out the changes")
    labels = dict(field_order)
    changes = [
        (row, label, old, new)
        for row in result.changed_rows()
        for label, old, new in readable(row, labels)
    ]
    problems: list[tuple[object, object]] = [
        (row, problem) for row in result.rejected for problem in (row.problems or [None])
    ]
    present = {c.field.removesuffix("_suppressed") for row in new for c in row.changes}
    fields = [(name, label) for name, label in field_order if name in present]
    cancel.check()
    progress(1.0, "Preview ready")
    return PreviewTables(result, new, changes, problems, fields)


def commit(
    db: Database,
    *,
    preview: Preview,
    all_or_nothing: bool,
    progress: Progress,
    cancel: CancelToken,
) -> ImportResult:
    return imports.commit_import(
        db, preview=preview, all_or_nothing=all_or_nothing, progress=progress, cancel=cancel
    )


def undo(db: Database, *, batch_id: str, progress: Progress, cancel: CancelToken) -> UndoResult:
    return imports.undo_import(db, batch_id=batch_id, progress=progress, cancel=cancel)
