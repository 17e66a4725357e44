"""Rewrite the README's shortcuts list from the window's real actions (after adding one).

Not a test (tests/gui/test_keyboard.py checks the two agree):
    python tests/gui/readme_shortcuts.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SEND_DESKTOP_HOME"] = tempfile.mkdtemp()

from PySide6.QtWidgets import QApplication  # noqa: E402

from send_desktop import paths  # noqa: E402
from send_desktop.gui.a11y.shortcuts import markdown_table, shortcut_list  # noqa: E402
from send_desktop.gui.main_window import MainWindow  # noqa: E402
from send_desktop.gui.ui_state import UiState  # noqa: E402
from send_desktop.storage.database import create_database  # noqa: E402

README = Path(__file__).resolve().parents[2] / "README.md"
START, END = "<!-- shortcuts:start -->", "<!-- shortcuts:end -->"


def main() -> None:
    app = QApplication([])  # noqa: F841
    db = create_database(Path(os.environ["SEND_DESKTOP_HOME"]) / "t.sqlite")
    window = MainWindow(db, UiState(paths.ui_state_file()))
    table = markdown_table(shortcut_list(window))
    text = README.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    README.write_text(f"{before}{START}\n{table}\n{END}{after}", encoding="utf-8")
    window.close()
    db.close()


if __name__ == "__main__":
    main()
