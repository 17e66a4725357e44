"""Backups of a database: automatic ones, the list the Backups dialog shows, and restore.

When a backup is made:
- ``backup_if_changed(db, "on-open")``: on opening, if the data changed since the newest one;
- ``periodic_backup(db)``: while changes are being made, at most every 30 minutes;
- ``backup_before(db, reason)``: always, before an import, a sync, a schema upgrade, a
  restore or an erasure (reason "import", "sync", ...; the file is named "before-<reason>").
After each one the folder is thinned (``domain.thinning``). Every backup is made with
SQLite's backup API (``storage.backup``), never by copying the file.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from send_desktop.domain import thinning
from send_desktop.services.tasks import CancelToken, Progress, no_progress
from send_desktop.storage import backup, migrations
from send_desktop.storage.database import Database
from send_desktop.storage.fileinfo import (
    DamagedDatabaseError,
    DatabaseFileError,
    check_file,
    connect_read_only,
)

PERIOD = timedelta(minutes=30)
COUNTED = (("settings", "setting"), ("people", "person"), ("cohorts", "cohort"))
REASONS = {
    "on-open": "on opening",
    "periodic": "while working (every 30 minutes of changes)",
    "manual": "made by hand",
    "before-import": "before an import",
    "before-sync": "before a sync",
    "before-upgrade": "before a schema upgrade",
    "before-restore": "before a restore",
    "before-erase": "before erasing a person",
    "before-passphrase": "before changing the passphrase",
}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    reason: str
    size: int
    counts: dict[str, int] | None  # None when the file cannot be read

    @property
    def reason_text(self) -> str:
        return REASONS.get(self.reason, self.reason.replace("-", " "))

    def counts_text(self) -> str:
        if self.counts is None:
            return "cannot be read"
        return ", ".join(f"{n:,} {name}" for name, n in self.counts.items())


@dataclass(frozen=True)
class RestoreResult:
    db_path: Path
    restored_from: Path
    made_at: datetime
    saved_to: Path  # the backup of the state that was replaced (or the damaged file, aside)
    counts_before: dict[str, int] | None  # None: the file replaced was damaged
    counts_after: dict[str, int]


class RestoreError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _path(db_or_path: Database | Path | str) -> Path:
    return Path(db_or_path.path if isinstance(db_or_path, Database) else db_or_path)


def backup_before(db_or_path: Database | Path | str, reason: str) -> Path:
    """Back the database up before ``reason`` ("import", "sync", "restore", ...) changes
    it; returns the backup's path. Thins the older backups afterwards."""
    path = _path(db_or_path)
    made = backup.make_backup(path, f"before-{reason}")
    thin(path)
    return made


def backup_now(db_or_path: Database | Path | str, reason: str = "manual") -> Path:
    path = _path(db_or_path)
    made = backup.make_backup(path, reason)
    thin(path)
    return made


def changed_since_backup(db_or_path: Database | Path | str) -> bool:
    """True when the data differs from the newest backup's (or there is data and no backup)."""
    path = _path(db_or_path)
    mark = backup.change_mark(path)
    files = backup.backup_files(path)
    if not files:
        return mark[1] is not None
    try:
        return backup.change_mark(files[0].path) != mark
    except sqlite3.DatabaseError:
        return True


def backup_if_changed(db_or_path: Database | Path | str, reason: str = "on-open") -> Path | None:
    path = _path(db_or_path)
    if not path.exists() or not changed_since_backup(path):
        return None
    return backup_now(path, reason)


def periodic_backup(db_or_path: Database | Path | str, now: datetime | None = None) -> Path | None:
    """A backup when the data changed and the newest backup is 30 minutes old or more."""
    path = _path(db_or_path)
    files = backup.backup_files(path)
    now = now or datetime.now()
    if files and now - files[0].made_at < PERIOD:
        return None
    return backup_if_changed(path, "periodic")


def thin(db_path: Path, now: datetime | None = None) -> list[Path]:
    """Delete the backups the thinning rule does not keep; returns what was deleted."""
    now = now or datetime.now()
    files = backup.backup_files(db_path)
    kept = thinning.keep([f.made_at for f in files], now)
    removed = []
    for stale in backup.backup_folder_for(db_path).glob("*.partial"):  # the app was stopped
        with contextlib.suppress(OSError):
            if datetime.fromtimestamp(stale.stat().st_mtime) < now - timedelta(hours=1):
                stale.unlink()
    for f in files:
        if f.made_at not in kept:
            with contextlib.suppress(OSError):
                f.path.unlink()
                removed.append(f.path)
    return removed


