"""The rows each page of the main window shows: one read-only SQL query per page.

Lists are read with plain SQL through ``Database.query`` rather than the ORM: it is several
times faster at 50,000 rows and keeps SQLAlchemy off the start-up path. Writes still go
through the ORM (audit, row versions). Each query returns the record id first, then one
value per column, in column order.
"""

from __future__ import annotations

from datetime import date

from send_desktop.services.rowindex import Column, Table
from send_desktop.storage.database import Database


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


def _table(db: Database, columns: list[Column], sql: str, params: tuple = ()) -> Table:
    result = db.query(sql, params)
    date_cols = [i for i, c in enumerate(columns) if c.kind == "date"]
    rows = [r[1:] for r in result]
    if date_cols and rows:
        converted = []
        for row in rows:
            values = list(row)
            for i in date_cols:
                values[i] = _as_date(values[i])
            converted.append(tuple(values))
        rows = converted
    return Table(columns, [r[0] for r in result], rows)


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
    names = ", ".join(c.key for c in SETTINGS_COLUMNS)
    return _table(db, SETTINGS_COLUMNS, f"SELECT id, {names} FROM setting ORDER BY name")


def setting_choices(db: Database) -> list[tuple[str, str]]:
    """(id, "Name — Town (URN)") for every setting in name order, for pickers."""
    rows = db.query("SELECT id, name, town, urn FROM setting ORDER BY name")
    return [
        (sid, name + (f" — {town}" if town else "") + (f" ({urn})" if urn else ""))
        for sid, name, town, urn in rows
    ]


PEOPLE_COLUMNS = [
    Column("full_name", "Name", width=180),
    Column("job_title", "Job title", width=160),
    Column("role", "Role", width=120),
    Column("setting", "Setting", width=240),
    Column("email", "Email", width=220),
    Column("phone", "Phone", visible=False),
]


def list_people(db: Database) -> Table:
    """Each person with their first role and where it is held."""
    sql = """
        SELECT p.id, p.full_name, p.job_title, r.role, s.name, p.email, p.phone
        FROM person p
        LEFT JOIN person_role r ON r.id = (
            SELECT min(r2.id) FROM person_role r2 WHERE r2.person_id = p.id)
        LEFT JOIN setting s ON s.id = r.setting_id
        ORDER BY p.full_name"""
    return _table(db, PEOPLE_COLUMNS, sql)


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
    """Cohorts with their current (not withdrawn) settings and leaders counted."""
    sql = """
        SELECT c.id, c.name, c.status, c.start_date, c.planned_end, c.capacity,
            (SELECT count(*) FROM cohort_member m
             WHERE m.cohort_id = c.id AND m.withdrawn_on IS NULL),
            (SELECT count(*) FROM cohort_leader l JOIN cohort_member m ON m.id = l.member_id
             WHERE m.cohort_id = c.id AND m.withdrawn_on IS NULL AND l.ended_on IS NULL),
            c.venue, c.facilitators
        FROM cohort c
        ORDER BY c.start_date, c.name"""
    return _table(db, COHORT_COLUMNS, sql)


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
    """Settings waiting for a cohort place, in waiting order (priority, then date added)."""
    today = today or date.today()
    sql = """
        SELECT w.id, s.urn, s.name, s.phase, s.locality, w.added_on, w.priority,
            w.preferred_start, w.notes
        FROM waitlist_entry w JOIN setting s ON s.id = w.setting_id
        WHERE w.status = 'waiting'
        ORDER BY w.priority DESC, w.added_on, s.name"""
    result = db.query(sql)
    rows = []
    for position, r in enumerate(result, start=1):
        added = _as_date(r[5])
        days = (today - added).days if added else None
        rows.append((position, r[1], r[2], r[3], r[4], added, days, r[6], r[7], r[8]))
    return Table(WAITLIST_COLUMNS, [r[0] for r in result], rows)


PATHWAY_COLUMNS = [
    Column("round", "Round", width=200),
    Column("urn", "URN", width=80),
    Column("name", "School", width=260),
    Column("count", "Year 7 EHCPs", kind="int", width=95),
    Column("phase", "Phase", kind="int", width=55),
    Column("status", "Bid status", width=120),
    Column("requested", "Requested", kind="money", width=85),
    Column("awarded", "Awarded", kind="money", width=85),
    Column("paid", "Paid", kind="money", visible=False, width=85),
]


def list_pathways(db: Database) -> Table:
    """Bids of every round with the school's Year 7 EHCP intake count."""
    sql = """
        SELECT b.id, f.name, s.urn, s.name, i.count, b.phase, b.status,
            b.requested_pence, b.awarded_pence, b.paid_pence
        FROM bid b
        JOIN funding_round f ON f.id = b.round_id
        JOIN setting s ON s.id = b.setting_id
        LEFT JOIN intake_count i
            ON i.setting_id = b.setting_id AND i.intake_year = f.intake_year
        ORDER BY f.name, b.phase, i.count DESC, s.name"""
    return _table(db, PATHWAY_COLUMNS, sql)


OUTREACH_COLUMNS = [
    Column("package", "Package", width=240),
    Column("provider", "Provider", width=200),
    Column("area", "Area of need", width=200),
    Column("mode", "Mode", width=100),
    Column("level", "Level", kind="int", width=60),
    Column("places", "Places per term", kind="int", width=110),
    Column("referrals", "Referrals", kind="int", width=80),
    Column("open", "Open", kind="bool", width=60),
    Column("sessions", "Sessions", kind="int", visible=False, width=70),
    Column("hours", "Hours", kind="int", visible=False, width=60),
    Column("eligibility", "Eligibility", visible=False, width=220),
    Column("evidence", "Evidence required", visible=False, width=260),
    Column("description", "Description", visible=False, width=300),
]


