"""Keyboard-first use (issue 12): menus open with Alt and a letter, the shortcuts list is read
from the real actions (Help → Keyboard shortcuts) and the README's copy matches it."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from send_desktop.gui.a11y.shortcuts import ShortcutsDialog, markdown_table, shortcut_list
from send_desktop.gui.main_window import MainWindow

README = Path(__file__).resolve().parents[2] / "README.md"
START, END = "<!-- shortcuts:start -->", "<!-- shortcuts:end -->"


def _mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _menus(window: MainWindow) -> list[tuple[str, QMenu]]:
    found = []

    def walk(menu: QMenu, path: str) -> None:
        found.append((path, menu))
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} → {action.text()}")

    for top in window.menuBar().actions():
        walk(top.menu(), top.text())
    return found


def test_every_menu_and_menu_item_has_its_own_alt_letter(window: MainWindow):
    problems = []
    tops = [a.text() for a in window.menuBar().actions()]
    letters = [_mnemonic(t) for t in tops]
    if None in letters or len(set(letters)) != len(letters):
        problems.append(f"menu bar: {tops}")
    for path, menu in _menus(window):
        items = [a.text() for a in menu.actions() if not a.isSeparator()]
        letters = [_mnemonic(t) for t in items]
        for text, letter in zip(items, letters, strict=True):
            if letter is None:
                problems.append(f"{path}: '{text}' has no Alt letter")
            elif letters.count(letter) > 1:
                problems.append(f"{path}: '{text}' shares its Alt letter '{letter}'")
    assert not problems, "\n".join(problems)


def test_frequent_actions_have_shortcuts(window: MainWindow):
    listed = {row.action: row.keys for row in shortcut_list(window)}
    for action in ("New", "Edit", "Delete", "Import", "Export", "Find", "Undo", "Redo"):
        assert listed.get(action), f"{action} has no shortcut"
    assert listed["Go to Settings"] == "Ctrl+2"
    assert listed["Keyboard shortcuts"] == "Ctrl+/"


def test_ctrl_slash_opens_the_shortcuts_list_of_the_real_actions(qtbot, window: MainWindow):
    qtbot.keyClick(window.nav, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ShortcutsDialog))
    dialog = QApplication.activeModalWidget()
    table = dialog.table
    rows = {(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())}
    assert (window.actions.new.shortcut().toString(), "New") in rows
    assert ("Ctrl+8", "Go to Action plan") in rows
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_readme_lists_the_real_shortcuts(window: MainWindow):
    text = README.read_text(encoding="utf-8")
    assert START in text and END in text, f"README needs {START} … {END}"
    listed = text.split(START, 1)[1].split(END, 1)[0].strip()
    expected = markdown_table(shortcut_list(window))
    assert listed == expected, "Put this list in README.md between the markers:\n" + expected
