"""Importing spreadsheets: the use cases the import wizard and the command line call.

    inspect_file(db, path=, kind=, sheet=)                 -> Inspection   (mapping step)
    preview_import(db, path=, kind=, sheet=, mapping=, options=, progress=, cancel=) -> Preview
    commit_import(db, preview=, all_or_nothing=, user=, progress=, cancel=) -> ImportResult
    run_import(db, path=, kind=, sheet=, options=, dry_run=, all_or_nothing=, ...) -> ImportResult
    undo_import(db, batch_id=, user=)                      -> UndoResult
    import_history(db)                                     -> list[BatchInfo]
    save_error_report(result, path)                        -> Path

Long calls take ``progress(fraction, message)`` and a ``CancelToken`` (see ``tasks``); a
cancel, a refused file or any error writes nothing. Matching and writing happen in one
transaction, on a writer thread of its own (``imports_commit``), which ``run_import`` starts
before reading the file so that the two overlap.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, select, update

from send_desktop.interchange.errors import FileRefusedError
from send_desktop.interchange.headers import column_letter
from send_desktop.interchange.kind import all_kinds
from send_desktop.interchange.rows import CHUNK, Problem, RejectedRow
from send_desktop.services.errors import NotFoundError
from send_desktop.services.imports_commit import commit
from send_desktop.services.imports_model import (
    BatchInfo,
    FieldChange,
    FieldInfo,
    ImportOptions,
    ImportResult,
    Inspection,
    KindInfo,
    Preview,
    RowChange,
    Source,
    UndoResult,
)
from send_desktop.services.imports_plan import Plan, make_plan
from send_desktop.services.imports_read import (
    check_options,
    fill_cells,
    kind_named,
    open_reading,
    open_source,
    read_source,
)
from send_desktop.services.imports_targets import TARGETS
from send_desktop.services.imports_undo import UndoRefusedError, undo_batch
from send_desktop.services.imports_writer import ImportWriter
from send_desktop.services.tasks import CancelToken, Progress, bulk_job, no_progress
from send_desktop.storage.audit import current_user
from send_desktop.storage.base import utcnow
from send_desktop.storage.database import Database
from send_desktop.storage.models import ImportBatch

__all__ = [
    "BatchInfo",
    "FieldChange",
    "FileRefusedError",
    "ImportOptions",
    "ImportResult",
    "Inspection",
    "KindInfo",
    "Preview",
    "RowChange",
    "UndoRefusedError",
    "UndoResult",
    "commit_import",
    "import_history",
    "inspect_file",
    "kinds",
    "preview_import",
    "run_import",
    "save_error_report",
    "undo_import",
]


def kinds() -> list[KindInfo]:
    return [
        KindInfo(
            k.name,
            k.label,
            k.description,
            tuple(FieldInfo(f.name, f.label, f.required) for f in k.fields),
        )
        for k in all_kinds()
    ]


def _history(session, *, sha256: str | None = None, limit: int = 200) -> list[BatchInfo]:  # noqa: ANN001
    query = select(ImportBatch).order_by(ImportBatch.created_at.desc()).limit(limit)
    if sha256:
        query = query.where(ImportBatch.sha256 == sha256, ImportBatch.undone_at.is_(None))
    return [
        BatchInfo(
            b.id,
            b.kind,
            b.file_name,
            b.sheet,
            b.created_at,
            b.user,
            b.new_count,
            b.updated_count,
            b.unchanged_count,
            b.rejected_count,
            b.undone_at,
        )
        for b in session.scalars(query)
    ]


def import_history(db: Database, *, limit: int = 200) -> list[BatchInfo]:
    """Import batches, newest first (the import history the window shows)."""
    with db.reader() as session:
        return _history(session, limit=limit)


def inspect_file(
    db: Database,
    *,
    path: Path,
    kind: str,
    sheet: str | None = None,
    mapping: Mapping[int, str | None] | None = None,
    header_row: int | None = None,
) -> Inspection:
    """Read the top of a file: which sheet, which header row, where each column goes."""
    source = open_source(db, path, kind_named(kind), sheet, mapping, header_row)
    table, header = source.table, source.header
    with db.reader() as session:
        before = _history(session, sha256=source.sha256)
    return Inspection(
        path=source.path,
        kind=kind,
        sheet=table.name,
        sheet_names=table.sheet_names,
        header_row=table.first_row + header.row_index + 1,
        headers=[
            (column_letter(table.first_col + i), text) for i, text in enumerate(header.headers)
        ],
        columns=dict(source.columns),
        unplaced=list(header.unplaced),
        missing=list(header.missing),
        profile=source.profile,
        sha256=source.sha256,
        imported_before=before,
    )


_Job = TypeVar("_Job", bound=Callable)


def _bulk(job: _Job) -> _Job:
    """Run ``job`` with the process tuned for bulk work (see ``tasks.bulk_job``)."""

    @functools.wraps(job)
    def run(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        with bulk_job():
            return job(*args, **kwargs)

    return run  # type: ignore[return-value]


# The first chunks of a streamed import are small, so the writer starts soon after the
# file is read; then CHUNK rows (5,000) at a time.
FIRST_CHUNKS = (500, 1500, 3000)


def _plan(conn: Connection, source: Source) -> Plan:
    """The plan without writing (previews and dry runs)."""
    target = TARGETS[source.kind.target]
    return make_plan(target, target.snapshot(conn), source.parsed, source.kind)


def _result(source: Source, plan: Plan, cls: type[ImportResult] = ImportResult) -> ImportResult:
    parsed, kind = source.parsed, source.kind
    field_cols = {name: col for col, name in source.columns.items()}
    key_field = next((f for f in kind.match_key if f in field_cols), None)
    rejected = list(parsed.rejected)
    first_col = source.first_col
    for i, problems in plan.rejected.items():
        out = []
        for name, reason in problems:
            name = name or key_field or ""
            col = field_cols.get(name)
            value = parsed.values[name][i] if name in parsed.values else ""
            header = source.header.headers[col] if col is not None else ""
            out.append(Problem(first_col + col if col is not None else None, header, value, reason))
        rejected.append(RejectedRow(parsed.sheet, parsed.numbers[i], out, []))
    rejected.sort(key=lambda r: r.row)
    notes = plan.resolved.notes
    review = [
        (parsed.numbers[i], plan.resolved.labels[i], note)
        for i, note in sorted(notes.items())
        if i not in plan.rejected
    ]
    return cls(
        kind=kind.name,
        file_name=source.path.name,
        sheet=parsed.sheet,
        sha256=source.sha256,
        new=len(plan.new),
        updated=len(plan.changed),
        unchanged=len(plan.unchanged),
        rejected=rejected,
        review=review,
        blank=parsed.blank,
        totals=parsed.totals,
        filtered=parsed.filtered,
        headers=source.header.headers,
        first_col=first_col,
    )


@_bulk
def preview_import(
    db: Database,
    *,
    path: Path,
    kind: str,
    sheet: str | None = None,
    mapping: Mapping[int, str | None] | None = None,
    options: ImportOptions | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Preview:
    """What importing would do, row by row; writes nothing."""
    source = read_source(
        db,
        path=path,
        kind=kind,
        sheet=sheet,
        mapping=mapping,
        options=options or ImportOptions(),
        progress=progress,
        cancel=cancel,
    )
    progress(0.6, "Matching rows to the register")
    with db.reader() as session:
        plan = _plan(session.connection(), source)
    preview = _result(source, plan, Preview)
    fill_cells(source.table, preview.rejected)
    source.table = None  # the sheet's cells are no longer needed
    preview._source, preview._plan = source, plan
    progress(1.0, "Preview ready")
    return preview


@_bulk
def commit_import(
    db: Database,
    *,
    preview: Preview,
    all_or_nothing: bool = False,
    user: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ImportResult:
    """Write a previewed import in one transaction. Rows are matched again at this moment,
    so the counts can differ from the preview if the register changed in between."""
    source = preview._source
    if source is None:
        raise ValueError("commit_import needs a preview from preview_import")
    progress(0.6, "Matching rows to the register")

    def rows(_writer: ImportWriter):  # noqa: ANN202
        count = len(source.parsed)
        ends = [*range(FIRST_CHUNKS[0], count, CHUNK), count]
        return source, ((end, end) for end in ends)

    result, _ = commit(
        db,
        kind=source.kind,
        path=source.path,
        rows=rows,
        result_of=_result,
        all_or_nothing=all_or_nothing,
        user=user,
        progress=progress,
        cancel=cancel,
        span=(0.6, 0.85, "Matched"),
    )
    _finished(source, result, progress)
    if not result.rejected or all(r.cells for r in result.rejected):
        return result
    known = {r.row: r.cells for r in preview.rejected}
    for r in result.rejected:
        r.cells = r.cells or known.get(r.row, [])
    return result


@_bulk
def run_import(
    db: Database,
    *,
    path: Path,
    kind: str,
    sheet: str | None = None,
    mapping: Mapping[int, str | None] | None = None,
    options: ImportOptions | None = None,
    dry_run: bool = False,
    all_or_nothing: bool = False,
    user: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ImportResult:
    """Read, match and write in one call (the command line). ``dry_run`` writes nothing."""
    options = options or ImportOptions()
    if dry_run:
        source = read_source(
            db,
            path=path,
            kind=kind,
            sheet=sheet,
            mapping=mapping,
            options=options,
            progress=progress,
            cancel=cancel,
        )
        with db.reader() as session:
            plan = _plan(session.connection(), source)
        result = _result(source, plan)
        fill_cells(source.table, result.rejected)
        progress(1.0, "Dry run finished")
        return result
    k, fixed, filter_value = check_options(kind, options)

    def rows(writer: ImportWriter):  # noqa: ANN202
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
            on_checked=writer.read_register,  # read while python-calamine parses the file
        )
        progress(0.25, "Checking rows")
        parsed = reading.parser.out
        return reading.source, ((len(parsed), done) for done in reading.chunks(FIRST_CHUNKS))

    result, source = commit(
        db,
        kind=k,
        path=path,
        rows=rows,
        result_of=_result,
        all_or_nothing=all_or_nothing,
        user=user,
        progress=progress,
        cancel=cancel,
        span=(0.25, 0.85, "Checked"),
        release=True,
    )
    _finished(source, result, progress)
    return result


def _finished(source: Source, result: ImportResult, progress: Progress) -> None:
    fill_cells(source.table, result.rejected)
    progress(1.0, "Import finished" if result.written else "Nothing to change")


def undo_import(
    db: Database,
    *,
    batch_id: str,
    user: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> UndoResult:
    """Reverse an import batch: what it added is deleted, what it changed is put back.

    Raises ``UndoRefusedError`` (nothing changed) if a record was changed since by anything
    else, something now uses a record it added, or it was undone already.
    """
    user = user or current_user()
    now = utcnow()
    progress(0.0, "Undoing the import")
    with db.transaction() as session:
        batch = session.get(ImportBatch, batch_id)
        if batch is None:
            raise NotFoundError("This import")
        if batch.undone_at is not None:
            raise UndoRefusedError(
                f"This import was already undone on {batch.undone_at:%d/%m/%Y at %H:%M}."
            )
        conn = session.connection()
        counts = undo_batch(conn, batch_id=batch_id, user=user, now=now)
        conn.execute(
            update(ImportBatch.__table__)
            .where(ImportBatch.__table__.c.id == batch_id)
            .values(undone_at=now, updated_at=now, version=ImportBatch.__table__.c.version + 1)
        )
        session.expire(batch)
        if cancel:
            cancel.check()  # the last moment to change one's mind: all is rolled back
    progress(1.0, "Import undone")
    return UndoResult(batch_id, counts.deleted, counts.restored)


def save_error_report(result: ImportResult, path: Path) -> Path:
    """The rejected rows as an .xlsx with the offending cells highlighted."""
    from send_desktop.interchange.error_report import write_error_report

    return write_error_report(
        Path(path),
        source_name=result.file_name,
        headers=result.headers,
        first_col=result.first_col,
        rejected=result.rejected,
    )
