"""``send-desktop outreach status``: places, delivery and waitlist per outreach package."""

from __future__ import annotations

import argparse

from send_desktop.cli.common import EXIT_OK, db_arg, existing, resolve


def cmd_outreach_status(args: argparse.Namespace) -> int:
    """One line per package, ``package<TAB>provider<TAB>places<TAB>in delivery<TAB>waitlisted``
    (provider order, then package name), then ``referrals: N``."""
    from send_desktop.services import outreach
    from send_desktop.storage.database import open_database

    db = open_database(existing(resolve(args.db)))
    try:
        lines, total = outreach.package_status(db)
    finally:
        db.close()
    for p in lines:
        print(f"{p.package}\t{p.provider}\t{p.places}\t{p.in_delivery}\t{p.waitlisted}")
    print(f"referrals: {total}")
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("outreach", help="special-school outreach packages and referrals")
    commands = group.add_subparsers(dest="outreach_command", metavar="COMMAND", required=True)
    status = commands.add_parser(
        "status",
        help="one line per package: package, provider, places per term, in delivery, "
        "waitlisted; then the number of referrals",
    )
    db_arg(status)
    status.set_defaults(func=cmd_outreach_status)
