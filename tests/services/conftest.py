from __future__ import annotations

from pathlib import Path

import pytest

from send_desktop.storage.database import Database, create_database


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("SEND_DESKTOP_HOME", str(home))
    return home


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = create_database(tmp_path / "test.sqlite")
    yield database
    database.close()
