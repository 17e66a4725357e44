"""Printed packs: the data each one holds, read from the database, then laid out as a PDF.

    cohort_names(db)                                              -> list[str]
    cohort_pack_data(db, cohort=NAME, today=, produced_by=)       -> CohortPack
    cohort_sessions(db, cohort=NAME)                              -> list[(number, label)]
    make_cohort_pack(db, cohort=NAME, path=, session=, password=, progress=, cancel=) -> Path

A pack holds the cohort's current settings (not withdrawn) and current leaders (not
replaced), every session, the attendance recorded, and only the feedback quotes whose
authors consented to publication (filtered here in SQL, and checked again by the layout).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from send_desktop.interchange.pdf.cohort_pack import (
    CohortPack,
    PackLeader,
    PackQuote,
    PackSession,
    PackSetting,
    render,
)
from send_desktop.services.tasks import CancelToken, Progress, no_progress
from send_desktop.storage.audit import current_user
from send_desktop.storage.database import Database


class UnknownSessionError(LookupError):
    """The cohort has no session with that number; the message lists the ones it has."""

    def __init__(self, cohort: str, number: int, known: list[int]) -> None:
        listing = ", ".join(str(n) for n in known) if known else "none yet"
        super().__init__(f"{cohort} has no session {number} (sessions: {listing})")
        self.message = str(self)


class UnknownCohortError(LookupError):
    """No cohort has that name; the message lists the names there are."""

    def __init__(self, name: str, known: list[str]) -> None:
        listing = ", ".join(f"'{n}'" for n in known) if known else "none yet"
        super().__init__(f"there is no cohort called '{name}' (cohorts: {listing})")
        self.message = str(self)


def _date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


def cohort_names(db: Database) -> list[str]:
    return [r[0] for r in db.query("SELECT name FROM cohort ORDER BY start_date, name")]


def _find_cohort(db: Database, name: str) -> tuple:
    sql = """SELECT id, name, status, start_date, planned_end, capacity, venue, facilitators
             FROM cohort WHERE {} ORDER BY name LIMIT 1"""
    found = db.query(sql.format("name = ?"), (name,)) or db.query(
        sql.format("lower(trim(name)) = lower(trim(?))"), (name,)
    )
    if not found:
        raise UnknownCohortError(name, cohort_names(db))
    return found[0]


def cohort_sessions(db: Database, *, cohort: str) -> list[tuple[int, str]]:
    """The cohort's sessions as (number, "Session 3 · 12/03/2025 · title") for a chooser."""
    cid = _find_cohort(db, cohort)[0]
    rows = db.query(
        "SELECT seq, held_on, title FROM cohort_session WHERE cohort_id = ? ORDER BY seq", (cid,)
    )
    out = []
    for seq, held, title in rows:
        when = _date(held)
        parts = [f"Session {seq}", f"{when:%d/%m/%Y}" if when else "date to be set", title]
        out.append((seq, " \u00b7 ".join(p for p in parts if p)))
    return out


