"""Which exceptions mean "the database refused or failed" — without importing SQLAlchemy.

Callers write ``except database_errors() as err:``; the tuple is built when an exception is
being matched. SQLAlchemy's base error is included only once SQLAlchemy has been imported
(before that, nothing could have raised it), so the window can start without it.
"""

from __future__ import annotations

import sqlite3
import sys


def database_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [sqlite3.Error]
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    if cipher is not None:
        errors.append(cipher.Error)
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is not None:
        errors.append(sa_exc.SQLAlchemyError)
    return tuple(errors)


def describe(err: BaseException) -> str:
    """A short, plain description of a database failure (no SQL, no values)."""
    text = str(getattr(err, "orig", None) or err).lower()
    if "locked" in text or "busy" in text:
        return "the database is busy (another program is using it); try again in a moment."
    if "readonly" in text or "read-only" in text:
        return "the database file is read-only, so the change could not be saved."
    if "disk" in text and ("full" in text or "i/o" in text):
        return "the disk is full or failing, so the change could not be saved."
    return f"the database refused the change ({type(err).__name__})."
