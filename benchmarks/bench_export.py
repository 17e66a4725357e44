"""Exports and packs at scale, against budgets (issue 7), printed as ratios.

Excel: exporting 50,000 rows x 15 columns through the app's export (``services.exports.
export_table`` -> ``interchange.xlsx_out``: formats, widths, dropdown, injection guard,
temporary file and rename) must take <= 1.0x a bare openpyxl write-only loop appending the
same values, timed in the same run. Each is run ``--repeat`` times, alternating; medians.

PDF: the cohort pack for a cohort of 30 settings, 60 leaders and 12 sessions (8 with
attendance recorded, 6 consented quotes) must take <= 0.5 s: the first pack of the process
(fonts loaded) and the median of the next five, from the database to the file on disk.

    python benchmarks/bench_export.py [--rows 50000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import openpyxl

from send_desktop.services import exports, packs
from send_desktop.services.rowindex import Column, Table
from send_desktop.storage.database import Database, create_database
from send_desktop.storage.models import (
    Attendance,
    Cohort,
    CohortLeader,
    CohortMember,
    CohortSession,
    Feedback,
    Person,
    Setting,
)

XLSX_BUDGET = 1.0
PACK_BUDGET_S = 0.5

COLUMNS = [
    Column("urn", "URN"),
    Column("name", "Name"),
    Column("phase", "Phase"),
    Column("type", "Type"),
    Column("town", "Town"),
    Column("postcode", "Postcode"),
    Column("trust", "Trust"),
    Column("pupils", "Pupils", kind="int"),
    Column("ehcp", "EHC plans", kind="int"),
    Column("email", "Email"),
    Column("phone", "Phone"),
    Column("opened", "Opened", kind="date"),
    Column("requested", "Requested", kind="money"),
    Column("status", "Status"),
    Column("notes", "Notes"),
]
STATUSES = ("invited", "application sent", "submitted", "under review", "approved", "funded")


def table(n: int, seed: int = 7) -> Table:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        rows.append(
            (
                str(100000 + i),
                f"{rng.choice(('St Mary', 'Oakwood', 'Riverside', 'Awel Y Môr'))} School {i}",
                rng.choice(("Primary", "Secondary", "Early years", "Special")),
                rng.choice(("Academy", "Maintained", "Free school")),
                rng.choice(("Oxford", "Banbury", "Witney", "Bicester")),
                f"OX{rng.randint(1, 29)} {rng.randint(1, 9)}AB",
                "Trust " + str(rng.randint(1, 300)) if rng.random() < 0.6 else None,
                rng.randint(20, 2000),
                rng.randint(0, 60),
                f"office{i}@school{i}.example.org",
                f"01865 {rng.randint(100000, 999999)}",
                date(1990, 1, 1) + timedelta(days=rng.randint(0, 12000)),
                rng.randint(0, 300) * 100_00 if rng.random() < 0.7 else None,
                rng.choice(STATUSES),
                '=HYPERLINK("x")' if i % 1000 == 0 else ("Follow up in spring" if i % 7 else None),
            )
        )
    return Table(COLUMNS, [str(i) for i in range(n)], rows)


def bare_openpyxl(rows: list[tuple], path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([c.title for c in COLUMNS])
    for row in rows:
        sheet.append(row)
    book.save(path)


def bench_xlsx(rows: int, repeat: int, folder: Path) -> bool:
    data = table(rows)
    ours, bare = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        bare_openpyxl(data.rows, folder / "bare.xlsx")
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        exports.export_table(data, path=folder / "ours.xlsx", kind="bids", author="bench")
        ours.append(time.perf_counter() - start)
    ratio = statistics.median(ours) / statistics.median(bare)
    ok = ratio <= XLSX_BUDGET
    print(f"xlsx export, {rows:,} rows x {len(COLUMNS)} columns ({repeat} runs each, medians)")
    print(f"  bare openpyxl write-only loop: {statistics.median(bare):6.2f} s")
    print(f"  SEND Desktop export:           {statistics.median(ours):6.2f} s")
    print(f"  ratio: {ratio:.2f}x (budget <= {XLSX_BUDGET:.1f}x)  {'PASS' if ok else 'FAIL'}")
    return ok


def big_cohort(path: Path, settings: int = 30, leaders: int = 60, sessions: int = 12) -> Database:
    rng = random.Random(931)
    db = create_database(path)
    with db.transaction() as s:
        cohort = Cohort(
            name="Cohort 4",
            start_date=date(2025, 1, 14),
            status="running",
            venue="County Hall, Oxford",
            facilitators="Aoife Northcott, Marcus Varley",
            capacity=30,
        )
        places = [
            Setting(
                urn=str(200000 + i),
                name=f"{rng.choice(('St Thomas à Becket', 'Awel Y Môr', 'Oakwood'))} "
                f"{rng.choice(('Primary School', 'Academy', 'Nursery School'))} {i}",
                phase=rng.choice(("Primary", "Secondary", "Early years")),
                town=rng.choice(("Oxford", "Banbury", "Witney")),
                postcode=f"OX{rng.randint(1, 29)} {rng.randint(1, 9)}CD",
                email=f"office@school{i}.example.org",
                phone="01865 000000",
            )
            for i in range(settings)
        ]
        s.add(cohort)
        s.add_all(places)
        s.flush()
        members = [CohortMember(cohort_id=cohort.id, setting_id=p.id) for p in places]
        people = [
            Person(
                full_name=f"Leader Number{i} Zoë",
                email=f"leader{i}@example.org",
                phone="07700 900000",
            )
            for i in range(leaders)
        ]
        s.add_all(members + people)
        s.flush()
        chosen = [
            CohortLeader(member_id=members[i % settings].id, person_id=people[i].id, role="SENCo")
            for i in range(leaders)
        ]
        held = [
            CohortSession(
                cohort_id=cohort.id,
                seq=k,
                title=f"Session {k}: relational practice",
                held_on=date(2025, 1, 14) + timedelta(weeks=6 * (k - 1)),
                venue="County Hall, Oxford",
                facilitator="Aoife Northcott",
            )
            for k in range(1, sessions + 1)
        ]
        s.add_all(chosen + held)
        s.flush()
        for session in held[:8]:
            for leader in chosen:
                status = rng.choice(
                    ("present", "present", "present", "late", "apologies", "absent")
                )
                s.add(Attendance(session_id=session.id, leader_id=leader.id, status=status))
        for k in range(8):
            s.add(
                Feedback(
                    cohort_id=cohort.id,
                    session_id=held[k].id,
                    quote="A day that changed how we talk with children. " * 2,
                    role="Primary Headteacher",
                    consent_to_publish=k < 6,
                )
            )
    return db


def bench_pack(folder: Path) -> bool:
    db = big_cohort(folder / "cohort.sqlite")
    try:
        data = packs.cohort_pack_data(db, cohort="Cohort 4")
        assert (len(data.settings), len(data.leaders), len(data.sessions)) == (30, 60, 12)
        times = []
        for i in range(6):
            start = time.perf_counter()
            packs.make_cohort_pack(db, cohort="Cohort 4", path=folder / f"pack{i}.pdf")
            times.append(time.perf_counter() - start)
    finally:
        db.close()
    from pypdf import PdfReader

    pages = len(PdfReader(folder / "pack0.pdf").pages)
    first, warm = times[0], statistics.median(times[1:])
    ok = max(first, warm) <= PACK_BUDGET_S
    print(
        "cohort pack, 30 settings, 60 leaders, 12 sessions "
        f"({pages} pages, {(folder / 'pack0.pdf').stat().st_size // 1024} KB)"
    )
    print(f"  first in the process: {first:.3f} s   next five (median): {warm:.3f} s")
    print(
        f"  ratio to budget: {max(first, warm) / PACK_BUDGET_S:.2f}x of {PACK_BUDGET_S} s  "
        f"{'PASS' if ok else 'FAIL'}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SEND_DESKTOP_HOME"] = tmp
        folder = Path(tmp)
        ok_pack = bench_pack(folder)
        ok_xlsx = bench_xlsx(args.rows, args.repeat, folder)
    return 0 if ok_pack and ok_xlsx else 1


if __name__ == "__main__":
    sys.exit(main())
