"""Committing an import: plan and write a chunk of rows at a time, in one transaction.

The writer thread (``imports_writer``) opens the transaction and reads the register while
this thread is still reading the file; then, chunk by chunk, this thread parses (when the
file is being read as it goes), matches and encodes the rows, and the writer inserts the
new ones, so the two overlap. Rows about the same record are settled once the whole file
is known (``Planner.finish``); changed rows, the batch row's counts and the import profile
are written last, and then the transaction commits. Anything that goes wrong, a cancel,
a file refused, an all-or-nothing import with a rejected row, or nothing to change, rolls
everything back: nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from sqlalchemy import Connection, update
from sqlalchemy.orm import Session

from send_desktop.interchange.headers import column_letter
from send_desktop.interchange.kind import Kind
from send_desktop.services import imports_profiles as profiles
from send_desktop.services.backups import backup_before
from send_desktop.services.imports_model import ImportResult, Source
from send_desktop.services.imports_plan import Plan, Planner
from send_desktop.services.imports_read import fill_cells
from send_desktop.services.imports_targets import TARGETS
from send_desktop.services.imports_write import Inserter, insert_companions, write_updates
from send_desktop.services.imports_writer import ImportWriter
from send_desktop.services.tasks import CancelToken, Progress
from send_desktop.storage.audit import current_user
from send_desktop.storage.base import new_uuid, utcnow
from send_desktop.storage.database import Database
from send_desktop.storage.models import ImportBatch

# Rows: given the writer, an opened source, and after each step (parsed rows ready to plan,
# rows read so far).
Rows = Callable[[ImportWriter], tuple[Source, Iterator[tuple[int, int]]]]
ResultOf = Callable[[Source, Plan], ImportResult]


def commit(
    db: Database,
    *,
    kind: Kind,
    path: Path,
    rows: Rows,
    result_of: ResultOf,
    all_or_nothing: bool,
    user: str | None,
    progress: Progress,
    cancel: CancelToken | None,
    span: tuple[float, float, str],
    release: bool = False,
) -> tuple[ImportResult, Source]:
    """Plan and write an import; ``span`` is (progress at the start of the rows, at their
    end, the word for a row done, e.g. "Checked"). Returns the result and its source.

    With ``release`` (nothing else holds the source), the sheet and the rows are let go of
    once the result is known, while the writer is still busy with SQLite: freeing a million
    small objects takes ~20 ms of the job's thread that would otherwise come after it."""
    backup_before(db, "import")  # a restorable state from just before, whatever happens
    user = user or current_user()
    now = utcnow()
    batch_id = new_uuid()
    target = TARGETS[kind.target]
    batch = {
        "id": batch_id,
        "kind": kind.name,
        "file_name": Path(path).name[:500],
        "sha256": "",
        "new_count": 0,
        "updated_count": 0,
        "unchanged_count": 0,
        "rejected_count": 0,
        "user": user[:120],
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    writer = ImportWriter(
        db,
        target=target,
        batch=batch,
        user=user,
        cancel=cancel,
        prepare=lambda session: profiles.of_kind(session, kind.name),
    ).start()
    try:
        source, steps = rows(writer)
        parsed = source.parsed
        planner = Planner(target, writer.snapshot(), parsed, kind)
        after_write = planner.snapshot.after_write
        inserter = Inserter(
            target.table,
            planner.plan.columns,
            label_sql=target.label_sql,
            batch_id=batch_id,
            user=user,
            now=now,
        )
        sent: list[int] = []  # new rows handed to the writer, in the order written
        start, end, word = span
        total = 0
        for ready, done in steps:
            new = planner.add(ready)
            if new and not (all_or_nothing and (parsed.rejected or planner.plan.rejected)):
                extra = target.companions(planner.snapshot, planner.plan.resolved, new)
                if extra:
                    writer.submit(
                        partial(insert_companions, extra, batch_id=batch_id, user=user, now=now)
                    )
                chunk = inserter.encode(planner.plan.resolved.columns, new)
                writer.submit(partial(inserter.insert, chunk=chunk))
                sent += new
            writer.check()
            if cancel:
                cancel.check()
            total = total or _total(source)
            progress(start + (end - start) * min(done / total, 1.0), f"{word} {done:,} rows")
        take_back = planner.finish(parsed.numbers)
        plan = planner.plan
        result = result_of(source, plan)
        sheet = parsed.sheet
        if release:
            fill_cells(source.table, result.rejected)
            source.table = None
            parsed.values, plan.resolved.columns, plan.resolved.keys = {}, {}, []
            planner.snapshot = None
            writer.release_snapshot()
        if (all_or_nothing and result.rejected) or not (plan.new or plan.changed):
            writer.abort()
            if all_or_nothing and result.rejected:
                result.new = result.updated = result.unchanged = 0
            return result, source
        back = []  # write positions of rows to take back
        if take_back:
            where = {i: n for n, i in enumerate(sent)}
            back = [where[i] for i in take_back]

        def finish(session: Session, conn: Connection) -> None:
            inserter.restore_capture(conn)
            if back:
                inserter.take_back(conn, back, batch_id)
            write_updates(conn, plan, batch_id=batch_id, user=user, now=now)
            if after_write is not None:
                after_write(session, batch_id)
            conn.execute(
                update(ImportBatch.__table__)
                .where(ImportBatch.__table__.c.id == batch_id)
                .values(
                    sha256=source.sha256,
                    sheet=sheet[:200],
                    mapping=_mapping(source),
                    new_count=result.new,
                    updated_count=result.updated,
                    unchanged_count=result.unchanged,
                    rejected_count=len(result.rejected),
                )
            )
            profiles.remember(
                session,
                kind=kind.name,
                headers=source.header.headers,
                columns=source.columns,
                file_name=source.path.name,
                loaded=writer.prepared,
            )

        saving = len(plan.new) + len(plan.changed)
        shown = [end]

        def waiting() -> None:
            fraction = end + (0.99 - end) * min(writer.written / max(saving, 1), 1.0)
            shown[0] = max(shown[0], fraction)
            progress(shown[0], f"Saved {min(writer.written, saving):,} of {saving:,} rows")

        waiting()
        writer.finish(finish, waiting=waiting)
    except BaseException:
        writer.abort()
        raise
    result.batch_id = batch_id
    result.written = True
    return result, source


def _total(source: Source) -> int:
    table = source.table
    if table is None:
        return max(len(source.parsed), 1)
    return max(table.row_count - source.header.row_index - 1, 1)


def _mapping(source: Source) -> str:
    return json.dumps(
        {
            source.header.headers[c] or column_letter(source.first_col + c): n
            for c, n in source.columns.items()
        },
        ensure_ascii=False,
    )
