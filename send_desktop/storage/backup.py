"""Backups with SQLite's online backup API (consistent even while the app is writing)."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime
from pathlib import Path

from send_desktop import paths
from send_desktop.storage.fileinfo import connect_read_only


def backup_to(source: Path, target: Path) -> Path:
    """Copy the database at ``source`` into ``target`` page by page; returns ``target``.

    Written to a temporary name first and renamed, so a half-written backup never exists.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = connect_read_only(source)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)
    return target


def backup_folder_for(db_path: Path) -> Path:
    """Backups of one database live in their own folder under the data home."""
    digest = hashlib.sha1(str(db_path.resolve()).encode()).hexdigest()[:8]
    folder = paths.backups_dir() / f"{db_path.stem}-{digest}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def make_backup(db_path: Path, reason: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return backup_to(
        db_path, backup_folder_for(db_path) / f"{db_path.stem}-{stamp}-{reason}.sqlite"
    )


def list_backups(db_path: Path) -> list[Path]:
    """Backups of ``db_path``, newest first."""
    return sorted(backup_folder_for(db_path).glob("*.sqlite"), reverse=True)
