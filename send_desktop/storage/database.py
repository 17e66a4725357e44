"""Opening a database: check it, back it up, migrate it, hand out units of work."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from send_desktop.storage import keys, migrations
from send_desktop.storage.fileinfo import check_file, check_local

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

BUSY_TIMEOUT_MS = 5000  # every connection waits this long for a lock before giving up


class Database:
    """One open database file.

    ``transaction()`` is the unit of work (one audited session per use); ``query()`` is a
    plain read for lists and counts. SQLAlchemy is imported on first use of a session, not
    when the file is opened: importing it and the models costs ~0.3 s that the first window
    should not wait for (issue 2's start-up budget).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._engine: Engine | None = None
        self._sessions: Any = None
        self._lock = threading.Lock()
        self._readers = threading.local()
        self._reader_conns: list[sqlite3.Connection] = []

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                from sqlalchemy.orm import sessionmaker

                from send_desktop.storage.engine import make_engine
                from send_desktop.storage.session import AuditedSession

                self._engine = make_engine(self.path)
                self._sessions = sessionmaker(
                    self._engine, class_=AuditedSession, expire_on_commit=False
                )
            return self._engine

    def _session(self) -> Session:
        self.engine  # noqa: B018 - makes the engine and session factory
        return self._sessions()

    @contextlib.contextmanager
    def transaction(self, *, batch_id: str | None = None) -> Iterator[Session]:
        """A session whose work commits on success and rolls back on any error."""
        with self._session() as session:
            if batch_id:
                session.info["batch_id"] = batch_id
            with session.begin():
                yield session

    @contextlib.contextmanager
    def reader(self) -> Iterator[Session]:
        """A session for reading; closing it discards anything left pending, and the
        objects read stay usable (detached) afterwards."""
        with self._session() as session:
            yield session

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[tuple]:
        """Rows of one read-only SQL statement, on this thread's plain sqlite3 connection."""
        conn = getattr(self._readers, "conn", None)
        if conn is None:
            conn = keys.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA query_only=ON")
            self._readers.conn = conn
            with self._lock:
                self._reader_conns.append(conn)
        return conn.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            for conn in self._reader_conns:
                with contextlib.suppress(*keys.database_errors()):
                    conn.close()
            self._reader_conns.clear()
            self._readers = threading.local()
            if self._engine is not None:
                self._engine.dispose()


def open_database(path: Path, *, migrate: bool = True) -> Database:
    """Check ``path``, upgrade its schema (after a backup) and return it open.

    A file that is not a database, is damaged, has a newer schema, or lies on a network
    drive raises ``DatabaseFileError`` and is left byte-for-byte untouched.
    """
    path = Path(path)
    check_local(path)
    check_file(path)
    existed = path.exists() and path.stat().st_size > 0
    revision = migrations.current_revision(path) if existed else None
    if existed:
        migrations.check_revision(path, revision)
    if migrate and revision != migrations.HEAD:
        if existed:
            from send_desktop.storage import backup

            backup.make_backup(path, "before-upgrade")
        migrations.upgrade(path)
    return Database(path)


def create_database(path: Path) -> Database:
    """A new, empty database at ``path`` migrated to the newest schema."""
    path = Path(path)
    check_local(path)
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(path).close()
    return open_database(path)
