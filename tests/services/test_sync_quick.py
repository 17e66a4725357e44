"""The quick way through a change file (services/sync_quick.py) must end exactly where the
full field-by-field merge does: the same records, clocks, conflicts and audit rows."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from send_desktop.interchange import sync_files
from send_desktop.services import sync, sync_stream
from send_desktop.services.sync_quick import QuickWay
from send_desktop.services.sync_state import save_clocks
from send_desktop.storage.database import create_database
from tests.sync_helpers import canonical, execute
from tests.sync_helpers import value as execute_count

LAPTOPS = "abc"
RECORDS = 6
FIELDS = ("town", "phase", "pupils")


def _setting_id(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


@pytest.fixture(scope="module")
def start(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three laptops that share six settings, and their folder."""
    root = tmp_path_factory.mktemp("quick")
    folder = root / "share"
    folder.mkdir()
    for name in LAPTOPS:
        create_database(root / f"{name}.sqlite").close()
    for n in range(RECORDS):
        execute(
            root / "a.sqlite",
            "INSERT INTO setting (id, urn, name, town, created_at, updated_at, version) "
            "VALUES (?, ?, ?, 'Oxford', '2024-01-01', '2024-01-01', 1)",
            _setting_id(n),
            f"{900000 + n}",
            f"Fictional School {n}",
        )
    for name in LAPTOPS:
        sync.sync(root / f"{name}.sqlite", folder, before_apply=lambda: None)
    return root


def _world(start: Path, target: Path) -> Path:
    shutil.copytree(start, target)
    return target


def _state(path: Path) -> dict[str, object]:
    conn = sqlite3.connect(path)
    try:
        return {
            "records": canonical(path),
            "clocks": conn.execute(
                "SELECT r.tbl, r.rid, c.clock, r.deleted, r.saved FROM sync_record r "
                "JOIN sync_clock c ON c.id = r.clock_id ORDER BY r.tbl, r.rid"
            ).fetchall(),
            "conflicts": conn.execute(
                "SELECT tbl, rid, field, mine, theirs, mine_vv, theirs_vv FROM sync_conflict "
                "ORDER BY tbl, rid, field"
            ).fetchall(),
            "audit": conn.execute(
                "SELECT action, table_name, record_id, summary, changes FROM audit_log "
                "WHERE \"user\" LIKE '%(sync)' ORDER BY id"
            ).fetchall(),
            "notes": conn.execute("SELECT * FROM sync_dirty ORDER BY 1, 2, 3").fetchall(),
        }
    finally:
        conn.close()


def _play(root: Path, steps: list[tuple]) -> None:
    for laptop, kind, n, field, value in steps:
        path = root / f"{laptop}.sqlite"
        rid = _setting_id(n if n < RECORDS else 100 + n - RECORDS)  # a shared or a new one
        if kind == "edit":
            execute(path, f'UPDATE setting SET "{field}" = ? WHERE id = ?', value, rid)
        elif kind == "delete":
            execute(path, "DELETE FROM setting WHERE id = ?", rid)
        elif kind == "new":
            execute(
                path,
                "INSERT OR IGNORE INTO setting (id, name, town, created_at, updated_at, version) "
                "VALUES (?, ?, ?, '2024-02-01', '2024-02-01', 1)",
                _setting_id(100 + n % RECORDS),
                f"New Fictional School {n}",
                str(value),
            )
        else:
            sync.sync(path, root / "share", before_apply=lambda: None)
    for laptop in LAPTOPS + LAPTOPS:  # everyone sees everything at the end
        sync.sync(root / f"{laptop}.sqlite", root / "share", before_apply=lambda: None)


def _value(field: str) -> st.SearchStrategy:
    if field == "pupils":
        return st.sampled_from([None, 100, 250])
    return st.sampled_from(["Primary", "Secondary", "Banbury", "Witney"])


