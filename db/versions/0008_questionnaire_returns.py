"""Special-school outreach: questionnaire returns (one row per setting and questionnaire).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questionnaire_return",
        sa.Column("setting_id", sa.String(length=36), nullable=False),
        sa.Column("questionnaire", sa.String(length=200), nullable=False),
        sa.Column("respondent", sa.String(length=120), nullable=True),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["setting_id"],
            ["setting.id"],
            name=op.f("fk_questionnaire_return_setting_id_setting"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_return")),
    )
    with op.batch_alter_table("questionnaire_return", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questionnaire_return_setting_id"), ["setting_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_questionnaire_return_questionnaire"), ["questionnaire"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("questionnaire_return", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questionnaire_return_questionnaire"))
        batch_op.drop_index(batch_op.f("ix_questionnaire_return_setting_id"))
    op.drop_table("questionnaire_return")
