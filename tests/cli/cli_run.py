"""Running the command line as other tools do: a real process, its own data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """``send-desktop ARGS`` in a fresh Python process with SEND_DESKTOP_HOME=home."""
    env = os.environ | {"SEND_DESKTOP_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "send_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
