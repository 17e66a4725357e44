"""TIRP tables for export: cohort members with their leaders, and the attendance matrix.

    member_table(db, cohort_id=None)      -> Table  (every cohort when None)
    attendance_table(db, cohort_id=None)  -> Table  (leaders x sessions, with roll-ups)

Plain SQL reads; the rows are what ``services.exports`` writes through the one .xlsx writer.
Feedback is never in these tables: only consented quotes leave the app (the cohort pack).
"""

from __future__ import annotations

from datetime import date

from send_desktop.services import tirp
from send_desktop.services.rowindex import Column, Table
from send_desktop.storage.database import Database

LETTERS = {"present": "P", "late": "L", "apologies": "A", "absent": "X"}

MEMBER_COLUMNS = [
    Column("cohort", "Cohort", width=100),
    Column("urn", "URN", width=80),
    Column("setting", "Setting", width=240),
    Column("phase", "Phase", width=100),
    Column("joined", "Joined", kind="date", width=90),
    Column("withdrawn", "Withdrawn", kind="date", width=90),
    Column("reason", "Withdrawal reason", width=200),
    Column("leader", "Leader", width=160),
    Column("role", "Role", width=160),
    Column("email", "Email", width=220),
    Column("started", "Leader from", kind="date", width=90),
    Column("ended", "Leader to", kind="date", width=90),
    Column("replaced_by", "Replaced by", width=160),
]


def _day(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


def _cohorts(db: Database, cohort_id: str | None) -> list[tuple[str, str]]:
    if cohort_id is not None:
        return db.query("SELECT id, name FROM cohort WHERE id = ?", (cohort_id,))
    return db.query("SELECT id, name FROM cohort ORDER BY start_date, name")


def member_table(db: Database, cohort_id: str | None = None) -> Table:
    """One row per leader (ever) of each member setting; a setting with no leader has one
    row of its own. By cohort, setting, then leader's start."""
    ids, rows = [], []
    for cid, cname in _cohorts(db, cohort_id):
        leaders = db.query(
            "SELECT m.id, p.full_name, l.role, p.email, l.started_on, l.ended_on, rp.full_name"
            " FROM cohort_leader l JOIN cohort_member m ON m.id = l.member_id"
            " JOIN person p ON p.id = l.person_id"
            " LEFT JOIN cohort_leader r ON r.id = l.replaced_by_id"
            " LEFT JOIN person rp ON rp.id = r.person_id"
            " WHERE m.cohort_id = ? ORDER BY l.started_on, p.full_name",
            (cid,),
        )
        by_member: dict[str, list[tuple]] = {}
        for mid, *rest in leaders:
            by_member.setdefault(mid, []).append(tuple(rest))
        members = db.query(
            "SELECT m.id, s.urn, s.name, s.phase, m.joined_on, m.withdrawn_on,"
            " m.withdrawal_reason FROM cohort_member m JOIN setting s ON s.id = m.setting_id"
            " WHERE m.cohort_id = ? ORDER BY s.name COLLATE NOCASE",
            (cid,),
        )
        for mid, urn, name, phase, joined, withdrawn, reason in members:
            member = (cname, urn, name, phase, _day(joined), _day(withdrawn), reason)
            for person, role, email, start, end, replaced in by_member.get(mid, []):
                ids.append(mid)
                rows.append((*member, person, role, email, _day(start), _day(end), replaced))
            if mid not in by_member:
                ids.append(mid)
                rows.append((*member, None, None, None, None, None, None))
    return Table(list(MEMBER_COLUMNS), ids, rows)


def attendance_table(db: Database, cohort_id: str | None = None) -> Table:
    """Leaders down, sessions across (P, L, A, X; blank when not recorded), then each
    leader's roll-up; under each cohort's leaders a row per setting and one for the cohort.
    At risk is written as text."""
    chosen = _cohorts(db, cohort_id)
    width = max(
        [len(tirp.cohort_sessions(db, cid)) for cid, _n in chosen] or [0],
    )
    headings = [f"Session {n}" for n in range(1, width + 1)]
    if len(chosen) == 1:  # one cohort: its sessions' dates too
        headings = [
            f"{seq}: {held:%d/%m/%Y}" if held else f"Session {seq}"
            for _id, seq, held, *_rest in tirp.cohort_sessions(db, chosen[0][0])
        ]
    columns = [
        Column("cohort", "Cohort", width=100),
        Column("setting", "Setting", width=240),
        Column("leader", "Leader", width=160),
        *(Column(f"s{n}", title, width=90) for n, title in enumerate(headings, start=1)),
        Column("attended", "Attended", kind="int", width=70),
        Column("recorded", "Recorded", kind="int", width=70),
        Column("rate", "Attendance", width=150),
        Column("at_risk", "At risk", width=60),
    ]
    ids, rows = [], []

    def roll_cells(roll: object) -> tuple:
        if roll is None:
            return (0, 0, "no sessions recorded", "")
        return (roll.attended, roll.recorded, roll.label, "yes" if roll.at_risk else "no")

    for cid, cname in chosen:
        sessions = tirp.cohort_sessions(db, cid)
        marks = tirp.attendance_matrix(db, cid)
        per_leader = tirp.attendance_roll_up(db, cohort_id=cid, by="leader")
        per_setting = tirp.attendance_roll_up(db, cohort_id=cid, by="setting")
        whole = tirp.attendance_roll_up(db, cohort_id=cid, by="cohort").get("cohort")
        blank = (None,) * (width - len(sessions))
        settings: dict[str, str] = {}
        for lid, sid, setting, person, *_rest in tirp.cohort_leaders(db, cid):
            settings[sid] = setting
            cells = tuple(LETTERS.get(marks.get((s[0], lid), "")) for s in sessions)
            ids.append(lid)
            rows.append((cname, setting, person, *cells, *blank, *roll_cells(per_leader.get(lid))))
        empty = (None,) * width
        for sid, setting in settings.items():
            ids.append(sid)
            rows.append(
                (cname, setting, "All its leaders", *empty, *roll_cells(per_setting.get(sid)))
            )
        ids.append(cid)
        rows.append((cname, "Whole cohort", None, *empty, *roll_cells(whole)))
    return Table(columns, ids, rows)
