"""Writing while reading: an import's rows are written a chunk at a time by a writer thread,
in one transaction. Whatever is settled late (rows about the same record far apart, a
rejected row under all-or-nothing, a cancel, an error on the writer) still writes nothing
it should not, and the JSON route writes exactly what the plain one does."""

from __future__ import annotations

import gc
import json
import sqlite3
import sys
from pathlib import Path

import pytest
from db_dump import dump, rows
from openpyxl import Workbook

from send_desktop.services import imports, imports_write
from send_desktop.services.register import SettingData, add_setting
from send_desktop.services.tasks import CancelledError, CancelToken

ROWS = 7000  # more than the first chunks together: rows reach the writer in several chunks


def big_return(path: Path, *, extra: list[list] = (), count: int = ROWS) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["URN", "School name", "Postcode", "Pupils", "Open date"])
    for i in range(count):
        sheet.append([200000 + i, f"School {i}", "OX1 1DP", 100 + i % 50, "01/09/2011"])
    for row in extra:
        sheet.append(row)
    book.save(path)
    return path


def test_a_big_import_writes_every_row_once_with_its_audit_row(db, tmp_path):
    seen: list[tuple[float, str]] = []
    result = imports.run_import(
        db,
        path=big_return(tmp_path / "r.xlsx"),
        kind="settings",
        progress=lambda f, m: seen.append((f, m)),
    )
    assert result.summary_line() == f"imported: {ROWS} new, 0 updated, 0 unchanged, 0 rejected"
    fractions = [f for f, _m in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions)
    assert all("School" not in m and "200" not in m[:3] for _f, m in seen)  # no personal data
    ids = [r[0] for r in rows(db, "SELECT id FROM setting ORDER BY rowid")]
    assert len(set(ids)) == ROWS and ids == sorted(ids)  # time-ordered: appended in order
    assert all(len(i) == 36 and i[14] == "7" and i[19] in "89ab" for i in ids)
    audit = rows(
        db,
        "SELECT record_id, action, table_name, summary, changes, batch_id, user FROM audit_log "
        "WHERE table_name = 'setting' ORDER BY id",
    )
    assert [a[0] for a in audit] == ids
    assert {(a[1], a[2], a[5]) for a in audit} == {("create", "setting", result.batch_id)}
    first = audit[0]
    assert first[3] == "School 0"
    assert first[4] is None  # the values are the record at version 1
    (batch,) = rows(db, "SELECT new_count, sha256, sheet, mapping FROM import_batch")
    assert batch[0] == ROWS and len(batch[1]) == 64 and batch[2] == "Sheet"
    assert json.loads(batch[3])["URN"] == "urn"
    again = imports.run_import(db, path=tmp_path / "r.xlsx", kind="settings")
    assert again.summary_line() == f"imported: 0 new, 0 updated, {ROWS} unchanged, 0 rejected"


def test_rows_about_the_same_record_far_apart_are_taken_back(db, tmp_path):
    extra = [
        [200001, "School 1 (other values)", "OX1 1DP", 5, "01/09/2011"],  # conflicts: neither
        [200002, "School 2", "OX1 1DP", 102, "01/09/2011"],  # an exact repeat: imported once
    ]
    path = big_return(tmp_path / "r.xlsx", extra=extra)
    result = imports.run_import(db, path=path, kind="settings")
    assert (result.new, len(result.rejected)) == (ROWS - 1, 3)
    reasons = {r.row: r.describe() for r in result.rejected}
    assert "also on row" in reasons[3] and "also on row 3" in reasons[ROWS + 2]
    assert "repeats row 4" in reasons[ROWS + 3]
    assert rows(db, "SELECT count(*) FROM setting WHERE urn = '200001'") == [(0,)]
    assert rows(db, "SELECT count(*) FROM setting") == [(ROWS - 1,)]
    assert rows(db, "SELECT count(*) FROM audit_log WHERE batch_id IS NOT NULL") == [(ROWS - 1,)]
    assert rows(db, "SELECT new_count, rejected_count FROM import_batch") == [(ROWS - 1, 3)]


def test_all_or_nothing_with_a_late_rejected_row_writes_nothing(db, tmp_path):
    path = big_return(tmp_path / "r.xlsx", extra=[[12, "Bad URN", "OX1 1DP", 1, ""]])
    before = dump(db)
    result = imports.run_import(db, path=path, kind="settings", all_or_nothing=True)
    assert result.summary_line() == "imported: 0 new, 0 updated, 0 unchanged, 1 rejected"
    assert not result.written and result.batch_id is None
    assert dump(db) == before


TRIGGERS = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"


def test_a_big_import_notes_every_new_record_for_the_sync_and_keeps_its_triggers(db, tmp_path):
    """The sync's insert trigger is set aside while the rows are written (each chunk's
    notes are one statement) and is there again, the same, once the import is saved."""
    triggers = rows(db, TRIGGERS)
    assert any(name == "sync_setting_ins" for name, _sql in triggers)
    imports.run_import(db, path=big_return(tmp_path / "r.xlsx"), kind="settings")
    assert rows(db, TRIGGERS) == triggers
    ids = rows(db, "SELECT id FROM setting ORDER BY id")
    notes = rows(db, "SELECT rid, field, old FROM sync_dirty WHERE tbl = 'setting' ORDER BY rid")
    assert notes == [(i, "*", None) for (i,) in ids] and len(notes) == ROWS
    add_setting(db, data=SettingData(name="Fictional Added After", urn="999999"))
    assert len(rows(db, "SELECT 1 FROM sync_dirty WHERE tbl = 'setting'")) == ROWS + 1


