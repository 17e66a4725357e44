"""The lead's choice of when a TIRP setting counts as at risk (attendance below a share, or
this many sessions missed in a row), kept in the database so it holds from one run to the
next and for the printed figures alike."""

from __future__ import annotations

import contextlib

from send_desktop.services import app_meta
from send_desktop.storage.database import Database

KEY = "tirp_at_risk"
DEFAULT = (75, 2)  # percent attended, sessions missed in a row


def at_risk_limits(db: Database) -> tuple[int, int]:
    with contextlib.suppress(ValueError, AttributeError):
        percent, in_a_row = (int(part) for part in app_meta.stored(db, KEY).split(","))
        if 1 <= percent <= 100 and 1 <= in_a_row <= 10:
            return percent, in_a_row
    return DEFAULT


def set_at_risk_limits(db: Database, percent: int, in_a_row: int) -> None:
    if not (1 <= percent <= 100 and 1 <= in_a_row <= 10):
        raise ValueError("a share from 1 to 100% and 1 to 10 sessions in a row")
    app_meta.store(db, KEY, f"{percent},{in_a_row}")
