"""``send-desktop backup``, ``restore`` and ``protect``: data safety from the command line.

A database protected with a passphrase is opened by any command with the passphrase from
``SEND_DESKTOP_PASSPHRASE``, or typed at a terminal prompt (three tries).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from send_desktop.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, CliError, db_arg, existing
from send_desktop.cli.common import resolve as resolve_db


def _when(made_at) -> str:  # noqa: ANN001 - datetime
    return made_at.strftime("%d/%m/%Y %H:%M:%S")


def damaged_hint(path: Path) -> str:
    """What to do about a damaged database, in plain words (stderr of any command)."""
    from send_desktop.services import backups

    good = backups.newest_good_backup(path)
    if good is None:
        return "No good backup of it was found. The file has not been changed."
    return (
        f"The file has not been changed. The newest good backup was made on "
        f"{_when(good.made_at)}: {good.path}\n"
        f"To use it (the damaged file is kept, renamed): "
        f"send-desktop restore '{good.path}' --db '{path}'"
    )


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {name}" for name, n in counts.items())


def cmd_backup(args: argparse.Namespace) -> int:
    from send_desktop.services import backups
    from send_desktop.storage import backup
    from send_desktop.storage.fileinfo import DatabaseFileError, check_file

    path = existing(resolve_db(args.db))
    try:
        check_file(path)
    except DatabaseFileError as exc:
        raise CliError(f"{path}: {exc.message}", EXIT_DATA) from None
    if args.output:
        target = Path(args.output)
        if target.exists():
            raise CliError(f"{target} already exists; choose a new file name", EXIT_USAGE)
        if not target.parent.is_dir():
            raise CliError(f"{target.parent}: no such folder", EXIT_USAGE)
        written = backup.backup_to(path, target)
    else:
        written = backups.backup_now(path, "manual")
    print(f"backup: {written} ({_counts(backups.file_counts(written))})")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from send_desktop.services import backups

    source = existing(Path(args.backup))
    path = existing(resolve_db(args.db))
    try:
        result = backups.restore(source, path)
    except backups.RestoreError as exc:
        raise CliError(exc.message, EXIT_DATA) from None
    before = _counts(result.counts_before) if result.counts_before else "damaged"
    print(f"replaced: {result.db_path} ({before})")
    print(
        f"restored: {result.restored_from} (made {_when(result.made_at)}; "
        f"{_counts(result.counts_after)})"
    )
    print(f"previous state saved: {result.saved_to}")
    return EXIT_OK


PASSPHRASE_ENV = "SEND_DESKTOP_PASSPHRASE"


def unlock_if_needed(path: Path) -> None:
    """Make an encrypted database at ``path`` openable by this process, or stop with exit 2."""
    from send_desktop.services import encryption
    from send_desktop.storage import keys
    from send_desktop.storage.fileinfo import may_be_encrypted

    if not path.is_file() or not may_be_encrypted(path) or keys.passphrase_for(path) is not None:
        return
    given = os.environ.get(PASSPHRASE_ENV)
    if given is not None:
        if not encryption.unlock(path, given):
            raise CliError(f"{path}: the passphrase in {PASSPHRASE_ENV} is not right", EXIT_USAGE)
        return
    if not sys.stdin.isatty():
        return  # opening it will say it is not a database or needs a passphrase
    for _ in range(encryption.TRIES):
        if encryption.unlock(path, getpass.getpass(f"Passphrase for {path.name}: ")):
            return
        print("That passphrase is not right.", file=sys.stderr)
    raise CliError(f"{path}: the passphrase was not right {encryption.TRIES} times", EXIT_USAGE)


def _new_passphrase() -> str:
    from send_desktop.services import encryption

    given = os.environ.get(PASSPHRASE_ENV)
    if given is not None:
        again = given
    elif sys.stdin.isatty():
        given = getpass.getpass("New passphrase: ")
        again = getpass.getpass("The same again: ")
    else:
        raise CliError(f"give the passphrase in {PASSPHRASE_ENV} or at a terminal", EXIT_USAGE)
    problem = encryption.check_new_passphrase(given, again)
    if problem:
        raise CliError(problem, EXIT_USAGE)
    return given


def cmd_protect(args: argparse.Namespace) -> int:
    from send_desktop.services import encryption
    from send_desktop.storage.fileinfo import DatabaseFileError, check_file

    path = existing(resolve_db(args.db))
    if encryption.is_protected(path):
        raise CliError(f"{path} is already protected with a passphrase", EXIT_DATA)
    try:
        check_file(path)
    except DatabaseFileError as exc:
        raise CliError(f"{path}: {exc.message}", EXIT_DATA) from None
    done = encryption.protect(path, _new_passphrase())
    print(f"protected: {path} and {len(done)} backups (encrypted with SQLCipher)")
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction) -> None:
    bk = sub.add_parser(
        "backup",
        help="back the database up with SQLite's backup API (default: into its backups folder)",
    )
    db_arg(bk)
    bk.add_argument("-o", "--output", metavar="FILE", help="write the backup to this new file")
    bk.set_defaults(func=cmd_backup)

    rs = sub.add_parser(
        "restore",
        help="replace the database's data with a backup's (the current state is backed up first)",
    )
    rs.add_argument("backup", metavar="BACKUP", help="the backup file to restore")
    db_arg(rs)
    rs.set_defaults(func=cmd_restore)

    pr = sub.add_parser(
        "protect",
        help=f"encrypt the database and its backups with a passphrase ({PASSPHRASE_ENV} "
        "or typed twice)",
    )
    db_arg(pr)
    pr.set_defaults(func=cmd_protect)
