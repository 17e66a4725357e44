"""``send-desktop pack letters``: enhanced pathways invitation or award letters as PDFs.

    send-desktop pack letters --round NAME --kind invitation|award -o DIR [--combined] --db PATH

Writes one PDF per school into DIR (made if missing), or with ``--combined`` one PDF at
``-o FILE.pdf``, and prints each path written. Exit 1 when the round is unknown or has no
letter of that kind to write (e.g. no bid has an award yet), 2 for bad usage or a target
that cannot be written. The wording is the lead's edited template if there is one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from send_desktop.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, CliError, existing, resolve

KINDS = ("invitation", "award")


def add_pack_arguments(pack: argparse.ArgumentParser) -> None:
    """The options ``pack letters`` adds to the ``pack`` parser."""
    pack.add_argument("--round", metavar="NAME", help="letters: the funding round")
    pack.add_argument("--kind", choices=KINDS, help="letters: invitation or award")
    pack.add_argument(
        "--combined", action="store_true", help="letters: one PDF (-o FILE.pdf), not one each"
    )


def cmd_pack_letters(args: argparse.Namespace) -> int:
    from send_desktop.interchange.atomic import TargetError
    from send_desktop.services import pathway_letters, pathways
    from send_desktop.storage.database import open_database

    if not args.round or not args.kind:
        raise CliError("pack letters needs --round NAME and --kind invitation|award", EXIT_USAGE)
    output = Path(args.output)
    if args.combined:
        if output.suffix.lower() != ".pdf":
            raise CliError(f"{output}: the output file must end in .pdf", EXIT_USAGE)
        where = {"path": output}
    else:
        if output.exists() and not output.is_dir():
            raise CliError(f"{output}: is a file; give a folder (or use --combined)", EXIT_USAGE)
        if not output.parent.is_dir():
            raise CliError(f"{output.parent}: no such folder", EXIT_USAGE)
        where = {"folder": output}
    db = open_database(existing(resolve(args.db)))
    try:
        result = pathway_letters.write_letters(db, kind=args.kind, round_name=args.round, **where)
    except pathways.UnknownRoundError as exc:
        raise CliError(exc.message, EXIT_DATA) from None
    except TargetError as exc:
        raise CliError(exc.message, EXIT_USAGE) from None
    except OSError as exc:
        raise CliError(f"{output}: cannot be written ({exc.strerror})", EXIT_USAGE) from None
    finally:
        db.close()
    if not result.letters:
        why = " (no bid of the round has an award)" if args.kind == "award" else ""
        raise CliError(f"no {args.kind} letters to write for '{args.round}'{why}", EXIT_DATA)
    for path in result.paths:
        print(path)
    if result.skipped:
        print(f"left out (no award): {', '.join(result.skipped)}", file=sys.stderr)
    return EXIT_OK
