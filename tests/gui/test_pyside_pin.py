"""Guards the PySide6 < 6.12 pin: 6.12.0 on Python 3.11 aborts after many void-returning
calls ("Fatal Python error: none_dealloc"). Run in a child process so an abort fails this
test instead of killing the test run."""

from __future__ import annotations

import os
import subprocess
import sys

CALLS = 1_000_000
CHILD = f"""
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
widget = QWidget()
titles = ("first", "second")
for i in range({CALLS}):
    widget.setWindowTitle(titles[i & 1])  # returns None: one Py_None decref per call
print(widget.windowTitle())
"""


def test_a_million_void_qt_calls_do_not_abort():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "second"
