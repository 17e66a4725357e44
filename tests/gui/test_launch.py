"""Start-up on files that cannot be used: one clear message, and the file left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from send_desktop.gui import launch as launch_module
from send_desktop.gui.db_open import OPEN_BACKUP
from send_desktop.gui.main_window import MainWindow
from send_desktop.services.listing import list_settings
from send_desktop.services.register import SettingData, add_setting
from send_desktop.storage import backup
from send_desktop.storage.database import create_database, open_database
from send_desktop.storage.fileinfo import DamagedDatabaseError, check_file


class Boxes:
    """Stands in for QMessageBox.exec: records the box and presses ``press``."""

    def __init__(self, press: str) -> None:
        self.press = press
        self.seen: list[dict[str, object]] = []

    def exec(self, box: QMessageBox) -> int:
        buttons = {b.text().replace("&", ""): b for b in box.buttons()}
        self.seen.append(
            {"text": box.text(), "info": box.informativeText(), "buttons": sorted(buttons)}
        )
        buttons[self.press].click()
        return 0


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    fake = Boxes("Close")
    monkeypatch.setattr(QMessageBox, "exec", lambda box: fake.exec(box))
    return fake


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Stand in for the event loop: note the window launch() showed, then return."""
    titles: list[str] = []

    def fake_exec(app: QApplication) -> int:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                titles.append(widget.windowTitle())
                widget.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    return titles


def test_a_file_that_is_not_a_database_is_refused_and_unchanged(qtbot, home, tmp_path, boxes):
    path = tmp_path / "notes.sqlite"
    content = b"These are my meeting notes, not a database.\n" * 50
    path.write_bytes(content)
    assert launch_module.launch(path, []) == 1
    assert len(boxes.seen) == 1
    box = boxes.seen[0]
    assert "not a SEND Desktop database" in box["text"]
    assert str(path) in box["info"]
    assert box["buttons"] == ["Close"]
    assert path.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == ["notes.sqlite"]


def damaged_database(path: Path) -> bytes:
    """A database with one backup, then cut short (as by an interrupted copy)."""
    db = create_database(path)
    add_setting(db, data=SettingData(name="Backed Up School", urn="100001"))
    db.close()
    backup.make_backup(path, "test")
    content = path.read_bytes()
    path.write_bytes(content[: len(content) // 2])
    with pytest.raises(DamagedDatabaseError):
        check_file(path)
    return path.read_bytes()


def test_a_damaged_file_offers_the_newest_backup(qtbot, home, tmp_path, shown, monkeypatch):
    path = tmp_path / "programme.sqlite"
    damaged = damaged_database(path)
    boxes = Boxes(OPEN_BACKUP)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.exec(box))

    assert launch_module.launch(path, []) == 0

    assert len(boxes.seen) == 1
    assert "cut short" in boxes.seen[0]["text"]
    assert "newest good backup" in boxes.seen[0]["info"]
    assert boxes.seen[0]["buttons"] == ["Cancel", OPEN_BACKUP]
    assert shown == ["SEND Desktop — programme.sqlite"]
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("programme.sqlite.damaged-")]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    db = open_database(path)
    assert list_settings(db).rows[0][1] == "Backed Up School"
    db.close()


def test_cancel_on_a_damaged_file_changes_nothing(qtbot, home, tmp_path, shown, monkeypatch):
    path = tmp_path / "programme.sqlite"
    damaged = damaged_database(path)
    boxes = Boxes("Cancel")
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.exec(box))
    assert launch_module.launch(path, []) == 1
    assert shown == []
    assert path.read_bytes() == damaged
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == ["programme.sqlite"]


def test_a_missing_file_is_created_and_opened(qtbot, home, tmp_path, shown):
    path = tmp_path / "new" / "fresh.sqlite"
    assert launch_module.launch(path, []) == 0
    assert shown == ["SEND Desktop — fresh.sqlite"]
    check_file(path)


