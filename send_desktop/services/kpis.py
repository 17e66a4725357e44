"""The programme's key figures, in one place: the dashboard, ``send-desktop kpis`` and the
board report all read them from here.

Plain SQL through ``Database.query`` (no ORM): the dashboard computes them at start-up,
before SQLAlchemy is loaded. Every query copes with empty tables (a figure with nothing to
measure is ``None``, shown as "n/a").

Definitions (the README and the Help glossary say the same):
- waitlist_length: settings waiting for a TIRP place (status 'waiting').
- waitlist_median_days: median days those settings have waited, to ``today``.
- settings_in_cohorts: settings enrolled and not withdrawn, in cohorts not completed.
- cohort_attendance_pct: leaders' attendance over every recorded session mark (present and
  late attend; apologies and absent miss), as a percentage.
- bids_awarded_gbp: money committed to bids (phase-1 allocations and phase-2 awards) in every
  round, leaving out declined and withdrawn bids.
- grant_remaining_gbp: every round's total grant less what is committed.
- referrals_open: outreach referrals not yet closed (closed: completed, declined, withdrawn).
- referral_median_days_to_start: median days from a referral being received to its delivery
  starting (its first 'in delivery' step).
- resource_base_places: places in open resource bases; ..._planned: in planned ones.
- actions_overdue: actions past their due date and not completed; actions_red/amber: by RAG
  as shown (the rule, or a lead's override).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from send_desktop.domain import actions as action_rules
from send_desktop.domain.pathways import CLOSED_STATUSES as CLOSED_BIDS
from send_desktop.domain.tirp import ATTENDED, MISSED
from send_desktop.storage.database import Database

CLOSED_REFERRALS = ("completed", "declined", "withdrawn")
USED_REFERRALS = ("accepted", "in delivery", "completed")
OPEN_REFERRALS = ("received", "triage", "accepted", "waitlisted", "in delivery")
KPI_LABELS = (
    ("waitlist_length", "Settings on the TIRP waitlist"),
    ("waitlist_median_days", "Median wait on the TIRP waitlist"),
    ("settings_in_cohorts", "Settings in current TIRP cohorts"),
    ("cohort_attendance_pct", "TIRP attendance (sessions recorded)"),
    ("bids_awarded_gbp", "Pathways grant awarded"),
    ("grant_remaining_gbp", "Pathways grant not yet awarded"),
    ("referrals_open", "Outreach referrals open"),
    ("referral_median_days_to_start", "Median days from referral to start"),
    ("resource_base_places", "Resource-base places open"),
    ("resource_base_places_planned", "Resource-base places planned"),
    ("actions_overdue", "Action-plan actions overdue"),
    ("actions_red", "Action-plan actions rated red"),
)
_LABELS = dict(KPI_LABELS)
CHART_TITLES = (
    ("settings_per_cohort", "Settings per TIRP cohort", "count"),
    ("attendance_by_cohort", "Attendance by TIRP cohort", "pct"),
    ("bids_by_status", "Enhanced-pathway bids by status", "count"),
    ("referrals_by_status", "Outreach referrals by status", "count"),
    ("places_used_by_provider", "Outreach places used, by provider", "count"),
    ("actions_by_rag", "Action-plan actions by RAG", "count"),
)
_CHARTS = {key: (title, unit) for key, title, unit in CHART_TITLES}
TREND_TITLES = (
    ("waitlist_length", "Settings on the waitlist, by month", "count"),
    ("cohort_attendance_pct", "TIRP attendance, by month", "pct"),
    ("referrals_open", "Outreach referrals open, by month", "count"),
)
TREND_NAMES = tuple(name for name, _, _ in TREND_TITLES)


@dataclass(frozen=True)
class Drill:
    """Where a figure leads: a page, one of its tables, and the rows to show there."""

    page: str
    table: str
    label: str  # "Overdue actions"
    column: str | None = None
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kpi:
    name: str
    label: str
    value: float | None
    unit: str  # count | days | pct | gbp (value in pence)
    drill: Drill | None = None

    @property
    def text(self) -> str:
        """As the dashboard and the board report show it."""
        return format_value(self.value, self.unit)

    @property
    def plain(self) -> str:
        """As ``send-desktop kpis`` prints it: no thousands separators or symbols."""
        if self.value is None:
            return "n/a"
        if self.unit == "gbp":
            return f"{self.value / 100:.2f}"
        if self.unit == "pct":
            return f"{self.value:.1f}"
        return _number(self.value)


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    unit: str
    points: list[tuple[str, float | None]]
    drill: Drill | None = None  # each bar: the same drill filtered to its label
    kind: str = "bar"  # bar | line
    # The values a bar's rows show in the drill's column, when not just its label.
    shown_as: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class Report:
    today: date
    kpis: list[Kpi]
    charts: list[Chart] = field(default_factory=list)

    def kpi(self, name: str) -> Kpi:
        return next(k for k in self.kpis if k.name == name)

    def values(self) -> dict[str, float | None]:
        return {k.name: k.value for k in self.kpis}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "gbp":
        pounds = value / 100
        return f"£{pounds:,.0f}" if float(pounds).is_integer() else f"£{pounds:,.2f}"
    if unit == "pct":
        return f"{value:.1f}%"
    if unit == "days":
        return f"{_number(value)} days"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


def _median(values: Sequence[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count)."""
    if not values:
        return None
    ordered, half = sorted(values), len(values) // 2
    if len(values) % 2:
        return float(ordered[half])
    return (ordered[half - 1] + ordered[half]) / 2


