"""Shared test set-up: Qt runs offscreen; a test can ask for its own data folder and database."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from send_desktop.storage.database import Database, create_database  # noqa: E402


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh SEND_DESKTOP_HOME (backups, UI state) for every test: none writes to the
    real data folder."""
    path = tmp_path / "home"
    monkeypatch.setenv("SEND_DESKTOP_HOME", str(path))
    return path


@pytest.fixture
def db(home: Path, tmp_path: Path) -> Iterator[Database]:
    """A new, empty, migrated database in the test's folder."""
    database = create_database(tmp_path / "t.sqlite")
    yield database
    database.close()
