"""A wrong or damaged file is refused with a clear message and left byte-for-byte unchanged."""

from __future__ import annotations

import os
import sqlite3

import pytest

from send_desktop.storage.database import create_database, open_database
from send_desktop.storage.fileinfo import DamagedDatabaseError, NotADatabaseError
from send_desktop.storage.models import Setting


def _real_db(path):
    db = create_database(path)
    with db.transaction() as s:
        s.add_all(Setting(name=f"School {i}", urn=f"{100000 + i}") for i in range(500))
    db.close()
    return path


@pytest.mark.parametrize(
    "content",
    [b"urn,name\n123456,Cheney School\n", b"PK\x03\x04 not really a workbook", os.urandom(4096)],
    ids=["csv", "zip-header", "random"],
)
def test_non_sqlite_file_is_refused_unchanged(tmp_path, content):
    path = tmp_path / "wrong.sqlite"
    path.write_bytes(content)
    with pytest.raises(NotADatabaseError) as info:
        open_database(path)
    assert "not an SQLite file" in info.value.message
    assert path.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == ["wrong.sqlite"]


def test_truncated_database_is_refused_unchanged(tmp_path):
    path = _real_db(tmp_path / "good.sqlite")
    data = path.read_bytes()
    cut = tmp_path / "cut.sqlite"
    cut.write_bytes(data[: len(data) // 2])
    before = cut.read_bytes()
    with pytest.raises(DamagedDatabaseError) as info:
        open_database(cut)
    assert "cut short" in info.value.message
    assert cut.read_bytes() == before


def test_damaged_pages_are_detected_unchanged(tmp_path):
    path = _real_db(tmp_path / "good.sqlite")
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(2, len(data) // page_size):  # scribble over every page but the first
        start = page * page_size
        data[start : start + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabaseError):
        open_database(path)
    assert path.read_bytes() == bytes(data)


def test_new_file_is_created_and_migrated(tmp_path):
    path = tmp_path / "fresh.sqlite"
    db = create_database(path)
    with db.reader() as s:
        assert s.query(Setting).count() == 0
    db.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
