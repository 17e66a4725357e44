"""Start-up: process start to the main window showing the demo data, as a ratio to a bare
PySide6 QMainWindow with a QTableView, measured in the same run (budget: <= 2x).

Runs the two alternately in fresh processes (cold-ish caches for both), offscreen.

    python benchmarks/bench_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUDGET = 2.0


def time_child(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "_startup_child.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=60)
    if line.strip() != "SHOWN":
        raise RuntimeError(f"child {args} did not show a window")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {"SEND_DESKTOP_HOME": tmp}
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        demo = Path(tmp) / "demo.sqlite"
        subprocess.run(
            [sys.executable, "-m", "send_desktop", "demo", "--db", str(demo)],
            check=True,
            env=env,
            capture_output=True,
        )
        time_child(["bare"], env)  # warm the OS file cache for both
        time_child(["app", str(demo)], env)
        bare, app = [], []
        for _ in range(args.runs):
            bare.append(time_child(["bare"], env))
            app.append(time_child(["app", str(demo)], env))
    bare_med, app_med = statistics.median(bare), statistics.median(app)
    ratio = app_med / bare_med
    print(f"bare QMainWindow + QTableView: median {bare_med:.3f} s over {args.runs} runs")
    print(f"SEND Desktop on the demo database: median {app_med:.3f} s")
    print(f"start-up ratio: {ratio:.2f}x (budget {BUDGET:.1f}x)")
    print("result: PASS" if ratio <= BUDGET else "result: FAIL")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
