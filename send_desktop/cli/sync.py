"""``send-desktop sync`` and ``send-desktop conflicts``: the shared-drive sync (issue 8).

``sync --db PATH --folder DIR`` prints ``sent: N changes, received: M changes, conflicts: K``
then one ``conflict<TAB>record<TAB>field<TAB>mine<TAB>theirs`` line per pending conflict;
exit 0 when none is pending, 1 when some are, 2 when the sync or a change file was refused
(the reason on stderr). A database path that does not exist yet is created, and receives
everything. The team passphrase, if the team encrypts, comes from the environment
variable ``SEND_DESKTOP_SYNC_PASSPHRASE`` (never a command-line argument, which other users
of the machine could see).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from send_desktop.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, CliError, db_arg, resolve

PASSPHRASE_ENV = "SEND_DESKTOP_SYNC_PASSPHRASE"


def _open(path: Path, *, create: bool):  # noqa: ANN202 - Database, imported lazily
    from send_desktop.storage.database import create_database, open_database
    from send_desktop.storage.fileinfo import DatabaseFileError

    try:
        if create and not path.exists():
            return create_database(path)
        if not path.exists():
            raise CliError(f"{path}: no such file", EXIT_USAGE)
        return open_database(path)
    except DatabaseFileError as exc:
        raise CliError(f"{path}: {exc.message}", EXIT_USAGE) from None


def cmd_sync(args: argparse.Namespace) -> int:
    from send_desktop.services import sync

    path = resolve(args.db)
    folder = Path(args.folder)
    if not folder.is_dir():
        raise CliError(f"{folder}: the shared folder does not exist or is not a folder", EXIT_USAGE)
    _open(path, create=True).close()
    try:
        result = sync.sync(
            path,
            folder,
            passphrase=os.environ.get(PASSPHRASE_ENV) or None,
        )
    except sync.SyncRefusedError as exc:
        raise CliError(f"sync refused: {exc.message}", EXIT_USAGE) from None
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for refused in result.refused:
        print(f"refused: {refused}", file=sys.stderr)
    print(result.summary_line())
    for conflict in result.conflicts:
        print(conflict.line())
    if result.refused:
        return EXIT_USAGE
    return EXIT_DATA if result.conflicts else EXIT_OK


def cmd_conflicts(args: argparse.Namespace) -> int:
    from send_desktop.services.sync_conflicts import list_conflicts

    path = resolve(args.db)
    _open(path, create=False).close()
    found = list_conflicts(path)
    for conflict in found:
        print(conflict.line())
    return EXIT_DATA if found else EXIT_OK


def add_parsers(sub: argparse._SubParsersAction) -> None:
    sync = sub.add_parser(
        "sync",
        help="exchange changes with the other laptops through a shared folder; prints "
        "'sent: N changes, received: M changes, conflicts: K' and any conflicts",
        description="Apply the other laptops' change files in DIR, then write this laptop's "
        "changes there as one file. Exit 0: no conflicts pending; 1: some are (listed); "
        "2: the folder or a change file was refused. A --db that does not exist is made and "
        f"receives everything. Encrypted change files: put the team passphrase in "
        f"{PASSPHRASE_ENV}.",
    )
    db_arg(sync)
    sync.add_argument("--folder", metavar="DIR", required=True, help="the shared folder")
    sync.set_defaults(func=cmd_sync)
    conflicts = sub.add_parser(
        "conflicts",
        help="list pending sync conflicts: conflict<TAB>record<TAB>field<TAB>mine<TAB>theirs",
    )
    db_arg(conflicts)
    conflicts.set_defaults(func=cmd_conflicts)
