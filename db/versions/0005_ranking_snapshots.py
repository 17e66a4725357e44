"""Enhanced pathways: a ranking is saved with the intake data it was built on.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ranking_snapshot",
        sa.Column("round_id", sa.String(length=36), nullable=False),
        sa.Column("saved_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("rows", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["funding_round.id"],
            name=op.f("fk_ranking_snapshot_round_id_funding_round"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ranking_snapshot")),
    )
    with op.batch_alter_table("ranking_snapshot", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ranking_snapshot_round_id"), ["round_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("ranking_snapshot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ranking_snapshot_round_id"))
    op.drop_table("ranking_snapshot")
