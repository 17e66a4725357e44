"""The fixed vocabularies of the domain. Stored as their string values."""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    EARLY_YEARS = "Early years"
    PRIMARY = "Primary"
    SECONDARY = "Secondary"
    ALL_THROUGH = "All-through"
    SPECIAL = "Special"
    ALTERNATIVE = "Alternative provision"
    POST_16 = "Post-16"


class SettingType(StrEnum):
    MAINTAINED = "Maintained"
    ACADEMY = "Academy"
    FREE_SCHOOL = "Free school"
    SPECIAL = "Special"
    INDEPENDENT = "Independent"
    NURSERY = "Nursery / early years"
    OTHER = "Other"


class PersonRoleKind(StrEnum):
    HEADTEACHER = "Headteacher"
    SENCO = "SENCo"
    SETTING_CONTACT = "Setting contact"
    TIRP_LEADER = "TIRP leader"
    FACILITATOR = "Facilitator"
    LA_OFFICER = "LA officer"
    PROVIDER_CONTACT = "Outreach provider contact"


class CohortStatus(StrEnum):
    PLANNED = "planned"
    OPEN = "open for allocation"
    RUNNING = "running"
    COMPLETED = "completed"


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    LATE = "late"
    APOLOGIES = "apologies"
    ABSENT = "absent"


class WaitlistStatus(StrEnum):
    WAITING = "waiting"
    ALLOCATED = "allocated"
    WITHDRAWN = "withdrawn"


class BidStatus(StrEnum):
    INVITED = "invited"
    APPLICATION_SENT = "application sent"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under review"
    APPROVED = "approved"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    FUNDED = "funded"


class AreaOfNeed(StrEnum):
    COMMUNICATION = "Communication and interaction"
    COGNITION = "Cognition and learning"
    SEMH = "Social, emotional and mental health"
    SENSORY_PHYSICAL = "Sensory and/or physical"


class PackageMode(StrEnum):
    OUTREACH = "outreach"
    IN_REACH = "in-reach"
    TRAINING = "training"
    CONSULTATION = "consultation"


class ReferralRoute(StrEnum):
    SCHOOL = "school application"
    LA = "local authority referral"
    HEALTH = "health"


class ReferralStatus(StrEnum):
    RECEIVED = "received"
    TRIAGE = "triage"
    ACCEPTED = "accepted"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"
    IN_DELIVERY = "in delivery"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    COMPLETE = "complete"


class MilestoneStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in progress"
    DONE = "done"


class ResourceBaseStatus(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
