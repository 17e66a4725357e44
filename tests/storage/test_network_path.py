"""A database on a network drive is refused before SQLite touches it (issue 8's rule)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from send_desktop.storage import fileinfo
from send_desktop.storage.database import create_database, open_database
from send_desktop.storage.fileinfo import NetworkDatabaseError, is_network_path


def test_unc_paths_are_network_paths():
    assert is_network_path(Path("//fileserver/send/team.sqlite"))
    assert is_network_path(Path("\\\\fileserver\\send\\team.sqlite"))


def test_the_mount_holding_a_path_decides(tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        "//nas/team /mnt/team cifs rw 0 0\n"
        "nas:/exports /mnt/nfs\\040share nfs4 rw 0 0\n"
        "/dev/sdb1 /mnt/team/local ext4 rw 0 0\n"
    )
    kind = fileinfo._mount_fs_type
    assert kind(Path("/mnt/team/a.sqlite"), str(mounts)) == "cifs"
    assert kind(Path("/mnt/nfs share/a.sqlite"), str(mounts)) == "nfs4"
    assert kind(Path("/mnt/team/local/a.sqlite"), str(mounts)) == "ext4"  # longest mount wins
    assert kind(Path("/mnt/teamwork/a.sqlite"), str(mounts)) == "ext4"
    assert {"cifs", "nfs4", "smb3", "nfs"} <= fileinfo.NETWORK_FS


def test_opening_or_creating_on_a_network_drive_is_refused_and_the_file_left_alone(
    tmp_path, monkeypatch: pytest.MonkeyPatch
):
    share = tmp_path / "share"
    share.mkdir()
    path = share / "team.sqlite"
    sqlite3.connect(path).close()
    content = path.read_bytes()
    monkeypatch.setattr(fileinfo, "is_network_path", lambda p: share in Path(p).parents)
    with pytest.raises(NetworkDatabaseError, match="network drive") as refused:
        open_database(path)
    assert "Sync with shared folder" in refused.value.message
    assert path.read_bytes() == content
    assert sorted(p.name for p in share.iterdir()) == ["team.sqlite"]  # no -wal, no -shm
    with pytest.raises(NetworkDatabaseError):
        create_database(share / "new.sqlite")
    assert not (share / "new.sqlite").exists()