def cohort_pack_data(
    db: Database,
    *,
    cohort: str,
    session: int | None = None,
    today: date | None = None,
    produced_by: str | None = None,
) -> CohortPack:
    """Everything the cohort pack shows, for the cohort named ``cohort`` (case ignored);
    with ``session`` (its number), the pack for that one session."""
    cid, name, status, start, end, capacity, venue, facilitators = _find_cohort(db, cohort)
    members = db.query(
        """SELECT s.name, s.urn, s.phase, s.town, s.postcode, s.email, s.phone
           FROM cohort_member m JOIN setting s ON s.id = m.setting_id
           WHERE m.cohort_id = ? AND m.withdrawn_on IS NULL
           ORDER BY s.name COLLATE NOCASE""",
        (cid,),
    )
    leader_rows = db.query(
        """SELECT l.id, p.full_name, coalesce(l.role, p.job_title), s.name, p.email, p.phone
           FROM cohort_leader l
           JOIN cohort_member m ON m.id = l.member_id
           JOIN setting s ON s.id = m.setting_id
           JOIN person p ON p.id = l.person_id
           WHERE m.cohort_id = ? AND m.withdrawn_on IS NULL AND l.ended_on IS NULL
           ORDER BY s.name COLLATE NOCASE, p.full_name COLLATE NOCASE""",
        (cid,),
    )
    session_rows = db.query(
        """SELECT id, seq, held_on, title, venue, facilitator FROM cohort_session
           WHERE cohort_id = ? ORDER BY seq""",
        (cid,),
    )
    marks = db.query(
        """SELECT a.leader_id, a.session_id, a.status FROM attendance a
           JOIN cohort_session x ON x.id = a.session_id WHERE x.cohort_id = ?""",
        (cid,),
    )
    quotes = db.query(
        """SELECT f.quote, f.role, f.consent_to_publish, x.title FROM feedback f
           LEFT JOIN cohort_session x ON x.id = f.session_id
           WHERE f.cohort_id = ? AND f.consent_to_publish = 1
           ORDER BY x.seq, f.created_at""",
        (cid,),
    )
    per_setting: dict[str, int] = {}
    for row in leader_rows:
        per_setting[row[3]] = per_setting.get(row[3], 0) + 1
    if session is not None and session not in {row[1] for row in session_rows}:
        raise UnknownSessionError(name, session, [row[1] for row in session_rows])
    session_index = {row[0]: j for j, row in enumerate(session_rows)}
    leader_index = {row[0]: i for i, row in enumerate(leader_rows)}
    attendance: list[list[str | None]] = [[None] * len(session_rows) for _ in leader_rows]
    for leader_id, session_id, status_ in marks:
        i, j = leader_index.get(leader_id), session_index.get(session_id)
        if i is not None and j is not None:
            attendance[i][j] = status_
    return CohortPack(
        cohort=name,
        status=status,
        produced_on=today or date.today(),
        produced_by=produced_by or current_user(),
        start_date=_date(start),
        planned_end=_date(end),
        capacity=capacity,
        venue=venue,
        facilitators=facilitators,
        settings=[
            PackSetting(n, urn, phase, town, postcode, email, phone, per_setting.get(n, 0))
            for n, urn, phase, town, postcode, email, phone in members
        ],
        leaders=[
            PackLeader(full, role, setting, email, phone)
            for _id, full, role, setting, email, phone in leader_rows
        ],
        sessions=[
            PackSession(seq, title, _date(held), venue_, facilitator)
            for _id, seq, held, title, venue_, facilitator in session_rows
        ],
        attendance=attendance,
        quotes=[PackQuote(q, role, bool(ok), title) for q, role, ok, title in quotes],
        for_session=session,
    )


def make_cohort_pack(
    db: Database,
    *,
    cohort: str,
    path: Path,
    session: int | None = None,
    password: str | None = None,
    today: date | None = None,
    produced_by: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Write the cohort pack for ``cohort`` to ``path`` (a PDF; nothing is left behind on
    an error or a cancel). Raises ``UnknownCohortError``, ``UnknownSessionError`` and
    ``atomic.TargetError``."""
    progress(0.0, "Reading the cohort")
    data = cohort_pack_data(
        db, cohort=cohort, session=session, today=today, produced_by=produced_by
    )
    if cancel:
        cancel.check()
    progress(0.3, "Laying out the pack")
    written = render(
        data, Path(path), password=password, before_save=cancel.check if cancel else None
    )
    progress(1.0, "Pack ready")
    return written


def make_outreach_catalogue(
    db: Database, *, path: Path, today: date | None = None, produced_by: str | None = None
) -> Path:
    """The "offer to schools" catalogue of outreach packages open for applications, as a PDF."""
    from send_desktop.interchange.pdf import outreach_catalogue as pdf
    from send_desktop.services.outreach import catalogue

    providers = [
        pdf.Provider(
            p.name,
            p.town,
            p.urn,
            p.contact,
            p.contact_email,
            [
                pdf.Package(
                    k.name,
                    k.description,
                    k.area_of_need,
                    k.mode,
                    k.level,
                    k.sessions,
                    k.hours,
                    k.places_per_term,
                    k.eligibility,
                    k.evidence,
                )
                for k in p.packages
            ],
        )
        for p in catalogue(db, open_only=True)
    ]
    cat = pdf.Catalogue(providers, today or date.today(), produced_by or current_user())
    return pdf.render(cat, Path(path))
