#!/usr/bin/env bash
# Build the Linux one-folder bundle: installer/build_linux.sh [OUT]  (default: build/ in the repo)
# Needs the app and PyInstaller installed (pip install -e '.[installer]') and binutils
# (objdump, strip). The program is OUT/send-desktop/send-desktop. PYTHON picks the interpreter.
set -euo pipefail
out="$(realpath -m "${1:-$(dirname "$0")/../build}")"
cd "$(dirname "$0")/.."
python="${PYTHON:-}"
if [ -z "$python" ]; then
  if [ -x .venv/bin/python ]; then python=.venv/bin/python; else python=python3; fi
fi
exec "$python" installer/build.py "$out"
