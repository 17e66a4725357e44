"""The rows each page of the main window shows, read in one query per page."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from send_desktop.services.rowindex import Column, Table
from send_desktop.storage.database import Database
from send_desktop.storage.models import (
    Action,
    Bid,
    Cohort,
    CohortLeader,
    CohortMember,
    FundingRound,
    IntakeCount,
    Milestone,
    Objective,
    OutreachPackage,
    OutreachProvider,
    Person,
    PersonRole,
    Referral,
    Setting,
    WaitlistEntry,
)


def _table(db: Database, columns: list[Column], query) -> Table:  # noqa: ANN001
    with db.engine.connect() as conn:
        result = conn.execute(query).all()
    return Table(columns, [r[0] for r in result], [tuple(r[1:]) for r in result])


SETTINGS_COLUMNS = [
    Column("urn", "URN", width=80),
    Column("name", "Name", width=280),
    Column("phase", "Phase", width=110),
    Column("type", "Type", width=110),
    Column("town", "Town", width=120),
    Column("postcode", "Postcode", width=90),
    Column("locality", "Locality", visible=False),
    Column("trust", "Trust", visible=False, width=200),
    Column("pupils", "Pupils", kind="int", width=70),
    Column("la_code", "LA", visible=False, width=50),
    Column("email", "Email", visible=False, width=200),
    Column("phone", "Phone", visible=False),
    Column("updated_at", "Updated", kind="date", visible=False, width=90),
]


def list_settings(db: Database) -> Table:
    cols = [getattr(Setting, c.key) for c in SETTINGS_COLUMNS]
    return _table(db, SETTINGS_COLUMNS, select(Setting.id, *cols).order_by(Setting.name))


PEOPLE_COLUMNS = [
    Column("full_name", "Name", width=180),
    Column("job_title", "Job title", width=160),
    Column("role", "Role", width=120),
    Column("setting", "Setting", width=240),
    Column("email", "Email", width=220),
    Column("phone", "Phone", visible=False),
]


def list_people(db: Database) -> Table:
    first_role = (
        select(PersonRole.person_id, func.min(PersonRole.id).label("role_id"))
        .group_by(PersonRole.person_id)
        .subquery()
    )
    role = aliased(PersonRole)
    query = (
        select(
            Person.id,
            Person.full_name,
            Person.job_title,
            role.role,
            Setting.name,
            Person.email,
            Person.phone,
        )
        .outerjoin(first_role, first_role.c.person_id == Person.id)
        .outerjoin(role, role.id == first_role.c.role_id)
        .outerjoin(Setting, Setting.id == role.setting_id)
        .order_by(Person.full_name)
    )
    return _table(db, PEOPLE_COLUMNS, query)


COHORT_COLUMNS = [
    Column("name", "Cohort", width=120),
    Column("status", "Status", width=130),
    Column("start_date", "Starts", kind="date", width=90),
    Column("planned_end", "Planned end", kind="date", width=100),
    Column("capacity", "Capacity", kind="int", width=80),
    Column("members", "Settings", kind="int", width=80),
    Column("leaders", "Leaders", kind="int", width=80),
    Column("venue", "Venue", width=200),
    Column("facilitators", "Facilitators", visible=False, width=200),
]


def list_cohorts(db: Database) -> Table:
    members = (
        select(func.count())
        .where(CohortMember.cohort_id == Cohort.id, CohortMember.withdrawn_on.is_(None))
        .scalar_subquery()
    )
    leaders = (
        select(func.count())
        .select_from(CohortLeader)
        .join(CohortMember, CohortMember.id == CohortLeader.member_id)
        .where(
            CohortMember.cohort_id == Cohort.id,
            CohortMember.withdrawn_on.is_(None),
            CohortLeader.ended_on.is_(None),
        )
        .scalar_subquery()
    )
    query = select(
        Cohort.id,
        Cohort.name,
        Cohort.status,
        Cohort.start_date,
        Cohort.planned_end,
        Cohort.capacity,
        members,
        leaders,
        Cohort.venue,
        Cohort.facilitators,
    ).order_by(Cohort.start_date)
    return _table(db, COHORT_COLUMNS, query)


WAITLIST_COLUMNS = [
    Column("position", "Position", kind="int", width=70),
    Column("urn", "URN", width=80),
    Column("name", "Setting", width=260),
    Column("phase", "Phase", width=100),
    Column("locality", "Locality", width=110),
    Column("added_on", "Added", kind="date", width=90),
    Column("days", "Days waiting", kind="int", width=100),
    Column("priority", "Priority", kind="int", visible=False, width=70),
    Column("preferred_start", "Preferred start", width=120),
    Column("notes", "Notes", visible=False, width=200),
]


def list_waitlist(db: Database, today: date | None = None) -> Table:
    today = today or date.today()
    query = (
        select(
            WaitlistEntry.id,
            Setting.urn,
            Setting.name,
            Setting.phase,
            Setting.locality,
            WaitlistEntry.added_on,
            WaitlistEntry.priority,
            WaitlistEntry.preferred_start,
            WaitlistEntry.notes,
        )
        .join(Setting, Setting.id == WaitlistEntry.setting_id)
        .where(WaitlistEntry.status == "waiting")
        .order_by(WaitlistEntry.priority.desc(), WaitlistEntry.added_on, Setting.name)
    )
    with db.engine.connect() as conn:
        result = conn.execute(query).all()
    rows = [
        (
            pos,
            r.urn,
            r.name,
            r.phase,
            r.locality,
            r.added_on,
            (today - r.added_on).days,
            r.priority,
            r.preferred_start,
            r.notes,
        )
        for pos, r in enumerate(result, start=1)
    ]
    return Table(WAITLIST_COLUMNS, [r.id for r in result], rows)


PATHWAY_COLUMNS = [
    Column("round", "Round", width=200),
    Column("urn", "URN", width=80),
    Column("name", "School", width=260),
    Column("count", "Year 7 EHCPs", kind="int", width=100),
    Column("phase", "Phase", kind="int", width=60),
    Column("status", "Bid status", width=120),
    Column("requested", "Requested", kind="money", width=100),
    Column("awarded", "Awarded", kind="money", width=100),
]


def list_pathways(db: Database) -> Table:
    """Bids of every round with the school's Year 7 EHCP intake count."""
    query = (
        select(
            Bid.id,
            FundingRound.name,
            Setting.urn,
            Setting.name,
            IntakeCount.count,
            Bid.phase,
            Bid.status,
            Bid.requested_pence,
            Bid.awarded_pence,
        )
        .join(FundingRound, FundingRound.id == Bid.round_id)
        .join(Setting, Setting.id == Bid.setting_id)
        .outerjoin(
            IntakeCount,
            and_(
                IntakeCount.setting_id == Bid.setting_id,
                IntakeCount.intake_year == FundingRound.intake_year,
            ),
        )
        .order_by(FundingRound.name, Bid.phase, IntakeCount.count.desc())
    )
    return _table(db, PATHWAY_COLUMNS, query)


