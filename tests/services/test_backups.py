"""Automatic backups, thinning on disk, the list the Backups dialog shows, and restore."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from db_dump import dump, rows

from send_desktop.domain import thinning
from send_desktop.services import backups, imports
from send_desktop.services.register import SettingData, add_setting
from send_desktop.storage import backup
from send_desktop.storage.database import open_database

FIXTURES = Path(__file__).parents[1] / "fixtures"


def test_an_import_is_preceded_by_a_backup_of_the_state_before_it(db):
    add_setting(db, data=SettingData(name="Larkrise Primary School", urn="123172"))
    imports.run_import(
        db, path=FIXTURES / "gias_sample.csv", kind="gias", options=imports.ImportOptions("any")
    )
    files = backup.backup_files(db.path)
    assert [f.reason for f in files] == ["before-import"]
    with sqlite3.connect(files[0].path) as conn:
        assert conn.execute("SELECT count(*) FROM setting").fetchone() == (1,)
    assert rows(db, "SELECT count(*) FROM setting")[0][0] > 1


def test_on_open_backup_only_when_the_data_changed(db):
    assert backups.backup_if_changed(db) is None  # nothing in it yet
    add_setting(db, data=SettingData(name="Cheney School", urn="123309"))
    first = backups.backup_if_changed(db)
    assert first is not None and "on-open" in first.name
    assert backups.backup_if_changed(db) is None
    add_setting(db, data=SettingData(name="Larkrise Primary School", urn="123172"))
    assert backups.backup_if_changed(db) is not None


def test_periodic_backup_waits_thirty_minutes_of_changes(db):
    add_setting(db, data=SettingData(name="Cheney School", urn="123309"))
    made = backups.periodic_backup(db)
    assert made is not None
    add_setting(db, data=SettingData(name="Larkrise Primary School", urn="123172"))
    assert backups.periodic_backup(db, now=datetime.now() + timedelta(minutes=29)) is None
    assert backups.periodic_backup(db, now=datetime.now() + timedelta(minutes=31)) is not None
    assert backups.periodic_backup(db, now=datetime.now() + timedelta(hours=2)) is None  # same


def test_thinning_deletes_backups_the_rule_does_not_keep(db):
    add_setting(db, data=SettingData(name="Cheney School", urn="123309"))
    now = datetime(2026, 11, 22, 12, 0)
    times = [now - timedelta(hours=hours) for hours in range(0, 24 * 40, 6)]  # 40 days
    for t in times:
        backup.make_backup(db.path, "periodic", now=t)
    removed = backups.thin(db.path, now=now)
    left = [f.made_at for f in backup.backup_files(db.path)]
    assert left == sorted(thinning.keep(times, now), reverse=True)
    assert len(removed) == len(times) - len(left) > 100
    assert left[:4] == times[:4]  # the last day's, all of them
    assert not any(p.exists() for p in removed)


def test_the_list_gives_time_reason_size_and_counts(db):
    add_setting(db, data=SettingData(name="Cheney School", urn="123309"))
    backups.backup_before(db, "sync")
    (info,) = backups.list_backups(db)
    assert info.reason == "before-sync" and info.reason_text == "before a sync"
    assert info.counts == {"settings": 1, "people": 0, "cohorts": 0}
    assert info.size == info.path.stat().st_size > 0
    assert info.counts_text() == "1 settings, 0 people, 0 cohorts"


def test_restore_puts_the_backup_back_after_saving_the_current_state(db):
    add_setting(db, data=SettingData(name="Cheney School", urn="123309"))
    older = backups.backup_now(db)
    add_setting(db, data=SettingData(name="Larkrise Primary School", urn="123172"))
    db.close()
    result = backups.restore(older, db.path)
    assert rows(db, "SELECT name FROM setting") == [("Cheney School",)]
    assert result.counts_before["settings"] == 2 and result.counts_after["settings"] == 1
    assert "before-restore" in result.saved_to.name
    with sqlite3.connect(result.saved_to) as conn:
        assert conn.execute("SELECT count(*) FROM setting").fetchone() == (2,)
    reopened = open_database(db.path)
    assert reopened.query("PRAGMA integrity_check") == [("ok",)]
    reopened.close()


def test_restore_while_the_database_is_open_is_seen_by_it(db):
    add_setting(db, data=SettingData(name="Cheney School", urn="123309"))
    assert db.query("SELECT count(*) FROM setting") == [(1,)]
    older = backups.backup_now(db)
    add_setting(db, data=SettingData(name="Larkrise Primary School", urn="123172"))
    backups.restore(older, db.path)
    assert db.query("SELECT count(*) FROM setting") == [(1,)]


@pytest.mark.parametrize("content", [b"not a database at all" * 100, b""])
def test_a_bad_backup_is_refused_and_nothing_changes(db, tmp_path, content):
    add_setting(db, data=SettingData(name="Cheney School", urn="123309"))
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(content)
    before = dump(db)
    with pytest.raises(backups.RestoreError):
        backups.restore(bad, db.path)
    assert dump(db) == before
    assert backup.backup_files(db.path) == []
