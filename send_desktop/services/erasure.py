"""Erasing a person, and the retention review that finds people due for it.

``erase_person`` removes a person's name, email and phone everywhere in one transaction:
the person record (name becomes "Erased person"), any text that mentions them (leaders'
and contacts' records point at the person; feedback, referral steps, actions, notes and the
audit log's summaries and old values are searched), and the database's free pages
(``secure_delete`` and ``VACUUM``), so exports and backups made afterwards cannot contain
them. The erasure is audited without the values. The backups made before are scrubbed the
same way. The values themselves are never logged.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from send_desktop.services import app_meta
from send_desktop.services.errors import NotFoundError
from send_desktop.services.tasks import CancelToken, Progress, no_progress
from send_desktop.storage import backup, keys
from send_desktop.storage.audit import current_user
from send_desktop.storage.base import utcnow
from send_desktop.storage.database import Database

ERASED_NAME = "Erased person"
MARK = "[erased]"
PERSON_FIELDS = ("full_name", "email", "phone", "job_title", "notes")
RETENTION_KEY = "retention_years"
DEFAULT_RETENTION_YEARS = 6
SKIP_TABLES = {"alembic_version", "app_meta"}

Query = Callable[[str, tuple], list[tuple]]
Execute = Callable[[str, tuple], None]


@dataclass(frozen=True)
class ErasureResult:
    person_id: str
    fields_changed: int  # text values elsewhere that mentioned the person
    backups_scrubbed: int


def _terms(values: Iterable[str | None]) -> list[str]:
    """What to search for: each value of 3+ characters, longest first."""
    found = {v.strip() for v in values if v and len(v.strip()) >= 3}
    return sorted(found, key=len, reverse=True)


def _scrub_text(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(MARK, text)


def _scrub_json(text: str, pattern: re.Pattern[str], fields: set[str] | None) -> str:
    """An audit ``changes`` value: the person's own fields wholly, other text by search."""
    try:
        data = json.loads(text)
    except ValueError:
        return _scrub_text(text, pattern)

    def clean(value):  # noqa: ANN001, ANN202
        if isinstance(value, str):
            return _scrub_text(value, pattern)
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    if isinstance(data, dict):
        data = {
            k: ([MARK if x is not None else None for x in v] if isinstance(v, list) else MARK)
            if fields is not None and k in fields
            else clean(v)
            for k, v in data.items()
        }
    else:
        data = clean(data)
    return json.dumps(data, ensure_ascii=False)


def scrub(
    query: Query, execute: Execute, *, terms: list[str], person_id: str | None, now: str
) -> int:
    """Replace ``terms`` (any case) in every text column of every table; returns the number
    of values changed. A value that is wholly a term becomes NULL where allowed."""
    if not terms:
        return 0
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    tables = [
        r[0]
        for r in query("SELECT name FROM sqlite_master WHERE type='table'", ())
        if r[0] not in SKIP_TABLES and not r[0].startswith("sqlite_")
    ]
    changed = 0
    for table in tables:
        info = query(f'PRAGMA table_info("{table}")', ())
        names = {c[1] for c in info}
        pk = [c[1] for c in sorted(info, key=lambda c: c[5]) if c[5]]
        # a WITHOUT ROWID table (the sync's bookkeeping) is keyed by its primary key
        key = "id" if "id" in names else ("rowid" if not _without_rowid(query, table) else None)
        if key is None:
            key = ", ".join(f'"{c}"' for c in pk)
        texts = [
            (c[1], not c[3])
            for c in info
            if any(t in (c[2] or "").upper() for t in ("CHAR", "TEXT", "CLOB")) and c[1] != "id"
        ]
        record = {"version", "updated_at"} <= names
        for column, nullable in texts:
            where = " OR ".join(f'"{column}" LIKE ?' for _ in terms)
            rows = query(
                f'SELECT {key}, "{column}" FROM "{table}" WHERE {where}',
                tuple(f"%{t}%" for t in terms),
            )
            width = len(pk) if key not in ("id", "rowid") else 1
            for *ids, value in rows:
                rid = ids[0] if width == 1 else tuple(ids)
                if not isinstance(value, str) or not pattern.search(value):
                    continue
                if table == "audit_log" and column == "changes":
                    is_person = bool(
                        person_id
                        and query("SELECT record_id FROM audit_log WHERE id=?", (rid,))
                        == [(person_id,)]
                    )
                    new = _scrub_json(value, pattern, set(PERSON_FIELDS) if is_person else None)
                elif pattern.fullmatch(value.strip()) and nullable:
                    new = None
                else:
                    new = _scrub_text(value, pattern)
                bump = ", version = version + 1, updated_at = ?" if record else ""
                keys = rid if isinstance(rid, tuple) else (rid,)
                params = (new, now, *keys) if record else (new, *keys)
                match = " AND ".join(f'"{c}" = ?' for c in pk) if width > 1 else f"{key} = ?"
                execute(f'UPDATE "{table}" SET "{column}" = ?{bump} WHERE {match}', params)
                changed += 1
    return changed