OUTREACH_COLUMNS = [
    Column("package", "Package", width=240),
    Column("provider", "Provider", width=200),
    Column("area", "Area of need", width=200),
    Column("mode", "Mode", width=100),
    Column("level", "Level", kind="int", width=60),
    Column("places", "Places per term", kind="int", width=110),
    Column("referrals", "Referrals", kind="int", width=80),
    Column("open", "Open", kind="bool", width=60),
]


def list_outreach(db: Database) -> Table:
    referrals = (
        select(func.count()).where(Referral.package_id == OutreachPackage.id).scalar_subquery()
    )
    query = (
        select(
            OutreachPackage.id,
            OutreachPackage.name,
            Setting.name,
            OutreachPackage.area_of_need,
            OutreachPackage.mode,
            OutreachPackage.level,
            OutreachPackage.places_per_term,
            referrals,
            OutreachPackage.open_for_applications,
        )
        .join(OutreachProvider, OutreachProvider.id == OutreachPackage.provider_id)
        .join(Setting, Setting.id == OutreachProvider.setting_id)
        .order_by(Setting.name, OutreachPackage.name)
    )
    return _table(db, OUTREACH_COLUMNS, query)


ACTION_COLUMNS = [
    Column("objective", "Objective", width=220),
    Column("description", "Action", width=300),
    Column("owner", "By whom", width=150),
    Column("due_on", "By when", kind="date", width=90),
    Column("rag", "RAG", width=80),
    Column("quarter", "Quarter", width=80),
    Column("success", "How we will know", visible=False, width=260),
    Column("monitored_by", "Monitored by", visible=False, width=150),
    Column("evaluated_by", "Evaluated by", visible=False, width=150),
]


def list_actions(db: Database) -> Table:
    query = (
        select(
            Action.id,
            Objective.title,
            Action.description,
            Action.owner,
            Action.due_on,
            Action.rag,
            Action.quarter,
            Action.success_measure,
            Action.monitored_by,
            Action.evaluated_by,
        )
        .outerjoin(Objective, Objective.id == Action.objective_id)
        .order_by(Objective.seq, Action.due_on)
    )
    return _table(db, ACTION_COLUMNS, query)


MILESTONE_COLUMNS = [
    Column("quarter", "Quarter", width=80),
    Column("title", "Milestone", width=420),
    Column("status", "Status", width=100),
    Column("theme", "Theme", width=160),
]


def list_milestones(db: Database) -> Table:
    query = select(
        Milestone.id, Milestone.quarter, Milestone.title, Milestone.status, Milestone.theme
    ).order_by(Milestone.quarter, Milestone.title)
    return _table(db, MILESTONE_COLUMNS, query)
