"""Audit rows outside an import cost one index entry less.

``ix_audit_log_batch_id`` only ever answers ``batch_id = ?`` (an import's rows), yet every
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


def upgrade() -> None:
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
