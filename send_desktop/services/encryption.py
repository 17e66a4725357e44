"""Encryption at rest (optional): protect a database with a passphrase, using SQLCipher.

``protect(path, passphrase)`` writes an encrypted copy beside the file with SQLCipher's
``sqlcipher_export`` and renames it into place, so an interruption leaves the plain file as
it was; then every backup of the database is encrypted the same way (a plain backup would
give the data away). ``unlock(path, passphrase)`` checks a passphrase without changing
anything and remembers it for this run of the app. Plain SQLite stays the default.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from send_desktop.domain.secrets import check_new_secret
from send_desktop.services.backups import backup_before
from send_desktop.services.tasks import CancelToken, Progress, no_progress
from send_desktop.storage import backup, keys

TRIES = 3


class PassphraseRefusedError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_protected(path: Path | str) -> bool:
    return not keys.is_plain(path)


def check_new_passphrase(passphrase: str, again: str) -> str | None:
    """Why a new passphrase cannot be used, or None."""
    return check_new_secret(passphrase, again, what="passphrase")


def unlock(path: Path | str, passphrase: str) -> bool:
    """True (and remembered for this run) when ``passphrase`` opens ``path``."""
    path = Path(path)
    if not keys.check_passphrase(path, passphrase):
        return False
    keys.remember(path, passphrase, folder=backup.backup_folder_for(path))
    return True


def _replace(source: Path, new: Path) -> None:
    """Put ``new`` in place of the database ``source`` (its -wal/-shm are empty by now)."""
    for side in ("-wal", "-shm"):
        Path(f"{source}{side}").unlink(missing_ok=True)
    new.replace(source)
    keys.forget_start(source, new)


def protect(
    path: Path | str,
    passphrase: str,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> list[Path]:
    """Encrypt the plain database at ``path`` and its backups; returns the backups encrypted.

    Every connection to the file must be closed first (the window closes its own).
    """
    path = Path(path)
    if is_protected(path):
        raise PassphraseRefusedError("This database is already protected with a passphrase.")
    progress(0.05, "Backing up")
    backup_before(path, "passphrase")
    if cancel:
        cancel.check()
    progress(0.2, "Encrypting the database")
    partial = path.with_name(path.name + ".encrypting")
    salt = keys.new_salt()  # shared by the database and its backups: one key to derive
    keys.export(path, partial, key_in=None, key_out=passphrase, salt_out=salt)
    if not keys.check_passphrase(partial, passphrase):  # never replace with an unreadable copy
        partial.unlink(missing_ok=True)
        raise PassphraseRefusedError("The encrypted copy could not be read back; nothing changed.")
    _replace(path, partial)
    folder = backup.backup_folder_for(path)
    keys.remember(path, passphrase, folder=folder)
    files = [b.path for b in backup.backup_files(path) if keys.is_plain(b.path)]
    done = []
    for n, plain in enumerate(files):
        progress(0.5 + 0.5 * n / max(len(files), 1), "Encrypting the backups")
        with contextlib.suppress(OSError, *keys.database_errors()):
            tmp = plain.with_name(plain.name + ".encrypting")
            keys.export(plain, tmp, key_in=None, key_out=passphrase, salt_out=salt)
            tmp.replace(plain)
            keys.forget_start(plain, tmp)
            done.append(plain)
    progress(1.0, "Protected")
    return done
