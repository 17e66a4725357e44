"""Importing spreadsheets: the use cases the import wizard and the command line call.

    inspect_file(db, path=, kind=, sheet=)                 -> Inspection   (mapping step)
    preview_import(db, path=, kind=, sheet=, mapping=, options=, progress=, cancel=) -> Preview
    commit_import(db, preview=, all_or_nothing=, user=, progress=, cancel=) -> ImportResult
    run_import(db, path=, kind=, sheet=, options=, dry_run=, all_or_nothing=, ...) -> ImportResult
    undo_import(db, batch_id=, user=)                      -> UndoResult
    import_history(db)                                     -> list[BatchInfo]
    save_error_report(result, path)                        -> Path

Long calls take ``progress(fraction, message)`` and a ``CancelToken`` (see ``tasks``); a
cancel, a refused file or any error writes nothing. Reading and cleaning the file happen
outside any transaction; matching and writing happen in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import insert, select, update

from send_desktop.interchange.errors import FileRefusedError
from send_desktop.interchange.headers import column_letter
from send_desktop.interchange.kind import all_kinds
from send_desktop.interchange.reader import Table
from send_desktop.interchange.rows import Problem, RejectedRow
from send_desktop.services import imports_profiles as profiles
from send_desktop.services.errors import NotFoundError
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
from send_desktop.services.imports_read import kind_named, open_source, read_source
from send_desktop.services.imports_targets import TARGETS
from send_desktop.services.imports_undo import UndoRefusedError, undo_batch
from send_desktop.services.imports_write import Plan, make_plan, write_plan
from send_desktop.services.tasks import CancelToken, Progress, no_progress
from send_desktop.storage.audit import current_user
from send_desktop.storage.base import new_uuid, utcnow
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


def _plan(conn, source: Source) -> Plan:  # noqa: ANN001
    target = TARGETS[source.kind.target]
    resolved = target.resolve(conn, source.parsed, source.kind)
    return make_plan(conn, target, resolved, source.parsed.numbers)


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


def _fill_cells(table: Table | None, rejected: list[RejectedRow]) -> None:
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
    _fill_cells(source.table, preview.rejected)
    source.table = None  # the sheet's cells are no longer needed
    preview._source, preview._plan = source, plan
    progress(1.0, "Preview ready")
    return preview


class _NothingWrittenError(Exception):
    def __init__(self, result: ImportResult) -> None:
        super().__init__("nothing written")
        self.result = result


def _commit(
    db: Database,
    source: Source,
    *,
    all_or_nothing: bool,
    user: str | None,
    progress: Progress,
    cancel: CancelToken | None,
) -> ImportResult:
    user = user or current_user()
    now = utcnow()
    batch_id = new_uuid()
    progress(0.6, "Matching rows to the register")
    try:
        with db.transaction() as session:
            session.info["user"] = user  # for the profile's own audit row
            conn = session.connection()
            # The batch row first: it takes the write lock before anything is read.
            conn.execute(
                insert(ImportBatch.__table__).values(
                    id=batch_id,
                    kind=source.kind.name,
                    file_name=source.path.name[:500],
                    sha256=source.sha256,
                    sheet=source.parsed.sheet[:200],
                    mapping=json.dumps(
                        {
                            source.header.headers[c] or column_letter(source.first_col + c): n
                            for c, n in source.columns.items()
                        },
                        ensure_ascii=False,
                    ),
                    new_count=0,
                    updated_count=0,
                    unchanged_count=0,
                    rejected_count=0,
                    user=user[:120],
                    created_at=now,
                    updated_at=now,
                    version=1,
                )
            )
            plan = _plan(conn, source)
            result = _result(source, plan)
            if (all_or_nothing and result.rejected) or not (plan.new or plan.changed):
                raise _NothingWrittenError(result)
            total = len(plan.new) + len(plan.changed)

            def on_chunk(done: int) -> None:
                if cancel:
                    cancel.check()
                progress(0.7 + 0.3 * done / total, f"Saved {done:,} of {total:,} rows")

            if cancel:
                cancel.check()
            progress(0.7, "Saving")
            write_plan(
                conn,
                plan,
                label_sql=TARGETS[source.kind.target].label_sql,
                batch_id=batch_id,
                user=user,
                now=now,
                on_chunk=on_chunk,
            )
            conn.execute(
                update(ImportBatch.__table__)
                .where(ImportBatch.__table__.c.id == batch_id)
                .values(
                    new_count=result.new,
                    updated_count=result.updated,
                    unchanged_count=result.unchanged,
                    rejected_count=len(result.rejected),
                )
            )
            profiles.remember(
                session,
                kind=source.kind.name,
                headers=source.header.headers,
                columns=source.columns,
                file_name=source.path.name,
            )
    except _NothingWrittenError as nothing:
        result = nothing.result
        if all_or_nothing and result.rejected:
            result.new = result.updated = result.unchanged = 0
        _fill_cells(source.table, result.rejected)
        progress(1.0, "Nothing to change")
        return result
    result.batch_id = batch_id
    result.written = True
    _fill_cells(source.table, result.rejected)
    progress(1.0, "Import finished")
    return result


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
    result = _commit(
        db, source, all_or_nothing=all_or_nothing, user=user, progress=progress, cancel=cancel
    )
    if not result.rejected or all(r.cells for r in result.rejected):
        return result
    known = {r.row: r.cells for r in preview.rejected}
    for r in result.rejected:
        r.cells = r.cells or known.get(r.row, [])
    return result


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
    if dry_run:
        with db.reader() as session:
            plan = _plan(session.connection(), source)
        result = _result(source, plan)
        _fill_cells(source.table, result.rejected)
        progress(1.0, "Dry run finished")
        return result
    return _commit(
        db, source, all_or_nothing=all_or_nothing, user=user, progress=progress, cancel=cancel
    )


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
