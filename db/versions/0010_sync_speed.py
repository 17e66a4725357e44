"""Sync speed: clocks kept once, and audit rows outside an import one index entry lighter.

- ``sync_clock`` holds each distinct clock (version vectors) once; ``sync_record`` refers
  to it by number. A change file moves thousands of records to the same clock, and its
  text (about 200 bytes) written per record was as large as the records themselves.
- ``ix_audit_log_batch_id`` only ever answers ``batch_id = ?`` (an import's rows), yet every
  audit row paid for an entry in it, most of them NULL: every edit made in the window and
  every change a sync applies. It becomes a partial index of the rows that have a batch;
  SQLite still uses it for ``batch_id = ?``, which implies ``batch_id IS NOT NULL``.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _record_table(name: str, clock: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("tbl", sa.String(length=60), nullable=False),
        sa.Column("rid", sa.String(length=36), nullable=False),
        clock,
        sa.Column("deleted", sa.Integer(), nullable=False),
        sa.Column("saved", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("tbl", "rid", name=op.f("pk_sync_record")),
        sqlite_with_rowid=False,
    )


def upgrade() -> None:
    op.create_table(
        "sync_clock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clock", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_clock")),
        sa.UniqueConstraint("clock", name=op.f("uq_sync_clock_clock")),
    )
    op.execute("INSERT INTO sync_clock (clock) SELECT DISTINCT clock FROM sync_record")
    # (the table is rebuilt by hand: batch mode would lose WITHOUT ROWID)
    op.rename_table("sync_record", "sync_record_old")
    _record_table("sync_record", sa.Column("clock_id", sa.Integer(), nullable=False))
    op.execute(
        "INSERT INTO sync_record (tbl, rid, clock_id, deleted, saved) "
        "SELECT r.tbl, r.rid, c.id, r.deleted, r.saved FROM sync_record_old r "
        "JOIN sync_clock c ON c.clock = r.clock"
    )
    op.drop_table("sync_record_old")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_batch_id"))
        batch_op.create_index(
            batch_op.f("ix_audit_log_batch_id"),
            ["batch_id"],
            unique=False,
            sqlite_where=sa.text("batch_id IS NOT NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_batch_id"))
        batch_op.create_index(batch_op.f("ix_audit_log_batch_id"), ["batch_id"], unique=False)
    op.rename_table("sync_record", "sync_record_new")
    _record_table("sync_record", sa.Column("clock", sa.Text(), nullable=False))
    op.execute(
        "INSERT INTO sync_record (tbl, rid, clock, deleted, saved) "
        "SELECT r.tbl, r.rid, c.clock, r.deleted, r.saved FROM sync_record_new r "
        "JOIN sync_clock c ON c.id = r.clock_id"
    )
    op.drop_table("sync_record_new")
    op.drop_table("sync_clock")
    op.execute("DELETE FROM app_meta WHERE key = 'sync_clocks_kept'")
