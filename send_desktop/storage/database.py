"""Opening a database: check it, back it up, migrate it, hand out units of work."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from send_desktop.storage import audit, backup, migrations
from send_desktop.storage.engine import make_engine
from send_desktop.storage.fileinfo import check_file


class AuditedSession(Session):
    """Session whose flushes write audit rows."""


audit.install(AuditedSession)


class Database:
    """One open database file. ``transaction()`` is the unit of work: one session per use."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, class_=AuditedSession, expire_on_commit=False)

    @contextlib.contextmanager
    def transaction(self, *, batch_id: str | None = None) -> Iterator[Session]:
        """A session whose work commits on success and rolls back on any error."""
        with self._sessions() as session:
            if batch_id:
                session.info["batch_id"] = batch_id
            with session.begin():
                yield session

    @contextlib.contextmanager
    def reader(self) -> Iterator[Session]:
        """A session for reading; closing it discards anything left pending, and the
        objects read stay usable (detached) afterwards."""
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path, *, migrate: bool = True) -> Database:
    """Check ``path``, upgrade its schema (after a backup) and return it open.

    A file that is not a database, is damaged, or has a newer schema raises
    ``DatabaseFileError`` and is left byte-for-byte untouched.
    """
    path = Path(path)
    check_file(path)
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        migrations.check_not_newer(path)
    if migrate:
        if existed and migrations.needs_upgrade(path):
            backup.make_backup(path, "before-upgrade")
        migrations.upgrade(path)
    return Database(path, make_engine(path))


def create_database(path: Path) -> Database:
    """A new, empty database at ``path`` migrated to the newest schema."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(path).close()
    return open_database(path)
