"""What undoable commands and editors need from the window (kept light: no services)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from send_desktop.storage.database import Database


@dataclass
class CommandContext:
    db: Database
    changed: Callable[[str, str | None], None]  # (page key, record id to select)
    report_error: Callable[[str], None]
