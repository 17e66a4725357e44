"""Build the demo database: real Oxfordshire schools, fictional people, the seed programmes."""

from __future__ import annotations

import csv
import json
import random
import re
from datetime import date, datetime, timedelta
from pathlib import Path

from send_desktop import paths
from send_desktop.domain import actions as action_rules
from send_desktop.services import demo_content as content
from send_desktop.services import kpis
from send_desktop.storage.database import Database, create_database
from send_desktop.storage.models import (
    Action,
    ActionRagChange,
    Attendance,
    Bid,
    BidEvent,
    BidPayment,
    Cohort,
    CohortLeader,
    CohortMember,
    CohortSession,
    Feedback,
    FundingRound,
    IntakeCount,
    KpiSnapshot,
    Milestone,
    Objective,
    OutreachPackage,
    OutreachProvider,
    Person,
    PersonRole,
    QuestionnaireReturn,
    Referral,
    ReferralEvent,
    ResourceBase,
    SenCount,
    Setting,
    WaitlistEntry,
    WaitlistEvent,
)

SEN_YEAR = "2022/23"
SEN_SOURCE = "DfE Special educational needs in England (school level), via nyt-dashboard"
OXFORDSHIRE = "931"


def _date(text: str) -> date | None:
    return datetime.strptime(text, "%d-%m-%Y").date() if text else None


def _slug(name: str) -> str:
    return re.sub(r"[^a-z]+", "", name.lower())[:20]


