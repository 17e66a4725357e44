"""``send-desktop kpis``: the key figures, one ``name: value`` line each.

Values are plain numbers (no thousands separators or symbols): money in pounds with two
decimals, percentages with one, days as a whole number or with one decimal; ``n/a`` when
there is nothing to measure (no one waiting, no sessions recorded).
"""

from __future__ import annotations

import argparse

from send_desktop.cli.common import EXIT_OK, db_arg, existing, resolve


def cmd_kpis(args: argparse.Namespace) -> int:
    from send_desktop.services import kpis
    from send_desktop.storage.database import open_database

    db = open_database(existing(resolve(args.db)))
    try:
        figures = kpis.key_figures(db)
    finally:
        db.close()
    for kpi in figures:
        print(f"{kpi.name}: {kpi.plain}")
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "kpis", help="print the key figures the dashboard shows, one 'name: value' per line"
    )
    db_arg(parser)
    parser.set_defaults(func=cmd_kpis)
