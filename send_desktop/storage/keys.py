"""Passphrases of encrypted (SQLCipher) databases, and the one way to connect to any file.

A plain database starts with the SQLite header; an encrypted one looks like random bytes.
``connect(path)`` opens a plain file with ``sqlite3`` and an encrypted one with
``sqlcipher3`` and the passphrase remembered for it (or for its folder: the backups of an
encrypted database are encrypted with the same passphrase). Passphrases are kept in this
process's memory only: never written to disk, never logged.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

SQLITE_HEADER = b"SQLite format 3\x00"

_lock = threading.Lock()
_keys: dict[Path, str] = {}  # a file or a folder -> passphrase


class PassphraseError(Exception):
    """The passphrase is missing or wrong. ``message`` is written for a programme lead."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def _norm(path: Path | str) -> Path:
    return Path(path).resolve()


def remember(path: Path | str, passphrase: str, *, folder: Path | None = None) -> None:
    with _lock:
        _keys[_norm(path)] = passphrase
        if folder is not None:
            _keys[_norm(folder)] = passphrase


def forget(path: Path | str, *, folder: Path | None = None) -> None:
    with _lock:
        _keys.pop(_norm(path), None)
        if folder is not None:
            _keys.pop(_norm(folder), None)


def passphrase_for(path: Path | str) -> str | None:
    p = _norm(path)
    with _lock:
        found = _keys.get(p)
        if found is None:
            name = p.name
            for suffix in (".partial", ".building"):
                if name.endswith(suffix):  # a file being written takes its target's
                    found = _keys.get(p.with_name(name.removesuffix(suffix)))
        return found if found is not None else _keys.get(p.parent)


# What a file's first 16 bytes said (the SQLite header, or an encrypted file's salt), by
# path. On POSIX, closing ANY descriptor of a file drops every lock this process holds on it,
# SQLite's included: reading a database's header while this process has it open would let
# another process think it is the last user and delete the -wal holding our latest commits.
# So a file's start is read once, before it is opened (``check_file``), and then remembered;
# whatever replaces a file says so (``forget_start``).
_starts: dict[Path, bytes] = {}


def note_start(path: Path | str, start: bytes) -> None:
    if len(start) >= 16:
        with _lock:
            _starts[_norm(path)] = start[:16]


def forget_start(*paths: Path | str) -> None:
    with _lock:
        for path in paths:
            _starts.pop(_norm(path), None)


def _start(path: Path | str) -> bytes | None:
    """The file's first 16 bytes (remembered); None for a missing or empty file."""
    p = _norm(path)
    with _lock:
        found = _starts.get(p)
    if found is not None:
        return found
    try:
        if p.stat().st_size == 0:
            return None
        with open(p, "rb") as fh:
            start = fh.read(16)
    except OSError:
        return None
    note_start(p, start)
    return start


def is_plain(path: Path | str) -> bool:
    """True for a missing or empty file and for one with the SQLite header."""
    start = _start(path)
    return start is None or len(start) < 16 or start == SQLITE_HEADER


def quote(passphrase: str) -> str:
    """As SQLAlchemy's pysqlcipher dialect passes it: ``PRAGMA key="..."``."""
    return '"' + passphrase.replace('"', '""') + '"'


# SQLCipher 4's defaults: PBKDF2-HMAC-SHA512, 256,000 iterations, a 32-byte key; the salt is
# the file's first 16 bytes. Deriving the key costs ~0.3-0.6 s, so it is done once per
# passphrase and salt here and SQLCipher is given the raw key (``x'<key><salt>'``), which it
# uses as it is: every later connection opens in milliseconds. Files written with the raw
# key (backups, encrypted copies) share the salt and still open with the passphrase alone.
KDF_ITERATIONS = 256_000
SALT_BYTES = 16
_derived: dict[tuple[str, bytes], str] = {}


def file_salt(path: Path | str) -> bytes | None:
    """The salt at the start of an encrypted file; None for a missing, empty or plain one."""
    if is_plain(path):
        return None
    start = _start(path)
    return start if start is not None and len(start) == SALT_BYTES else None


def raw_key(passphrase: str, salt: bytes) -> str:
    """The ``x'...'`` raw key SQLCipher would derive from ``passphrase`` for ``salt``."""
    with _lock:
        found = _derived.get((passphrase, salt))
    if found is None:
        import hashlib  # loaded when needed: ~4 ms of start-up

        key = hashlib.pbkdf2_hmac("sha512", passphrase.encode(), salt, KDF_ITERATIONS, 32)
        found = f"x'{key.hex()}{salt.hex()}'"
        with _lock:
            _derived[(passphrase, salt)] = found
    return found


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def sqlcipher():  # noqa: ANN201 - the sqlcipher3.dbapi2 module
    from sqlcipher3 import dbapi2

    return dbapi2


