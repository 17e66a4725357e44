"""The shared-drive sync between laptops (issue 8), in process: merge rules, files, identity."""

from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path

import pytest

from send_desktop.interchange import sync_files
from send_desktop.services import sync
from send_desktop.services.sync_conflicts import list_conflicts, resolve
from send_desktop.services.sync_state import DELETED
from tests.sync_helpers import canonical, copies, execute, value

SCHOOL = "SELECT id FROM setting ORDER BY urn LIMIT 1"
OTHER = "SELECT id FROM setting ORDER BY urn LIMIT 1 OFFSET 1"
QUOTE = "SELECT id FROM feedback ORDER BY id LIMIT 1"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from send_desktop.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    build_demo(path).close()
    return path


def run(path: Path, folder: Path, **kw) -> sync.SyncResult:
    return sync.sync(path, folder, **kw)


def laptops(demo: Path, tmp_path: Path, n: int = 3) -> tuple[list[Path], Path]:
    folder = tmp_path / "share"
    folder.mkdir()
    return copies(demo, tmp_path, *"abcdef"[:n]), folder


@pytest.mark.parametrize("order", list(itertools.permutations("abc")))
def test_edits_to_different_fields_survive_in_any_order(demo, tmp_path, order):
    (a, b, c), folder = laptops(demo, tmp_path)
    school = value(a, SCHOOL)
    execute(a, "UPDATE setting SET phone = '01865 000001' WHERE id = ?", school)
    execute(b, "UPDATE setting SET email = 'office@b.example.org' WHERE id = ?", school)
    dbs = {"a": a, "b": b, "c": c}
    for _round in range(2):
        for name in order:
            result = run(dbs[name], folder)
            assert result.refused == []
    for path in (a, b, c):
        assert value(path, "SELECT phone FROM setting WHERE id = ?", school) == "01865 000001"
        assert value(path, "SELECT email FROM setting WHERE id = ?", school) == (
            "office@b.example.org"
        )
        assert list_conflicts(path) == []
    assert canonical(a) == canonical(b) == canonical(c)


def test_same_field_is_a_conflict_on_both_and_the_resolution_reaches_everyone(demo, tmp_path):
    (a, b, c), folder = laptops(demo, tmp_path)
    school = value(a, SCHOOL)
    execute(a, "UPDATE setting SET notes = 'from A' WHERE id = ?", school)
    execute(b, "UPDATE setting SET notes = 'from B' WHERE id = ?", school)
    for path in (a, b, c, a):
        run(path, folder)
    [on_a] = list_conflicts(a)
    [on_b] = list_conflicts(b)
    assert (on_a.field, on_a.mine, on_a.theirs) == ("notes", "from A", "from B")
    assert (on_b.field, on_b.mine, on_b.theirs) == ("notes", "from B", "from A")
    # nothing is overwritten while the conflict waits
    assert value(a, "SELECT notes FROM setting WHERE id = ?", school) == "from A"
    assert value(b, "SELECT notes FROM setting WHERE id = ?", school) == "from B"
    resolve(a, on_a, "edit", "agreed wording")
    for path in (a, b, c):
        run(path, folder)
    for path in (a, b, c):
        assert value(path, "SELECT notes FROM setting WHERE id = ?", school) == "agreed wording"
        assert list_conflicts(path) == []
    assert canonical(a) == canonical(b) == canonical(c)


