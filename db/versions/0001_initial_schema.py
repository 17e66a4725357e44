"""Initial schema: the register, people, TIRP, pathways, outreach, roadmap, imports, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cohort",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("venue", sa.String(length=200), nullable=True),
        sa.Column("facilitators", sa.String(length=300), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohort")),
        sa.UniqueConstraint("name", name=op.f("uq_cohort_name")),
    )
    op.create_table(
        "funding_round",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("intake_label", sa.String(length=80), nullable=False),
        sa.Column("intake_year", sa.Integer(), nullable=False),
        sa.Column("total_grant_pence", sa.Integer(), nullable=False),
        sa.Column("phase1_size", sa.Integer(), nullable=False),
        sa.Column("phase2_threshold", sa.Integer(), nullable=False),
        sa.Column("phase1_allocation_pence", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_round")),
        sa.UniqueConstraint("name", name=op.f("uq_funding_round_name")),
    )
    op.create_table(
        "import_batch",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("sheet", sa.String(length=200), nullable=True),
        sa.Column("mapping", sa.Text(), nullable=True),
        sa.Column("new_count", sa.Integer(), nullable=False),
        sa.Column("updated_count", sa.Integer(), nullable=False),
        sa.Column("unchanged_count", sa.Integer(), nullable=False),
        sa.Column("rejected_count", sa.Integer(), nullable=False),
        sa.Column("user", sa.String(length=120), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch")),
    )
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_batch_sha256"), ["sha256"], unique=False)

    op.create_table(
        "milestone",
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("quarter", sa.String(length=7), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("theme", sa.String(length=120), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone")),
    )
    op.create_table(
        "objective",
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective")),
    )
    op.create_table(
        "person",
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("job_title", sa.String(length=120), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index("ix_person_full_name", ["full_name"], unique=False)

    op.create_table(
        "setting",
        sa.Column("urn", sa.String(length=12), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("phase", sa.String(length=40), nullable=True),
        sa.Column("type", sa.String(length=40), nullable=True),
        sa.Column("trust", sa.String(length=200), nullable=True),
        sa.Column("locality", sa.String(length=80), nullable=True),
        sa.Column("town", sa.String(length=80), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("la_code", sa.String(length=3), nullable=True),
        sa.Column("pupils", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("open_date", sa.Date(), nullable=True),
        sa.Column("close_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_setting")),
        sa.UniqueConstraint("urn", name=op.f("uq_setting_urn")),
    )
    with op.batch_alter_table("setting", schema=None) as batch_op:
        batch_op.create_index("ix_setting_name", ["name"], unique=False)
        batch_op.create_index("ix_setting_postcode", ["postcode"], unique=False)

    op.create_table(
        "setting_link",
        sa.Column("urn", sa.String(length=12), nullable=False),
        sa.Column("linked_urn", sa.String(length=12), nullable=False),
        sa.Column("link_type", sa.String(length=60), nullable=False),
        sa.Column("link_date", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_setting_link")),
        sa.UniqueConstraint("urn", "linked_urn", "link_type", name=op.f("uq_setting_link_urn")),
    )
    with op.batch_alter_table("setting_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_setting_link_linked_urn"), ["linked_urn"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_setting_link_urn"), ["urn"], unique=False)

    op.create_table(
        "action",
        sa.Column("objective_id", sa.String(length=36), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("success_measure", sa.Text(), nullable=True),
        sa.Column("resource", sa.Text(), nullable=True),
        sa.Column("monitored_by", sa.String(length=200), nullable=True),
        sa.Column("evaluated_by", sa.String(length=200), nullable=True),
        sa.Column("quarter", sa.String(length=7), nullable=True),
        sa.Column("rag", sa.String(length=10), nullable=False),
        sa.Column("rag_override_reason", sa.String(length=300), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["objective_id"], ["objective.id"], name=op.f("fk_action_objective_id_objective")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_objective_id"), ["objective_id"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=True),
        sa.Column("changes", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batch.id"], name=op.f("fk_audit_log_batch_id_import_batch")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_record_id"), ["record_id"], unique=False)

    op.create_table(
        "bid",
        sa.Column("round_id", sa.String(length=36), nullable=False),
        sa.Column("setting_id", sa.String(length=36), nullable=False),
        sa.Column("phase", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("requested_pence", sa.Integer(), nullable=True),
        sa.Column("awarded_pence", sa.Integer(), nullable=True),
        sa.Column("paid_pence", sa.Integer(), nullable=True),
        sa.Column("proposal_summary", sa.Text(), nullable=True),
        sa.Column("ks3_provision", sa.Text(), nullable=True),
        sa.Column("conditions", sa.Text(), nullable=True),
        sa.Column("contact_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["person.id"], name=op.f("fk_bid_contact_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["funding_round.id"], name=op.f("fk_bid_round_id_funding_round")
        ),
        sa.ForeignKeyConstraint(
            ["setting_id"], ["setting.id"], name=op.f("fk_bid_setting_id_setting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bid")),
        sa.UniqueConstraint("round_id", "setting_id", name=op.f("uq_bid_round_id")),
    )
    with op.batch_alter_table("bid", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bid_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bid_round_id"), ["round_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bid_setting_id"), ["setting_id"], unique=False)

    op.create_table(
        "cohort_member",
        sa.Column("cohort_id", sa.String(length=36), nullable=False),
        sa.Column("setting_id", sa.String(length=36), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdrawal_reason", sa.String(length=300), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohort.id"], name=op.f("fk_cohort_member_cohort_id_cohort")
        ),
        sa.ForeignKeyConstraint(
            ["setting_id"], ["setting.id"], name=op.f("fk_cohort_member_setting_id_setting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohort_member")),
        sa.UniqueConstraint("cohort_id", "setting_id", name=op.f("uq_cohort_member_cohort_id")),
    )
    with op.batch_alter_table("cohort_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cohort_member_cohort_id"), ["cohort_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_cohort_member_setting_id"), ["setting_id"], unique=False
        )

    op.create_table(
        "cohort_session",
        sa.Column("cohort_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("venue", sa.String(length=200), nullable=True),
        sa.Column("facilitator", sa.String(length=200), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohort.id"], name=op.f("fk_cohort_session_cohort_id_cohort")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohort_session")),
        sa.UniqueConstraint("cohort_id", "seq", name=op.f("uq_cohort_session_cohort_id")),
    )
    with op.batch_alter_table("cohort_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cohort_session_cohort_id"), ["cohort_id"], unique=False
        )

    op.create_table(
        "intake_count",
        sa.Column("setting_id", sa.String(length=36), nullable=False),
        sa.Column("intake_year", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["setting_id"], ["setting.id"], name=op.f("fk_intake_count_setting_id_setting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_count")),
        sa.UniqueConstraint("setting_id", "intake_year", name=op.f("uq_intake_count_setting_id")),
    )
    with op.batch_alter_table("intake_count", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intake_count_setting_id"), ["setting_id"], unique=False
        )

    op.create_table(
        "outreach_provider",
        sa.Column("setting_id", sa.String(length=36), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["person.id"], name=op.f("fk_outreach_provider_contact_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["setting_id"], ["setting.id"], name=op.f("fk_outreach_provider_setting_id_setting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_provider")),
        sa.UniqueConstraint("setting_id", name=op.f("uq_outreach_provider_setting_id")),
    )
    with op.batch_alter_table("outreach_provider", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outreach_provider_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "person_role",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("setting_id", sa.String(length=36), nullable=True),
        sa.Column("role", sa.String(length=60), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_person_role_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["setting_id"], ["setting.id"], name=op.f("fk_person_role_setting_id_setting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_role")),
    )
    with op.batch_alter_table("person_role", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_role_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_role_setting_id"), ["setting_id"], unique=False)

    op.create_table(
        "resource_base",
        sa.Column("setting_id", sa.String(length=36), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=True),
        sa.Column("area_of_need", sa.String(length=60), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["setting_id"], ["setting.id"], name=op.f("fk_resource_base_setting_id_setting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_base")),
    )
    with op.batch_alter_table("resource_base", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resource_base_setting_id"), ["setting_id"], unique=False
        )

    op.create_table(
        "sen_count",
        sa.Column("setting_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.String(length=9), nullable=False),
        sa.Column("pupils", sa.Integer(), nullable=True),
        sa.Column("sen_support", sa.Integer(), nullable=True),
        sa.Column("sen_support_suppressed", sa.Boolean(), nullable=False),
        sa.Column("ehc_plans", sa.Integer(), nullable=True),
        sa.Column("ehc_plans_suppressed", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["setting_id"], ["setting.id"], name=op.f("fk_sen_count_setting_id_setting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sen_count")),
        sa.UniqueConstraint("setting_id", "year", name=op.f("uq_sen_count_setting_id")),
    )
    with op.batch_alter_table("sen_count", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sen_count_setting_id"), ["setting_id"], unique=False)

    op.create_table(
        "waitlist_entry",
        sa.Column("setting_id", sa.String(length=36), nullable=False),
        sa.Column("added_on", sa.Date(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("preferred_start", sa.String(length=40), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("cohort_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohort.id"], name=op.f("fk_waitlist_entry_cohort_id_cohort")
        ),
        sa.ForeignKeyConstraint(
            ["setting_id"], ["setting.id"], name=op.f("fk_waitlist_entry_setting_id_setting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_entry")),
    )
    with op.batch_alter_table("waitlist_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_waitlist_entry_cohort_id"), ["cohort_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_waitlist_entry_setting_id"), ["setting_id"], unique=False
        )

    op.create_table(
        "action_rag_change",
        sa.Column("action_id", sa.String(length=36), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("rag", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["action.id"], name=op.f("fk_action_rag_change_action_id_action")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_rag_change")),
    )
    with op.batch_alter_table("action_rag_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_rag_change_action_id"), ["action_id"], unique=False
        )

    op.create_table(
        "bid_document",
        sa.Column("bid_id", sa.String(length=36), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["bid_id"], ["bid.id"], name=op.f("fk_bid_document_bid_id_bid")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bid_document")),
    )
    with op.batch_alter_table("bid_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bid_document_bid_id"), ["bid_id"], unique=False)

    op.create_table(
        "bid_event",
        sa.Column("bid_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["bid_id"], ["bid.id"], name=op.f("fk_bid_event_bid_id_bid")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bid_event")),
    )
    with op.batch_alter_table("bid_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bid_event_bid_id"), ["bid_id"], unique=False)

    op.create_table(
        "cohort_leader",
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=120), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("replaced_by_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["cohort_member.id"],
            name=op.f("fk_cohort_leader_member_id_cohort_member"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_cohort_leader_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["replaced_by_id"],
            ["cohort_leader.id"],
            name=op.f("fk_cohort_leader_replaced_by_id_cohort_leader"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohort_leader")),
    )
    with op.batch_alter_table("cohort_leader", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cohort_leader_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cohort_leader_person_id"), ["person_id"], unique=False)

    op.create_table(
        "feedback",
        sa.Column("cohort_id", sa.String(length=36), nullable=False),
        sa.Column("session_id", sa.String(length=36), nullable=True),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("consent_to_publish", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohort.id"], name=op.f("fk_feedback_cohort_id_cohort")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_feedback_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["cohort_session.id"],
            name=op.f("fk_feedback_session_id_cohort_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_cohort_id"), ["cohort_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_session_id"), ["session_id"], unique=False)

    op.create_table(
        "outreach_package",
        sa.Column("provider_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("area_of_need", sa.String(length=60), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=True),
        sa.Column("sessions", sa.Integer(), nullable=True),
        sa.Column("places_per_term", sa.Integer(), nullable=False),
        sa.Column("eligibility", sa.Text(), nullable=True),
        sa.Column("evidence_required", sa.Text(), nullable=True),
        sa.Column("open_for_applications", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["outreach_provider.id"],
            name=op.f("fk_outreach_package_provider_id_outreach_provider"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_package")),
    )
    with op.batch_alter_table("outreach_package", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outreach_package_provider_id"), ["provider_id"], unique=False
        )

    op.create_table(
        "waitlist_event",
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["waitlist_entry.id"],
            name=op.f("fk_waitlist_event_entry_id_waitlist_entry"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_event")),
    )
    with op.batch_alter_table("waitlist_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_waitlist_event_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "attendance",
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("leader_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["leader_id"], ["cohort_leader.id"], name=op.f("fk_attendance_leader_id_cohort_leader")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["cohort_session.id"],
            name=op.f("fk_attendance_session_id_cohort_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("session_id", "leader_id", name=op.f("uq_attendance_session_id")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_leader_id"), ["leader_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_session_id"), ["session_id"], unique=False)

    op.create_table(
        "referral",
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("setting_id", sa.String(length=36), nullable=False),
        sa.Column("route", sa.String(length=40), nullable=False),
        sa.Column("term", sa.String(length=20), nullable=True),
        sa.Column("summary_of_need", sa.Text(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("outcome_rating", sa.Integer(), nullable=True),
        sa.Column("outcome_notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["outreach_package.id"],
            name=op.f("fk_referral_package_id_outreach_package"),
        ),
        sa.ForeignKeyConstraint(
            ["setting_id"], ["setting.id"], name=op.f("fk_referral_setting_id_setting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_package_id"), ["package_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_setting_id"), ["setting_id"], unique=False)

    op.create_table(
        "referral_event",
        sa.Column("referral_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("by", sa.String(length=120), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referral.id"], name=op.f("fk_referral_event_referral_id_referral")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_event")),
    )
    with op.batch_alter_table("referral_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referral_event_referral_id"), ["referral_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("referral_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_event_referral_id"))

    op.drop_table("referral_event")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_setting_id"))
        batch_op.drop_index(batch_op.f("ix_referral_package_id"))

    op.drop_table("referral")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_session_id"))
        batch_op.drop_index(batch_op.f("ix_attendance_leader_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("waitlist_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_waitlist_event_entry_id"))

    op.drop_table("waitlist_event")
    with op.batch_alter_table("outreach_package", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outreach_package_provider_id"))

    op.drop_table("outreach_package")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_session_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_person_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_cohort_id"))

    op.drop_table("feedback")
    with op.batch_alter_table("cohort_leader", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cohort_leader_person_id"))
        batch_op.drop_index(batch_op.f("ix_cohort_leader_member_id"))

    op.drop_table("cohort_leader")
    with op.batch_alter_table("bid_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bid_event_bid_id"))

    op.drop_table("bid_event")
    with op.batch_alter_table("bid_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bid_document_bid_id"))

    op.drop_table("bid_document")
    with op.batch_alter_table("action_rag_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_rag_change_action_id"))

    op.drop_table("action_rag_change")
    with op.batch_alter_table("waitlist_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_waitlist_entry_setting_id"))
        batch_op.drop_index(batch_op.f("ix_waitlist_entry_cohort_id"))

    op.drop_table("waitlist_entry")
    with op.batch_alter_table("sen_count", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sen_count_setting_id"))

    op.drop_table("sen_count")
    with op.batch_alter_table("resource_base", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_base_setting_id"))

    op.drop_table("resource_base")
    with op.batch_alter_table("person_role", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_role_setting_id"))
        batch_op.drop_index(batch_op.f("ix_person_role_person_id"))

    op.drop_table("person_role")
    with op.batch_alter_table("outreach_provider", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outreach_provider_contact_id"))

    op.drop_table("outreach_provider")
    with op.batch_alter_table("intake_count", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_count_setting_id"))

    op.drop_table("intake_count")
    with op.batch_alter_table("cohort_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cohort_session_cohort_id"))

    op.drop_table("cohort_session")
    with op.batch_alter_table("cohort_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cohort_member_setting_id"))
        batch_op.drop_index(batch_op.f("ix_cohort_member_cohort_id"))

    op.drop_table("cohort_member")
    with op.batch_alter_table("bid", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bid_setting_id"))
        batch_op.drop_index(batch_op.f("ix_bid_round_id"))
        batch_op.drop_index(batch_op.f("ix_bid_contact_id"))

    op.drop_table("bid")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_record_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_batch_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_objective_id"))

    op.drop_table("action")
    with op.batch_alter_table("setting_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_setting_link_urn"))
        batch_op.drop_index(batch_op.f("ix_setting_link_linked_urn"))

    op.drop_table("setting_link")
    with op.batch_alter_table("setting", schema=None) as batch_op:
        batch_op.drop_index("ix_setting_postcode")
        batch_op.drop_index("ix_setting_name")

    op.drop_table("setting")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_full_name")

    op.drop_table("person")
    op.drop_table("objective")
    op.drop_table("milestone")
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_batch_sha256"))

    op.drop_table("import_batch")
    op.drop_table("funding_round")
    op.drop_table("cohort")