def _marks(placeholders: Sequence[str]) -> str:
    return ", ".join("?" for _ in placeholders)


# --- figures ------------------------------------------------------------------------------


def waitlist(db: Database, today: date) -> tuple[int, float | None]:
    added = [
        _as_date(r[0])
        for r in db.query("SELECT added_on FROM waitlist_entry WHERE status = 'waiting'")
    ]
    days = [(today - d).days for d in added if d is not None]
    return len(added), _median(days)


def attendance(db: Database) -> tuple[int, int]:
    """(attended, recorded) over every attendance mark."""
    counted = sorted(ATTENDED | MISSED)
    rows = db.query(
        f"SELECT status, count(*) FROM attendance WHERE status IN ({_marks(counted)})"
        " GROUP BY status",
        counted,
    )
    attended = sum(n for status, n in rows if status in ATTENDED)
    return attended, sum(n for _, n in rows)


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def money(db: Database) -> tuple[int, int]:
    """(committed, remaining) in pence over every round."""
    closed = sorted(CLOSED_BIDS)
    committed = db.query(
        f"SELECT coalesce(sum(awarded_pence), 0) FROM bid WHERE status NOT IN ({_marks(closed)})",
        closed,
    )[0][0]
    total = db.query("SELECT coalesce(sum(total_grant_pence), 0) FROM funding_round")[0][0]
    return int(committed), int(total) - int(committed)


def referral_days_to_start(db: Database) -> list[int]:
    rows = db.query(
        'SELECT r.received_on, min(e."on") FROM referral r'
        " JOIN referral_event e ON e.referral_id = r.id AND e.status = 'in delivery'"
        " GROUP BY r.id"
    )
    days = []
    for received, started in rows:
        a, b = _as_date(received), _as_date(started)
        if a and b and b >= a:
            days.append((b - a).days)
    return days


@dataclass(frozen=True)
class ActionRow:
    id: str
    objective: str | None
    description: str
    due_on: date | None
    completed_on: date | None
    state: action_rules.RagState


def action_rows(db: Database, today: date) -> list[ActionRow]:
    rows = db.query(
        "SELECT a.id, o.title, a.description, a.due_on, a.completed_on, a.rag,"
        " a.rag_override_reason FROM action a LEFT JOIN objective o ON o.id = a.objective_id"
        " ORDER BY o.seq, a.due_on"
    )
    out = []
    for rid, objective, desc, due, done, rag, reason in rows:
        due_d, done_d = _as_date(due), _as_date(done)
        state = action_rules.effective_rag(
            due_on=due_d,
            completed_on=done_d,
            override_rag=rag,
            override_reason=reason,
            today=today,
        )
        out.append(ActionRow(rid, objective, desc, due_d, done_d, state))
    return out


