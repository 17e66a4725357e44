"""Helpers for the import GUI tests: school returns written in tmp_path, the wizard driven
by keyboard, and a look straight into the database file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from send_desktop.gui.imports.wizard import ImportWizard
from send_desktop.gui.main_window import MainWindow
from send_desktop.gui.tasks import ImmediatePool
from send_desktop.storage.database import Database

CTRL = Qt.KeyboardModifier.ControlModifier
HEADER = ["URN", "School name", "Phase", "Pupils", "Postcode"]


def summer_return(path: Path, rows: list[list] | None = None, header: list | None = None) -> Path:
    """A school return as they arrive: a title row and a blank row above the header, a
    totals row at the bottom, a second sheet of notes."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Return"
    sheet.append(["Summer term return 2024"])
    sheet.append([])
    sheet.append(header or HEADER)
    for row in rows if rows is not None else GOOD_AND_BAD:
        sheet.append(row)
    sheet.append(["Total", None, None, 1730])
    book.create_sheet("Notes").append(["Please return by Friday"])
    book.save(path)
    return path


# Abbey Primary exists already (210 pupils); two are new; row 7 has a 2-digit URN.
GOOD_AND_BAD = [
    ["123456", "Abbey Primary", "Primary", 230, "OX1 1AA"],
    ["123457", "Bishop Kirk Primary", "Primary", 300, "OX2 2BB"],
    ["123458", "Cherwell School", "Secondary", 1200, "OX2 7EE"],
    ["12", "Bad URN School", "Primary", 5, "OX4 1AA"],
]


def rows(db: Database, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(db.path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def dump(db: Database) -> dict[str, list[tuple]]:
    """Every table's rows, for 'nothing changed' checks."""
    conn = sqlite3.connect(db.path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()


def synchronous(window: MainWindow) -> None:
    """Jobs run inside ``run()``, callbacks included (the runner's test mode)."""
    window.tasks.pool = ImmediatePool()


def open_wizard(qtbot, window: MainWindow) -> ImportWizard:  # noqa: ANN001
    """File → Import… by its shortcut."""
    window.activateWindow()  # a desktop's window manager does this when a dialog closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.nav, Qt.Key.Key_I, CTRL)
    wizard = window.imports.wizard
    assert wizard is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    return wizard


def type_file(qtbot, wizard: ImportWizard, path: Path) -> None:  # noqa: ANN001
    wizard.file_page.path.clear()
    qtbot.keyClicks(wizard.file_page.path, str(path))


def press_enter(qtbot, wizard: ImportWizard) -> None:  # noqa: ANN001
    """Enter on the focused widget: the wizard's default button (Next, Preview, Import)."""
    target = QApplication.focusWidget() or wizard
    if not wizard.isAncestorOf(target):
        target = wizard.next_button
    qtbot.keyClick(target, Qt.Key.Key_Return)
