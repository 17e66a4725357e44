"""Reading a test database straight from its file: whole-table dumps and single queries."""

from __future__ import annotations

import sqlite3


def dump(db) -> dict[str, list[tuple]]:  # noqa: ANN001
    """Every table's rows (sorted), after closing ``db``: compare before/after a refusal."""
    db.close()
    conn = sqlite3.connect(db.path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()


def rows(db, sql: str, *params) -> list[tuple]:  # noqa: ANN001
    conn = sqlite3.connect(db.path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()