def _kpi(name: str, value: float | None, unit: str, drill: Drill | None) -> Kpi:
    return Kpi(name, _LABELS[name], value, unit, drill)


def _chart(key: str, points: list, drill: Drill | None, shown_as: dict | None = None) -> Chart:
    title, unit = _CHARTS[key]
    return Chart(key, title, unit, points, drill, shown_as=shown_as or {})


def _scalar(db: Database, sql: str, params: Sequence = ()) -> int:
    return int(db.query(sql, params)[0][0] or 0)


def key_figures(db: Database, today: date | None = None) -> list[Kpi]:
    today = today or date.today()
    waiting, median_wait = waitlist(db, today)
    attended, recorded = attendance(db)
    committed, remaining = money(db)
    closed = list(CLOSED_REFERRALS)
    referrals_open = _scalar(
        db, f"SELECT count(*) FROM referral WHERE status NOT IN ({_marks(closed)})", closed
    )
    in_cohorts = _scalar(
        db,
        "SELECT count(*) FROM cohort_member m JOIN cohort c ON c.id = m.cohort_id"
        " WHERE m.withdrawn_on IS NULL AND c.status != 'completed'",
    )
    places = dict(
        db.query("SELECT status, coalesce(sum(places), 0) FROM resource_base GROUP BY status")
    )
    actions = action_rows(db, today)
    overdue = [a for a in actions if a.state.overdue_days > 0]
    return [
        _kpi(
            "waitlist_length", waiting, "count", Drill("waitlist", "waitlist", "Settings waiting")
        ),
        _kpi(
            "waitlist_median_days",
            median_wait,
            "days",
            Drill("waitlist", "waitlist", "Settings waiting"),
        ),
        _kpi(
            "settings_in_cohorts",
            in_cohorts,
            "count",
            Drill(
                "cohorts",
                "cohorts",
                "Cohorts not completed",
                "status",
                ("planned", "open for allocation", "running"),
            ),
        ),
        _kpi(
            "cohort_attendance_pct",
            _pct(attended, recorded),
            "pct",
            Drill("cohorts", "cohorts", "Cohorts"),
        ),
        _kpi(
            "bids_awarded_gbp",
            committed,
            "gbp",
            Drill("pathways", "pathways", "Bids with an award", "awarded", ("*",)),
        ),
        _kpi(
            "grant_remaining_gbp",
            remaining,
            "gbp",
            Drill(
                "pathways",
                "pathways",
                "Bids not yet decided",
                "status",
                ("invited", "application sent", "submitted", "under review", "approved"),
            ),
        ),
        _kpi(
            "referrals_open",
            referrals_open,
            "count",
            Drill("outreach", "referrals", "Open referrals", "status", OPEN_REFERRALS),
        ),
        _kpi(
            "referral_median_days_to_start",
            _median(referral_days_to_start(db)),
            "days",
            Drill("outreach", "referrals", "Referrals in delivery", "status", ("in delivery",)),
        ),
        _kpi(
            "resource_base_places",
            int(places.get("open", 0)),
            "count",
            Drill("actions", "resource_bases", "Open resource bases", "status", ("open",)),
        ),
        _kpi(
            "resource_base_places_planned",
            int(places.get("planned", 0)),
            "count",
            Drill("actions", "resource_bases", "Planned resource bases", "status", ("planned",)),
        ),
        _kpi(
            "actions_overdue",
            len(overdue),
            "count",
            Drill("actions", "actions", "Overdue actions", "overdue", ("*",)),
        ),
        _kpi(
            "actions_red",
            sum(a.state.rag == "red" for a in actions),
            "count",
            Drill(
                "actions", "actions", "Actions rated red", "rag", (action_rules.rag_text("red"),)
            ),
        ),
    ]


# --- charts -------------------------------------------------------------------------------