def test_the_default_database_lives_in_the_data_folder(qtbot, home, shown):
    assert launch_module.launch(None, []) == 0
    assert (home / "send-desktop.sqlite").exists()
    assert QApplication.applicationName() == "SEND Desktop"
    assert QApplication.organizationName() == "SEND Desktop"


def test_move_aside_keeps_side_files_and_never_overwrites(tmp_path):
    from send_desktop.storage.backup import move_aside

    path = tmp_path / "p.sqlite"
    for suffix, data in (("", b"main"), ("-wal", b"wal"), ("-shm", b"shm")):
        Path(f"{path}{suffix}").write_bytes(data)
    first = move_aside(path)
    assert first.name.startswith("p.sqlite.damaged-")
    assert first.read_bytes() == b"main"
    assert Path(f"{first}-wal").read_bytes() == b"wal"
    assert Path(f"{first}-shm").read_bytes() == b"shm"
    assert not any(Path(f"{path}{s}").exists() for s in ("", "-wal", "-shm"))
    path.write_bytes(b"again")
    second = move_aside(path)  # same second: a new name, the first is untouched
    assert second != first and second.read_bytes() == b"again"
    assert first.read_bytes() == b"main"


def test_application_has_the_app_icon(qapp):
    from send_desktop.gui.launch import application

    assert not application([]).windowIcon().isNull()


def test_damaged_pages_offer_the_newest_good_backup(qtbot, home, tmp_path, shown, monkeypatch):
    import sqlite3

    path = tmp_path / "programme.sqlite"
    db = create_database(path)
    for n in range(400):
        add_setting(db, data=SettingData(name=f"Backed Up School {n}", urn=f"{100000 + n}"))
    db.close()
    good = backup.make_backup(path, "manual")
    newer = backup.make_backup(path, "periodic")

    def scribble(target: Path) -> bytes:
        with sqlite3.connect(target) as conn:
            (root,) = conn.execute(
                "SELECT rootpage FROM sqlite_master WHERE name='setting'"
            ).fetchone()
        conn.close()
        data = bytearray(target.read_bytes())
        start = (root - 1) * 4096
        data[start + 8 : start + 200] = bytes(range(192))
        target.write_bytes(bytes(data))
        return bytes(data)

    scribble(newer)
    damaged = scribble(path)
    boxes = Boxes(OPEN_BACKUP)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.exec(box))

    assert launch_module.launch(path, []) == 0

    (box,) = boxes.seen
    assert "part of the file is damaged" in box["text"] and "power cut" in box["text"]
    made = good.name.split("-")[1]
    assert f"{made[6:8]}/{made[4:6]}/{made[:4]}" in box["info"]
    assert shown == ["SEND Desktop — programme.sqlite"]
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("programme.sqlite.damaged-")]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    check_file(path)


def test_a_database_on_a_network_drive_is_refused_with_an_offer_to_copy_it_here(
    qtbot, home, tmp_path, monkeypatch, shown
):
    from send_desktop.gui.db_open import COPY_HERE
    from send_desktop.storage import fileinfo

    share = tmp_path / "share"
    path = share / "team.sqlite"
    share.mkdir()
    db = create_database(path)
    add_setting(db, data=SettingData(name="Shared School", urn="100002"))
    db.close()
    content = path.read_bytes()
    monkeypatch.setattr(fileinfo, "is_network_path", lambda p: share in Path(p).parents)
    fake = Boxes(COPY_HERE)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: fake.exec(box))
    assert launch_module.launch(path, []) == 0
    [box] = fake.seen
    assert "network drive" in box["text"] and "SQLite" in box["text"]
    assert box["buttons"] == ["Cancel", COPY_HERE]
    assert path.read_bytes() == content
    copy = home / "team.sqlite"
    assert copy.exists() and "team.sqlite" in shown[0]
    copied = open_database(copy)
    assert [row[1] for row in list_settings(copied).rows] == ["Shared School"]
    copied.close()