def test_cancel_after_chunks_were_written_writes_nothing(db, tmp_path):
    path = big_return(tmp_path / "r.xlsx")
    before = dump(db)
    triggers = rows(db, TRIGGERS)
    token = CancelToken()
    seen: list[float] = []

    def progress(fraction: float, _message: str) -> None:
        seen.append(fraction)
        if fraction > 0.5:
            token.cancel()

    with pytest.raises(CancelledError):
        imports.run_import(db, path=path, kind="settings", progress=progress, cancel=token)
    assert dump(db) == before
    assert rows(db, TRIGGERS) == triggers  # set aside in the rolled-back transaction only
    assert seen == sorted(seen)


def test_cancel_while_the_writer_finishes_writes_nothing(db, tmp_path):
    path = big_return(tmp_path / "r.xlsx", count=600)
    before = dump(db)
    token = CancelToken()

    def progress(_fraction: float, message: str) -> None:
        if message.startswith("Saved"):
            token.cancel()

    with pytest.raises(CancelledError):
        imports.run_import(db, path=path, kind="settings", progress=progress, cancel=token)
    assert dump(db) == before


def test_an_error_on_the_writer_rolls_everything_back(db, tmp_path, monkeypatch):
    path = big_return(tmp_path / "r.xlsx")
    before = dump(db)
    real = imports_write.Inserter.insert
    calls = []

    def fail_on_the_third_chunk(self, conn, chunk):  # noqa: ANN001, ANN202
        calls.append(chunk.count)
        if len(calls) == 3:
            raise sqlite3.OperationalError("disk I/O error")
        return real(self, conn, chunk)

    monkeypatch.setattr(imports_write.Inserter, "insert", fail_on_the_third_chunk)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        imports.run_import(db, path=path, kind="settings")
    assert len(calls) >= 3
    assert dump(db) == before
    assert gc.isenabled()


def test_a_refused_file_rolls_back_the_transaction_the_writer_opened(db, tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    before = dump(db)
    with pytest.raises(imports.FileRefusedError):
        imports.run_import(db, path=path, kind="settings")
    assert dump(db) == before
    # and the database is free for the next writer
    add_setting(db, data=SettingData(name="Cheney School", urn="123456"))


def test_the_plain_route_writes_what_the_json_route_writes(db, tmp_path, monkeypatch):
    path = big_return(tmp_path / "r.xlsx", count=1200)
    imports.run_import(db, path=path, kind="settings", user="tester")
    query = (
        "SELECT s.urn, s.name, s.postcode, s.pupils, s.open_date, s.version, a.action, "
        "a.summary, a.changes, a.user FROM setting s JOIN audit_log a ON a.record_id = s.id "
        "ORDER BY s.urn"
    )
    by_json = rows(db, query)
    other = tmp_path / "other.sqlite"
    from send_desktop.storage.database import create_database

    plain_db = create_database(other)
    monkeypatch.setattr(imports_write, "sqlite_reads_json", lambda: False)
    imports.run_import(plain_db, path=path, kind="settings", user="tester")
    by_rows = rows(plain_db, query)
    plain_db.close()
    assert by_json == by_rows


def test_values_json_cannot_carry_exactly_go_the_plain_route():
    from datetime import datetime

    from send_desktop.services.imports_targets import TARGETS

    table = TARGETS["setting"].table
    inserter = imports_write.Inserter(
        table, ["name", "pupils"], label_sql='"name"', batch_id="b", user="u", now=datetime.now()
    )
    columns = {"name": ["A", "B"], "pupils": [1, 2]}
    assert inserter.encode(columns, [0, 1]).rows_json == '[["A",1],["B",2]]'
    assert inserter.encode({"name": ["A"], "pupils": [1.5]}, [0]).rows == [("A", 1.5)]
    assert inserter.encode({"name": ["A"], "pupils": [2**63]}, [0]).rows == [("A", 2**63)]
    assert inserter.encode({"name": ["A\x00"], "pupils": [1]}, [0]).rows == [("A\x00", 1)]


def test_the_process_settings_come_back_after_an_import(db, tmp_path):
    interval = sys.getswitchinterval()
    seen = []
    path = big_return(tmp_path / "r.xlsx", count=50)
    imports.run_import(
        db,
        path=path,
        kind="settings",
        progress=lambda *_: seen.append((gc.isenabled(), sys.getswitchinterval())),
    )
    assert seen[1] == (False, 0.0005)  # while importing: collector paused, quicker switches
    assert gc.isenabled() and sys.getswitchinterval() == interval
    with pytest.raises(imports.FileRefusedError):
        imports.run_import(db, path=tmp_path / "missing.xlsx", kind="settings")
    assert gc.isenabled() and sys.getswitchinterval() == interval
