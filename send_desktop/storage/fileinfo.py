"""Checks on a database file made before SQLite is allowed to write to it.

Everything here opens the file read-only, so a wrong or damaged file is never changed.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from send_desktop.storage import keys

SQLITE_HEADER = keys.SQLITE_HEADER
NETWORK_FS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "afpfs", "9p", "fuse.sshfs", "davfs"}


class DatabaseFileError(Exception):
    """A database file cannot be used. ``message`` is written for a programme lead."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class NotADatabaseError(DatabaseFileError):
    pass


class DamagedDatabaseError(DatabaseFileError):
    pass


class NewerSchemaError(DatabaseFileError):
    pass


class PassphraseNeededError(NotADatabaseError):
    """Not a plain SQLite file: perhaps one protected with a passphrase (or not a database)."""


class WrongPassphraseError(DatabaseFileError):
    pass


def may_be_encrypted(path: Path) -> bool:
    """Whole pages of what looks like random bytes: what an encrypted database looks like."""
    size = path.stat().st_size if path.is_file() else 0
    return size >= 1024 and size % 1024 == 0 and not keys.is_plain(path)


class NetworkDatabaseError(DatabaseFileError):
    """The file is on a network drive: it may be copied to this computer, never opened there."""


NETWORK_MESSAGE = (
    "it is on a network drive. SQLite's own guidance is that its file locking and "
    "write-ahead log are not safe on network file systems, so a database opened there can "
    "be damaged. Keep the database on this computer (copy it here and open the copy); "
    "to work with colleagues, use File → Sync with shared folder, which puts only change "
    "files on the shared drive."
)


def check_local(path: Path) -> None:
    """Refuse a database on a network file system (a cheap check: no SQLite, no SQLAlchemy)."""
    if is_network_path(path):
        raise NetworkDatabaseError(path, NETWORK_MESSAGE)


def read_header(path: Path) -> bytes:
    """The first 100 bytes. Read only before this process opens the database (see keys)."""
    with open(path, "rb") as fh:
        header = fh.read(100)
    keys.forget_start(path)
    keys.note_start(path, header)
    return header


def check_file(path: Path) -> None:
    """Raise unless ``path`` is missing, empty, or a healthy SQLite database."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise NotADatabaseError(path, "this is a folder, not a database file.")
    try:
        header = read_header(path)
    except OSError as exc:
        raise DatabaseFileError(path, f"the file cannot be read ({exc.strerror}).") from exc
    if not header.startswith(SQLITE_HEADER):
        if may_be_encrypted(path):
            if keys.passphrase_for(path) is None:
                raise PassphraseNeededError(
                    path,
                    "this is not a SEND Desktop database (it is not an SQLite file), "
                    "or it is protected with a passphrase.",
                )
            _check_encrypted(path)
            return
        raise NotADatabaseError(
            path, "this is not a SEND Desktop database (it is not an SQLite file)."
        )
    if len(header) < 100:
        raise DamagedDatabaseError(path, "the file is cut short: its header is incomplete.")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    change_counter = header[24:28]
    valid_for = header[92:96]
    if change_counter == valid_for and page_count * page_size > path.stat().st_size:
        raise DamagedDatabaseError(
            path,
            f"the file is cut short ({path.stat().st_size:,} of "
            f"{page_count * page_size:,} bytes): it was probably copied or saved incompletely.",
        )
    result = quick_check(path)
    if result != "ok":
        raise DamagedDatabaseError(
            path,
            "part of the file is damaged, so its data cannot be trusted. This usually "
            "follows a power cut, a failing disk or a copy that did not finish. "
            f"(SQLite's check found: {result[:200]})",
        )


def _check_encrypted(path: Path) -> None:
    try:
        result = quick_check(path, raise_passphrase=True)
    except keys.PassphraseError as exc:
        raise WrongPassphraseError(path, exc.message) from None
    if result != "ok":
        raise DamagedDatabaseError(
            path,
            "part of the file is damaged, so its data cannot be trusted. This usually "
            "follows a power cut, a failing disk or a copy that did not finish. "
            f"(SQLite's check found: {result[:200]})",
        )


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file and leaves no -wal/-shm files behind.

    With no -wal file there is nothing outside the main file to read, so it is opened as
    immutable (no lock files are made); otherwise read-only, sharing the existing ones.
    """
    uri = path.resolve().as_uri()
    wal = Path(f"{path}-wal")
    mode = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    return keys.connect(path, uri=f"{uri}?{mode}")


def quick_check(path: Path, *, raise_passphrase: bool = False) -> str:
    """Run SQLite's quick_check read-only; return 'ok' or the first problem."""
    try:
        conn = connect_read_only(path)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except keys.PassphraseError as exc:
        if raise_passphrase:
            raise
        return exc.message
    except keys.database_errors() as exc:
        return str(exc)
    return "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:3])


def is_network_path(path: Path) -> bool:
    """True for UNC paths and files on NFS/SMB-style mounts (WAL is unsafe there)."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if os.name == "nt":
        return _windows_drive_is_remote(path)
    return _mount_fs_type(path.resolve()) in NETWORK_FS


def _mount_fs_type(path: Path, mounts: str = "/proc/mounts") -> str:
    """The file system type of the mount holding ``path`` (the longest matching mount)."""
    best, fs_type = "", ""
    try:
        with open(mounts, encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) < 3:
                    continue
                mount = parts[1].replace("\\040", " ")
                prefix = mount.rstrip("/") + "/"
                if (str(path) + "/").startswith(prefix) and len(mount) > len(best):
                    best, fs_type = mount, parts[2]
    except OSError:
        return ""
    return fs_type


def _windows_drive_is_remote(path: Path) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive = path.resolve().drive + "\\"
    drive_remote = 4
    return ctypes.windll.kernel32.GetDriveTypeW(drive) == drive_remote
