"""SQLAlchemy engine for one database file, with the pragmas every connection needs."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from send_desktop.storage import keys
from send_desktop.storage.database import BUSY_TIMEOUT_MS
from send_desktop.storage.fileinfo import is_network_path


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    """Engine with foreign keys on, a busy timeout, and WAL on local disks.

    pysqlite's own transaction handling is switched off so SQLAlchemy emits BEGIN itself:
    then DDL (migrations) and savepoints are truly transactional.
    """
    url = keys.sqlalchemy_url(path)  # SQLAlchemy's pysqlcipher dialect when encrypted
    connect_args: dict[str, object] = {"timeout": BUSY_TIMEOUT_MS / 1000}
    if read_only:
        url = f"sqlite:///{path.resolve().as_uri()}?mode=ro&uri=true"
    engine = create_engine(url, connect_args=connect_args)
    wal = not read_only and not is_network_path(path)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if wal:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        conn.exec_driver_sql("BEGIN")

    return engine
