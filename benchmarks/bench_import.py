"""Importing a big return: 50,000 rows x 15 columns of .xlsx into the settings register.

Budget (issue 3), as ratios to python-calamine alone reading the same file in the same run:
import into an empty database <= 2x, re-importing it unchanged <= 2x; peak memory <= 400 MB.

Each phase runs in a fresh child process (so one phase's memory and caches do not help the
next); the child times only the work itself (imports and the empty database are ready before
the clock starts) and reports its peak resident memory from ``resource.getrusage`` (maxrss:
the whole process, interpreter and libraries included). Times are the median of ``--repeat``
runs; the import runs into a fresh copy of an empty database each time.

    python benchmarks/bench_import.py [--rows 50000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

IMPORT_BUDGET = 2.0
MEMORY_BUDGET_MB = 400
HEADER = [
    "URN",
    "School name",
    "Phase",
    "Type",
    "Trust",
    "Locality",
    "Town",
    "Postcode",
    "LA code",
    "Pupils",
    "Email",
    "Phone",
    "Open date",
    "Close date",
    "Notes",
]
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def make_workbook(path: Path, rows: int) -> None:
    """A settings return as a school system would export it: unique names, URNs, emails,
    phones and (mostly) postcodes; a handful of phases, types, towns; numbers as numbers."""
    from openpyxl import Workbook

    rng = random.Random(931)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Settings")
    sheet.append(HEADER)
    for i in range(rows):
        area = rng.choice(["OX", "RG", "SN", "MK", "GL", "CV"])
        postcode = f"{area}{rng.randint(1, 29)} {rng.randint(1, 9)}"
        postcode += rng.choice(LETTERS) + rng.choice(LETTERS)
        sheet.append(
            [
                100000 + i,
                f"{rng.choice(['St Mary', 'Oakwood', 'Riverside', 'Hill View'])} School {i}",
                rng.choice(["Primary", "Secondary", "Special", "Early years"]),
                rng.choice(["Academy", "Maintained", "Free school"]),
                f"Trust {i % 300}" if i % 3 else None,
                rng.choice(["Cherwell", "Oxford", "South Oxfordshire", "West Oxfordshire"]),
                rng.choice(["Oxford", "Banbury", "Witney", "Didcot", "Bicester"]),
                postcode,
                "931",
                rng.randint(50, 1500),
                f"office{i}@school{i}.org.uk",
                f"01865 {rng.randint(100000, 999999)}",
                date(rng.randint(1950, 2023), 9, 1),
                None,
                "Resource base" if i % 50 == 0 else None,
            ]
        )
    book.save(path)


def child(phase: str, workbook: Path, db_path: Path) -> None:
    """Run one phase and print {"seconds": ..., "peak_mb": ..., "summary": ...}."""
    summary = ""
    if phase == "calamine":
        import python_calamine

        start = time.perf_counter()
        book = python_calamine.CalamineWorkbook.from_path(str(workbook))
        rows = book.get_sheet_by_index(0).to_python()
        seconds = time.perf_counter() - start
        summary = f"{len(rows) - 1} rows read"
    else:
        from send_desktop.services import imports
        from send_desktop.storage.database import open_database

        db = open_database(db_path)
        with db.reader() as session:  # engine, models and mappers ready before timing
            session.connection()
        start = time.perf_counter()
        result = imports.run_import(db, path=workbook, kind="settings")
        seconds = time.perf_counter() - start
        summary = result.summary_line()
        db.close()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "summary": summary}))


def run_child(phase: str, workbook: Path, db_path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", phase, str(workbook), str(db_path)],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=3, metavar=("PHASE", "WORKBOOK", "DB"))
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["SEND_DESKTOP_HOME"] = str(folder / "home")
        from send_desktop.storage.database import create_database

        workbook = folder / "settings-return.xlsx"
        start = time.perf_counter()
        make_workbook(workbook, args.rows)
        print(
            f"generated {workbook.name}: {args.rows:,} rows x {len(HEADER)} columns, "
            f"{workbook.stat().st_size / 1e6:.1f} MB, in {time.perf_counter() - start:.1f} s"
        )
        empty = folder / "empty.sqlite"
        create_database(empty).close()

        phases: dict[str, list[dict]] = {"calamine": [], "import": [], "reimport": []}
        for i in range(args.repeat):
            db_path = folder / f"run{i}.sqlite"
            shutil.copy(empty, db_path)
            phases["calamine"].append(run_child("calamine", workbook, db_path))
            phases["import"].append(run_child("import", workbook, db_path))
            phases["reimport"].append(run_child("reimport", workbook, db_path))

        times = {p: statistics.median(r["seconds"] for r in runs) for p, runs in phases.items()}
        peaks = {p: max(r["peak_mb"] for r in runs) for p, runs in phases.items()}
        labels = {
            "calamine": "python-calamine alone (baseline)",
            "import": "import into an empty database",
            "reimport": "re-import, unchanged",
        }
        print(f"median of {args.repeat} runs; peak = max resident memory of the child process")
        for phase, runs in phases.items():
            print(
                f"  {labels[phase]:36s} {times[phase]:6.2f} s   peak {peaks[phase]:5.0f} MB   "
                f"{runs[-1]['summary']}"
            )
        ok = True
        for phase in ("import", "reimport"):
            ratio = times[phase] / times["calamine"]
            ok &= ratio <= IMPORT_BUDGET
            verdict = "ok" if ratio <= IMPORT_BUDGET else "OVER"
            print(f"ratio {phase}/baseline: {ratio:.2f} (budget {IMPORT_BUDGET:.1f}) {verdict}")
        peak = max(peaks.values())
        ok &= peak <= MEMORY_BUDGET_MB
        verdict = "ok" if peak <= MEMORY_BUDGET_MB else "OVER"
        print(f"peak memory: {peak:.0f} MB (budget {MEMORY_BUDGET_MB} MB) {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