def test_edit_versus_delete_is_a_conflict_and_keeping_restores_it_everywhere(demo, tmp_path):
    (a, b, c), folder = laptops(demo, tmp_path)
    for path in (a, b, c):
        run(path, folder)
    quote = value(a, QUOTE)
    execute(a, "DELETE FROM feedback WHERE id = ?", quote)
    execute(b, "UPDATE feedback SET quote = 'Edited on B' WHERE id = ?", quote)
    for path in (a, b, c, a):
        run(path, folder)
    [on_a] = list_conflicts(a)
    [on_b] = list_conflicts(b)
    assert on_a.field == on_b.field == DELETED
    assert on_a.mine == {"deleted": True} and on_a.theirs["edited"]["quote"] == "Edited on B"
    assert on_b.theirs == {"deleted": True} and on_b.mine["edited"]["quote"] == "Edited on B"
    resolve(a, on_a, "theirs")  # A takes B's edit: the record comes back
    for path in (a, b, c, a, b):
        run(path, folder)
    for path in (a, b, c):
        assert value(path, "SELECT quote FROM feedback WHERE id = ?", quote) == "Edited on B"
        assert list_conflicts(path) == []
    assert canonical(a) == canonical(b) == canonical(c)


def test_edit_versus_delete_resolved_by_deleting(demo, tmp_path):
    (a, b), folder = laptops(demo, tmp_path, 2)
    run(a, folder)
    run(b, folder)
    quote = value(a, QUOTE)
    execute(a, "DELETE FROM feedback WHERE id = ?", quote)
    execute(b, "UPDATE feedback SET quote = 'Edited on B' WHERE id = ?", quote)
    run(a, folder)
    run(b, folder)
    [on_b] = list_conflicts(b)
    resolve(b, on_b, "theirs")  # B accepts the deletion
    run(b, folder)
    run(a, folder)
    for path in (a, b):
        assert value(path, "SELECT count(*) FROM feedback WHERE id = ?", quote) == 0
        assert list_conflicts(path) == []
    assert canonical(a) == canonical(b)


def test_syncing_twice_changes_nothing(demo, tmp_path):
    (a, b), folder = laptops(demo, tmp_path, 2)
    execute(a, "UPDATE setting SET phone = '1' WHERE id = (" + SCHOOL + ")")
    run(a, folder)
    first = run(b, folder)
    assert first.received > 0
    before = canonical(b)
    again = run(b, folder)
    assert (again.sent, again.received, again.conflicts) == (0, 0, [])
    assert again.summary_line() == "sent: 0 changes, received: 0 changes, conflicts: 0"
    assert canonical(b) == before
    assert len(list(folder.iterdir())) == 1  # B had nothing of its own to send


def test_a_deleted_record_never_comes_back_from_an_older_change(demo, tmp_path):
    from send_desktop.services.sync_apply import apply_payload
    from send_desktop.services.sync_state import connect, now_text, tables

    (a, b), folder = laptops(demo, tmp_path, 2)
    run(a, folder)
    run(b, folder)
    quote = value(a, QUOTE)
    execute(a, "UPDATE feedback SET quote = 'older' WHERE id = ?", quote)
    older = run(a, folder).written
    run(b, folder)
    execute(b, "DELETE FROM feedback WHERE id = ?", quote)
    run(b, folder)
    run(a, folder)
    assert value(a, "SELECT count(*) FROM feedback WHERE id = ?", quote) == 0
    payload = sync_files.decode(older.name, older.read_bytes())
    conn = connect(a)  # the older file's change, applied again past the name check
    conn.execute("BEGIN")
    done = apply_payload(conn, payload, tables(conn), now=now_text())
    conn.execute("COMMIT")
    conn.close()
    assert (done.received, done.conflicts) == (0, 0)
    assert value(a, "SELECT count(*) FROM feedback WHERE id = ?", quote) == 0


