"""Encryption at rest: a protected database and its backups have no SQLite header and no
readable names; only the right passphrase opens them; the wrong one changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from send_desktop.services import backups, encryption
from send_desktop.services.people import PersonData, add_person
from send_desktop.services.register import SettingData, add_setting
from send_desktop.storage import backup, keys
from send_desktop.storage.database import create_database, open_database
from send_desktop.storage.fileinfo import PassphraseNeededError, WrongPassphraseError, check_file

SCHOOL = "Larkrise Primary School"
PERSON = "Florence Testperson"
PASSPHRASE = "correct horse battery staple"


def all_bytes(path: Path) -> bytes:
    return b"".join(
        Path(f"{path}{s}").read_bytes() for s in ("", "-wal", "-shm") if Path(f"{path}{s}").exists()
    )


def readable(path: Path) -> bool:
    data = all_bytes(path)
    return SCHOOL.encode() in data or PERSON.encode() in data or data.startswith(b"SQLite format 3")


@pytest.fixture
def protected(tmp_path) -> Path:
    path = tmp_path / "programme.sqlite"
    db = create_database(path)
    add_setting(db, data=SettingData(name=SCHOOL, urn="123172"))
    add_person(db, data=PersonData(full_name=PERSON, email="florence@example.org"))
    backups.backup_now(db)
    db.close()
    assert readable(path)
    encrypted = encryption.protect(path, PASSPHRASE)
    assert len(encrypted) == 2  # the manual backup and the one made before protecting
    return path


def test_the_file_and_every_backup_are_unreadable_without_the_passphrase(protected):
    assert not readable(protected)
    files = backup.backup_files(protected)
    assert {f.reason for f in files} == {"manual", "before-passphrase"}
    db = open_database(protected)
    add_setting(db, data=SettingData(name="Cheney School", urn="123309"))
    assert len(db.query("SELECT name FROM setting")) == 2
    db.close()
    made = backups.backup_now(protected)
    assert not readable(protected)
    for f in [*backup.list_backups(protected), made]:
        assert not readable(f), f.name
        assert backups.file_counts(f)["settings"] in (1, 2)


def test_without_the_passphrase_nothing_opens_and_nothing_changes(protected):
    keys.forget(protected, folder=backup.backup_folder_for(protected))
    before = all_bytes(protected)
    with pytest.raises(PassphraseNeededError):
        open_database(protected)
    for wrong in ("", "Correct horse battery staple", "guess1234"):
        assert not encryption.unlock(protected, wrong)
    keys.remember(protected, "still wrong")
    with pytest.raises(WrongPassphraseError):
        check_file(protected)
    keys.forget(protected)
    assert all_bytes(protected) == before
    assert encryption.unlock(protected, PASSPHRASE)
    db = open_database(protected)
    assert db.query("SELECT full_name FROM person") == [(PERSON,)]
    db.close()


def test_restore_into_a_protected_database_keeps_it_encrypted(protected, tmp_path):
    db = open_database(protected)
    add_setting(db, data=SettingData(name="Cheney School", urn="123309"))
    db.close()
    older = [f.path for f in backup.backup_files(protected) if f.reason == "manual"][0]
    result = backups.restore(older, protected)
    assert result.counts_after["settings"] == 1
    assert not readable(protected)
    assert not readable(result.saved_to)


def test_a_plain_backup_restored_into_a_protected_database_is_encrypted(tmp_path):
    path = tmp_path / "programme.sqlite"
    db = create_database(path)
    add_setting(db, data=SettingData(name=SCHOOL, urn="123172"))
    db.close()
    outside = backup.backup_to(path, tmp_path / "outside.sqlite")
    encryption.protect(path, PASSPHRASE)
    backups.restore(outside, path)
    assert not readable(path)
    db = open_database(path)
    assert db.query("SELECT name FROM setting") == [(SCHOOL,)]
    db.close()


def test_new_passphrases_are_checked():
    assert encryption.check_new_passphrase("short", "short")
    assert encryption.check_new_passphrase("long enough", "long enougH")
    assert encryption.check_new_passphrase("long enough", "long enough") is None


def test_a_protected_database_syncs_and_stays_unreadable(protected, tmp_path):
    """Sync opens a protected database keyed: it sends, receives and applies as a plain one."""
    from send_desktop.services import sync
    from tests.sync_helpers import execute, value

    folder = tmp_path / "share"
    folder.mkdir()
    sent = sync.sync(protected, folder, before_apply=lambda: None)
    assert sent.sent >= 2 and not sent.conflicts
    other = tmp_path / "other.sqlite"  # a plain laptop joins and receives everything
    assert sync.sync(other, folder).received == sent.sent
    assert value(other, "SELECT name FROM setting") == SCHOOL
    execute(other, "UPDATE setting SET town = 'Banbury'")
    sync.sync(other, folder)
    got = sync.sync(protected, folder, before_apply=lambda: None)
    assert (got.received, got.conflicts) == (1, [])
    db = open_database(protected)
    assert db.query("SELECT town FROM setting") == [("Banbury",)]
    db.close()
    assert not readable(protected)
