"""Records get UUIDs, timestamps and row versions; every change is audited in its transaction."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from send_desktop.storage.models import (
    AuditEntry,
    Cohort,
    CohortMember,
    Setting,
    WaitlistEntry,
)

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_new_record_has_uuid_timestamps_and_version_one(db):
    with db.transaction() as s:
        setting = Setting(name="Slade Nursery School", urn="122970")
        s.add(setting)
    assert UUID.match(setting.id)
    assert setting.created_at is not None and setting.updated_at is not None
    assert setting.version == 1


def test_update_bumps_version_and_updated_at(db):
    with db.transaction() as s:
        setting = Setting(name="Slade Nursery School")
        s.add(setting)
    before = setting.updated_at
    with db.transaction() as s:
        s.get(Setting, setting.id).pupils = 98
    with db.reader() as s:
        again = s.get(Setting, setting.id)
        assert again.version == 2
        assert again.updated_at >= before


def test_create_update_delete_are_audited_with_old_and_new_values(db):
    with db.transaction() as s:
        setting = Setting(name="Rose Hill Primary School", postcode="OX4 4SF")
        s.add(setting)
    with db.transaction() as s:
        s.get(Setting, setting.id).postcode = "OX4 4SS"
    with db.transaction() as s:
        s.delete(s.get(Setting, setting.id))
    with db.reader() as s:
        rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [r.action for r in rows] == ["create", "update", "delete"]
    assert all(r.record_id == setting.id and r.table_name == "setting" for r in rows)
    assert json.loads(rows[1].changes) == {"postcode": ["OX4 4SF", "OX4 4SS"]}
    assert json.loads(rows[2].changes)["name"] == ["Rose Hill Primary School", None]
    assert rows[0].user  # the OS user


def test_failed_transaction_leaves_neither_change_nor_audit(db):
    with db.transaction() as s:
        s.add(Setting(name="First", urn="100001"))
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(Setting(name="Second", urn="100002"))
        s.flush()
        s.add(Setting(name="Duplicate URN", urn="100001"))
    with db.reader() as s:
        assert s.scalars(select(Setting.name)).all() == ["First"]
        assert s.query(AuditEntry).count() == 1


def test_foreign_keys_are_enforced(db):
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(CohortMember(cohort_id="no-such-cohort", setting_id="no-such-setting"))


def test_setting_with_programme_records_cannot_be_deleted_at_sql_level(db):
    with db.transaction() as s:
        setting = Setting(name="Windale Primary School")
        cohort = Cohort(name="Cohort 1")
        s.add_all([setting, cohort])
        s.flush()
        s.add(WaitlistEntry(setting_id=setting.id, added_on=cohort.created_at.date()))
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.execute(Setting.__table__.delete().where(Setting.id == setting.id))


def test_connection_pragmas(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_replica_id_is_made_per_database(db, tmp_path):
    from send_desktop.storage.database import create_database

    other = create_database(tmp_path / "other.sqlite")
    ids = []
    for database in (db, other):
        with database.engine.connect() as conn:
            ids.append(
                conn.exec_driver_sql("SELECT value FROM app_meta WHERE key='replica_id'").scalar()
            )
    other.close()
    assert all(UUID.match(i) for i in ids) and ids[0] != ids[1]
