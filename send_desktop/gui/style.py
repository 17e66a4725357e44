"""The application's small stylesheet (resources/style/app.qss) on top of the system style."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from send_desktop import paths


def stylesheet() -> str:
    path = paths.resources_dir() / "style" / "app.qss"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""  # a missing stylesheet is cosmetic only
    return text.replace("@ICONS@", (paths.resources_dir() / "icons").as_posix())


def apply_style(app: QApplication) -> None:
    app.setStyleSheet(stylesheet())
