"""Tools ▸ Protect this database with a passphrase…, and typing it to open one (three tries)."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import add_settings
from PySide6.QtWidgets import QMessageBox

from send_desktop.gui.db_open import open_or_recover
from send_desktop.gui.dialogs.passphrase_dialog import ProtectDialog, UnlockDialog
from send_desktop.gui.tasks import ImmediatePool
from send_desktop.services import encryption
from send_desktop.storage import backup, keys
from send_desktop.storage.database import create_database

PASSPHRASE = "a passphrase for tests"


def test_protect_dialog_refuses_short_or_different_passphrases(qtbot):
    dialog = ProtectDialog("programme.sqlite", encryption.check_new_passphrase)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "short")
    qtbot.keyClicks(dialog.again, "short")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and "at least 8 characters" in dialog.problem.text()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.again.setText(PASSPHRASE + "!")
    dialog.accept()
    assert dialog.isVisible() and "not the same" in dialog.problem.text()
    # the same pair of fields as the export's: the second entry selected, to retype
    assert dialog.again.selectedText() == PASSPHRASE + "!"
    assert dialog.passphrase.text() == PASSPHRASE
    dialog.again.setText(PASSPHRASE)
    dialog.accept()
    assert dialog.result() == ProtectDialog.DialogCode.Accepted


def test_protecting_from_the_window_encrypts_and_keeps_working(window, db):
    add_settings(db, ("Abbey Primary", "123001", 210))
    window.tasks.pool = ImmediatePool()
    path = db.path
    window.safety.update_actions()
    assert window.safety.protect.isEnabled()
    window.safety.protect_with(PASSPHRASE)
    assert not keys.is_plain(path)
    assert b"Abbey Primary" not in path.read_bytes()
    assert window.db is not db
    assert window.db.query("SELECT name FROM setting") == [("Abbey Primary",)]
    assert "protected with a passphrase" in window.statusBar().currentMessage()
    window.safety.update_actions()
    assert not window.safety.protect.isEnabled()
    assert all(not keys.is_plain(p) for p in backup.list_backups(path))


@pytest.fixture
def locked(tmp_path) -> Path:
    path = tmp_path / "locked.sqlite"
    db = create_database(path)
    add_settings(db, ("Abbey Primary", "123001", 210))
    db.close()
    encryption.protect(path, PASSPHRASE)
    keys.forget(path, folder=backup.backup_folder_for(path))
    return path


def typing(monkeypatch, answers: list[str]) -> list[str]:  # noqa: ANN001
    """UnlockDialog.exec stands in for a person typing ``answers`` one after another."""
    problems: list[str] = []

    def exec_(dialog: UnlockDialog) -> int:
        for text in answers:
            dialog.passphrase.setText(text)
            dialog.accept()
            problems.append(dialog.problem.text())
            if dialog.result() or dialog.gave_up:
                break
        return dialog.result()

    monkeypatch.setattr(UnlockDialog, "exec", exec_)
    return problems


def test_the_right_passphrase_opens_it(qtbot, locked, monkeypatch):
    problems = typing(monkeypatch, ["wrong one", PASSPHRASE])
    db = open_or_recover(locked)
    assert db is not None and db.query("SELECT name FROM setting") == [("Abbey Primary",)]
    db.close()
    assert problems[0] == "That passphrase is not right (2 more tries)."


def test_three_wrong_tries_say_so_and_change_nothing(qtbot, locked, monkeypatch):
    before = locked.read_bytes()
    problems = typing(monkeypatch, ["one", "two", "three", PASSPHRASE])
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(box.text()) or 0)
    assert open_or_recover(locked) is None
    assert problems[:2] == [
        "That passphrase is not right (2 more tries).",
        "That passphrase is not right (one more try).",
    ]
    assert len(problems) == 3
    assert seen == [
        "SEND Desktop cannot open this database: the passphrase was not right 3 times, "
        "so it was not opened."
    ]
    assert locked.read_bytes() == before
    assert keys.passphrase_for(locked) is None


def _squeezed(dialog) -> list[str]:  # noqa: ANN001
    """Wrapped labels shown shorter than their text needs (cut off)."""
    from PySide6.QtWidgets import QLabel

    return [
        label.text()[:40]
        for label in dialog.findChildren(QLabel)
        if label.isVisible()
        and label.wordWrap()
        and label.text()
        and label.height() < label.heightForWidth(label.width())
    ]


def test_a_dialog_grows_for_its_problem_line_even_a_longer_second_one(qtbot):
    """With large text (16 pt) the export password dialog's reasons take more lines: the
    dialog grows each time, nothing is cut off (found by review: only the first grew)."""
    from PySide6.QtWidgets import QApplication

    from send_desktop.gui.dialogs.pack_dialog import PasswordDialog

    app = QApplication.instance()
    before = app.font()
    large = app.font()
    large.setPointSize(16)
    app.setFont(large)
    try:
        dialog = PasswordDialog("The SEND register")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        for text, again in (("a long enough password", "a long enough passwore"), ("short",) * 2):
            dialog.passwords.password.setText(text)
            dialog.passwords.repeat.setText(again)
            dialog.accept()
            QApplication.processEvents()
            assert dialog.isVisible() and dialog.passwords.problem.text()
            assert _squeezed(dialog) == []
    finally:
        app.setFont(before)