def key_for(path: Path | str, passphrase: str | None = None, salt: bytes | None = None) -> str:
    """What to give ``PRAGMA key`` for ``path``: the raw key for its salt (or ``salt``, for
    a new file that must share another's), else the passphrase itself."""
    passphrase = passphrase if passphrase is not None else passphrase_for(path)
    if passphrase is None:
        raise PassphraseError(Path(path), "this database is protected with a passphrase.")
    if not passphrase:
        raise PassphraseError(Path(path), "the passphrase is not right.")
    salt = salt or file_salt(path)
    return raw_key(passphrase, salt) if salt else passphrase


def connect(
    path: Path | str,
    *,
    uri: str | None = None,
    passphrase: str | None = None,
    encrypted: bool | None = None,
    salt: bytes | None = None,
    **kwargs: Any,
):  # noqa: ANN201 - sqlite3.Connection or its sqlcipher3 twin
    """A connection to ``path`` (opened by ``uri`` if given), keyed when it is encrypted.

    ``encrypted`` forces the choice (a new file, which ``salt`` ties to another file's
    key); otherwise the header decides. Raises PassphraseError when an encrypted file has
    no passphrase, or the wrong one.
    """
    if encrypted is None:
        encrypted = not is_plain(path)
    if not encrypted:
        if uri is not None:
            return sqlite3.connect(uri, uri=True, **kwargs)
        return sqlite3.connect(path, **kwargs)
    key = key_for(path, passphrase, salt)
    module = sqlcipher()
    conn = module.connect(uri, uri=True, **kwargs) if uri else module.connect(str(path), **kwargs)
    conn.execute("PRAGMA cipher_log_level = NONE").fetchall()  # a wrong key is ours to say
    conn.execute(f"PRAGMA key={quote(key)}")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.DatabaseError:
        conn.close()
        raise PassphraseError(Path(path), "the passphrase is not right.") from None
    return conn


def check_passphrase(path: Path | str, passphrase: str) -> bool:
    """True when ``passphrase`` opens the encrypted file ``path`` (read-only; changes nothing)."""
    uri = f"{_norm(path).as_uri()}?mode=ro"
    try:
        conn = connect(path, uri=uri, passphrase=passphrase, encrypted=True)
    except PassphraseError:
        return False
    conn.close()
    return True


def database_errors() -> tuple[type[BaseException], ...]:
    """sqlite3's and (once loaded) sqlcipher3's errors."""
    import sys

    errors: list[type[BaseException]] = [sqlite3.Error]
    module = sys.modules.get("sqlcipher3.dbapi2")
    if module is not None:
        errors.append(module.Error)
    return tuple(errors)


def sqlalchemy_url(path: Path | str):  # noqa: ANN201 - sqlalchemy URL or str
    """The URL for SQLAlchemy: ``sqlite:///`` for a plain file, SQLAlchemy's pysqlcipher
    dialect with the remembered passphrase for an encrypted one."""
    if is_plain(path):
        return f"sqlite:///{path}"
    from sqlalchemy.engine import URL

    return URL.create("sqlite+pysqlcipher", password=key_for(path), database=str(path))


def export(
    source: Path,
    target: Path,
    *,
    key_in: str | None,
    key_out: str | None,
    salt_out: bytes | None = None,
) -> None:
    """Write the database ``source`` (keyed with passphrase ``key_in``, or plain) to the new
    file ``target`` (keyed with passphrase ``key_out`` and ``salt_out``, new if not given;
    or plain) with SQLCipher's ``sqlcipher_export``."""
    for side in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{side}").unlink(missing_ok=True)
    forget_start(target)
    module = sqlcipher()
    conn = module.connect(str(source), isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
        if key_in is not None:
            conn.execute(f"PRAGMA key={quote(key_for(source, key_in))}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        out = raw_key(key_out, salt_out or new_salt()) if key_out else ""
        conn.execute("ATTACH DATABASE ? AS target KEY ?", (str(target), out))
        conn.execute("SELECT sqlcipher_export('target')").fetchall()
        conn.execute(f"PRAGMA target.user_version = {int(version)}")
        conn.execute("DETACH DATABASE target")
    finally:
        conn.close()
