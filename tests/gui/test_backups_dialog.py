"""Tools ▸ Backups…: the list, Back up now, and Restore (after backing up the current state)."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import add_settings

from send_desktop.gui.safety import AutoBackup
from send_desktop.gui.tasks import ImmediatePool
from send_desktop.services import backups
from send_desktop.storage import backup


def open_dialog(window):  # noqa: ANN001, ANN201
    window.tasks.pool = ImmediatePool()
    assert "&Tools" in [a.text() for a in window.menuBar().actions()]
    window.safety.backups.trigger()
    return window.safety.dialog


def test_empty_list_says_so_and_back_up_now_adds_one(window, db):
    add_settings(db, ("Abbey Primary", "123001", 210))
    dialog = open_dialog(window)
    assert dialog.empty.isVisibleTo(dialog) and not dialog.restore_button.isEnabled()
    dialog.backup_button.click()
    assert dialog.table.topLevelItemCount() == 1
    item = dialog.table.topLevelItem(0)
    assert item.text(1) == "made by hand"
    assert item.text(3) == "1 settings, 0 people, 0 cohorts"
    assert item.text(2).endswith("KB")
    assert "Backup made" in dialog.status.text()
    assert dialog.restore_button.isEnabled()


def test_restore_asks_then_replaces_the_data_and_keeps_the_state_before(window, db, messages):
    add_settings(db, ("Abbey Primary", "123001", 210))
    backups.backup_now(db)
    add_settings(db, ("Bishop School", "123002", 1200))
    dialog = open_dialog(window)
    dialog.table.setCurrentItem(dialog.table.topLevelItem(0))
    dialog.restore_button.click()
    (question,) = messages.texts("question")
    assert question.startswith("Restore the backup made on ")
    assert "1 settings" in question and "A backup of the data as it is now" in question
    assert window.db is not db  # the window reads the restored file afresh
    assert window.db.query("SELECT name FROM setting") == [("Abbey Primary",)]
    reasons = [b.reason for b in backup.backup_files(db.path)]
    assert "before-restore" in reasons
    assert "saved first as" in dialog.status.text()
    assert dialog.table.topLevelItemCount() == 2


def test_saying_no_restores_nothing(window, db, messages):
    add_settings(db, ("Abbey Primary", "123001", 210))
    backups.backup_now(db)
    add_settings(db, ("Bishop School", "123002", 1200))
    messages.answer = messages.answer.No
    dialog = open_dialog(window)
    dialog.restore_button.click()
    assert window.db is db
    assert len(db.query("SELECT name FROM setting")) == 2
    assert [b.reason for b in backup.backup_files(db.path)] == ["manual"]


def test_automatic_backups_on_open_and_while_working(qtbot, db):
    add_settings(db, ("Abbey Primary", "123001", 210))
    auto = AutoBackup(lambda: Path(db.path), start=lambda work: work())
    auto.on_open()
    assert [b.reason for b in backup.backup_files(db.path)] == ["on-open"]
    auto.on_open()
    auto.periodic()  # nothing changed, and not 30 minutes yet
    assert len(backup.backup_files(db.path)) == 1
    auto.timer.stop()


def test_no_automatic_backup_once_the_window_closed(qtbot, db, window):
    """A closed window's timers must not back up its database later (into whatever data
    folder is current by then)."""
    add_settings(db, ("Abbey Primary", "123001", 210))
    auto = window.safety.auto
    started: list[object] = []
    auto._start = started.append  # note the work instead of running it
    window.close()
    assert not auto.timer.isActive()
    auto.on_open()
    auto.periodic()
    assert started == []
