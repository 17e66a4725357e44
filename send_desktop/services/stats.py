"""Record counts: the ``stats`` command and the dashboard tiles."""

from __future__ import annotations

from sqlalchemy import func, select

from send_desktop.storage.database import Database
from send_desktop.storage.models import (
    Action,
    Bid,
    Cohort,
    CohortLeader,
    CohortMember,
    Milestone,
    OutreachPackage,
    Person,
    Referral,
    ResourceBase,
    Setting,
    WaitlistEntry,
)

_COUNTS = {
    "settings": select(func.count()).select_from(Setting),
    "people": select(func.count()).select_from(Person),
    "cohorts": select(func.count()).select_from(Cohort),
    "cohort_members": select(func.count())
    .select_from(CohortMember)
    .where(CohortMember.withdrawn_on.is_(None)),
    "leaders": select(func.count())
    .select_from(CohortLeader)
    .join(CohortMember, CohortMember.id == CohortLeader.member_id)
    .where(CohortLeader.ended_on.is_(None), CohortMember.withdrawn_on.is_(None)),
    "waitlist": select(func.count())
    .select_from(WaitlistEntry)
    .where(WaitlistEntry.status == "waiting"),
    "bids": select(func.count()).select_from(Bid),
    "packages": select(func.count()).select_from(OutreachPackage),
    "referrals": select(func.count()).select_from(Referral),
    "actions": select(func.count()).select_from(Action),
    "milestones": select(func.count()).select_from(Milestone),
    "resource_base_places": select(func.coalesce(func.sum(ResourceBase.places), 0)),
}


def record_counts(db: Database) -> dict[str, int]:
    """Counts by name, in a fixed order (the contract of ``send-desktop stats``)."""
    with db.engine.connect() as conn:
        return {name: int(conn.execute(query).scalar_one()) for name, query in _COUNTS.items()}
