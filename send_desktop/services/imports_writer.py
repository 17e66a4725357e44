"""An import's write transaction, on a thread of its own.

The sqlite3 module lets go of Python's GIL while SQLite works, and python-calamine while it
reads a workbook, so an import can use a second core. This thread opens the one
transaction and writes the batch row (taking the write lock before anything is read); when
asked (``read_register``), it reads the register (``Target.snapshot``) while the job's thread
is still reading the file with python-calamine (not before: the job's thread first checks
the file with ``zipfile``, which needs the GIL at every step); then it runs
each chunk of new rows it is handed while the next chunk is parsed, and at the end runs the
finishing step and commits. The connection is this thread's alone from start to end.

Any error, a cancel or ``abort()`` rolls the whole transaction back: nothing is written.
The job's thread learns of an error here at its next ``check()``, ``snapshot()`` or
``finish()``, which raise it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, insert
from sqlalchemy.orm import Session

from send_desktop.services.imports_targets import Snapshot, Target
from send_desktop.services.tasks import CancelToken
from send_desktop.storage.database import Database
from send_desktop.storage.models import ImportBatch

_WAIT = 0.05  # seconds between progress reports while waiting for the writer


class _AbortedError(Exception):
    pass


class ImportWriter:
    """Owns the import's transaction. Start it first, then hand it work in order."""

    def __init__(
        self,
        db: Database,
        *,
        target: Target,
        batch: dict[str, Any],
        user: str,
        cancel: CancelToken | None,
        prepare: Callable[[Session], Any] = lambda _session: None,
    ) -> None:
        """``prepare(session)`` runs after the register is read (e.g. to load what the
        finishing step needs while the job's thread is still reading the file); its result
        is ``prepared``."""
        self._db, self._target, self._batch, self._user = db, target, batch, user
        self._prepare = prepare
        self.prepared: Any = None
        self._cancel = cancel
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._ready = threading.Event()
        self._done = threading.Event()
        self._snapshot: Snapshot | None = None
        self._error: BaseException | None = None
        self._asked = False
        self.written = 0  # rows the submitted jobs have written so far
        self._thread = threading.Thread(target=self._run, name="import-writer", daemon=True)

    def start(self) -> ImportWriter:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            with self._db.transaction() as session:
                session.info["user"] = self._user  # for the ORM's own audit rows
                conn = session.connection()
                conn.execute(insert(ImportBatch.__table__).values(**self._batch))
                while True:
                    what, job = self._jobs.get()
                    if what == "abort":
                        raise _AbortedError
                    if what == "snapshot":
                        self._snapshot = self._target.snapshot(conn)
                        self.prepared = self._prepare(session)
                        self._ready.set()
                        continue
                    if what == "run":
                        self.written += job(conn)
                        continue
                    job(session, conn)
                    if self._cancel:
                        self._cancel.check()  # the last moment to change one's mind
                    break
        except _AbortedError:
            pass
        except BaseException as exc:  # noqa: BLE001 - handed to the job's thread
            self._error = exc
        finally:
            self._ready.set()
            self._done.set()

    def check(self) -> None:
        """Raise the writer's error, if it has stopped on one."""
        if self._error is not None:
            raise self._error

    def read_register(self) -> None:
        """Start reading the register (``snapshot()`` waits for it)."""
        if not self._asked:
            self._asked = True
            self._jobs.put(("snapshot", None))

    def snapshot(self) -> Snapshot:
        """The register as this transaction sees it (waits until it has been read)."""
        self.read_register()
        self._ready.wait()
        self.check()
        if self._snapshot is None:
            raise RuntimeError("the import's transaction has ended")
        return self._snapshot

    def release_snapshot(self) -> None:
        """Let go of the register as read (the plan no longer needs it)."""
        self._snapshot = None

    def submit(self, job: Callable[[Connection], int]) -> None:
        """Run ``job(connection)`` (returning the rows it wrote) after the jobs before it."""
        self._jobs.put(("run", job))

    def finish(
        self,
        job: Callable[[Session, Connection], None],
        *,
        waiting: Callable[[], None] = lambda: None,
    ) -> None:
        """Run ``job(session, connection)`` last, then commit; ``waiting()`` is called now
        and then until the commit is done (for progress). Raises the writer's error."""
        self._jobs.put(("finish", job))
        while not self._done.wait(_WAIT):
            waiting()
        self._thread.join()
        self.check()

    def abort(self) -> None:
        """Roll everything back and wait for the writer to stop (errors are dropped)."""
        self._jobs.put(("abort", None))
        self._done.wait()
        self._thread.join()
