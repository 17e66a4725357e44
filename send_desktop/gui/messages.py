"""Message boxes used across the window (one place, so tests can stand in for them)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from send_desktop import APP_NAME


def show_error(parent: QWidget | None, message: str) -> None:
    QMessageBox.warning(parent, APP_NAME, message)


def confirm(parent: QWidget | None, title: str, question: str, detail: str = "") -> bool:
    text = f"{question}\n\n{detail}" if detail else question
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, title, text, buttons, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