def erase_person(
    db: Database,
    *,
    person_id: str,
    user: str | None = None,
    scrub_backups: bool = True,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ErasureResult:
    """Erase one person (see the module docstring); one transaction, then VACUUM."""
    from send_desktop.storage.models import AuditEntry

    now = utcnow()
    progress(0.0, "Erasing")
    with db.transaction() as session:
        conn = session.connection()
        conn.exec_driver_sql("PRAGMA secure_delete=ON")
        row = conn.exec_driver_sql(
            "SELECT full_name, email, phone, job_title, notes FROM person WHERE id = ?",
            (person_id,),
        ).first()
        if row is None:
            raise NotFoundError("This person")
        terms = _terms([row[0], row[1], row[2]])
        stamp = now.isoformat(sep=" ")

        def query(sql: str, params: tuple) -> list[tuple]:
            return [tuple(r) for r in conn.exec_driver_sql(sql, params).all()]

        def execute(sql: str, params: tuple) -> None:
            conn.exec_driver_sql(sql, params)

        conn.exec_driver_sql(
            "UPDATE person SET full_name = ?, email = NULL, phone = NULL, job_title = NULL,"
            " notes = NULL, version = version + 1, updated_at = ? WHERE id = ?",
            (ERASED_NAME, stamp, person_id),
        )
        changed = scrub(query, execute, terms=terms, person_id=person_id, now=stamp)
        session.add(
            AuditEntry(
                at=now,
                user=(user or current_user())[:120],
                action="erase",
                table_name="person",
                record_id=person_id,
                summary="Personal details erased (name, email, phone, job title, notes)",
                changes=json.dumps({"erased_fields": list(PERSON_FIELDS), "mentions": changed}),
            )
        )
        if cancel:
            cancel.check()  # the last moment to change one's mind: all is rolled back
    progress(0.5, "Clearing the freed space")
    compact(db.path)
    scrubbed = 0
    if scrub_backups:
        files = backup.backup_files(db.path)
        for n, file in enumerate(files):
            progress(0.6 + 0.4 * n / max(len(files), 1), "Erasing from the backups")
            with contextlib.suppress(OSError, *keys.database_errors()):
                scrub_file(file.path, terms, person_id)
                scrubbed += 1
    progress(1.0, "Erased")
    return ErasureResult(person_id, changed, scrubbed)


def compact(path: Path) -> None:
    """VACUUM and truncate the WAL, so no freed page still holds erased text."""
    conn = keys.connect(path, isolation_level=None, timeout=10)
    try:
        conn.execute("PRAGMA secure_delete=ON")
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        conn.close()


def scrub_file(path: Path, terms: list[str], person_id: str | None) -> int:
    """The same erasure in a backup file (any schema): the person's row and any mention."""
    conn = keys.connect(path, isolation_level=None, timeout=10)
    try:
        conn.execute("PRAGMA secure_delete=ON")
        conn.execute("BEGIN IMMEDIATE")
        stamp = utcnow().isoformat(sep=" ")

        def query(sql: str, params: tuple) -> list[tuple]:
            return conn.execute(sql, params).fetchall()

        def execute(sql: str, params: tuple) -> None:
            conn.execute(sql, params)

        if person_id:
            with contextlib.suppress(*keys.database_errors()):  # no person table
                conn.execute(
                    "UPDATE person SET full_name = ?, email = NULL, phone = NULL, "
                    "job_title = NULL, notes = NULL WHERE id = ?",
                    (ERASED_NAME, person_id),
                )
        changed = scrub(query, execute, terms=terms, person_id=person_id, now=stamp)
        conn.execute("COMMIT")
        conn.execute("VACUUM")
        return changed
    finally:
        conn.close()


# -- retention ---------------------------------------------------------------------------
@dataclass(frozen=True)
class DuePerson:
    person_id: str
    name: str
    cohorts: str  # names, for review
    finished_on: date  # when the last of their cohorts finished


def retention_years(db: Database) -> int:
    with contextlib.suppress(ValueError, TypeError):
        return max(1, int(app_meta.stored(db, RETENTION_KEY)))  # type: ignore[arg-type]
    return DEFAULT_RETENTION_YEARS


def set_retention_years(db: Database, years: int) -> None:
    if not 1 <= years <= 50:
        raise ValueError("between 1 and 50 years")
    app_meta.store(db, RETENTION_KEY, str(years))


_DUE_SQL = """
WITH ends AS (
    SELECT c.id, c.name,
           max(coalesce(c.planned_end, ''), coalesce(
               (SELECT max(s.held_on) FROM cohort_session s WHERE s.cohort_id = c.id), ''
           )) AS ended
    FROM cohort c
),
links AS (
    SELECT l.person_id, m.cohort_id FROM cohort_leader l JOIN cohort_member m ON m.id = l.member_id
    UNION SELECT person_id, cohort_id FROM feedback WHERE person_id IS NOT NULL
)
SELECT p.id, p.full_name, group_concat(DISTINCT e.name), max(e.ended)
FROM person p JOIN links k ON k.person_id = p.id JOIN ends e ON e.id = k.cohort_id
WHERE p.full_name != ?
  AND NOT EXISTS (SELECT 1 FROM outreach_provider o WHERE o.contact_id = p.id)
  AND NOT EXISTS (SELECT 1 FROM bid b WHERE b.contact_id = p.id)
GROUP BY p.id
HAVING min(e.ended != '' AND e.ended < ?) = 1
ORDER BY max(e.ended), p.full_name
"""


def due_for_review(db: Database, *, years: int | None = None, today: date | None = None):  # noqa: ANN201
    """People linked only to cohorts that finished more than ``years`` ago (default: the
    database's retention setting), with no other programme link (outreach or bid contact)."""
    years = years or retention_years(db)
    today = today or date.today()
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    rows = db.query(_DUE_SQL, (ERASED_NAME, cutoff.isoformat()))
    return [DuePerson(r[0], r[1], r[2] or "", date.fromisoformat(r[3][:10])) for r in rows]


def _without_rowid(query, table: str) -> bool:  # noqa: ANN001
    """True for a table made WITHOUT ROWID (it has no rowid to key on)."""
    sql = query("SELECT sql FROM sqlite_master WHERE type='table' AND name=?", (table,))
    return bool(sql) and "WITHOUT ROWID" in (sql[0][0] or "").upper()