def list_outreach(db: Database) -> Table:
    """The package catalogue (the export holds every column: the catalogue as a sheet)."""
    sql = """
        SELECT k.id, k.name, s.name, k.area_of_need, k.mode, k.level, k.places_per_term,
            (SELECT count(*) FROM referral r WHERE r.package_id = k.id),
            k.open_for_applications, k.sessions, k.hours, k.eligibility, k.evidence_required,
            k.description
        FROM outreach_package k
        JOIN outreach_provider p ON p.id = k.provider_id
        JOIN setting s ON s.id = p.setting_id
        ORDER BY s.name, k.name"""
    return _table(db, OUTREACH_COLUMNS, sql)


REFERRAL_COLUMNS = [
    Column("received_on", "Received", kind="date", width=90),
    Column("urn", "URN", visible=False, width=80),
    Column("setting", "Setting", width=240),
    Column("package", "Package", width=220),
    Column("provider", "Provider", width=200),
    Column("route", "Route", visible=False, width=160),
    Column("term", "Term", width=100),
    Column("status", "Status", width=100),
    Column("rating", "Outcome rating", kind="int", visible=False, width=100),
]


def list_referrals(db: Database) -> Table:
    """Referrals to outreach packages, newest first."""
    sql = """
        SELECT r.id, r.received_on, s.urn, s.name, k.name, ps.name, r.route, r.term,
            r.status, r.outcome_rating
        FROM referral r
        JOIN setting s ON s.id = r.setting_id
        JOIN outreach_package k ON k.id = r.package_id
        JOIN outreach_provider p ON p.id = k.provider_id
        JOIN setting ps ON ps.id = p.setting_id
        ORDER BY r.received_on DESC, s.name"""
    return _table(db, REFERRAL_COLUMNS, sql)


ACTION_COLUMNS = [
    Column("objective", "Objective", width=170),
    Column("description", "Action", width=280),
    Column("owner", "By whom", width=130),
    Column("due_on", "By when", kind="date", width=85),
    Column("rag", "RAG", width=175),
    Column("overdue", "Days overdue", kind="int", width=110),
    Column("quarter", "Quarter", width=70),
    Column("completed_on", "Completed", kind="date", visible=False, width=90),
    Column("success", "How we will know", visible=False, width=260),
    Column("resource", "Resource", visible=False, width=160),
    Column("monitored_by", "Monitored by", visible=False, width=150),
    Column("evaluated_by", "Evaluated by", visible=False, width=150),
    Column("override", "Override reason", visible=False, width=200),
]


def list_actions(db: Database, today: date | None = None, *, plain_rag: bool = False) -> Table:
    """Actions with the RAG shown as a shape and a word (the rule for ``today``, or a lead's
        override, said so) and the days overdue (blank when not overdue). ``plain_rag``: the RAG as
    its bare word ('amber'), as the export writes it and the import reads it back."""
    from send_desktop.domain.actions import effective_rag

    today = today or date.today()
    sql = """
        SELECT a.id, o.title, a.description, a.owner, a.due_on, a.rag, a.quarter,
            a.completed_on, a.success_measure, a.resource, a.monitored_by, a.evaluated_by,
            a.rag_override_reason
        FROM action a LEFT JOIN objective o ON o.id = a.objective_id
        ORDER BY o.seq, a.due_on"""
    result = db.query(sql)
    rows = []
    for r in result:
        due, done = _as_date(r[4]), _as_date(r[7])
        state = effective_rag(
            due_on=due, completed_on=done, override_rag=r[5], override_reason=r[12], today=today
        )
        rows.append(
            (
                r[1],
                r[2],
                r[3],
                due,
                state.rag if plain_rag else state.text,
                state.overdue_days or None,
                r[6],
                done,
                r[8],
                r[9],
                r[10],
                r[11],
                state.reason,
            )
        )
    return Table(ACTION_COLUMNS, [r[0] for r in result], rows)


def action_rag_history(db: Database, action_id: str) -> list[tuple[date, str, str | None]]:
    """An action's RAG changes, oldest first: (day, rag, reason)."""
    rows = db.query(
        'SELECT "on", rag, reason FROM action_rag_change WHERE action_id = ?'
        ' ORDER BY "on", created_at',
        (action_id,),
    )
    return [(_as_date(on), rag, reason) for on, rag, reason in rows]


MILESTONE_COLUMNS = [
    Column("quarter", "Quarter", width=80),
    Column("title", "Milestone", width=420),
    Column("status", "Status", width=100),
    Column("theme", "Theme", width=160),
]


def list_milestones(db: Database) -> Table:
    sql = "SELECT id, quarter, title, status, theme FROM milestone ORDER BY quarter, title"
    return _table(db, MILESTONE_COLUMNS, sql)


RESOURCE_BASE_COLUMNS = [
    Column("name", "School", width=260),
    Column("places", "Places", kind="int", width=70),
    Column("status", "Status", width=90),
    Column("opens_on", "Opens", kind="date", width=90),
    Column("area", "Area of need", width=220),
]


def list_resource_bases(db: Database) -> Table:
    sql = """
        SELECT r.id, s.name, r.places, r.status, r.opens_on, r.area_of_need
        FROM resource_base r JOIN setting s ON s.id = r.setting_id
        ORDER BY r.opens_on, s.name"""
    return _table(db, RESOURCE_BASE_COLUMNS, sql)