step = st.tuples(
    st.sampled_from(LAPTOPS),
    st.sampled_from(["edit", "edit", "edit", "delete", "new", "sync", "sync"]),
    st.integers(0, 2 * RECORDS - 1),
    st.sampled_from(FIELDS),
).flatmap(lambda t: _value(t[3]).map(lambda v: (*t, v)))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=3, max_size=14))
def test_the_quick_way_ends_where_the_full_merge_does(start, tmp_path_factory, steps):
    """The quick world also streams its updates on the writer thread (as a file of 1,000
    records or more does), two records to a statement."""
    quick = _world(start, tmp_path_factory.mktemp("w") / "quick")
    full = _world(start, tmp_path_factory.mktemp("w") / "full")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sync_stream, "STREAM_FROM", 1)
        patch.setattr(sync_stream, "CHUNK", 2)
        _play(quick, steps)
    original = QuickWay.run
    QuickWay.run = lambda self, ids, rows, bases: list(range(len(ids)))  # all the full way
    try:
        _play(full, steps)
    finally:
        QuickWay.run = original
    for laptop in LAPTOPS:
        assert _state(quick / f"{laptop}.sqlite") == _state(full / f"{laptop}.sqlite")


def test_the_quick_way_is_taken_for_new_and_plainly_newer_records(start, tmp_path, monkeypatch):
    """The equality above must not hold only because the quick way is never used."""
    root = _world(start, tmp_path / "w")
    taken: list[bool] = []
    original = QuickWay.run

    def counting(self, ids, rows, bases):  # noqa: ANN001, ANN202
        slow = original(self, ids, rows, bases)
        taken.extend(i not in slow for i in range(len(ids)))
        return slow

    monkeypatch.setattr(QuickWay, "run", counting)
    streamed: list[str] = []
    put = sync_stream.Stream.put
    monkeypatch.setattr(sync_stream, "STREAM_FROM", 1)
    monkeypatch.setattr(sync_stream, "CHUNK", 2)
    monkeypatch.setattr(
        sync_stream.Stream,
        "put",
        lambda self, sql, params: (streamed.append(sql), put(self, sql, params)),
    )
    execute(root / "a.sqlite", "UPDATE setting SET town = 'Thame'")
    _play(root, [("a", "new", 1, "town", "Bicester"), ("a", "sync", 0, "town", None)])
    assert taken and all(taken)  # every record B and C received went the quick way
    assert len(streamed) >= 6  # ... and their updates went by the writer thread, 2 a time
    conn = sqlite3.connect(root / "c.sqlite")
    towns = {t for (t,) in conn.execute("SELECT town FROM setting")}
    conn.close()
    assert towns == {"Thame", "Bicester"}


