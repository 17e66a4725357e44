"""Every page can be reached from the keyboard and shows its rows or its empty state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from send_desktop.gui.main_window import MainWindow
from send_desktop.gui.pages.table_page import TablePage

PAGE_KEYS = [
    "dashboard",
    "settings",
    "people",
    "cohorts",
    "waitlist",
    "pathways",
    "outreach",
    "actions",
]
# A text each page's table shows once seeded.
SEEN = {
    "settings": "Bishop School",
    "people": "Ada Test",
    "cohorts": "Cohort 9",
    "waitlist": "Cherry Nursery",
    "pathways": "Pathways 2030",
    "outreach": "Calm classrooms",
    "actions": "Publish the catalogue",
}


def go(qtbot, window: MainWindow, n: int) -> None:  # noqa: ANN001
    qtbot.keyClick(window.nav, Qt.Key.Key_0 + n, Qt.KeyboardModifier.ControlModifier)


def cells(table: TablePage) -> set[str]:
    model = table.model
    return {
        model.data(model.index(r, c))
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    }


def showing_empty(table: TablePage) -> bool:
    return table.empty.isVisible() and not table.view.isVisible()


def test_ctrl_number_visits_every_page_and_each_shows_its_empty_state(qtbot, window):
    for n, key in enumerate(PAGE_KEYS, start=1):
        go(qtbot, window, n)
        assert window.current_page().key == key
        assert window.heading.text() == window.current_page().title
        table = window.current_table()
        if key == "dashboard":
            assert window.dashboard.tiles["settings"].number.text() == "0"
            continue
        assert showing_empty(table), key
        assert table.empty.title.text() == table.spec.empty_title
    settings = window.page("settings").tables[0]
    assert settings.empty.title.text() == "No settings yet."
    assert "Ctrl+N" in settings.empty.detail.text()
    assert "send-desktop demo" in settings.empty.detail.text()
    assert settings.empty.button.text() == "New setting"


def test_with_rows_every_page_shows_its_table(qtbot, seeded, window):
    for n, key in enumerate(PAGE_KEYS, start=1):
        go(qtbot, window, n)
        if key == "dashboard":
            tiles = window.dashboard.tiles
            assert tiles["settings"].number.text() == "3"
            assert tiles["people"].number.text() == "1"
            assert tiles["waitlist"].number.text() == "1"
            continue
        table = window.current_table()
        assert table.view.isVisible() and not table.empty.isVisible(), key
        assert SEEN[key] in cells(table), key
    milestones = window.page("actions").widget
    milestones.tabs.setCurrentIndex(1)
    assert window.current_table() is milestones.milestones
    assert "Resource base opened" in cells(milestones.milestones)
    assert window.count_label.text() == "1 milestone"


def test_pages_load_when_first_shown(qtbot, seeded, window):
    settings = window.page("settings").tables[0]
    assert window.current_page().key == "dashboard"
    assert settings.total_row_count() == 0  # not read yet
    go(qtbot, window, 2)
    assert settings.total_row_count() == 3
    assert window.count_label.text() == "3 settings"


def test_a_dashboard_tile_opens_its_page(qtbot, seeded, window):
    tile = window.dashboard.tiles["bids"]
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert window.current_page().key == "pathways"
    window.switch_to("dashboard")
    tile = window.dashboard.tiles["people"]
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_Space)
    assert window.current_page().key == "people"


def test_status_bar_and_title_show_the_file(window, db):
    assert window.windowTitle() == f"SEND Desktop — {db.path.name}"
    assert window.path_label.text() == str(db.path)


def test_find_focuses_the_search_box(qtbot, seeded, window):
    go(qtbot, window, 2)
    table = window.current_table()
    table.view.setFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is table.search
    qtbot.keyClick(table.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is table.view
    assert table.selected_id() is not None


def test_tab_goes_from_navigation_through_the_page_and_back(qtbot, seeded, window):
    go(qtbot, window, 2)
    window.nav.setFocus()
    table = window.current_table()
    seen = []
    for _ in range(4):
        seen.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert seen == [window.nav, table.search, table.view, table.columns_button]
    assert QApplication.focusWidget() is window.nav


def test_focus_follows_to_the_page_shown(qtbot, seeded, window):
    go(qtbot, window, 2)
    settings = window.current_table()
    settings.focus_table()
    qtbot.keyClick(settings.view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.current_table().view


def test_file_open_switches_to_another_database(qtbot, seeded, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from send_desktop.storage.database import create_database

    other = create_database(tmp_path / "other.sqlite")
    other.close()
    go(qtbot, window, 2)
    assert window.current_table().total_row_count() == 3
    window.current_table().set_filter_text("")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "other.sqlite"), "")
    )
    qtbot.keyClick(window.nav, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.windowTitle() == "SEND Desktop — other.sqlite"
    assert window.path_label.text() == str(tmp_path / "other.sqlite")
    assert window.current_table().total_row_count() == 0
    assert window.current_table().empty.isVisible()
    assert window.undo_stack.count() == 0
    window.db.close()


def test_help_about_names_the_version(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from send_desktop import __version__

    said = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: said.append(text))
    window.actions.about.trigger()
    assert __version__ in said[0]


def test_view_choose_columns_opens_the_chooser(qtbot, seeded, window):
    go(qtbot, window, 2)
    table = window.current_table()
    window.actions.columns.trigger()
    qtbot.waitUntil(table.column_menu.isVisible)
    titles = [a.text() for a in table.column_menu.actions() if a.isCheckable()]
    assert titles == [c.title for c in table.spec.columns]
    table.column_menu.close()
