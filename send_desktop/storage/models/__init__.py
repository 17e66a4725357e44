"""SQLAlchemy models for the whole domain. Import from here."""

from send_desktop.storage.base import Base, Record
from send_desktop.storage.models.imports import ImportProfile
from send_desktop.storage.models.kpis import KpiSnapshot
from send_desktop.storage.models.outreach import (
    OutreachPackage,
    OutreachProvider,
    QuestionnaireReturn,
    Referral,
    ReferralEvent,
)
from send_desktop.storage.models.pathways import (
    Bid,
    BidDocument,
    BidEvent,
    BidPayment,
    FundingRound,
    IntakeCount,
    RankingSnapshot,
)
from send_desktop.storage.models.register import (
    Person,
    PersonRole,
    SenCount,
    Setting,
    SettingLink,
)
from send_desktop.storage.models.roadmap import (
    Action,
    ActionRagChange,
    Milestone,
    Objective,
    ResourceBase,
)
from send_desktop.storage.models.sync import (
    SyncApplying,
    SyncClock,
    SyncConflict,
    SyncDirty,
    SyncFile,
    SyncOutbox,
    SyncRecord,
)
from send_desktop.storage.models.system import AppMeta, AuditEntry, ImportBatch
from send_desktop.storage.models.tirp import (
    Attendance,
    Cohort,
    CohortLeader,
    CohortMember,
    CohortSession,
    Feedback,
    WaitlistEntry,
    WaitlistEvent,
)

__all__ = [
    "Action",
    "ActionRagChange",
    "AppMeta",
    "Attendance",
    "AuditEntry",
    "Base",
    "Bid",
    "BidDocument",
    "BidEvent",
    "Cohort",
    "CohortLeader",
    "CohortMember",
    "CohortSession",
    "Feedback",
    "FundingRound",
    "ImportBatch",
    "ImportProfile",
    "IntakeCount",
    "KpiSnapshot",
    "BidPayment",
    "RankingSnapshot",
    "Milestone",
    "Objective",
    "OutreachPackage",
    "OutreachProvider",
    "Person",
    "PersonRole",
    "QuestionnaireReturn",
    "Record",
    "Referral",
    "ReferralEvent",
    "ResourceBase",
    "SenCount",
    "Setting",
    "SettingLink",
    "SyncApplying",
    "SyncClock",
    "SyncConflict",
    "SyncDirty",
    "SyncFile",
    "SyncOutbox",
    "SyncRecord",
    "WaitlistEntry",
    "WaitlistEvent",
]
