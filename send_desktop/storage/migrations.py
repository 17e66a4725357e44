"""Schema migrations with Alembic (environment in the top-level ``db/`` folder).

``HEAD`` names the newest revision so that start-up can tell a current database without
importing Alembic (it costs ~0.1 s); a test keeps it equal to Alembic's own head.
"""

from __future__ import annotations

from pathlib import Path

from send_desktop import paths
from send_desktop.storage.fileinfo import DatabaseFileError, NewerSchemaError, connect_read_only

HEAD = "0010"
KNOWN = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010")


def current_revision(path: Path) -> str | None:
    """The revision stamped in the file, read without writing; None for a blank database."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    conn = connect_read_only(path)
    try:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def needs_upgrade(path: Path) -> bool:
    return current_revision(path) != HEAD


def check_not_newer(path: Path) -> None:
    check_revision(path, current_revision(path))


def check_revision(path: Path, revision: str | None) -> None:
    """Refuse a file from a newer app, or an SQLite file that is not ours, given the
    ``revision`` already read from it."""
    if revision is not None and revision not in KNOWN:
        raise NewerSchemaError(
            path,
            f"this database was made by a newer SEND Desktop (schema {revision}); "
            "please update the app before opening it.",
        )
    if revision is None and _has_user_tables(path):
        raise DatabaseFileError(path, "this SQLite file is not a SEND Desktop database.")


def _has_user_tables(path: Path) -> bool:
    conn = connect_read_only(path)
    try:
        return (
            conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0] > 0
        )
    finally:
        conn.close()


def alembic_config():  # noqa: ANN201 - alembic is imported lazily
    from alembic.config import Config

    config = Config(str(paths.migrations_dir() / "alembic.ini"))
    config.set_main_option("script_location", str(paths.migrations_dir()))
    return config


def _run(path: Path, action: str, revision: str) -> None:
    """Run one Alembic command in a single transaction with foreign keys off.

    Foreign keys are checked before commit, so a migration that breaks them changes nothing.
    """
    from alembic import command
    from sqlalchemy import create_engine, event, text

    from send_desktop.storage import keys

    engine = create_engine(keys.sqlalchemy_url(path))

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record) -> None:  # noqa: ANN001
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA foreign_keys=OFF")

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # noqa: ANN001
        conn.exec_driver_sql("BEGIN")

    config = alembic_config()
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            getattr(command, action)(config, revision)
            if action == "upgrade":  # a migration may have added columns or rebuilt a table
                from send_desktop.storage import sync_capture

                sync_capture.install(lambda sql: _rows(conn.exec_driver_sql(sql)))
            problems = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
            if problems:
                raise DatabaseFileError(
                    path, f"migration left {len(problems)} broken references; nothing was changed."
                )
    finally:
        engine.dispose()


def _rows(result):  # noqa: ANN001, ANN202
    return result.fetchall() if result.returns_rows else []


def upgrade(path: Path, revision: str = "head") -> None:
    if revision == "head" and current_revision(path) == HEAD:
        return
    _run(path, "upgrade", revision)


def downgrade(path: Path, revision: str) -> None:
    _run(path, "downgrade", revision)
