"""What every command shares: exit codes, the error that carries one, and --db."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from send_desktop import paths

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help="database file (default: the one in your SEND Desktop data folder)",
    )


def resolve(path: Path | None) -> Path:
    return path if path is not None else paths.default_db_path()


def existing(path: Path) -> Path:
    if not path.exists():
        raise CliError(f"{path}: no such file", EXIT_USAGE)
    if not os.access(path, os.R_OK) or path.is_dir():
        raise CliError(f"{path}: cannot be read", EXIT_USAGE)
    from send_desktop.cli.safety import unlock_if_needed

    unlock_if_needed(path)  # a database protected with a passphrase
    return path


def output_path(path: Path, suffix: str) -> Path:
    if path.suffix.lower() != suffix:
        raise CliError(f"{path}: the output file must end in {suffix}", EXIT_USAGE)
    return path
