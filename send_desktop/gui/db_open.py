"""Opening a database from the window: one clear message when the file cannot be used.

A damaged file may be replaced by its newest good backup; the damaged file (and its
-wal/-shm) is renamed aside first, never changed or deleted.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from send_desktop import APP_NAME, paths
from send_desktop.storage.database import Database, create_database, open_database
from send_desktop.storage.errors import database_errors
from send_desktop.storage.fileinfo import (
    DamagedDatabaseError,
    DatabaseFileError,
    NetworkDatabaseError,
    PassphraseNeededError,
)

if TYPE_CHECKING:
    from send_desktop.storage.backup import BackupFile

__all__ = ["OPEN_BACKUP", "open_or_recover"]

log = logging.getLogger(__name__)
OPEN_BACKUP = "Open newest backup"
COPY_HERE = "Copy to this computer and open"


def _open(path: Path) -> Database:
    if not path.exists():
        return create_database(path)
    return open_database(path)


def open_or_recover(path: Path, parent: QWidget | None = None) -> Database | None:
    """The open database, or None once the person has been told why not."""
    try:
        return _open(path)
    except PassphraseNeededError:
        return _unlock(path, parent)
    except NetworkDatabaseError as err:
        return _offer_local_copy(parent, path, err.message)
    except DatabaseFileError as err:
        return _offer_backup(parent, path, err)
    except (OSError, *database_errors()) as err:
        log.warning("cannot open database: %s", type(err).__name__)
        _ask(parent, path, f"the file could not be opened ({err}).", None)
        return None


def _offer_backup(parent: QWidget | None, path: Path, err: DatabaseFileError) -> Database | None:
    """Explain; for a damaged file, offer its newest good backup in its place."""
    from send_desktop.services import backups  # only when needed: slow to load

    damaged = isinstance(err, DamagedDatabaseError)
    newest = backups.newest_good_backup(path) if damaged else None
    if not _ask(parent, path, err.message, newest) or newest is None:
        return None
    try:
        result = backups.restore(newest.path, path)
        db = open_database(path)
    except (backups.RestoreError, DatabaseFileError, OSError, *database_errors()) as err2:
        message = getattr(err2, "message", str(err2))
        _ask(parent, path, f"the backup could not be opened either: {message}", None)
        return None
    log.info("opened the newest backup; damaged file renamed to %s", result.saved_to.name)
    return db


def _unlock(path: Path, parent: QWidget | None) -> Database | None:
    """Ask for the passphrase of what may be an encrypted database (three tries)."""
    from send_desktop.gui.dialogs.passphrase_dialog import UnlockDialog
    from send_desktop.services import encryption

    dialog = UnlockDialog(
        path.name, lambda text: encryption.unlock(path, text), encryption.TRIES, parent
    )
    if dialog.exec() != UnlockDialog.DialogCode.Accepted:
        if dialog.gave_up:
            _ask(
                parent,
                path,
                f"the passphrase was not right {encryption.TRIES} times, so it was not opened.",
                None,
            )
        return None
    return open_or_recover(path, parent)


def _ask(parent: QWidget | None, path: Path, reason: str, newest: BackupFile | None) -> bool:
    """Explain why ``path`` cannot be used; True if the person chose the newest backup."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    box.setText(f"{APP_NAME} cannot open this database: {reason}")
    info = f"File: {path}"
    restore = None
    if newest is not None:
        when = newest.made_at.strftime("%d/%m/%Y at %H:%M")
        info += (
            f"\n\nThe newest good backup was made on {when}. {APP_NAME} can put a copy of it "
            f"in place of this file; anything changed since then will be missing. The "
            f"damaged file is kept, renamed to “{path.name}.damaged-…” in the same folder."
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


def local_copy_path(path: Path) -> Path:
    """Where a copy of a database from a network drive goes: the data folder, never over
    another file."""
    folder = paths.data_home()
    target = folder / path.name
    n = 2
    while target.exists():
        target = folder / f"{path.stem}-{n}{path.suffix}"
        n += 1
    return target


def _offer_local_copy(parent: QWidget | None, path: Path, reason: str) -> Database | None:
    """Explain why a database on a network drive is refused; offer to copy it here."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    box.setText(f"{APP_NAME} will not open this database: {reason}")
    copy = None
    if path.is_file():
        target = local_copy_path(path)
        box.setInformativeText(
            f"File: {path}\n\n{APP_NAME} can copy it to {target} and open the copy. "
            "The file on the network drive is not changed."
        )
        copy = box.addButton(COPY_HERE, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(copy)
    else:
        box.setInformativeText(f"File: {path}\n\nChoose a place on this computer instead.")
        box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if copy is None or box.clickedButton() is not copy:
        return None
    from send_desktop.storage import backup  # only on this rare path: it is slow to load

    try:
        backup.backup_to(path, target)
        return open_database(target)
    except (DatabaseFileError, OSError, *database_errors()) as err:
        message = getattr(err, "message", str(err))
        _ask(parent, path, f"the copy could not be made or opened: {message}", None)
        return None
