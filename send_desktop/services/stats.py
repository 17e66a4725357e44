"""Record counts: the ``stats`` command and the dashboard tiles (plain SQL, no ORM)."""

from __future__ import annotations

from send_desktop.storage.database import Database

_COUNTS = {
    "settings": "SELECT count(*) FROM setting",
    "people": "SELECT count(*) FROM person",
    "cohorts": "SELECT count(*) FROM cohort",
    "cohort_members": "SELECT count(*) FROM cohort_member WHERE withdrawn_on IS NULL",
    "leaders": "SELECT count(*) FROM cohort_leader l JOIN cohort_member m ON m.id = l.member_id"
    " WHERE l.ended_on IS NULL AND m.withdrawn_on IS NULL",
    "waitlist": "SELECT count(*) FROM waitlist_entry WHERE status = 'waiting'",
    "bids": "SELECT count(*) FROM bid",
    "packages": "SELECT count(*) FROM outreach_package",
    "referrals": "SELECT count(*) FROM referral",
    "actions": "SELECT count(*) FROM action",
    "milestones": "SELECT count(*) FROM milestone",
    "resource_base_places": "SELECT coalesce(sum(places), 0) FROM resource_base",
}


def record_counts(db: Database) -> dict[str, int]:
    """Counts by name, in a fixed order (the contract of ``send-desktop stats``)."""
    return {name: int(db.query(sql)[0][0]) for name, sql in _COUNTS.items()}


# Tables that hold no programme records of their own: the schema, settings of the app,
# what an import remembered, the sync's bookkeeping and the dashboard's monthly figures.
_BOOKKEEPING = (
    "alembic_version",
    "app_meta",
    "import_profile",
    "import_batch",
    "kpi_snapshot",
    "audit_log",
)


def holds_records(db: Database) -> bool:
    """True once any table holds a programme record (not only those ``record_counts``
    counts: an objective, a withdrawn member, a questionnaire return...)."""
    names = [
        r[0]
        for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")
        if r[0] not in _BOOKKEEPING and not r[0].startswith(("sqlite_", "sync_"))
    ]
    return any(db.query(f'SELECT 1 FROM "{name}" LIMIT 1') for name in names)
