"""Opening a database from the window: one clear message when the file cannot be used.

A damaged file may be replaced by its newest backup; the damaged file (and its -wal/-shm)
is renamed aside first, never changed or deleted.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from send_desktop import APP_NAME
from send_desktop.storage import backup
from send_desktop.storage.database import Database, create_database, open_database
from send_desktop.storage.errors import database_errors
from send_desktop.storage.fileinfo import DamagedDatabaseError, DatabaseFileError

log = logging.getLogger(__name__)
SIDE_FILES = ("-wal", "-shm")
OPEN_BACKUP = "Open newest backup"


def _open(path: Path) -> Database:
    if not path.exists():
        return create_database(path)
    return open_database(path)


def open_or_recover(path: Path, parent: QWidget | None = None) -> Database | None:
    """The open database, or None once the person has been told why not."""
    try:
        return _open(path)
    except DatabaseFileError as err:
        backups = backup.list_backups(path) if isinstance(err, DamagedDatabaseError) else []
        newest = backups[0] if backups else None
        if not _ask(parent, path, err.message, newest) or newest is None:
            return None
    except (OSError, *database_errors()) as err:
        log.warning("cannot open database: %s", type(err).__name__)
        _ask(parent, path, f"the file could not be opened ({err}).", None)
        return None
    try:
        aside = move_aside(path)
        backup.backup_to(newest, path)
        db = open_database(path)
    except (DatabaseFileError, OSError, *database_errors()) as err:
        message = getattr(err, "message", str(err))
        _ask(parent, path, f"the backup could not be opened either: {message}", None)
        return None
    log.info("opened the newest backup; damaged file renamed to %s", aside.name)
    return db


def move_aside(path: Path) -> Path:
    """Rename ``path`` (and its -wal/-shm) to ``<name>.damaged-<stamp>``; returns the new path."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 2
    while any(Path(f"{target}{s}").exists() for s in ("", *SIDE_FILES)):
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
        n += 1
    # Side files first: a stale -wal left beside the restored copy would be replayed into it.
    for suffix in SIDE_FILES:
        side = Path(f"{path}{suffix}")
        if side.exists():
            side.rename(f"{target}{suffix}")
    path.rename(target)
    return target


def _ask(parent: QWidget | None, path: Path, reason: str, newest: Path | None) -> bool:
    """Explain why ``path`` cannot be used; True if the person chose the newest backup."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    box.setText(f"{APP_NAME} cannot open this database: {reason}")
    info = f"File: {path}"
    restore = None
    if newest is not None:
        when = datetime.fromtimestamp(newest.stat().st_mtime).strftime("%d/%m/%Y at %H:%M")
        info += (
            f"\n\nThe newest backup was made on {when}. {APP_NAME} can open a copy of it "
            f"in place of this file. The damaged file is kept, renamed to "
            f"“{path.name}.damaged-…” in the same folder."
        )
        restore = box.addButton(OPEN_BACKUP, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(restore)
    else:
        info += "\n\nThe file has not been changed."
        box.addButton(QMessageBox.StandardButton.Close)
    box.setInformativeText(info)
    box.exec()
    return restore is not None and box.clickedButton() is restore
