"""Small settings kept in the database itself (``app_meta``: key -> text), such as a lead's
letter wording, the retention period or the TIRP at-risk limits: they travel with the file
and its backups, and hold from one run to the next."""

from __future__ import annotations

from send_desktop.storage.database import Database


def stored(db: Database, key: str) -> str | None:
    rows = db.query("SELECT value FROM app_meta WHERE key = ?", (key,))
    return rows[0][0] if rows else None


def store(db: Database, key: str, value: str | None) -> None:
    """Keep ``value`` under ``key`` (None removes it)."""
    with db.transaction() as session:
        conn = session.connection()
        if value is None:
            conn.exec_driver_sql("DELETE FROM app_meta WHERE key = ?", (key,))
            return
        conn.exec_driver_sql(
            "INSERT INTO app_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
