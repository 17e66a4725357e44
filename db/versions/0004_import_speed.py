"""Import speed: two unused indexes go, and GIAS link types get room.

``ix_setting_postcode`` (matching by postcode happens in memory) and ``ix_audit_log_at`` (the
audit log is read by id, record or batch; id order is time order) are never used by a query,
yet every imported row paid for them. GIAS has a 62-character link type, so
``setting_link.link_type`` widens from 60 to 100 characters.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("setting", schema=None) as batch_op:
        batch_op.drop_index("ix_setting_postcode")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))
    with op.batch_alter_table("setting_link", schema=None) as batch_op:
        batch_op.alter_column(
            "link_type",
            existing_type=sa.String(length=60),
            type_=sa.String(length=100),
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("setting_link", schema=None) as batch_op:
        batch_op.alter_column(
            "link_type",
            existing_type=sa.String(length=100),
            type_=sa.String(length=60),
            existing_nullable=False,
        )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
    with op.batch_alter_table("setting", schema=None) as batch_op:
        batch_op.create_index("ix_setting_postcode", ["postcode"], unique=False)
