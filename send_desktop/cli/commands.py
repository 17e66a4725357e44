"""Command modules added to ``send-desktop``: one line each, in help order.

A module defines ``add_parsers(sub)`` (sub is argparse's subparsers action) and sets
``func`` on each parser it adds. It imports its services inside the command function so
that ``send-desktop --help`` stays fast and never loads Qt or SQLAlchemy.
Shared helpers (exit codes, CliError, --db) live in ``send_desktop.cli.common``.
"""

from __future__ import annotations

from types import ModuleType

from send_desktop.cli import kpis, outreach, safety, sync

COMMAND_MODULES: tuple[ModuleType, ...] = (outreach, kpis, safety, sync)