def test_a_file_cut_in_half_or_changed_is_refused_and_nothing_applied(demo, tmp_path):
    (a, b), folder = laptops(demo, tmp_path, 2)
    execute(a, "UPDATE setting SET phone = '1' WHERE id = (" + SCHOOL + ")")
    written = run(a, folder).written
    data = written.read_bytes()
    for broken in (data[: len(data) // 2], data[:100] + bytes([data[100] ^ 1]) + data[101:]):
        written.write_bytes(broken)
        before = canonical(b)
        result = run(b, folder)
        assert result.received == 0
        assert len(result.refused) == 1 and written.name in result.refused[0]
        assert "checksum does not match" in result.refused[0]
        assert canonical(b) == before
    written.write_bytes(data)  # the whole file arrives later: applied then
    assert run(b, folder).received > 0
    assert value(b, "SELECT phone FROM setting WHERE id = (" + SCHOOL + ")") == "1"


def test_files_from_sync_tools_conflict_handling_are_ignored_with_a_warning(demo, tmp_path):
    (a, b), folder = laptops(demo, tmp_path, 2)
    written = run(a, folder).written
    stem = written.name.removesuffix(".sendsync")
    for copy in (
        f"{stem} (Jo's conflicted copy 2026-11-22).sendsync",
        f"{stem}.sync-conflict-20261122-101010-ABCDEFG.sendsync",
        f"{stem}-LAPTOP-7.sendsync",
    ):
        (folder / copy).write_bytes(written.read_bytes())
    result = run(b, folder)
    assert len(result.warnings) >= 3
    assert sum("ignored" in w for w in result.warnings) == 3
    assert any("conflicted copy" in w for w in result.warnings)
    assert result.refused == []


def test_a_copied_database_that_had_synced_is_told_to_rejoin(demo, tmp_path):
    (a,), folder = laptops(demo, tmp_path, 1)
    run(a, folder)
    twin = tmp_path / "twin.sqlite"
    twin.write_bytes(a.read_bytes())
    execute(a, "UPDATE setting SET phone = 'a' WHERE id = (" + SCHOOL + ")")
    execute(twin, "UPDATE setting SET phone = 'twin' WHERE id = (" + OTHER + ")")
    run(a, folder)
    before = canonical(twin)
    with pytest.raises(sync.SyncRefusedError, match="Re-join"):
        run(twin, folder)
    assert canonical(twin) == before


def test_a_new_empty_database_receives_everything(demo, tmp_path, db):
    (a, b), folder = laptops(demo, tmp_path, 2)
    execute(b, "UPDATE setting SET phone = 'b' WHERE id = (" + SCHOOL + ")")
    run(a, folder)
    run(b, folder)
    db.close()
    result = run(db.path, folder)
    assert result.received >= 1000 and result.conflicts == []
    assert canonical(db.path) == canonical(b)


def test_encrypted_files_need_the_team_passphrase(demo, tmp_path, db):
    (a,), folder = laptops(demo, tmp_path, 1)
    written = run(a, folder, passphrase="correct horse").written
    assert b"Oxford" not in written.read_bytes()
    db.close()
    for wrong in (None, "wrong"):
        result = run(db.path, folder, passphrase=wrong)
        assert result.received == 0 and len(result.refused) == 1
    assert "passphrase" in result.refused[0]
    assert run(db.path, folder, passphrase="correct horse").received >= 1000
    assert canonical(db.path) == canonical(a)


def test_orm_edits_and_imports_are_captured(demo, tmp_path):
    from send_desktop.services import imports
    from send_desktop.storage.database import open_database
    from send_desktop.storage.models import Setting

    (a, b), folder = laptops(demo, tmp_path, 2)
    run(a, folder)
    run(b, folder)
    db = open_database(a)
    with db.transaction() as session:
        setting = session.get(Setting, value(a, SCHOOL))
        setting.town = "Edited by the ORM"
    fixture = Path(__file__).parents[1] / "fixtures" / "gias_sample.csv"
    result = imports.run_import(db, path=fixture, kind="gias", options=imports.ImportOptions("any"))
    db.close()
    assert result.new > 0
    sent = run(a, folder).sent
    assert sent >= result.new + 1
    run(b, folder)
    assert canonical(a) == canonical(b)


def test_the_change_file_holds_version_vectors_not_times(demo, tmp_path):
    (a,), folder = laptops(demo, tmp_path, 1)
    run(a, folder)
    execute(a, "UPDATE setting SET phone = 'x' WHERE id = (" + SCHOOL + ")")
    run(a, folder)
    execute(a, "UPDATE setting SET phone = 'y' WHERE id = (" + SCHOOL + ")")
    written = run(a, folder).written
    payload = sync_files.decode(written.name, written.read_bytes())
    me = value(a, "SELECT value FROM app_meta WHERE key = 'replica_id'")
    [group] = payload["changes"]  # records packed by table and changed fields
    assert (group["t"], group["f"], group["ids"]) == ("setting", ["phone"], [value(a, SCHOOL)])
    assert group["rows"] == [["y"]]
    assert group["v"] == [{"phone": {me: 2}}]  # the version it replaces
    assert group["vv"] == [{me: 3}]  # the record's version vector
    assert payload["seq"] == 3 and payload["origin"] == me
    assert json.dumps(payload).count("updated_at") == 0


def test_a_sync_stopped_before_writing_its_file_writes_it_next_time(demo, tmp_path, monkeypatch):
    (a,), folder = laptops(demo, tmp_path, 1)

    def no_share(*_args):
        raise OSError("the share went away")

    monkeypatch.setattr(sync_files, "write", no_share)
    with pytest.raises(OSError):
        run(a, folder)
    assert list(folder.iterdir()) == []
    monkeypatch.undo()
    result = run(a, folder)
    assert result.sent == 0
    assert [p.name for p in folder.iterdir()] == [
        sync_files.file_name(value(a, "SELECT value FROM app_meta WHERE key = 'replica_id'"), 1)
    ]
    conn = sqlite3.connect(a)
    assert conn.execute("SELECT count(*) FROM sync_outbox").fetchone()[0] == 0
    conn.close()


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_a_record_made_on_two_laptops_with_one_key_is_a_conflict_not_a_refusal(tmp_path, choice):
    from send_desktop.services.register import SettingData, add_setting
    from send_desktop.storage.database import create_database

    folder = tmp_path / "share"
    folder.mkdir()
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    for path, name in ((a, "Larkrise (A)"), (b, "Larkrise (B)")):
        db = create_database(path)
        add_setting(db, data=SettingData(name=name, urn="123456"))
        if path == a:
            add_setting(db, data=SettingData(name="Orchard Fields", urn="123457"))
        db.close()
    run(a, folder)
    on_b = run(b, folder)
    assert on_b.refused == [] and on_b.received == 1  # Orchard Fields came; Larkrise clashed
    [dup] = on_b.conflicts
    assert dup.field == "(duplicate)" and "Larkrise (B)" in dup.mine_text()
    assert "Larkrise (A)" in dup.theirs_text()
    assert not dup.editable
    run(a, folder)
    [dup_a] = list_conflicts(a)
    assert dup_a.field == "(duplicate)"
    resolve(b, dup, choice)
    for path in (b, a, b, a):
        run(path, folder)
    winner = "Larkrise (B)" if choice == "mine" else "Larkrise (A)"
    for path in (a, b):
        assert value(path, "SELECT name FROM setting WHERE urn = '123456'") == winner
        assert list_conflicts(path) == []
    assert canonical(a) == canonical(b)


def test_a_deleted_record_still_used_elsewhere_comes_back_as_a_conflict(tmp_path):
    from send_desktop.services.people import PersonData, add_person
    from send_desktop.services.register import SettingData, add_setting
    from send_desktop.storage.database import create_database, open_database

    folder = tmp_path / "share"
    folder.mkdir()
    a = tmp_path / "a.sqlite"
    db = create_database(a)
    school = add_setting(db, data=SettingData(name="Larkrise Primary", urn="123456"))
    db.close()
    run(a, folder)
    b = tmp_path / "b.sqlite"
    run(b, folder)  # a new laptop: its database is made by the sync
    execute(a, "DELETE FROM setting WHERE id = ?", school)  # deleted on A
    on_b = open_database(b)
    add_person(on_b, data=PersonData(full_name="Jo Test", role="SENCo", setting_id=school))
    on_b.close()  # B gives it a SENCo meanwhile
    run(a, folder)
    result = run(b, folder)
    assert result.refused == []
    assert value(b, "SELECT count(*) FROM setting WHERE id = ?", school) == 1
    assert [c.field for c in result.conflicts] == ["(deleted)"]
    applied_on_a = run(a, folder)
    assert applied_on_a.refused == []
    assert value(a, "SELECT count(*) FROM setting WHERE id = ?", school) == 1  # back, in use
    [on_a] = list_conflicts(a)
    assert "still used by a person_role record" in on_a.mine_text()


@pytest.mark.parametrize("streamed", [False, True])
def test_an_edit_giving_a_record_a_key_used_here_is_a_conflict_not_a_stuck_sync(
    tmp_path, monkeypatch, streamed
):
    """A gives a school a new URN; B has meanwhile added another school with that URN. The
    file cannot be applied as it is: B keeps its URN for the school, the clash is a
    conflict on that field, the file's other changes apply, and later files still come.
    (``streamed``: the update first goes by the writer thread, as a big file's do.)"""
    from send_desktop.services import sync_stream
    from send_desktop.services.sync_conflicts import ResolveError

    if streamed:
        monkeypatch.setattr(sync_stream, "STREAM_FROM", 1)
    a, b, folder = _clash_world(tmp_path)
    run(a, folder)
    on_b = run(b, folder)
    assert on_b.refused == []
    assert value(b, "SELECT town FROM setting WHERE id = 'x'") == "Thame"  # the rest applied
    assert value(b, "SELECT urn FROM setting WHERE id = 'x'") == "100001"  # B's kept
    [clash] = on_b.conflicts
    assert (clash.record_id, clash.field, clash.mine, clash.theirs) == (
        "x",
        "urn",
        "100001",
        "149999",
    )
    changes = value(b, "SELECT changes FROM audit_log WHERE record_id = 'x' ORDER BY id DESC")
    assert json.loads(changes) == {"town": [None, "Thame"]}  # the URN did not change here

    execute(a, "UPDATE setting SET name = 'Fictional Infant School' WHERE id = 'x'")
    run(a, folder)
    later = run(b, folder)
    assert later.refused == [] and later.warnings == []  # B is not stuck behind the clash
    assert value(b, "SELECT name FROM setting WHERE id = 'x'") == "Fictional Infant School"

    with pytest.raises(ResolveError, match="already has urn 149999"):
        resolve(b, clash, "theirs")  # Fictional Academy still holds it
    assert value(b, "SELECT urn FROM setting WHERE id = 'x'") == "100001"
    resolve(b, clash, "mine")
    for path in (b, a):
        run(path, folder)
    assert value(a, "SELECT urn FROM setting WHERE id = 'x'") == "100001"
    assert [c.field for c in list_conflicts(b)] == []


def _school(path: Path, rid: str, urn: str, name: str) -> None:
    execute(
        path,
        "INSERT INTO setting (id, urn, name, created_at, updated_at, version) "
        "VALUES (?, ?, ?, '2024-01-01', '2024-01-01', 1)",
        rid,
        urn,
        name,
    )


def _clash_world(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A gives school x URN 149999 while B adds school y with it; both have synced."""
    from send_desktop.storage.database import create_database

    folder = tmp_path / "share"
    folder.mkdir()
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    create_database(a).close()
    _school(a, "x", "100001", "Fictional Infants")
    run(a, folder)
    run(b, folder)
    execute(a, "UPDATE setting SET urn = '149999', town = 'Thame' WHERE id = 'x'")
    _school(b, "y", "149999", "Fictional Academy")
    return a, b, folder


def test_after_a_key_clash_is_resolved_the_laptops_hold_the_same_schools(tmp_path):
    """On A, B's new school y clashes with x's new URN and is kept aside as a duplicate.
    Once B's lead settles the clash by keeping x's old URN, y goes in on A by itself
    (found by review: y stayed aside for good, and the laptops never agreed)."""
    from send_desktop.services.sync_conflicts import ResolveError

    a, b, folder = _clash_world(tmp_path)
    run(a, folder)
    [clash] = run(b, folder).conflicts  # x's URN, on B
    [stale] = run(a, folder).conflicts  # y kept aside, on A
    assert stale.field == "(duplicate)"
    resolve(b, clash, "mine")
    for path in (b, a, b, a):
        run(path, folder)
    assert list_conflicts(a) == [] and list_conflicts(b) == []
    with pytest.raises(ResolveError, match="already been resolved"):
        resolve(a, stale, "theirs")  # a list shown before: nothing is dropped
    for path in (a, b):
        assert value(path, "SELECT count(*) FROM setting WHERE id IN ('x', 'y')") == 2
    assert canonical(a) == canonical(b)


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_a_duplicate_whose_key_is_free_again_is_never_resolved_by_dropping_one(tmp_path, choice):
    """A's lead gives x its old URN back by hand, then acts on the duplicate before the
    next sync: y simply goes in, and neither school is deleted anywhere (found by review:
    taking theirs deleted x on every laptop)."""
    a, b, folder = _clash_world(tmp_path)
    run(a, folder)
    run(b, folder)
    [dup] = run(a, folder).conflicts
    execute(a, "UPDATE setting SET urn = '100001' WHERE id = 'x'")
    resolve(a, dup, choice)
    assert list_conflicts(a) == []
    for path in (a, b, a, b):
        run(path, folder)
    for path in (a, b):
        assert value(path, "SELECT count(*) FROM setting WHERE id IN ('x', 'y')") == 2
    assert canonical(a) == canonical(b)


@pytest.mark.parametrize("kind", ["move", "swap"])
def test_a_key_moved_between_records_on_one_laptop_is_no_conflict_elsewhere(tmp_path, kind):
    """No concurrent edit anywhere: A moves a URN entered on the wrong school to the right
    one, or swaps two schools' URNs through a temporary value. B applies the file with
    no conflict (found by review: the update that waited on a key the other frees became
    a conflict, and a swap could not be settled at all)."""
    from send_desktop.storage.database import create_database

    folder = tmp_path / "share"
    folder.mkdir()
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    create_database(a).close()
    _school(a, "p", "100002", "Fictional Juniors")  # made first: written first
    _school(a, "q", "100001", "Fictional Infants")
    run(a, folder)
    run(b, folder)
    if kind == "move":  # q had p's URN by mistake; p gets it, q a new one
        execute(a, "UPDATE setting SET urn = '100003' WHERE id = 'q'")
        execute(a, "UPDATE setting SET urn = '100001' WHERE id = 'p'")
    else:
        execute(a, "UPDATE setting SET urn = NULL WHERE id = 'p'")
        execute(a, "UPDATE setting SET urn = '100002' WHERE id = 'q'")
        execute(a, "UPDATE setting SET urn = '100001' WHERE id = 'p'")
    run(a, folder)
    on_b = run(b, folder)
    assert on_b.refused == [] and on_b.conflicts == []
    assert canonical(a) == canonical(b)


def test_a_clashed_name_leaves_the_audit_row_naming_the_record_as_it_is(tmp_path):
    """A renames cohort c1 to "Cohort 2" and moves its venue; B has meanwhile made its own
    "Cohort 2". On B, c1 keeps its name: its audit row says "Cohort 1", with the venue
    only (found by review: it was labelled with the other cohort's name)."""
    from send_desktop.storage.database import create_database

    folder = tmp_path / "share"
    folder.mkdir()
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    create_database(a).close()
    cohort = (
        "INSERT INTO cohort (id, name, capacity, status, created_at, updated_at, version) "
        "VALUES (?, ?, 12, 'planned', '2024-01-01', '2024-01-01', 1)"
    )
    execute(a, cohort, "c1", "Cohort 1")
    run(a, folder)
    run(b, folder)
    execute(a, "UPDATE cohort SET name = 'Cohort 2', venue = 'County Hall' WHERE id = 'c1'")
    execute(b, cohort, "c2", "Cohort 2")
    run(a, folder)
    [clash] = run(b, folder).conflicts
    assert (clash.record_id, clash.field) == ("c1", "name")
    summary, changes = (
        value(b, f"SELECT {column} FROM audit_log WHERE record_id = 'c1' ORDER BY id DESC")
        for column in ("summary", "changes")
    )
    assert summary == "Cohort 1"
    assert json.loads(changes) == {"venue": [None, "County Hall"]}


def test_placing_freed_duplicates_touches_only_the_tables_asked_for(tmp_path):
    """Resolving a duplicate school looks at settings only; a cohort kept aside goes in
    when the cohorts are asked for."""
    from send_desktop.services.sync_clash import place_freed_duplicates
    from send_desktop.services.sync_state import connect, tables
    from send_desktop.storage.database import create_database

    path = tmp_path / "d.sqlite"
    create_database(path).close()
    conn = connect(path)
    try:
        known = tables(conn)
        conn.execute(
            "INSERT INTO sync_conflict VALUES ('cohort', 'c9', '(duplicate)', '{}', ?, '{}', "
            "'{\"B\":1}', 'now')",
            (
                json.dumps(
                    {
                        "record": {
                            "name": "Cohort 9",
                            "capacity": 12,
                            "status": "planned",
                            "created_at": "2024-01-01 00:00:00.000000",
                        }
                    }
                ),
            ),
        )
        assert place_freed_duplicates(conn, {"setting": known["setting"]}, "now") == 0
        assert conn.execute("SELECT count(*) FROM cohort").fetchone()[0] == 0
        assert place_freed_duplicates(conn, {"cohort": known["cohort"]}, "now") == 1
        assert conn.execute("SELECT name FROM cohort WHERE id = 'c9'").fetchone() == ("Cohort 9",)
    finally:
        conn.close()


def test_a_school_deleted_here_comes_back_with_the_key_it_moved_to_elsewhere(tmp_path):
    """B deletes school x; meanwhile A gives x a new URN, gives x's old URN to school z
    and names a SENCo at x. B must put x back for the SENCo: with A's URN for it, not the
    old one z now has (found by review: the file was refused at every sync)."""
    from send_desktop.storage.database import create_database

    folder = tmp_path / "share"
    folder.mkdir()
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    create_database(a).close()
    _school(a, "x", "100001", "Fictional Infants")
    _school(a, "z", "100002", "Fictional Juniors")
    execute(
        a,
        "INSERT INTO person (id, full_name, created_at, updated_at, version) "
        "VALUES ('p', 'Ann Fict', '2024-01-01', '2024-01-01', 1)",
    )
    run(a, folder)
    run(b, folder)
    execute(b, "DELETE FROM setting WHERE id = 'x'")
    execute(a, "UPDATE setting SET urn = '100009' WHERE id = 'x'")
    execute(a, "UPDATE setting SET urn = '100001' WHERE id = 'z'")
    execute(
        a,
        "INSERT INTO person_role (id, person_id, setting_id, role, created_at, updated_at, "
        "version) VALUES ('r', 'p', 'x', 'SENCo', '2024-01-01', '2024-01-01', 1)",
    )
    run(a, folder)
    on_b = run(b, folder)
    assert on_b.refused == []
    assert value(b, "SELECT urn FROM setting WHERE id = 'x'") == "100009"
    assert value(b, "SELECT urn FROM setting WHERE id = 'z'") == "100001"
    assert [c.field for c in on_b.conflicts] == ["(deleted)"]  # the lead still decides


def test_a_sync_shortens_the_thread_switch_interval_while_applying_and_restores_it(demo, tmp_path):
    """The writer thread waits less for the GIL while files are applied (sync_stream); the
    collector and the interval are as they were afterwards, even when an import runs
    alongside (the shortest interval asked for holds until the last job ends)."""
    import gc
    import sys

    from send_desktop.services import sync_stream
    from send_desktop.services.tasks import bulk_job

    (a, b), folder = laptops(demo, tmp_path, 2)
    execute(a, "UPDATE setting SET phone = '1' WHERE id = (" + SCHOOL + ")")
    run(a, folder)
    interval = sys.getswitchinterval()
    seen = []
    run(b, folder, progress=lambda *_: seen.append((gc.isenabled(), sys.getswitchinterval())))
    assert (False, pytest.approx(sync_stream.SWITCH_INTERVAL)) in seen
    assert gc.isenabled() and sys.getswitchinterval() == interval
    with bulk_job():  # an import's
        during_import = sys.getswitchinterval()
        with bulk_job(sync_stream.SWITCH_INTERVAL):
            assert sys.getswitchinterval() == pytest.approx(sync_stream.SWITCH_INTERVAL)
        # until the last job ends
        assert sys.getswitchinterval() == pytest.approx(sync_stream.SWITCH_INTERVAL)
    assert during_import == pytest.approx(min(interval, 0.0005))
    assert gc.isenabled() and sys.getswitchinterval() == interval


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"v": [{"phone": 3}]}, "the file is damaged (its setting versions)."),  # 3: no vector
        (
            {"rows": [[["2"]]]},  # a list where a value goes
            "the file is damaged: a setting value in it cannot be stored (Error binding "
            "parameter 1: type 'list' is not supported). Nothing from it was applied.",
        ),
        (
            {"rows": [[2**64]]},  # past SQLite's integers
            "the file is damaged: a setting value in it cannot be stored (Python int too "
            "large to convert to SQLite INTEGER). Nothing from it was applied.",
        ),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_with_its_name_and_the_rest_applies(
    demo, tmp_path, change, reason
):
    """Found by review: a version that was not a vector (checksum right) failed the merge
    half-way at every sync; now the file is refused as damaged, nothing from it applied."""
    import hashlib
    import zlib

    (a, b), folder = laptops(demo, tmp_path, 2)
    execute(a, "UPDATE setting SET phone = '1' WHERE id = (" + SCHOOL + ")")
    run(a, folder)
    stranger = "66666666-7777-4888-8999-000000000000"
    group = {"t": "setting", "f": ["phone"], "ids": [value(b, OTHER)], "rows": [["2"]]}
    body = {
        "format": 1,
        "origin": stranger,
        "seq": 1,
        "changes": [{**group, "vv": [{stranger: 1}], **change}],
    }
    data = sync_files.MAGIC + bytes([sync_files.PLAIN]) + zlib.compress(json.dumps(body).encode())
    name = sync_files.file_name(stranger, 1)
    (folder / name).write_bytes(data + hashlib.sha256(data).digest())
    result = run(b, folder)
    assert [r for r in result.refused if r.startswith(name)] == [f"{name}: {reason}"]
    assert value(b, "SELECT phone FROM setting WHERE id = (" + SCHOOL + ")") == "1"  # A's
    assert value(b, "SELECT phone FROM setting WHERE id = (" + OTHER + ")") != "2"


def test_resolving_a_required_field_to_nothing_says_it_is_required(demo, tmp_path):
    """Found by review: an empty name was refused as if another school had it."""
    from send_desktop.services.sync_conflicts import ResolveError

    (a, b), folder = laptops(demo, tmp_path, 2)
    school = value(a, SCHOOL)
    execute(a, "UPDATE setting SET name = 'Fictional A' WHERE id = ?", school)
    execute(b, "UPDATE setting SET name = 'Fictional B' WHERE id = ?", school)
    for path in (a, b, a):
        run(path, folder)
    [conflict] = list_conflicts(a)
    with pytest.raises(ResolveError, match="A setting record must have a name"):
        resolve(a, conflict, "edit", None)
    assert value(a, "SELECT name FROM setting WHERE id = ?", school) == "Fictional A"
    assert list_conflicts(a) == [conflict]  # still waiting for the lead