def file_counts(path: Path) -> dict[str, int]:
    conn = connect_read_only(path)
    try:
        return {
            name: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for name, table in COUNTED
        }
    finally:
        conn.close()


def describe(file: backup.BackupFile) -> BackupInfo:
    try:
        counts: dict[str, int] | None = file_counts(file.path)
    except sqlite3.DatabaseError:
        counts = None
    return BackupInfo(file.path, file.made_at, file.reason, file.path.stat().st_size, counts)


def list_backups(
    db_or_path: Database | Path | str,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> list[BackupInfo]:
    """Every backup of the database, newest first, with its size and record counts."""
    files = backup.backup_files(_path(db_or_path))
    infos = []
    for n, file in enumerate(files):
        if cancel:
            cancel.check()
        progress(n / max(len(files), 1), "Reading the backups")
        with contextlib.suppress(OSError):  # deleted meanwhile (thinned by another window)
            infos.append(describe(file))
    return infos


def check_backup(path: Path) -> None:
    """Raise RestoreError unless ``path`` is a healthy SEND Desktop database."""
    if not path.is_file():
        raise RestoreError(f"{path}: no such backup file.")
    try:
        check_file(path)
        migrations.check_not_newer(path)
        if migrations.current_revision(path) is None:
            raise RestoreError(f"{path}: this is not a SEND Desktop backup.")
    except DatabaseFileError as err:
        raise RestoreError(f"{path}: {err.message}") from None
    except sqlite3.DatabaseError as err:
        raise RestoreError(f"{path}: the file cannot be read ({err}).") from None


def newest_good_backup(db_or_path: Database | Path | str) -> backup.BackupFile | None:
    """The newest backup that passes the same checks as opening a file (damaged ones and
    ones from a newer app are passed over)."""
    for file in backup.backup_files(_path(db_or_path)):
        try:
            check_backup(file.path)
        except RestoreError:
            continue
        return file
    return None


def _is_damaged(path: Path) -> bool:
    try:
        check_file(path)
    except DamagedDatabaseError:
        return True
    return False


def restore(
    backup_path: Path,
    db_path: Path,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> RestoreResult:
    """Put ``backup_path``'s data in place of ``db_path``'s, after backing ``db_path`` up.

    The backup is checked first (a damaged or foreign file changes nothing); the copy is one
    transaction of the database, so an interrupted restore leaves it as it was. A damaged
    ``db_path`` cannot be backed up: it is renamed aside (``<name>.damaged-<time>``, kept
    as it was) and the backup copied in its place.
    """
    backup_path, db_path = Path(backup_path), Path(db_path)
    progress(0.0, "Checking the backup")
    check_backup(backup_path)
    if backup_path.resolve() == db_path.resolve():
        raise RestoreError("A database cannot be restored from itself.")
    parsed = backup.parse_name(backup_path)
    made_at = parsed.made_at if parsed else datetime.fromtimestamp(backup_path.stat().st_mtime)
    if _is_damaged(db_path):
        progress(0.3, "Setting the damaged file aside")
        aside = backup.move_aside(db_path)
        backup.backup_to(backup_path, db_path)
        if migrations.needs_upgrade(db_path):
            migrations.upgrade(db_path)
        progress(1.0, "Restored")
        return RestoreResult(db_path, backup_path, made_at, aside, None, file_counts(db_path))
    counts_before = file_counts(db_path)
    progress(0.2, "Backing up the current data")
    saved = backup_before(db_path, "restore")
    if cancel:
        cancel.check()
    progress(0.5, "Restoring")
    backup.copy_into(
        backup_path,
        db_path,
        lambda done, total: progress(0.5 + 0.3 * done / max(total, 1), "Restoring"),
    )
    if migrations.needs_upgrade(db_path):
        progress(0.8, "Upgrading the restored data")
        migrations.upgrade(db_path)
    progress(1.0, "Restored")
    return RestoreResult(
        db_path=db_path,
        restored_from=backup_path,
        made_at=made_at,
        saved_to=saved,
        counts_before=counts_before,
        counts_after=file_counts(db_path),
    )