class _Builder:
    def __init__(self, session, rng: random.Random) -> None:  # noqa: ANN001
        self.session = session
        self.rng = rng
        self.by_name: dict[str, Setting] = {}
        self.rows: dict[str, dict[str, str]] = {}
        self.used_names: set[str] = set()

    def add(self, obj):  # noqa: ANN001, ANN201
        self.session.add(obj)
        return obj

    def school(self, name: str) -> Setting:
        try:
            return self.by_name[name]
        except KeyError:
            raise KeyError(f"demo school not in oxfordshire_schools.csv: {name}") from None

    def person(self, role: str, setting: Setting | None, job_title: str) -> Person:
        while True:
            full = f"{self.rng.choice(content.FIRST_NAMES)} {self.rng.choice(content.SURNAMES)}"
            if full not in self.used_names:
                break
        self.used_names.add(full)
        first, last = full.lower().split(" ")
        domain = f"{_slug(setting.name)}.example.org" if setting else "oxfordshire.example.gov.uk"
        person = self.add(
            Person(full_name=full, email=f"{first}.{last}@{domain}", job_title=job_title)
        )
        person.roles.append(PersonRole(role=role, setting=setting))
        return person

    def settings(self, csv_path: Path) -> None:
        with open(csv_path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                setting = self.add(
                    Setting(
                        urn=row["urn"],
                        name=row["name"],
                        phase=row["phase"],
                        type=row["type"] or None,
                        town=row["town"].title(),
                        postcode=row["postcode"],
                        locality=row["locality"],
                        la_code=OXFORDSHIRE,
                        pupils=int(row["pupils"]),
                        open_date=_date(row["open_date"]),
                    )
                )
                setting.sen_counts.append(
                    SenCount(
                        year=SEN_YEAR,
                        pupils=int(row["pupils"]),
                        sen_support=int(row["sen_support"]),
                        ehc_plans=int(row["ehc_plans"]),
                        source=SEN_SOURCE,
                    )
                )
                self.by_name[row["name"]] = setting
                self.rows[row["name"]] = row

    def tirp(self) -> None:
        facilitators = [
            self.person("Facilitator", None, title) for _, title in content.FACILITATORS
        ]
        cohorts = []
        for name, start, status, venue in content.COHORTS:
            cohorts.append(
                self.add(
                    Cohort(
                        name=name,
                        start_date=start,
                        planned_end=start.replace(year=start.year + 1) + timedelta(days=183),
                        capacity=12,
                        status=status,
                        venue=venue,
                        facilitators=", ".join(p.full_name for p in facilitators[:2]),
                    )
                )
            )
        cohort1 = cohorts[0]
        sessions = [
            self.add(
                CohortSession(
                    cohort=cohort1,
                    seq=seq,
                    held_on=held,
                    title=title,
                    venue=cohort1.venue,
                    facilitator=facilitators[0].full_name,
                )
            )
            for seq, (held, title) in enumerate(content.COHORT_1_SESSIONS, start=1)
        ]
        leaders = []
        for name, count in content.COHORT_1_SETTINGS:
            setting = self.school(name)
            member = self.add(
                CohortMember(cohort=cohort1, setting=setting, joined_on=cohort1.start_date)
            )
            for i in range(count):
                job = content.LEADER_ROLES[setting.phase][i]
                person = self.person("TIRP leader", setting, job)
                leaders.append(
                    self.add(
                        CohortLeader(
                            member=member, person=person, role=job, started_on=cohort1.start_date
                        )
                    )
                )
        self.session.flush()
        for leader in leaders:  # the launch day: all 16 leaders attended
            self.add(Attendance(session_id=sessions[0].id, leader_id=leader.id, status="present"))
        for quote, role in content.FEEDBACK:
            self.add(
                Feedback(
                    cohort_id=cohort1.id,
                    session_id=sessions[0].id,
                    quote=quote,
                    role=role,
                    consent_to_publish=True,
                )
            )
        self.waitlist()

    def waitlist(self) -> None:
        taken = {name for name, _ in content.COHORT_1_SETTINGS}
        pools = {
            phase: sorted(n for n, r in self.rows.items() if r["phase"] == phase and n not in taken)
            for phase in ("Early years", "Primary", "Secondary")
        }
        chosen = (
            self.rng.sample(pools["Early years"], 3)
            + self.rng.sample(pools["Primary"], 19)
            + self.rng.sample(pools["Secondary"], 7)
        )
        self.rng.shuffle(chosen)
        day = date(2023, 1, 9)
        for position, name in enumerate(chosen, start=1):  # 29 settings, one per working week
            entry = self.add(
                WaitlistEntry(
                    setting=self.school(name),
                    added_on=day,
                    preferred_start=self.rng.choice(("Cohort 2", "Cohort 3", "Any")),
                )
            )
            entry_events = WaitlistEvent(on=day, event="added", position=position)
            self.session.flush()
            entry_events.entry_id = entry.id
            self.add(entry_events)
            day += timedelta(days=7 if position % 3 else 4)

    def pathways(self) -> None:
        round_ = self.add(FundingRound(**content.PATHWAY_ROUND))
        secondaries = sorted(n for n, r in self.rows.items() if r["phase"] == "Secondary")
        counts = []
        for name in secondaries:
            ehc = int(self.rows[name]["ehc_plans"])
            suppressed = ehc < 10  # small figures are suppressed in published statistics
            count = None if suppressed else max(0, round(ehc / 5) + self.rng.choice((-1, 0, 0, 1)))
            self.add(
                IntakeCount(
                    setting=self.school(name),
                    intake_year=2023,
                    count=count,
                    suppressed=suppressed,
                    source="Illustrative: published EHC plan total / 5 (demo only)",
                    as_of=date(2023, 6, 1),
                )
            )
            if count is not None:
                counts.append((count, name))
        counts.sort(key=lambda c: (-c[0], c[1]))
        phase2_statuses = iter(content.PHASE2_STATUSES)
        for rank, (count, name) in enumerate(counts):
            phase = 1 if rank < 3 else 2 if count >= 7 else None
            if phase is None:
                continue
            status = "funded" if phase == 1 else next(phase2_statuses, "invited")
            bid = self.add(
                Bid(
                    round=round_,
                    setting=self.school(name),
                    phase=phase,
                    status=status,
                    awarded_pence=round_.phase1_allocation_pence if phase == 1 else None,
                    requested_pence=None
                    if phase == 1
                    else self.rng.choice((12, 15, 18, 20)) * 1000_00,
                )
            )
            self.session.flush()
            self.add(BidEvent(bid_id=bid.id, status="invited", on=date(2023, 7, 14)))
            if status != "invited":
                self.add(BidEvent(bid_id=bid.id, status=status, on=date(2023, 11, 1)))
            if phase == 1 and status == "funded":  # a first instalment: half the allocation
                half = round_.phase1_allocation_pence // 2
                bid.paid_pence = half
                self.add(
                    BidPayment(
                        bid_id=bid.id, amount_pence=half, paid_on=date(2023, 11, 15),
                        note="First instalment",
                    )
                )  # fmt: skip

    def outreach(self) -> None:
        from send_desktop.domain.outreach import evidence_items

        providers = {}
        for name in content.PROVIDERS:
            contact = self.person("Outreach provider contact", self.school(name), "Outreach Lead")
            providers[name] = self.add(OutreachProvider(setting=self.school(name), contact_id=None))
            self.session.flush()
            providers[name].contact_id = contact.id
        packages = []
        for row in content.PACKAGES:
            provider, name, area, mode, level, sessions, hours, places, evidence, about = row
            packages.append(
                self.add(
                    OutreachPackage(
                        provider=providers[provider],
                        name=name,
                        area_of_need=area,
                        mode=mode,
                        level=level,
                        sessions=sessions,
                        hours=hours,
                        places_per_term=places,
                        evidence_required=evidence,
                        eligibility="Oxfordshire mainstream and early years settings"
                        + (" (primary and secondary)" if "secondary" in name.lower() else ""),
                        description=about,
                        open_for_applications=name not in content.CLOSED_PACKAGES,
                    )
                )
            )
        for n, (index, school, route, received, term, path, outcome) in enumerate(
            content.REFERRALS
        ):
            package = packages[index]
            items = evidence_items(package.evidence_required)
            ticked = {item: bool(path) or i == 0 for i, item in enumerate(items)}
            referral = self.add(
                Referral(
                    package=package,
                    setting=self.school(school),
                    route=route,
                    status=path[-1] if path else "received",
                    received_on=received,
                    term=term,
                    summary_of_need=content.SUMMARIES[n % len(content.SUMMARIES)],
                    evidence=json.dumps(ticked),
                    outcome_rating=outcome[0] if outcome else None,
                    outcome_notes=outcome[1] if outcome else None,
                )
            )
            self.session.flush()
            self.add(
                ReferralEvent(
                    referral_id=referral.id,
                    status="received",
                    on=received,
                    by=content.OFFICERS[0],
                    reason=route,
                )
            )
            for step, status in enumerate(path, start=1):
                self.add(
                    ReferralEvent(
                        referral_id=referral.id,
                        status=status,
                        on=received + timedelta(days=10 * step),
                        by=content.OFFICERS[step % len(content.OFFICERS)],
                        reason=content.STEP_REASONS[status],
                    )
                )

    def questionnaire(self) -> None:
        for school, respondent, answers in content.QUESTIONNAIRE_RETURNS:
            given = {q: a for q, a in zip(content.QUESTIONS, answers, strict=True) if a}
            self.add(
                QuestionnaireReturn(
                    setting=self.school(school),
                    questionnaire=content.QUESTIONNAIRE,
                    respondent=respondent,
                    answers=json.dumps(given, ensure_ascii=False),
                )
            )

    def roadmap(self) -> None:
        for name, places, status, opens in content.RESOURCE_BASES:
            self.add(
                ResourceBase(
                    setting=self.school(name), places=places, status=status, opens_on=opens
                )
            )
        for quarter, title, status, theme in content.MILESTONES:
            self.add(Milestone(quarter=quarter, title=title, status=status, theme=theme))
        today = date.today()
        for seq, (title, actions) in enumerate(content.OBJECTIVES, start=1):
            objective = self.add(Objective(title=title, seq=seq))
            for desc, owner, due_in, success, resource, monitored, evaluated, done, over in actions:
                due = today + timedelta(days=due_in)
                completed = None if done is None else due + timedelta(days=done)
                action = self.add(
                    Action(
                        objective=objective,
                        description=desc,
                        owner=owner,
                        due_on=due,
                        success_measure=success,
                        resource=resource,
                        monitored_by=monitored,
                        evaluated_by=evaluated,
                        quarter=action_rules.quarter_of(due),
                        rag="green",
                        completed_on=completed,
                    )
                )
                self.session.flush()
                self._rag_history(action, today, over)

    def _rag_history(self, action: Action, today: date, override: tuple | None) -> None:
        """The RAG changes the rule would have made up to today, and the lead's override."""
        day = min(action.due_on, action.completed_on or action.due_on) - timedelta(days=1)
        rag = "green"
        stop = today - timedelta(days=9) if override and action.completed_on is None else today
        while day <= stop:
            new = action_rules.rule_rag(action.due_on, None, day)
            if action.completed_on is not None and day >= action.completed_on:
                new = "complete"
            if new != rag:
                done = action.completed_on if new == "complete" else None
                reason = action_rules.rule_reason(action.due_on, done, day)
                self.add(ActionRagChange(action_id=action.id, on=day, rag=new, reason=reason))
                rag = new
            day += timedelta(days=1)
        if override is not None and action.completed_on is None:
            new, why = override
            on = today - timedelta(days=9)
            self.add(
                ActionRagChange(action_id=action.id, on=on, rag=new, reason=f"set by lead: {why}")
            )
            rag = new
            action.rag_override_reason = why
        action.rag = rag

    def snapshots(self, current: dict[str, float | None], today: date) -> None:
        """Eighteen months of figures before this one, drifting to where they are now."""
        first = date(today.year - (1 if today.month > 6 else 2), (today.month + 5) % 12 + 1, 1)
        months = []
        day = first
        while (day.year, day.month) < (today.year, today.month):
            months.append(f"{day.year:04d}-{day.month:02d}")
            day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        starts = {"waitlist_length": 9, "cohort_attendance_pct": 78.0, "referrals_open": 2}
        for name, start in starts.items():
            end = current.get(name)
            end = start if end is None else end
            for n, month in enumerate(months):
                share = n / max(len(months), 1)
                wobble = (
                    self.rng.uniform(-1.5, 1.5)
                    if name.endswith("pct")
                    else self.rng.choice((-1, 0, 0, 1))
                )
                value = start + (end - start) * share + wobble
                value = (
                    min(100.0, round(value, 1)) if name.endswith("pct") else max(0, round(value))
                )
                self.add(KpiSnapshot(month=month, name=name, value=float(value)))


def build_demo(path: Path, *, seed: int = 931) -> Database:
    """Create a new demo database at ``path`` (which must not exist)."""
    db = create_database(path)
    with db.transaction() as session:
        builder = _Builder(session, random.Random(seed))
        builder.settings(paths.demo_data_dir() / "oxfordshire_schools.csv")
        builder.tirp()
        builder.pathways()
        builder.outreach()
        builder.questionnaire()
        builder.roadmap()
    current = {k.name: k.value for k in kpis.key_figures(db)}
    with db.transaction() as session:
        builder.session = session
        builder.snapshots(current, date.today())
    return db
