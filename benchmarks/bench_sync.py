"""Applying a sync change file of 10,000 changed records, against a same-run baseline.

Budget (issue 8): applying a change file of 10,000 changed records (reading it, checking
its checksum, the merge, the rows, version vectors and audit rows, in one transaction)
<= 2x the time of inserting the same rows with ``executemany`` in one transaction into an
empty database (plain ``sqlite3``, the settings table with its indexes, WAL and
``synchronous=NORMAL`` as every connection of the app, and the sync connection's page
cache size).

Both are timed to the same end: the rows in the database file and the connection closed.
The sync's time includes closing its connection, and SQLite moves the write-ahead log into
the file (a checkpoint) at the commit of a large transaction or at the close; so the
baseline's time includes its close too, where its checkpoint happens.

For edited records a second, lower line is printed: the writes alone that an edit must
make (the updates, each record's new version vector and its audit row, by ``executemany``
from ready-made values), measured in the same run — how much of the time is the merge.

Three change files are measured: 10,000 settings new to the receiving laptop (whole
rows, the closest to the baseline); 10,000 settings each with three fields edited; and
the same settings edited again, once the receiver holds their versions (each field in
the file names the version it replaces: the usual file of a team that has been syncing
for a while). The receiving database is a fresh copy for every run. Baseline and
applies alternate, and each is the best of ``--repeat`` runs: on a shared machine the
other processes only ever add time, so the fastest run is the one closest to the work
itself (medians are printed too).

    python benchmarks/bench_sync.py [--records 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._data import settings_rows  # noqa: E402
from send_desktop.services import sync  # noqa: E402
from send_desktop.services.sync_state import CACHE_KIB  # noqa: E402
from send_desktop.storage.database import create_database  # noqa: E402

BUDGET = 2.0
COLUMNS = ("id", "urn", "name", "phase", "type", "town", "postcode", "pupils", "la_code")


def _rows(n: int) -> list[tuple]:
    stamp = "2024-01-01 00:00:00.000000"
    return [(*(r[c] for c in COLUMNS), stamp, stamp, 1) for r in settings_rows(n)]


def _insert_sql() -> str:
    names = ", ".join((*COLUMNS, "created_at", "updated_at", "version"))
    return f"INSERT INTO setting ({names}) VALUES ({', '.join('?' * (len(COLUMNS) + 3))})"


def baseline(empty: Path, work: Path, rows: list[tuple]) -> float:
    """executemany of the same rows in one transaction (capture triggers dropped: the
    bare insert)."""
    target = work / "baseline.sqlite"
    shutil.copyfile(empty, target)
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")  # as the app's connections (storage/engine.py)
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")  # as the sync's (no help to a bare insert)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
        conn.execute(f'DROP TRIGGER "{name}"')
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(_insert_sql(), rows)
    conn.execute("COMMIT")
    conn.close()  # the checkpoint: the rows reach the database file
    return time.perf_counter() - start


def edit_writes(filled: Path, work: Path, rows: list[tuple]) -> float:
    """The bare writes of applying 10,000 edits, as the sync makes them: the updates by
    rowid in table order, every record's new clock (one shared clock, ids through
    ``json_each``) and an audit row each, from ready-made values."""
    target = work / "writes.sqlite"
    shutil.copyfile(filled, target)
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
        conn.execute(f'DROP TRIGGER "{name}"')
    rowid = dict(conn.execute("SELECT id, rowid FROM setting"))
    stamp = "2024-06-01 00:00:00.000000"
    vv = '{"11111111-2222-4333-8444-555555555555":2}'
    clock = f'{{"phase":{vv},"pupils":{vv},"town":{vv}}}'
    updates = sorted(
        (("Primary", f"{r[5]} (edited)", 1, stamp, rowid[r[0]]) for r in rows),
        key=lambda u: u[-1],
    )
    ids = json.dumps(sorted(r[0] for r in rows))
    audit = [
        (stamp, "someone (sync)", "update", "setting", r[0], r[2], '{"town":["a","b"]}')
        for r in sorted(rows)
    ]
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(
        "UPDATE setting SET phase = ?, town = ?, pupils = ?, updated_at = ?, "
        "version = version + 1 WHERE rowid = ?",
        updates,
    )
    conn.execute("INSERT INTO sync_clock (clock) VALUES (?)", (clock,))
    conn.execute(
        "INSERT OR REPLACE INTO sync_record (tbl, rid, clock_id, deleted, saved) "
        "SELECT 'setting', value, last_insert_rowid(), 0, NULL FROM json_each(?)",
        (ids,),
    )
    conn.executemany(
        'INSERT INTO audit_log ("at", "user", action, table_name, record_id, summary, '
        "changes) VALUES (?, ?, ?, ?, ?, ?, ?)",
        audit,
    )
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


def _timed_sync(receiver: Path, folder: Path) -> tuple[float, int]:
    start = time.perf_counter()
    result = sync.sync(receiver, folder, before_apply=lambda: None)
    return time.perf_counter() - start, result.received


def prepare(work: Path, empty: Path, rows: list[tuple]) -> dict[str, tuple[Path, Path]]:
    """(receiver database, folder holding exactly the file to apply) for each case."""
    sender = work / "sender.sqlite"
    shutil.copyfile(empty, sender)
    conn = sqlite3.connect(sender)
    conn.executemany(_insert_sql(), rows)
    conn.commit()
    conn.close()
    new_folder = work / "new"
    new_folder.mkdir()
    sync.sync(sender, new_folder)  # one file: every record, new to the receiver
    receiver_new = work / "receiver-new.sqlite"
    shutil.copyfile(empty, receiver_new)

    receiver_edit = work / "receiver-edit.sqlite"
    shutil.copyfile(empty, receiver_edit)
    sync.sync(receiver_edit, new_folder, before_apply=lambda: None)  # has every record now
    conn = sqlite3.connect(sender)
    conn.execute(
        "UPDATE setting SET phase = 'Primary', pupils = coalesce(pupils, 0) + 1, "
        "town = town || ' (edited)'"
    )
    conn.commit()
    conn.close()
    edit_folder = work / "edit"
    shutil.copytree(new_folder, edit_folder)
    sync.sync(sender, edit_folder)  # the second file: 10,000 records, three fields each

    # Edited again: the records here already carry versions, and each field in the file
    # names the version it replaces (the usual file once a team has been syncing a while).
    receiver_again = work / "receiver-again.sqlite"
    shutil.copyfile(receiver_edit, receiver_again)
    sync.sync(receiver_again, edit_folder, before_apply=lambda: None)
    conn = sqlite3.connect(sender)
    conn.execute("UPDATE setting SET pupils = pupils + 1, town = town || '!'")
    conn.commit()
    conn.close()
    again_folder = work / "again"
    shutil.copytree(edit_folder, again_folder)
    sync.sync(sender, again_folder)  # the third file: 10,000 records, two fields each
    return {
        "new records": (receiver_new, new_folder),
        "edited records": (receiver_edit, edit_folder),
        "records edited again": (receiver_again, again_folder),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = _rows(args.records)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        empty = work / "empty.sqlite"
        create_database(empty).close()
        cases = prepare(work, empty, rows)
        times: dict[str, list[float]] = {"baseline": [], "writes": [], **{k: [] for k in cases}}
        for n in range(args.repeat):
            times["baseline"].append(baseline(empty, work, rows))
            times["writes"].append(edit_writes(cases["edited records"][0], work, rows))
            for case, (receiver, folder) in cases.items():
                copy = work / f"run-{n}-{case.replace(' ', '-')}.sqlite"
                shutil.copyfile(receiver, copy)
                elapsed, received = _timed_sync(copy, folder)
                assert received == args.records, (case, received)
                times[case].append(elapsed)
        base = min(times["baseline"])
        print(f"records: {args.records:,}, repeat: {args.repeat} (best of; median in brackets)")
        print(
            f"baseline executemany insert: {base * 1000:.0f} ms "
            f"({statistics.median(times['baseline']) * 1000:.0f} ms)"
        )
        writes = min(times["writes"])
        print(
            f"the bare writes of {args.records:,} edits (update, vector, audit row): "
            f"{writes * 1000:.0f} ms, {writes / base:.2f}x the baseline"
        )
        ok = True
        for case in cases:
            took = min(times[case])
            ratio = took / base
            ok &= ratio <= BUDGET
            verdict = "ok" if ratio <= BUDGET else "OVER"
            median = statistics.median(times[case]) / statistics.median(times["baseline"])
            print(
                f"apply a file of {args.records:,} {case}: {took * 1000:.0f} ms "
                f"({statistics.median(times[case]) * 1000:.0f} ms)"
            )
            print(
                f"ratio {case}/baseline: {ratio:.2f} (budget {BUDGET:.1f}) {verdict} "
                f"(medians: {median:.2f})"
            )
            if case == "edited records":
                print(f"  of which beyond the bare writes: {took / writes:.2f}x")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
