"""Help → Keyboard shortcuts: the list is read from the window's real actions, so it can never
disagree with them. ``markdown_table`` writes the same list for the README (a test keeps the
README's copy equal to it)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.a11y.registry import demo_dialog

LISTED_AS = "listedAs"  # an action property: its name in the list, if not its menu text
FORMAT = QKeySequence.SequenceFormat


@dataclass(frozen=True)
class Shortcut:
    keys: str
    action: str
    menu: str


def plain(text: str) -> str:
    """Menu text as read aloud: no mnemonic ampersands, no trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _keys(action: QAction, native: bool) -> str:
    fmt = FORMAT.NativeText if native else FORMAT.PortableText
    return " or ".join(k.toString(fmt) for k in action.shortcuts() if not k.isEmpty())


def _label(action: QAction) -> str:
    listed = action.property(LISTED_AS)
    return str(listed) if listed else plain(action.text())


def shortcut_list(window: QMainWindow, *, native: bool = False) -> list[Shortcut]:
    """Every action with a shortcut, menu by menu as the menu bar shows them."""
    rows: list[Shortcut] = []
    seen: set[int] = set()

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} → {plain(action.text())}")
                continue
            if action.isSeparator() or id(action) in seen:
                continue
            seen.add(id(action))
            keys = _keys(action, native)
            if keys:
                rows.append(Shortcut(keys, _label(action), path))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), plain(top.text()))
    for action in QWidget.actions(window):  # shortcuts outside the menus
        keys = _keys(action, native)
        if keys and id(action) not in seen:
            seen.add(id(action))
            rows.append(Shortcut(keys, _label(action), "(anywhere)"))
    return rows


def markdown_table(rows: list[Shortcut]) -> str:
    lines = ["| keys | action | menu |", "|---|---|---|"]
    lines += [f"| {r.keys} | {r.action} | {r.menu} |" for r in rows]
    return "\n".join(lines)


class ShortcutsDialog(QDialog):
    """A read-only table of keys, action and menu."""

    def __init__(self, rows: list[Shortcut], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        intro = QLabel(
            "Every menu also opens with Alt and its underlined letter. Tab moves between "
            "the controls of a page or dialog; Esc closes a dialog."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Keys", "Action", "Menu"])
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        for r, row in enumerate(rows):
            for c, text in enumerate((row.keys, row.action, row.menu)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        height = self.table.verticalHeader().length() + self.fontMetrics().height() * 8
        self.resize(max(560, self.table.horizontalHeader().length() + 60), min(height, 720))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)


@demo_dialog(ShortcutsDialog)
def _demo(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    return ShortcutsDialog(shortcut_list(window, native=True), window)
