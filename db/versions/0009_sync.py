"""Shared-drive sync: change capture (triggers), version vectors, applied files, conflicts.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from send_desktop.storage import sync_capture

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _run(sql: str) -> list:
    result = op.get_bind().exec_driver_sql(sql)
    return result.fetchall() if result.returns_rows else []


def upgrade() -> None:
    op.create_table(
        "sync_dirty",
        sa.Column("tbl", sa.String(length=60), nullable=False),
        sa.Column("rid", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("tbl", "rid", "field", name=op.f("pk_sync_dirty")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "sync_applying",
        sa.Column("on", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("on", name=op.f("pk_sync_applying")),
    )
    op.create_table(
        "sync_record",
        sa.Column("tbl", sa.String(length=60), nullable=False),
        sa.Column("rid", sa.String(length=36), nullable=False),
        sa.Column("clock", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Integer(), nullable=False),
        sa.Column("saved", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("tbl", "rid", name=op.f("pk_sync_record")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "sync_file",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("mine", sa.Integer(), nullable=False),
        sa.Column("done_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sync_file")),
    )
    op.create_table(
        "sync_outbox",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sync_outbox")),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("tbl", sa.String(length=60), nullable=False),
        sa.Column("rid", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("mine", sa.Text(), nullable=False),
        sa.Column("theirs", sa.Text(), nullable=False),
        sa.Column("mine_vv", sa.Text(), nullable=False),
        sa.Column("theirs_vv", sa.Text(), nullable=False),
        sa.Column("found_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("tbl", "rid", "field", name=op.f("pk_sync_conflict")),
        sqlite_with_rowid=False,
    )
    sync_capture.install(_run)
    sync_capture.mark_all_new(_run)


def downgrade() -> None:
    sync_capture.drop(_run)
    for table in (
        "sync_conflict",
        "sync_outbox",
        "sync_file",
        "sync_record",
        "sync_applying",
        "sync_dirty",
    ):
        op.drop_table(table)
