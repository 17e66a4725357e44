"""Build the one-folder bundle with PyInstaller: ``python installer/build.py [OUT]``.

The bundle lands in ``OUT/send-desktop/`` (default ``build/``), PyInstaller's scratch files
in ``OUT/work/``. Prints the build time and the bundle's size. Runs on Linux and Windows.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPEC = HERE / "send-desktop.spec"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(out: Path) -> Path:
    """Run PyInstaller; the bundle folder."""
    out = out.resolve()
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={out}",
        f"--workpath={out / 'work'}",
        str(SPEC),
    ]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run(command, check=True, cwd=HERE.parent, env=env)
    return out / "send-desktop"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=Path("build"), help="output folder")
    args = parser.parse_args(argv)
    start = time.monotonic()
    bundle = build(args.out)
    seconds = time.monotonic() - start
    size = folder_size(bundle) / 2**20
    print(f"bundle: {bundle} ({size:.0f} MB) built in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
