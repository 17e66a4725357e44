"""Start the window: application object, database (checked, backed up, migrated), event loop."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from send_desktop import APP_NAME, __version__, paths
from send_desktop.gui.db_open import open_or_recover
from send_desktop.gui.main_window import MainWindow
from send_desktop.gui.style import apply_style
from send_desktop.gui.ui_state import UiState


def application(argv: list[str]) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "send-desktop", *argv])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    apply_style(app)
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "app.png")))
    return app


def warm_up() -> None:
    """Once the window is up, load what the first edit needs (SQLAlchemy, the models,
    the write services: ~0.3 s) so that it does not wait for it."""
    from send_desktop.gui import editors  # noqa: F401


def launch(db_path: Path | None, argv: list[str], *, quit_after: float | None = None) -> int:
    """Run the window on ``db_path`` (default: the per-user database); the exit code.

    ``quit_after`` closes the window after that many seconds (smoke tests of a bundle).
    """
    app = application(argv)
    path = Path(db_path) if db_path else paths.default_db_path()
    db = open_or_recover(path)
    if db is None:
        return 1
    window = MainWindow(db, UiState(paths.ui_state_file()))
    window.show()
    QTimer.singleShot(300, warm_up)
    QTimer.singleShot(400, window.upkeep)  # RAG by date, this month's figures kept
    if quit_after is not None:
        QTimer.singleShot(round(quit_after * 1000), window.close)
    try:
        return app.exec()
    finally:
        window.db.close()
