"""An old Excel 97-2003 .xls return is read (python-calamine reads BIFF8)."""

from __future__ import annotations

from pathlib import Path

from send_desktop.services import imports

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "old-return.xls"


def test_old_xls_return_imports(db):
    result = imports.run_import(db, path=FIXTURE, kind="settings")
    assert result.summary_line() == "imported: 2 new, 0 updated, 0 unchanged, 0 rejected"
    names = db.query("SELECT urn, name, postcode, pupils FROM setting ORDER BY urn")
    assert names == [
        ("123456", "Abbey Primary School", "OX1 1AA", 230),
        ("123457", "Bishop Kirk Primary School", "OX2 2BB", 300),
    ]