def _clocks_after(payload: dict, tmp_path: Path, *, cached: bool, monkeypatch) -> list[tuple]:  # noqa: ANN001
    """Apply ``payload`` to 60 settings that share one clock and each have an unsent local
    change of phase (so every record takes the full merge)."""
    from send_desktop.services import sync_apply
    from send_desktop.storage.sync_capture import record_tables

    path = tmp_path / f"{'cached' if cached else 'plain'}.sqlite"
    create_database(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for i in range(60):
            rid = _setting_id(i)
            conn.execute(
                "INSERT INTO setting (id, name, town, created_at, updated_at, version) "
                "VALUES (?, ?, 'Oxford', '2024-01-01', '2024-01-01', 1)",
                (rid, f"Fictional School {i}"),
            )
            save_clocks(conn, "setting", {rid: ('{"*":{"A":1}}', 0, None)})
        conn.execute("DELETE FROM sync_dirty")
        conn.executemany(
            "INSERT INTO sync_dirty (tbl, rid, field, old) VALUES ('setting', ?, 'phase', NULL)",
            [(_setting_id(i),) for i in range(60)],
        )
        if not cached:
            monkeypatch.setattr(
                sync_apply._TableMerge,
                "_clock_text",
                lambda self, clock: sync_apply.dumps(sync_apply.compact(clock, self.columns)),
            )
        tables = record_tables(lambda sql: conn.execute(sql).fetchall())
        conn.execute("BEGIN")
        sync_apply.apply_payload(conn, payload, tables, now="2024-03-01 00:00:00.000000")
        conn.execute("COMMIT")
        return conn.execute(
            "SELECT r.rid, c.clock FROM sync_record r JOIN sync_clock c ON c.id = r.clock_id "
            "ORDER BY r.rid"
        ).fetchall()
    finally:
        conn.close()


def test_clock_texts_made_once_per_file_are_never_mixed_up(tmp_path, monkeypatch):
    """Each record's replaced versions differ: the texts cached by vector must still be the
    record's own (a freed vector's address, reused by the next, once gave the wrong one)."""
    payload = {
        "origin": "B",
        "seq": 5,
        "by": "b",
        "changes": [
            {
                "t": "setting",
                "f": ["town"],
                "ids": [_setting_id(i) for i in range(60)],
                "rows": [[f"Town {i}"] for i in range(60)],
                "vv": [{}] * 60,
                "v": [{"town": {"A": 1, "C": i + 1}} for i in range(60)],
            }
        ],
    }
    cached = _clocks_after(payload, tmp_path, cached=True, monkeypatch=monkeypatch)
    plain = _clocks_after(payload, tmp_path, cached=False, monkeypatch=monkeypatch)
    assert cached == plain
    assert '"C":60' in dict(cached)[_setting_id(59)]


def test_leaving_out_empty_columns_keeps_every_row():
    """Two groups of inserts that end up the same shape once empty columns are left out."""
    from send_desktop.services.sync_apply import _without_empty_columns

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (id TEXT, updated_at TEXT, a TEXT, b TEXT)")
    inserts = {
        ("a", "b"): [(f"x{i}", "now", "A", None) for i in range(600)],
        ("a",): [(f"y{i}", "now", "A") for i in range(600)],
    }
    out = _without_empty_columns(conn, "t", inserts)
    assert list(out) == [("a",)]
    assert sorted(r[0] for r in out[("a",)]) == sorted(
        [f"x{i}" for i in range(600)] + [f"y{i}" for i in range(600)]
    )


def test_rows_read_by_lookup_and_by_scanning_the_table_agree(tmp_path):
    """``load_row_tuples`` scans the table when the file holds half of it or more, else
    looks each id up: both must give the same rows (with the rowid the updates use)."""
    from send_desktop.services.sync_state import load_row_tuples

    path = tmp_path / "rows.sqlite"
    create_database(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for i in range(40):
            conn.execute(
                "INSERT INTO setting (id, name, town, created_at, updated_at, version) "
                "VALUES (?, ?, ?, '2024-01-01', '2024-01-01', 1)",
                (_setting_id(i), f"Fictional School {i}", f"Town {i % 3}"),
            )
        rowid = dict(conn.execute("SELECT id, rowid FROM setting"))
        few = [_setting_id(i) for i in (3, 17, 39)] + ["not-here"]
        many = [_setting_id(i) for i in range(0, 40, 2)] + ["not-here"]
        for ids in (few, many):
            found = load_row_tuples(conn, "setting", ["name", "town"], ids)
            assert found == {
                rid: (rowid[rid], f"Fictional School {int(rid[-4:])}", f"Town {int(rid[-4:]) % 3}")
                for rid in ids
                if rid != "not-here"
            }
        assert load_row_tuples(conn, "setting", ["name"], []) == {}
    finally:
        conn.close()


def _two_settings(path: Path) -> None:
    create_database(path).close()
    for n in range(2):
        execute(
            path,
            "INSERT INTO setting (id, urn, name, town, created_at, updated_at, version) "
            "VALUES (?, ?, ?, 'Oxford', '2024-01-01', '2024-01-01', 1)",
            _setting_id(n),
            f"90000{n}",
            f"Fictional School {n}",
        )
    execute(path, "DELETE FROM sync_dirty")  # as if synced: the quick way takes them


def _apply(path: Path, *groups: dict) -> None:
    from send_desktop.storage.sync_capture import record_tables

    conn = sync.connect(path)
    try:
        tables = record_tables(lambda sql: conn.execute(sql).fetchall())
        changes = [{"t": "setting", **group} for group in groups]
        payload = {"origin": "B", "seq": 1, "by": "b", "changes": changes}
        sync.apply_file(conn, payload, sync_files.file_name("B", 1), "0" * 64, tables)
    finally:
        conn.close()


def test_a_streamed_update_that_breaks_a_rule_refuses_the_file_and_changes_nothing(
    tmp_path, monkeypatch
):
    """The writer thread's error reaches the merge; the transaction rolls back whole.
    (A school with no name: no laptop could have made it, so the file is refused.)"""
    from send_desktop.services.sync_apply import SyncError

    path = tmp_path / "rule.sqlite"
    _two_settings(path)
    before = canonical(path)
    monkeypatch.setattr(sync_stream, "STREAM_FROM", 1)
    monkeypatch.setattr(sync_stream, "CHUNK", 1)
    group = {
        "f": ["name", "town"],
        "ids": [_setting_id(0), _setting_id(1)],
        "rows": [["Fictional Renamed", "Thame"], [None, "Wantage"]],
        "vv": [{}, {}],
    }
    with pytest.raises(SyncError, match="could not be written .*NOT NULL"):
        _apply(path, group)
    assert canonical(path) == before
    assert execute_count(path, "SELECT count(*) FROM audit_log WHERE \"user\" = 'b (sync)'") == 0


def test_values_json_cannot_carry_exactly_are_written_as_they_came(tmp_path, monkeypatch):
    """A float and a text holding a NUL character do not go through the writer thread's
    JSON; they are stored exactly as the file has them."""
    path = tmp_path / "exact.sqlite"
    _two_settings(path)
    monkeypatch.setattr(sync_stream, "STREAM_FROM", 1)
    monkeypatch.setattr(sync_stream, "CHUNK", 1)
    _apply(
        path,
        {"f": ["pupils"], "ids": [_setting_id(0)], "rows": [[0.1 + 0.2]], "vv": [{}]},
        {"f": ["town"], "ids": [_setting_id(1)], "rows": [["Thame\x00Road"]], "vv": [{}]},
    )
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT town, pupils FROM setting ORDER BY id").fetchall()
    finally:
        conn.close()
    assert rows == [("Oxford", 0.1 + 0.2), ("Thame\x00Road", None)]


@pytest.mark.parametrize("streamed", [False, True])
def test_a_key_moved_from_a_deleted_record_applies_in_a_big_file(tmp_path, monkeypatch, streamed):
    """B deletes a duplicate school and gives its URN to the school kept, in a file big
    enough to stream: the deletion must come first, as in a small file (found by review:
    streamed updates once ran before the file's deletions and the file was refused)."""
    many = 1200
    folder = tmp_path / "share"
    folder.mkdir()
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    create_database(a).close()
    conn = sqlite3.connect(a)
    conn.executemany(
        "INSERT INTO setting (id, urn, name, town, created_at, updated_at, version) "
        "VALUES (?, ?, ?, 'Oxford', '2024-01-01', '2024-01-01', 1)",
        [(_setting_id(n), f"{900000 + n}", f"Fictional School {n}") for n in range(many)],
    )
    conn.commit()
    conn.close()
    if not streamed:
        monkeypatch.setattr(sync_stream, "STREAM_FROM", 10**9)
    for path in (a, b):
        sync.sync(path, folder, before_apply=lambda: None)
    execute(b, "DELETE FROM setting WHERE id = ?", _setting_id(1))
    execute(b, "UPDATE setting SET urn = '900001' WHERE id = ?", _setting_id(0))
    execute(b, "UPDATE setting SET town = 'Oxfordshire'")
    sync.sync(b, folder, before_apply=lambda: None)
    result = sync.sync(a, folder, before_apply=lambda: None)
    assert result.refused == [] and result.conflicts == []
    assert canonical(a) == canonical(b)


def test_a_ctrl_c_while_waiting_for_the_writer_still_leaves_nothing_behind(tmp_path, monkeypatch):
    """The merge stops (Ctrl-C), and a second Ctrl-C comes while the writer is waited for:
    the rollback must still come after the writer has stopped, and what it had not begun
    is dropped (found by review: its queued updates once ran after the rollback, outside
    any transaction, and stayed)."""
    import threading
    import time

    from send_desktop.services import sync_apply
    from send_desktop.services.sync_state import tables

    path = tmp_path / "ctrl-c.sqlite"
    _two_settings(path)
    before = canonical(path)
    monkeypatch.setattr(sync_stream, "STREAM_FROM", 1)
    monkeypatch.setattr(sync_stream, "CHUNK", 1)
    put = sync_stream.Stream.put

    def slow_put(self, sql, params):  # noqa: ANN001, ANN202 - each statement takes a while
        put(self, "SELECT 1 FROM (SELECT zeroblob(1)) WHERE sleep_a_bit() >= 0", ())
        put(self, sql, params)

    monkeypatch.setattr(sync_stream.Stream, "put", slow_put)
    join = threading.Thread.join
    interrupts = []

    def join_once_interrupted(self, timeout=None):  # noqa: ANN001, ANN202
        if self.name == "sync-writer" and not interrupts:
            interrupts.append(1)
            raise KeyboardInterrupt  # the second Ctrl-C
        return join(self, timeout)

    monkeypatch.setattr(threading.Thread, "join", join_once_interrupted)

    def ctrl_c(self, conn):  # noqa: ANN001, ANN202 - the first Ctrl-C, before the flush
        raise KeyboardInterrupt

    monkeypatch.setattr(sync_apply._TableMerge, "flush", ctrl_c)
    conn = sync.connect(path)
    conn.create_function("sleep_a_bit", 0, lambda: time.sleep(0.2) or 0)
    payload = {
        "origin": "B",
        "seq": 1,
        "by": "b",
        "changes": [
            {
                "t": "setting",
                "f": ["town"],
                "ids": [_setting_id(0), _setting_id(1)],
                "rows": [["Thame"], ["Wantage"]],
                "vv": [{}, {}],
            }
        ],
    }
    try:
        with pytest.raises(KeyboardInterrupt):
            sync._transaction(
                conn, lambda: sync_apply.apply_payload(conn, payload, tables(conn), now="t")
            )
        assert interrupts  # the writer was waited for through the second Ctrl-C
        assert not [t for t in threading.enumerate() if t.name == "sync-writer"]
    finally:
        conn.close()
    time.sleep(0.5)
    assert canonical(path) == before
    assert execute_count(path, "SELECT count(*) FROM sync_dirty") == 0


@pytest.mark.parametrize("streamed", [False, True])
def test_audit_rows_of_a_chunk_name_only_the_fields_that_change(tmp_path, monkeypatch, streamed):
    """The quick way writes a chunk's audit rows column by column: a record with every
    field changed, one with some, one already as the file has it (no row at all), and
    labels from the name the record will have, or its id when that is empty."""
    path = tmp_path / "audit.sqlite"
    _two_settings(path)
    for n in (2, 3):
        execute(
            path,
            "INSERT INTO setting (id, urn, name, town, pupils, created_at, updated_at, "
            "version) VALUES (?, ?, ?, 'Oxford', 7, '2024-01-01', '2024-01-01', 1)",
            _setting_id(n),
            f"90000{n}",
            f"Fictional School {n}",
        )
    execute(path, "DELETE FROM sync_dirty")
    monkeypatch.setattr(sync_stream, "STREAM_FROM", 1 if streamed else 10**9)
    monkeypatch.setattr(sync_stream, "CHUNK", 3)  # two chunks: 3 records, then 1
    ids = [_setting_id(n) for n in range(4)]
    _apply(
        path,
        {
            "f": ["name", "town", "pupils"],
            "ids": ids,
            "rows": [
                ['Fictional "Renamed"', "Thame", 120],
                ["Fictional School 1", "Wantage", None],
                ["Fictional School 2", "Oxford", 7],
                ["", "Bicester", 7],
            ],
            "vv": [{}] * 4,
        },
    )
    conn = sqlite3.connect(path)
    try:
        audit = conn.execute(
            "SELECT record_id, summary, changes FROM audit_log WHERE \"user\" = 'b (sync)' "
            "ORDER BY record_id"
        ).fetchall()
        versions = conn.execute("SELECT version FROM setting ORDER BY id").fetchall()
    finally:
        conn.close()
    assert audit == [
        (
            ids[0],
            'Fictional "Renamed"',
            '{"name":["Fictional School 0","Fictional \\"Renamed\\""],'
            '"pupils":[null,120],"town":["Oxford","Thame"]}',
        ),
        (ids[1], "Fictional School 1", '{"town":["Oxford","Wantage"]}'),
        (ids[3], ids[3], '{"name":["Fictional School 3",""],"town":["Oxford","Bicester"]}'),
    ]
    assert versions == [(2,), (2,), (1,), (2,)]  # the unchanged record is left as it was


@pytest.mark.parametrize("streamed", [False, True])
def test_an_edit_only_to_a_column_this_version_lacks_changes_nothing(
    tmp_path, monkeypatch, streamed
):
    """A newer app's laptop edits a field this one does not have yet (found by review: the
    quick way wrote an UPDATE with nothing to set, and every sync failed)."""
    path = tmp_path / "newer.sqlite"
    _two_settings(path)
    before = canonical(path)
    monkeypatch.setattr(sync_stream, "STREAM_FROM", 1 if streamed else 10**9)
    _apply(
        path,
        {
            "f": ["colour_from_a_newer_app"],
            "ids": [_setting_id(0), _setting_id(1)],
            "rows": [["red"], ["blue"]],
            "vv": [{}, {}],
        },
    )
    assert canonical(path) == before
    assert execute_count(path, "SELECT count(*) FROM audit_log WHERE \"user\" = 'b (sync)'") == 0


def _new_here(path: Path, *groups: dict) -> dict[str, object]:
    """``groups`` applied to an empty database; its records, clocks and audit rows."""
    create_database(path).close()
    _apply(path, *groups)
    return _state(path)


def test_records_new_here_go_in_as_the_full_merge_puts_them(tmp_path, monkeypatch):
    """The quick way puts new records in column by column: a missing creation time filled
    in, a group without that column, and records whose fields replace different versions
    (each with its own clock) end as the record-by-record full merge leaves them."""
    stamp = "2024-01-01 00:00:00.000000"
    groups = (
        {
            "f": ["name", "town", "created_at"],
            "ids": [_setting_id(n) for n in range(3)],
            "rows": [
                ["Fictional A", "Thame", stamp],
                ["Fictional B", None, None],
                ["C", "", stamp],
            ],
            "vv": [{"B": 1}] * 3,
            "v": [None, {"town": {"A": 2}}, {"town": {"A": 2}, "name": {"C": 1}}],
        },
        {
            "f": ["name", "pupils"],  # no created_at: filled in here
            "ids": [_setting_id(n) for n in range(3, 5)],
            "rows": [["Fictional D", 10], ["Fictional E", None]],
            "vv": [{"B": 1}] * 2,
        },
    )
    monkeypatch.setattr(sync, "now_text", lambda: "2024-03-01 00:00:00.000000")  # both runs
    quick = _new_here(tmp_path / "quick.sqlite", *groups)
    monkeypatch.setattr(QuickWay, "run", lambda self, ids, rows, bases: list(range(len(ids))))
    full = _new_here(tmp_path / "full.sqlite", *groups)
    assert quick == full
    clocks = {rid: clock for _t, rid, clock, _d, _s in quick["clocks"]}
    assert '"A":2' in clocks[_setting_id(1)] and '"C":1' in clocks[_setting_id(2)]
    assert len(quick["records"]["setting"]) == 5
