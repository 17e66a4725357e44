"""Helpers for GUI tests (functions; the fixtures are in conftest.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from send_desktop import paths
from send_desktop.gui.main_window import MainWindow
from send_desktop.gui.ui_state import UiState
from send_desktop.services.register import SettingData, add_setting
from send_desktop.storage.database import Database


def make_window(qtbot, db: Database) -> MainWindow:  # noqa: ANN001
    window = MainWindow(db, UiState(paths.ui_state_file()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


def wait_closed(qtbot, window: MainWindow, editor) -> None:  # noqa: ANN001
    """Wait for the editor's dialog to close, then give the main window the keyboard back
    (a window manager does this on a desktop; the offscreen platform has none)."""
    qtbot.waitUntil(lambda: editor.dialog is None)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def add_settings(db: Database, *rows: tuple[str, str | None, int | None]) -> list[str]:
    """Settings from (name, urn, pupils) through the service."""
    return [
        add_setting(db, data=SettingData(name=name, urn=urn, pupils=pupils, town="Oxford"))
        for name, urn, pupils in rows
    ]
