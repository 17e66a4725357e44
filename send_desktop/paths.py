"""Every file location the app uses, in one place.

The per-user data folder comes from platformdirs; ``SEND_DESKTOP_HOME`` overrides it
(tests and portable installs). Bundled read-only files (migrations, resources, export
templates) are found next to the package, or inside a PyInstaller bundle when frozen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HOME_ENV = "SEND_DESKTOP_HOME"
DB_FILE_NAME = "send-desktop.sqlite"


def bundle_root() -> Path:
    """Folder that holds db/, resources/ and exports/ (the repo, or the frozen bundle)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def data_home() -> Path:
    """Per-user writable folder: default database, backups, UI state."""
    override = os.environ.get(HOME_ENV)
    if override:
        home = Path(override)
    else:
        import platformdirs

        home = Path(platformdirs.user_data_dir("SEND Desktop", appauthor=False, roaming=False))
    home.mkdir(parents=True, exist_ok=True)
    return home


def default_db_path() -> Path:
    return data_home() / DB_FILE_NAME


def backups_dir() -> Path:
    path = data_home() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def ui_state_file() -> Path:
    return data_home() / "ui-state.ini"


def preferences_file() -> Path:
    return data_home() / "preferences.ini"


def migrations_dir() -> Path:
    return bundle_root() / "db"


def resources_dir() -> Path:
    return bundle_root() / "resources"


def demo_data_dir() -> Path:
    return resources_dir() / "demo"


def exports_dir() -> Path:
    return bundle_root() / "exports"


def printouts_dir() -> Path:
    """PDFs made for printing (File → Print…): opened in the PDF viewer, kept for a while."""
    return data_home() / "printouts"
