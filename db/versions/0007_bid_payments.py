"""Enhanced pathways: payments on a bid, each with its amount and date.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bid_payment",
        sa.Column("bid_id", sa.String(length=36), nullable=False),
        sa.Column("amount_pence", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["bid_id"], ["bid.id"], name=op.f("fk_bid_payment_bid_id_bid")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bid_payment")),
    )
    with op.batch_alter_table("bid_payment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bid_payment_bid_id"), ["bid_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("bid_payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bid_payment_bid_id"))
    op.drop_table("bid_payment")
