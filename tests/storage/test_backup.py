from __future__ import annotations

import sqlite3

from send_desktop.storage import backup
from send_desktop.storage.models import Setting


def test_backup_is_a_consistent_copy_while_open(db):
    with db.transaction() as s:
        s.add(Setting(name="Larkrise Primary School", urn="123172"))
    target = backup.make_backup(db.path, "manual")
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT urn, name FROM setting").fetchall() == [
            ("123172", "Larkrise Primary School")
        ]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert backup.list_backups(db.path) == [target]
    assert not list(target.parent.glob("*.partial"))
