"""``send-desktop backup`` and ``send-desktop restore``: data safety from the command line."""

from __future__ import annotations

import argparse
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