def charts(db: Database, today: date) -> list[Chart]:
    cohort_rows = db.query(
        "SELECT c.name,"
        " (SELECT count(*) FROM cohort_member m WHERE m.cohort_id = c.id"
        "  AND m.withdrawn_on IS NULL)"
        " FROM cohort c ORDER BY c.start_date, c.name"
    )
    counted = sorted(ATTENDED | MISSED)
    marks = db.query(
        "SELECT c.name, a.status, count(*) FROM attendance a"
        " JOIN cohort_session s ON s.id = a.session_id JOIN cohort c ON c.id = s.cohort_id"
        f" WHERE a.status IN ({_marks(counted)}) GROUP BY c.name, a.status",
        counted,
    )
    by_cohort: dict[str, list[int]] = {}
    for name, status, n in marks:
        tally = by_cohort.setdefault(name, [0, 0])
        tally[0] += n if status in ATTENDED else 0
        tally[1] += n
    bids = db.query(
        "SELECT status, count(*) FROM bid GROUP BY status ORDER BY count(*) DESC, status"
    )
    referrals = db.query(
        "SELECT status, count(*) FROM referral GROUP BY status ORDER BY count(*) DESC, status"
    )
    used = list(USED_REFERRALS)
    providers = db.query(
        "SELECT s.name, (SELECT count(*) FROM referral r JOIN outreach_package k"
        f"  ON k.id = r.package_id WHERE k.provider_id = p.id AND r.status IN ({_marks(used)}))"
        " FROM outreach_provider p JOIN setting s ON s.id = p.setting_id ORDER BY s.name",
        used,
    )
    rag_counts: dict[str, int] = {}
    for a in action_rows(db, today):
        rag_counts[a.state.rag] = rag_counts.get(a.state.rag, 0) + 1
    return [
        _chart(
            "settings_per_cohort",
            [(n, c) for n, c in cohort_rows],
            Drill("cohorts", "cohorts", "Cohort", "name"),
        ),
        _chart(
            "attendance_by_cohort",
            [(n, _pct(*by_cohort[n]) if n in by_cohort else None) for n, _ in cohort_rows],
            Drill("cohorts", "cohorts", "Cohort", "name"),
        ),
        _chart(
            "bids_by_status",
            [(s, n) for s, n in bids],
            Drill("pathways", "pathways", "Bid status", "status"),
        ),
        _chart(
            "referrals_by_status",
            [(s, n) for s, n in referrals],
            Drill("outreach", "referrals", "Referral status", "status"),
        ),
        _chart(
            "places_used_by_provider",
            [(s, n) for s, n in providers],
            Drill("outreach", "outreach", "Provider", "provider"),
        ),
        _chart(
            "actions_by_rag",
            [(action_rules.rag_text(r), rag_counts.get(r, 0)) for r in action_rules.RAGS],
            Drill("actions", "actions", "RAG", "rag"),
            {action_rules.rag_text(r): action_rules.shown_texts(r) for r in action_rules.RAGS},
        ),
    ]


# --- trends -------------------------------------------------------------------------------


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def snapshot_months(db: Database) -> list[str]:
    return [r[0] for r in db.query("SELECT DISTINCT month FROM kpi_snapshot ORDER BY month")]


def trends(
    db: Database,
    *,
    today: date,
    first: str | None = None,
    last: str | None = None,
    live: dict[str, float | None] | None = None,
) -> list[Chart]:
    """Monthly figures from the kept snapshots between ``first`` and ``last`` (YYYY-MM,
    inclusive); this month's live figure stands in for a snapshot not taken yet."""
    names = list(TREND_NAMES)
    rows = db.query(
        f"SELECT month, name, value FROM kpi_snapshot WHERE name IN ({_marks(names)})"
        " ORDER BY month",
        names,
    )
    series: dict[str, dict[str, float | None]] = {n: {} for n in names}
    for month, name, value in rows:
        series[name][month] = value
    this_month = month_of(today)
    for name, value in (live or {}).items():
        if name in series:
            series[name][this_month] = value
    labels = {name: (title, unit) for name, title, unit in TREND_TITLES}
    out = []
    for name in names:
        points = [
            (m, v)
            for m, v in sorted(series[name].items())
            if (first is None or m >= first) and (last is None or m <= last)
        ]
        title, unit = labels[name]
        out.append(Chart(f"trend_{name}", title, unit, points, None, "line"))
    return out


def report(db: Database, today: date | None = None) -> Report:
    today = today or date.today()
    figures = key_figures(db, today)
    return Report(today, figures, charts(db, today))
