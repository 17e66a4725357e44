"""File → Sync with shared folder… and the conflict dialog, driven with pytest-qt."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from send_desktop.gui.tasks import ImmediatePool
from send_desktop.services import sync
from send_desktop.services.register import SettingData, add_setting
from send_desktop.storage.database import create_database


def _value(path: Path, sql: str, *params: object) -> object:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(sql, params).fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def _execute(path: Path, sql: str, *params: object) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql, params)
    conn.commit()
    conn.close()


@pytest.fixture
def share(tmp_path: Path) -> Path:
    folder = tmp_path / "share"
    folder.mkdir()
    return folder


@pytest.fixture
def peer(tmp_path: Path, share: Path) -> Path:
    """Another laptop with two settings, already synced to the folder."""
    path = tmp_path / "peer.sqlite"
    db = create_database(path)
    add_setting(db, data=SettingData(name="Larkrise Primary", urn="123456", phone="01865 1"))
    add_setting(db, data=SettingData(name="Orchard Fields", urn="123457"))
    db.close()
    sync.sync(path, share)
    return path


def start_sync(qtbot, window, share: Path):  # noqa: ANN001, ANN201
    window.tasks.pool = ImmediatePool()
    window.actions.sync.trigger()
    dialog = window.syncs.sync_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.folder.clear()
    qtbot.keyClicks(dialog.folder, str(share))
    assert dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    return dialog


def test_sync_receives_the_team_s_records_says_so_and_remembers_the_folder(
    qtbot, window, db, share, peer, messages
):
    start_sync(qtbot, window, share)
    result = window.syncs.last_result
    assert result is not None and result.received == 2
    assert window.statusBar().currentMessage() == (
        "Sync finished: sent: 0 changes, received: 2 changes, conflicts: 0"
    )
    assert _value(db.path, "SELECT count(*) FROM setting") == 2
    window.switch_to("settings")
    assert window.current_table().model.rowCount() == 2  # the page shows what arrived
    window.actions.sync.trigger()
    again = window.syncs.sync_dialog
    assert again.chosen_folder() == share.resolve()  # remembered for this database
    again.reject()
    assert messages.shown == []


def test_a_missing_folder_is_explained(qtbot, window, tmp_path, messages):
    start_sync(qtbot, window, tmp_path / "not-there")
    assert "does not exist" in messages.texts("warning")[0]
    assert window.statusBar().currentMessage() == "Sync not done."


def _conflicted(qtbot, window, db, share, peer) -> str:  # noqa: ANN001
    start_sync(qtbot, window, share)
    school = _value(db.path, "SELECT id FROM setting WHERE urn = '123456'")
    _execute(db.path, "UPDATE setting SET phone = 'mine 0001' WHERE id = ?", school)
    _execute(peer, "UPDATE setting SET phone = 'theirs 0002' WHERE id = ?", school)
    sync.sync(peer, share)
    start_sync(qtbot, window, share)
    return school


def test_conflicts_open_with_both_values_side_by_side_and_take_theirs(
    qtbot, window, db, share, peer, messages
):
    school = _conflicted(qtbot, window, db, share, peer)
    assert "conflicts: 1" in window.statusBar().currentMessage()
    dialog = window.syncs.conflict_dialog  # opened by the sync that found it
    assert dialog is not None and dialog.isVisible()
    assert dialog.list.count() == 1 and "phone" in dialog.list.item(0).text()
    assert dialog.mine.toPlainText() == "mine 0001"
    assert dialog.theirs.toPlainText() == "theirs 0002"
    assert dialog.mine.geometry().right() < dialog.theirs.geometry().left()  # side by side
    assert dialog.edited.text() == "mine 0001"
    qtbot.mouseClick(dialog.take, Qt.MouseButton.LeftButton)
    assert _value(db.path, "SELECT phone FROM setting WHERE id = ?", school) == "theirs 0002"
    assert dialog.list.count() == 0 and dialog.empty.isVisible()
    assert "next sync" in window.statusBar().currentMessage()
    start_sync(qtbot, window, share)  # the resolution travels
    sync.sync(peer, share)
    assert sync.sync(peer, share).conflicts == []
    assert _value(peer, "SELECT phone FROM setting WHERE id = ?", school) == "theirs 0002"


def test_conflict_edit_puts_a_typed_value(qtbot, window, db, share, peer, messages):
    school = _conflicted(qtbot, window, db, share, peer)
    dialog = window.syncs.conflict_dialog
    dialog.edited.clear()
    qtbot.keyClicks(dialog.edited, "agreed 0003")
    qtbot.keyClick(dialog.edited, Qt.Key.Key_Return)
    assert _value(db.path, "SELECT phone FROM setting WHERE id = ?", school) == "agreed 0003"
    assert dialog.list.count() == 0
    window.actions.sync_conflicts.trigger()  # File → Sync conflicts… shows the empty state
    assert window.syncs.conflict_dialog.empty.isVisible()


def test_edit_versus_delete_offers_keep_or_delete_and_no_edit(
    qtbot, window, db, share, peer, messages
):
    start_sync(qtbot, window, share)
    other = _value(db.path, "SELECT id FROM setting WHERE urn = '123457'")
    _execute(db.path, "DELETE FROM setting WHERE id = ?", other)
    _execute(peer, "UPDATE setting SET town = 'Witney' WHERE id = ?", other)
    sync.sync(peer, share)
    start_sync(qtbot, window, share)
    dialog = window.syncs.conflict_dialog
    assert dialog.mine.toPlainText() == "(deleted)"
    assert "town = Witney" in dialog.theirs.toPlainText()
    assert dialog.take.text().replace("&", "") == "Take theirs (restore)"
    assert not dialog.edited.isEnabled() and not dialog.use_edited.isEnabled()
    qtbot.mouseClick(dialog.take, Qt.MouseButton.LeftButton)
    assert _value(db.path, "SELECT town FROM setting WHERE id = ?", other) == "Witney"
    assert dialog.list.count() == 0


def test_every_control_has_a_name_for_assistive_technology(qtbot, window, share, peer):
    from PySide6.QtWidgets import QWidget

    window.tasks.pool = ImmediatePool()
    window.actions.sync.trigger()
    conflicts = window.syncs.open_conflicts()
    for dialog in (window.syncs.sync_dialog, conflicts):
        focusable = [
            w for w in dialog.findChildren(QWidget) if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        ]
        assert len(focusable) >= 4
        for widget in focusable:
            text = getattr(widget, "text", None)
            named = widget.accessibleName() or (callable(text) and text())
            assert named, widget


def test_a_damaged_file_is_named_in_the_notes_and_the_rest_arrives(
    qtbot, window, db, share, peer, messages
):
    """A change file made wrongly (right checksum) does not stop the sync: the lead is
    told which file and why, and the team's other changes arrive."""
    import hashlib
    import json
    import zlib

    from send_desktop.interchange import sync_files

    stranger = "66666666-7777-4888-8999-000000000000"
    body = {
        "format": 1,
        "origin": stranger,
        "seq": 1,
        "changes": [
            {"t": "setting", "f": ["phone"], "ids": ["x"], "rows": [["1", "2"]], "vv": [{}]}
        ],
    }
    data = sync_files.MAGIC + bytes([sync_files.PLAIN]) + zlib.compress(json.dumps(body).encode())
    name = sync_files.file_name(stranger, 1)
    (share / name).write_bytes(data + hashlib.sha256(data).digest())
    start_sync(qtbot, window, share)
    assert _value(db.path, "SELECT count(*) FROM setting") == 2  # the peer's schools
    [note] = messages.texts("warning")
    assert f"Refused: {name}: the file is damaged (its setting changes: values do not " in note
    assert window.statusBar().currentMessage().endswith("conflicts: 0 (1 notes)")
