"""The ``send-desktop`` command line.

No subcommand opens the window; subcommands work headless and never import Qt.
Exit codes: 0 success, 1 bad data, 2 bad usage or an unreadable file. Errors go to stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from send_desktop import __version__
from send_desktop.cli import letters
from send_desktop.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    db_arg,
    existing,
    output_path,
    resolve,
)
from send_desktop.storage.fileinfo import (
    DamagedDatabaseError,
    DatabaseFileError,
    NotADatabaseError,
    check_file,
    connect_read_only,
)

PASSWORD_ENV = "SEND_DESKTOP_EXPORT_PASSWORD"  # for --password without a terminal


def cmd_demo(args: argparse.Namespace) -> int:
    from send_desktop.services.demo import build_demo
    from send_desktop.services.stats import record_counts

    path = resolve(args.db)
    if path.exists() and not args.force:
        raise CliError(f"{path} already exists; add --force to replace it", EXIT_USAGE)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".building")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    db = build_demo(partial)
    counts = record_counts(db)
    db.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    partial.replace(path)
    print(
        f"demo: created {path} ({counts['settings']} settings, {counts['cohorts']} cohorts, "
        f"{counts['waitlist']} on the waitlist)"
    )
    return EXIT_OK


def _integrity(path: Path) -> list[str]:
    conn = connect_read_only(path)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        fks = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fks:
            problems.append(f"{len(fks)} broken references, first in table {fks[0][0]}")
        return problems
    finally:
        conn.close()


def cmd_check(args: argparse.Namespace) -> int:
    from send_desktop.storage import migrations

    path = existing(resolve(args.db))
    try:
        check_file(path)
        migrations.check_not_newer(path)
    except DatabaseFileError as exc:
        print(f"problem: {exc.message}")
        if isinstance(exc, DamagedDatabaseError):
            from send_desktop.cli.safety import damaged_hint

            print(damaged_hint(path), file=sys.stderr)
        return EXIT_DATA
    problems = _integrity(path)
    if problems:
        print(f"problem: integrity check failed: {'; '.join(problems[:3])}")
        return EXIT_DATA
    revision = migrations.current_revision(path)
    if revision != migrations.HEAD:
        print(
            f"problem: schema {revision or 'none'} is older than {migrations.HEAD}; "
            "open the file in SEND Desktop to upgrade it (a backup is made first)"
        )
        return EXIT_DATA
    print(f"ok: integrity ok, foreign keys ok, schema {revision} is current")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from send_desktop.services.stats import record_counts
    from send_desktop.storage.database import open_database

    path = existing(resolve(args.db))
    db = open_database(path)
    try:
        for name, value in record_counts(db).items():
            print(f"{name}: {value}")
    finally:
        db.close()
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from send_desktop.interchange.errors import FileRefusedError
    from send_desktop.services import imports
    from send_desktop.services.errors import ValidationError
    from send_desktop.storage.database import open_database

    source = Path(args.file)
    if not source.exists():
        raise CliError(f"{source}: no such file", EXIT_USAGE)
    if source.is_dir() or not os.access(source, os.R_OK):
        raise CliError(f"{source}: cannot be read", EXIT_USAGE)
    path = existing(resolve(args.db))
    db = open_database(path)
    try:
        result = imports.run_import(
            db,
            path=source,
            kind=args.kind,
            sheet=args.sheet,
            options=imports.ImportOptions(la_code=args.la),
            dry_run=args.dry_run,
            all_or_nothing=args.all_or_nothing,
        )
    except FileRefusedError as exc:
        raise CliError(f"{source}: {exc.message}", EXIT_USAGE) from None
    except ValidationError as exc:
        raise CliError(exc.message, EXIT_USAGE) from None
    finally:
        db.close()
    print(result.summary_line())
    for row in result.rejected:
        print(row.describe())
    skipped = [
        f"{count} {what}"
        for count, what in (
            (result.blank, "blank"),
            (result.totals, "totals"),
            (result.filtered, "of another local authority"),
        )
        if count
    ]
    if skipped:
        print(f"skipped rows: {', '.join(skipped)}", file=sys.stderr)
    for row, label, note in result.review:
        print(f"check row {row} ({label}): {note}", file=sys.stderr)
    if result.rejected and args.all_or_nothing:
        print(
            "nothing was imported: rows were rejected and --all-or-nothing was given",
            file=sys.stderr,
        )
    if result.rejected and args.errors:
        report = imports.save_error_report(result, Path(args.errors))
        print(f"error report: {report}", file=sys.stderr)
    return EXIT_DATA if result.rejected else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from send_desktop.interchange.atomic import TargetError
    from send_desktop.services import exports
    from send_desktop.storage.database import open_database

    target = output_path(Path(args.output), ".xlsx")
    path = existing(resolve(args.db))
    password = _export_password(target) if args.password else None
    db = open_database(path)
    try:
        written = exports.export(db, kind=args.kind, path=target, password=password)
    except TargetError as exc:
        raise CliError(exc.message, EXIT_USAGE) from None
    finally:
        db.close()
    print(written)
    return EXIT_OK


def _export_password(target: Path) -> str:
    """The password for an encrypted export: from ``PASSWORD_ENV``, else typed twice at the
    terminal without echo (a password on the command line would be in the shell history)."""
    import getpass

    from send_desktop.domain.secrets import check_new_secret

    given = os.environ.get(PASSWORD_ENV)
    if given is not None:
        text, again = given, given
    elif sys.stdin.isatty():
        text = getpass.getpass(f"Password for {target.name} (needed to open it): ")
        again = getpass.getpass("The same password again: ")
    else:
        raise CliError(f"--password needs a terminal to type it, or {PASSWORD_ENV}", EXIT_USAGE)
    problem = check_new_secret(text, again)
    if problem:
        raise CliError(problem, EXIT_USAGE)
    return text


def cmd_pack(args: argparse.Namespace) -> int:
    from send_desktop.interchange.atomic import TargetError
    from send_desktop.services import packs
    from send_desktop.storage.database import open_database

    if args.what == "letters":
        return letters.cmd_pack_letters(args)
    target = output_path(Path(args.output), ".pdf")
    if args.what == "cohort" and not args.name:
        raise CliError("pack cohort needs the cohort's NAME, e.g. 'Cohort 1'", EXIT_USAGE)
    path = existing(resolve(args.db))
    db = open_database(path)
    try:
        if args.what == "catalogue":
            written = packs.make_outreach_catalogue(db, path=target)
        elif args.what == "board":
            from send_desktop.services.board_report import make_board_report

            written = make_board_report(db, path=target)
        else:
            written = packs.make_cohort_pack(
                db, cohort=args.name, path=target, session=args.session
            )
    except (packs.UnknownCohortError, packs.UnknownSessionError) as exc:
        raise CliError(exc.message, EXIT_DATA) from None
    except TargetError as exc:
        raise CliError(exc.message, EXIT_USAGE) from None
    finally:
        db.close()
    print(written)
    return EXIT_OK


def cmd_allocate(args: argparse.Namespace) -> int:
    """Dates print as ISO yyyy-mm-dd. A full cohort exits 1 ('... has no free places'), so a
    second ``--apply`` allocates nothing."""
    from send_desktop.services import waitlist
    from send_desktop.storage.database import open_database

    path = existing(resolve(args.db))
    db = open_database(path)
    try:
        proposal = waitlist.propose_allocation(db, cohort=args.cohort, balance=args.balance)
        for c in proposal.chosen:
            print(f"{c.urn or ''}\t{c.name}\t{c.phase or ''}\t{c.added_on.isoformat()}")
        print(
            f"proposed: {len(proposal.chosen)} of {proposal.waiting} waiting, "
            f"capacity {proposal.cohort.capacity}"
        )
        if args.apply:
            ids = [c.entry_id for c in proposal.chosen]
            print(f"allocated: {waitlist.apply_allocation(db, cohort=args.cohort, entry_ids=ids)}")
    except waitlist.AllocationError as exc:
        raise CliError(exc.message, EXIT_DATA) from None
    finally:
        db.close()
    return EXIT_OK


def _open_round(args: argparse.Namespace):  # noqa: ANN202 - Database, imported lazily
    from send_desktop.storage.database import open_database

    return open_database(existing(resolve(args.db)))


def cmd_pathways_rank(args: argparse.Namespace) -> int:
    from send_desktop.services import pathways

    db = _open_round(args)
    try:
        _, ranking = pathways.rank_round(db, round_name=args.round)
    except pathways.UnknownRoundError as exc:
        raise CliError(exc.message, EXIT_DATA) from None
    finally:
        db.close()
    for school in ranking.schools:
        row = school.row
        print(f"{school.rank_text}\t{row.urn}\t{row.name}\t{school.count_text}\t{school.phase}")
        if school.note:
            print(f"note: {row.name}: {school.note}", file=sys.stderr)
    print(ranking.summary())
    return EXIT_OK


def _pounds_arg(text: str) -> int:
    cleaned = text.replace(",", "").removeprefix("£").strip()
    if not cleaned.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of pounds")
    return int(cleaned)


def cmd_pathways_allocate(args: argparse.Namespace) -> int:
    from send_desktop.domain.pathways import PathwaysError, pounds
    from send_desktop.services import pathways

    db = _open_round(args)
    run = pathways.apply_allocation if args.apply else pathways.trial_allocation
    try:
        result = run(db, round_name=args.round, method=args.method, cap_pounds=args.cap)
    except pathways.UnknownRoundError as exc:
        raise CliError(exc.message, EXIT_DATA) from None
    except PathwaysError as exc:
        raise CliError(exc.message, EXIT_DATA) from None
    finally:
        db.close()
    for share in result.shares:
        print(f"{share.claim.urn}\t{share.claim.name}\t{pounds(share.pounds * 100)}")
    print(f"total: {pounds(result.total_pounds * 100)} of {pounds(result.pot_pounds * 100)}")
    if args.apply:
        print(f"applied: {len(result.shares)} awards set", file=sys.stderr)
    return EXIT_OK


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 86400:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (up to a day)")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="send-desktop",
        description="SEND Desktop: run SEND early-intervention programmes offline. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"send-desktop {__version__}")
    db_arg(parser)
    parser.add_argument(
        "--quit-after",
        type=_seconds,
        metavar="SECONDS",
        help="close the window after SECONDS (for smoke tests of an installed copy)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="create a demo database (Oxfordshire schools)")
    db_arg(demo)
    demo.add_argument("--force", action="store_true", help="replace an existing file")
    demo.set_defaults(func=cmd_demo)

    check = sub.add_parser("check", help="check integrity, references and schema version")
    db_arg(check)
    check.set_defaults(func=cmd_check)

    stats = sub.add_parser("stats", help="print record counts, one 'name: number' per line")
    db_arg(stats)
    stats.set_defaults(func=cmd_stats)

    from send_desktop.interchange.kind import all_kinds

    kinds = [k.name for k in all_kinds()]
    imp = sub.add_parser(
        "import",
        help="import a spreadsheet (.xlsx, .xlsm, .ods, .csv): one summary line, "
        "then one line per rejected row",
    )
    imp.add_argument("kind", metavar="KIND", choices=kinds, help="one of: " + ", ".join(kinds))
    imp.add_argument("file", metavar="FILE", help="the spreadsheet to import")
    db_arg(imp)
    imp.add_argument("--sheet", metavar="NAME", help="sheet to read (default: first with data)")
    imp.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    imp.add_argument(
        "--all-or-nothing", action="store_true", help="write nothing if any row is rejected"
    )
    imp.add_argument(
        "--la",
        metavar="CODE",
        help="keep rows of this local authority (gias and sen-school-level: 931 unless given; "
        "'any' keeps all)",
    )
    imp.add_argument(
        "--errors", metavar="FILE.xlsx", help="save rejected rows as an .xlsx error report"
    )
    imp.set_defaults(func=cmd_import)

    from send_desktop.services.exports import EXPORT_KINDS

    export_names = list(EXPORT_KINDS)
    exp = sub.add_parser(
        "export",
        help="write one kind of record to an .xlsx (every row and column); prints its path",
    )
    exp.add_argument(
        "kind", metavar="KIND", choices=export_names, help="one of: " + ", ".join(export_names)
    )
    db_arg(exp)
    exp.add_argument("-o", "--output", metavar="FILE.xlsx", required=True, help="file to write")
    exp.add_argument(
        "--password",
        action="store_true",
        help=f"encrypt the workbook: the password is asked for twice (or read from "
        f"{PASSWORD_ENV}), never given on the command line",
    )
    exp.set_defaults(func=cmd_export)

    pack = sub.add_parser("pack", help="write a printable PDF pack; prints its path")
    pack.add_argument(
        "what",
        metavar="WHAT",
        choices=["cohort", "board", "letters", "catalogue"],
        help="cohort (the TIRP cohort pack, needs NAME), board (the board report), letters "
        "(enhanced pathways letters) or catalogue (the outreach packages open for "
        "applications: the offer to schools)",
    )
    pack.add_argument("name", metavar="NAME", nargs="?", help="the cohort's name, e.g. 'Cohort 1'")
    db_arg(pack)
    pack.add_argument(
        "-o", "--output", metavar="FILE.pdf|DIR", required=True, help="file (letters: folder)"
    )
    pack.add_argument(
        "--session", type=int, metavar="N", help="the pack for session N only (its sign-in sheet)"
    )
    letters.add_pack_arguments(pack)
    pack.set_defaults(func=cmd_pack)

    alloc = sub.add_parser(
        "allocate",
        help="propose waitlisted settings for a TIRP cohort's free places (--apply to enrol them)",
    )
    alloc.add_argument("--cohort", metavar="NAME", required=True, help="e.g. 'Cohort 2'")
    db_arg(alloc)
    alloc.add_argument(
        "--balance", choices=["phase", "locality"], help="share places in proportion by group"
    )
    alloc.add_argument("--apply", action="store_true", help="enrol the proposed settings")
    alloc.set_defaults(func=cmd_allocate)

    pathways = sub.add_parser("pathways", help="enhanced pathways: rank a round, trial allocations")
    pw = pathways.add_subparsers(dest="pathways_command", metavar="ACTION", required=True)
    pw_rank = pw.add_parser(
        "rank",
        help="rank schools by Year 7 EHCP intake: rank, URN, name, count, phase (1, 2, - or tie)",
    )
    pw_rank.add_argument("--round", metavar="NAME", required=True, help="the funding round's name")
    db_arg(pw_rank)
    pw_rank.set_defaults(func=cmd_pathways_rank)
    pw_alloc = pw.add_parser(
        "allocate",
        help="share the remaining grant among approved phase-2 bids (a preview unless --apply)",
    )
    pw_alloc.add_argument("--round", metavar="NAME", required=True, help="the funding round's name")
    db_arg(pw_alloc)
    pw_alloc.add_argument("--method", required=True, choices=["equal", "ehcp", "requested"])
    pw_alloc.add_argument("--cap", type=_pounds_arg, metavar="POUNDS", help="most any school gets")
    pw_alloc.add_argument("--apply", action="store_true", help="set the awards (one transaction)")
    pw_alloc.set_defaults(func=cmd_pathways_allocate)

    from send_desktop.cli.commands import COMMAND_MODULES

    for module in COMMAND_MODULES:
        module.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    try:
        if func is None:
            from send_desktop.app import run_gui

            return run_gui(args.db, quit_after=args.quit_after)
        return func(args)
    except CliError as exc:
        print(f"send-desktop: {exc}", file=sys.stderr)
        return exc.code
    except NotADatabaseError as exc:
        print(f"send-desktop: {exc}", file=sys.stderr)
        return EXIT_DATA
    except DamagedDatabaseError as exc:
        from send_desktop.cli.safety import damaged_hint

        print(f"send-desktop: {exc}", file=sys.stderr)
        print(damaged_hint(exc.path), file=sys.stderr)
        return EXIT_DATA
    except DatabaseFileError as exc:
        print(f"send-desktop: {exc}", file=sys.stderr)
        return EXIT_DATA
    except OSError as exc:
        print(f"send-desktop: {exc}", file=sys.stderr)
        return EXIT_USAGE
