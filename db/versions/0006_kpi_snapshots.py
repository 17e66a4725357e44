"""Dashboard: monthly snapshots of the key figures, for trend charts.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kpi_snapshot",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_snapshot")),
        sa.UniqueConstraint("month", "name", name=op.f("uq_kpi_snapshot_month")),
    )
    with op.batch_alter_table("kpi_snapshot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kpi_snapshot_month"), ["month"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("kpi_snapshot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kpi_snapshot_month"))
    op.drop_table("kpi_snapshot")
