"""Backups with SQLite's online backup API (consistent even while the app is writing).

Never a file copy: a copy of a file being written (or of its -wal) can be torn. Each backup
is named ``<db stem>-<yyyymmdd-hhmmss-ffffff>-<reason>.sqlite`` in the database's own folder
under the data home, so its time and reason are read from the name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from send_desktop import paths
from send_desktop.storage import keys
from send_desktop.storage.fileinfo import connect_read_only

STAMP = "%Y%m%d-%H%M%S-%f"
STEP_PAGES = 256
_NAME = re.compile(r"-(\d{8}-\d{6}-\d{6})-([a-z0-9-]+)\.sqlite$")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    made_at: datetime  # local time, from the name
    reason: str


def backup_to(source: Path, target: Path) -> Path:
    """Copy the database at ``source`` into ``target`` page by page; returns ``target``.

    Written to a temporary name first and renamed, so a half-written backup never exists.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    keys.forget_start(partial)
    passphrase = None if keys.is_plain(source) else keys.passphrase_for(source)
    src = connect_read_only(source)
    try:
        # An encrypted database's backup is encrypted with the same passphrase.
        dst = keys.connect(
            partial,
            encrypted=passphrase is not None,
            passphrase=passphrase,
            salt=keys.file_salt(source),  # the same key: pages are copied as they are
        )
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)
    keys.forget_start(partial, target)
    if passphrase is not None:
        keys.remember(target, passphrase)
    return target


def copy_into(
    source: Path, target: Path, progress: Callable[[int, int], None] | None = None
) -> None:
    """Replace the content of the database ``target`` with ``source``'s, in one transaction
    of ``target`` (the backup API writing into it, holding its write lock from the first
    step to the last): a crash part-way leaves ``target`` exactly as it was.
    ``progress(done, total)`` is called after each step of STEP_PAGES pages."""
    converted = None
    if keys.is_plain(source) != keys.is_plain(target):  # the backup API copies pages as they are
        converted = target.with_name(target.name + ".converting")
        keys.export(
            source,
            converted,
            key_in=keys.passphrase_for(source),
            key_out=keys.passphrase_for(target),
            salt_out=keys.file_salt(target),
        )
        if keys.passphrase_for(target) is not None:
            keys.remember(converted, keys.passphrase_for(target))
        source = converted
    src = connect_read_only(source)
    try:
        dst = keys.connect(target, timeout=5)
        try:
            report = None
            if progress is not None:

                def report(_status: int, remaining: int, total: int) -> None:
                    progress(total - remaining, total)

            src.backup(dst, pages=STEP_PAGES, progress=report)
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            dst.close()
    finally:
        src.close()
        if converted is not None:
            converted.unlink(missing_ok=True)


SIDE_FILES = ("-wal", "-shm")


def move_aside(path: Path, label: str = "damaged") -> Path:
    """Rename ``path`` (and its -wal/-shm) to ``<name>.<label>-<stamp>``; returns the new
    path. Nothing is changed or deleted, and an earlier file set aside is never overwritten."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 2
    while any(Path(f"{target}{s}").exists() for s in ("", *SIDE_FILES)):
        target = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
        n += 1
    # Side files first: a stale -wal left beside a restored copy would be replayed into it.
    for suffix in SIDE_FILES:
        side = Path(f"{path}{suffix}")
        if side.exists():
            side.rename(f"{target}{suffix}")
    path.rename(target)
    keys.forget_start(path, target)
    return target


def backup_folder_for(db_path: Path) -> Path:
    """Backups of one database live in their own folder under the data home."""
    import hashlib  # loaded when needed: ~4 ms of start-up

    digest = hashlib.sha1(str(db_path.resolve()).encode()).hexdigest()[:8]
    folder = paths.backups_dir() / f"{db_path.stem}-{digest}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def make_backup(db_path: Path, reason: str, *, now: datetime | None = None) -> Path:
    reason = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "backup"
    stamp = (now or datetime.now()).strftime(STAMP)
    folder = backup_folder_for(db_path)
    target = folder / f"{db_path.stem}-{stamp}-{reason}.sqlite"
    while target.exists():  # two in the same microsecond: never overwrite one
        target = target.with_name(target.stem + "-2.sqlite")
    return backup_to(db_path, target)


def parse_name(path: Path) -> BackupFile | None:
    match = _NAME.search(path.name)
    if match is None:
        return None
    try:
        made_at = datetime.strptime(match.group(1), STAMP)
    except ValueError:
        return None
    return BackupFile(path, made_at, match.group(2))


def backup_files(db_path: Path) -> list[BackupFile]:
    """Backups of ``db_path``, newest first (files not named as backups are left out)."""
    found = [parse_name(p) for p in backup_folder_for(db_path).glob("*.sqlite")]
    return sorted((b for b in found if b), key=lambda b: (b.made_at, b.path.name), reverse=True)


def list_backups(db_path: Path) -> list[Path]:
    """Backups of ``db_path``, newest first."""
    return [b.path for b in backup_files(db_path)]


def change_mark(path: Path) -> tuple:
    """What changes whenever the data does: every change writes an audit row, so the
    newest audit id (and the schema) tells whether two files hold the same state."""
    conn = connect_read_only(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "audit_log" not in tables:
            return (None, None)
        top = conn.execute("SELECT max(id) FROM audit_log").fetchone()
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return (version[0] if version else None, top[0])
    finally:
        conn.close()
