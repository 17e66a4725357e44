"""Writing a big change file's edits while the rest of it is still being merged.

The merge is Python and holds the GIL; SQLite lets go of it while a statement runs. So
for a table with thousands of records in one file, each chunk of merged updates goes to a
thread of its own as one JSON text, read back by ``json_each`` in a single statement:
SQLite writes one chunk on the second core while the next is merged. (Row by row, with
``executemany``, the thread would wait for the GIL at every row.) The same transaction
and connection: the main thread does not touch the connection until ``finish`` returns.

Measured (``benchmarks/bench_sync.py``, 10,000 edited records, two cores): 2.57x the
baseline without the thread, 2.38x with it. Audit rows stay with ``executemany`` on the
main thread. Moved to the thread they made it the slower of the two: made by SQLite from
the row and the new values (``json_quote``), 2.58x against 2.26x; sent through JSON after
the column-wise merge (``sync_quick._Updates``), 2.34x against 2.24x.

A group whose values JSON cannot carry exactly (a float, a text with a NUL character) is
written with ``executemany`` at the end, as a small file's are.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from typing import Any

from send_desktop.services.sync_state import dumps
from send_desktop.storage import keys

STREAM_FROM = 1000  # records of one table in one file from which edits stream
CHUNK = 1000  # records per streamed statement
# While a sync applies files (``tasks.bulk_job``): the writer needs the GIL to start and to
# end each statement, and waits up to this long for it while the merge runs. 0.1 ms
# against the imports' 0.5: edited records 2.25x -> 2.15x the baseline (bench_sync); the
# import bench gained nothing from it.
SWITCH_INTERVAL = 0.0001
_EXACT = frozenset({str, int, type(None)})
_LARGEST = 2**63 - 1


def can_stream(conn: sqlite3.Connection) -> bool:
    """``UPDATE ... FROM`` (SQLite 3.33) and ``json_each`` in this connection's SQLite
    (SQLCipher bundles its own)."""
    try:
        version = conn.execute("SELECT sqlite_version(), json_valid('[]')").fetchone()[0]
    except keys.database_errors():  # sqlite3's or SQLCipher's
        return False
    return tuple(int(p) for p in version.split(".")[:2]) >= (3, 33)


def exact(rows: list[list[Any]]) -> bool:
    """Whether JSON carries every value of ``rows`` exactly (texts, integers SQLite can
    hold, nulls): checked once for a whole group of a file, column by column."""
    for column in zip(*rows, strict=True):
        kinds = set(map(type, column))
        if not kinds <= _EXACT:
            return False
        if int in kinds:
            numbers = [v for v in column if type(v) is int]
            if max(numbers) > _LARGEST or min(numbers) < -_LARGEST:
                return False
    return True


def to_json(rows: list[list[Any]]) -> str | None:
    """``rows`` as one JSON text, or None if a text holds a NUL (SQLite's JSON would cut
    the text there)."""
    text = dumps(rows)
    return None if "\\u0000" in text else text


def update_sql(table: str, names: tuple[str, ...]) -> str:
    """Sets ``names`` from rows ``[rowid, *values]`` (?2), ``updated_at`` to ?1."""
    sets = ", ".join(f"\"{n}\" = json_extract(j.value, '$[{k}]')" for k, n in enumerate(names, 1))
    return (
        f'UPDATE "{table}" SET {sets}, updated_at = ?1, version = version + 1 '
        f"FROM json_each(?2) AS j WHERE \"{table}\".rowid = json_extract(j.value, '$[0]')"
    )


class Stream:
    """Statements run in order on a thread of their own (started by the first ``put``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._dropped = False  # set by close(): the jobs not yet started are not run

    def put(self, sql: str, params: tuple) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="sync-writer", daemon=True)
            self._thread.start()
        self._jobs.put((sql, params))

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            if self._error is None and not self._dropped:  # else only drained
                try:
                    self._conn.execute(*job)
                except BaseException as exc:  # noqa: BLE001 - raised again by finish()
                    self._error = exc

    def finish(self) -> None:
        """Wait for every statement; raise the first error one of them met."""
        self._stop()
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def close(self) -> None:
        """Stop without running what is still queued (the statement under way ends
        first), errors unraised: the connection is the caller's again, e.g. to roll back."""
        self._dropped = True
        self._stop()

    def _stop(self) -> None:
        thread = self._thread
        if thread is None:
            return
        self._jobs.put(None)
        interrupted: BaseException | None = None
        while thread.is_alive():  # even through a Ctrl-C: a rollback must not run before
            try:
                thread.join()
            except BaseException as exc:  # noqa: BLE001 - raised once the thread has stopped
                interrupted = interrupted or exc
        self._thread = None
        if interrupted is not None:
            raise interrupted
