"""Rows for the KPI tests, and each figure worked out from those rows by hand-written Python
(never through the service being tested)."""

from __future__ import annotations

import statistics
from datetime import date, timedelta

from send_desktop.storage.models import (
    Action,
    Attendance,
    Bid,
    Cohort,
    CohortLeader,
    CohortMember,
    CohortSession,
    FundingRound,
    Objective,
    OutreachPackage,
    OutreachProvider,
    Person,
    Referral,
    ReferralEvent,
    ResourceBase,
    Setting,
    WaitlistEntry,
)

TODAY = date.today()
WAIT_DAYS = [3, 40, 41, 200, 365]  # waiting entries: days since added
ATTENDANCE = ["present"] * 7 + ["late"] * 2 + ["apologies"] * 2 + ["absent"] * 1
# (round total, [(phase, status, awarded pence)])
ROUNDS = [
    (
        500_000_00,
        [(1, "funded", 50_000_00), (2, "approved", 120_000_50), (2, "declined", 90_000_00)],
    ),
    (200_000_00, [(2, "withdrawn", 10_000_00), (2, "submitted", None), (2, "funded", 33_333_33)]),
]
REFERRALS = [  # status, days from received to 'in delivery' (None: never started)
    ("received", None),
    ("triage", None),
    ("accepted", None),
    ("waitlisted", None),
    ("in delivery", 10),
    ("in delivery", 25),
    ("completed", 31),
    ("declined", None),
    ("withdrawn", None),
]
# (days until due (negative: overdue), completed?, override rag or None)
ACTIONS = [
    (-5, False, None),
    (-60, False, None),
    (-60, True, None),
    (10, False, None),
    (-3, False, "green"),
    (None, False, None),
    (-40, False, None),
]
PLACES = [(8, "open"), (12, "open"), (10, "planned")]


def seed(db) -> None:  # noqa: ANN001
    with db.transaction() as s:
        schools = [Setting(name=f"School {i}", urn=f"20000{i}", phase="Primary") for i in range(12)]
        s.add_all(schools)
        for i, days in enumerate(WAIT_DAYS):
            s.add(WaitlistEntry(setting=schools[i], added_on=TODAY - timedelta(days=days)))
        s.add(WaitlistEntry(setting=schools[6], added_on=TODAY, status="allocated"))
        running = Cohort(name="C1", status="running")
        done = Cohort(name="C0", status="completed")
        s.add_all([running, done])
        members = [CohortMember(cohort=running, setting=schools[i]) for i in range(3)]
        members.append(CohortMember(cohort=running, setting=schools[3], withdrawn_on=TODAY))
        members.append(CohortMember(cohort=done, setting=schools[4]))
        s.add_all(members)
        s.flush()
        person = Person(full_name="Ada Leader")
        s.add(person)
        s.flush()
        leader = CohortLeader(member_id=members[0].id, person_id=person.id)
        s.add(leader)
        s.flush()
        for seq, status in enumerate(ATTENDANCE, start=1):
            session = CohortSession(cohort=running, seq=seq, title=f"Session {seq}")
            s.add(session)
            s.flush()
            s.add(Attendance(session_id=session.id, leader_id=leader.id, status=status))
        for n, (total, bids) in enumerate(ROUNDS):
            round_ = FundingRound(
                name=f"R{n}", intake_label="x", intake_year=2023 + n, total_grant_pence=total
            )
            s.add(round_)
            for k, (phase, status, awarded) in enumerate(bids):
                s.add(
                    Bid(
                        round=round_,
                        setting=schools[k],
                        phase=phase,
                        status=status,
                        awarded_pence=awarded,
                    )
                )
        provider = OutreachProvider(setting=schools[11])
        s.add(provider)
        package = OutreachPackage(provider=provider, name="P", area_of_need="x", mode="outreach")
        s.add(package)
        s.flush()
        for k, (status, start) in enumerate(REFERRALS):
            received = TODAY - timedelta(days=100 + k)
            referral = Referral(
                package=package,
                setting=schools[k],
                route="health",
                status=status,
                received_on=received,
            )
            s.add(referral)
            s.flush()
            if start is not None:
                s.add(
                    ReferralEvent(
                        referral_id=referral.id,
                        status="in delivery",
                        on=received + timedelta(days=start),
                    )
                )
                s.add(
                    ReferralEvent(
                        referral_id=referral.id,
                        status="in delivery",
                        on=received + timedelta(days=start + 50),
                    )
                )
        for places, status in PLACES:
            s.add(ResourceBase(setting=schools[10], places=places, status=status))
        objective = Objective(title="O", seq=1)
        s.add(objective)
        for k, (due, completed, override) in enumerate(ACTIONS):
            due_on = None if due is None else TODAY + timedelta(days=due)
            s.add(
                Action(
                    objective=objective,
                    description=f"A{k}",
                    due_on=due_on,
                    completed_on=due_on if completed else None,
                    rag=override or "green",
                    rag_override_reason="agreed extension" if override else None,
                )
            )


def expected() -> dict[str, str]:
    """Every figure as ``send-desktop kpis`` prints it, from the lists above."""
    attended = sum(s in ("present", "late") for s in ATTENDANCE)
    committed = sum(
        a or 0 for _, bids in ROUNDS for _, st, a in bids if st not in ("declined", "withdrawn")
    )
    total = sum(t for t, _ in ROUNDS)
    open_referrals = sum(st not in ("completed", "declined", "withdrawn") for st, _ in REFERRALS)
    starts = [d for _, d in REFERRALS if d is not None]
    overdue = [a for a in ACTIONS if a[0] is not None and a[0] < 0 and not a[1]]
    red = [a for a in overdue if a[0] < -28 and a[2] is None]
    return {
        "waitlist_length": str(len(WAIT_DAYS)),
        "waitlist_median_days": "41",
        "settings_in_cohorts": "3",
        "cohort_attendance_pct": f"{100 * attended / len(ATTENDANCE):.1f}",
        "bids_awarded_gbp": f"{committed / 100:.2f}",
        "grant_remaining_gbp": f"{(total - committed) / 100:.2f}",
        "referrals_open": str(open_referrals),
        "referral_median_days_to_start": str(int(statistics.median(starts))),
        "resource_base_places": "20",
        "resource_base_places_planned": "10",
        "actions_overdue": str(len(overdue)),
        "actions_red": str(len(red)),
    }
