"""Alembic environment. The app passes an open connection (see storage/migrations.py);
from the alembic command line, give the database with ``-x db=PATH``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from send_desktop.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
        compare_type=True,
    )


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        context.run_migrations()
        return
    db = context.get_x_argument(as_dictionary=True).get("db", "scratch.sqlite")
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        _configure(conn)
        context.run_migrations()


run()
