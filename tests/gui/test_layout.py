"""The window remembers its size, page, columns and sort between sessions."""

from __future__ import annotations

from gui_helpers import add_settings, make_window
from PySide6.QtCore import Qt

from send_desktop import paths


def test_layout_survives_closing_and_reopening(qtbot, db, messages):
    add_settings(db, ("Abbey Primary", "123001", 210), ("Bishop School", "123002", 1200))
    first = make_window(qtbot, db)
    first.resize(780, 530)  # within the offscreen screen (800 x 600)
    size = (first.width(), first.height())
    assert size != (1200, 760)  # not the default size
    first.switch_to("settings")
    page = first.current_table()
    header = page.view.horizontalHeader()
    name = page.model.table.column_index("name")
    header.resizeSection(name, 333)
    header.moveSection(header.visualIndex(name), 0)
    page.set_column_visible("postcode", False)
    page.set_column_visible("trust", True)
    page.sort_by("pupils", descending=True)
    first.switch_to("people")
    first.close()

    ini = paths.ui_state_file().read_text(encoding="utf-8")
    assert "state_version=1" in ini
    assert "order=" in ini and "sort=pupils desc" in ini

    second = make_window(qtbot, db)
    assert (second.width(), second.height()) == size
    assert second.current_page().key == "people"
    page = second.page("settings").tables[0]
    header = page.view.horizontalHeader()
    assert header.sectionSize(name) == 333
    assert header.visualIndex(name) == 0
    assert not page.is_column_visible("postcode")
    assert page.is_column_visible("trust")
    assert header.sortIndicatorSection() == page.model.table.column_index("pupils")
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    second.switch_to("settings")
    c = page.model.table.column_index("pupils")
    assert [page.model.data(page.model.index(r, c)) for r in range(2)] == ["1200", "210"]
    second.close()


def test_an_unknown_state_version_is_ignored(qtbot, db, messages):
    path = paths.ui_state_file()
    path.write_text("[General]\nstate_version=99\n\n[window]\npage=people\n", encoding="utf-8")
    window = make_window(qtbot, db)
    assert window.current_page().key == "dashboard"
    window.close()
    assert "state_version=1" in path.read_text(encoding="utf-8")
