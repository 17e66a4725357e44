"""The list table: model shape, filter as you type, header sorting, column chooser."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt

from send_desktop.gui.models.table_model import RECORD_ID_ROLE, RowTableModel
from send_desktop.gui.pages.register_pages import SettingsPage
from send_desktop.services.register import SettingData, add_setting
from send_desktop.services.rowindex import Column, Table

COLUMNS = [
    Column("name", "Name"),
    Column("pupils", "Pupils", kind="int"),
    Column("due", "Due", kind="date"),
    Column("grant", "Grant", kind="money"),
    Column("open", "Open", kind="bool"),
]


def sample_table() -> Table:
    return Table(
        COLUMNS,
        ["a", "b", "c"],
        [
            ("Beech", 100, date(2024, 3, 1), 1_500_000, True),
            ("alder", 9, None, None, False),
            ("Cedar", 20, date(2023, 1, 9), 1234, None),
        ],
    )


def test_table_model_passes_qt_model_checks(qtmodeltester):
    model = RowTableModel(COLUMNS)
    model.set_table(sample_table())
    qtmodeltester.check(model, force_py=True)
    model.sort_by(1, descending=True)
    model.set_filter("e")
    qtmodeltester.check(model, force_py=True)


def test_model_shows_display_text_ids_and_right_aligned_numbers():
    model = RowTableModel(COLUMNS)
    model.set_table(sample_table())
    assert [model.data(model.index(0, c)) for c in range(5)] == [
        "Beech",
        "100",
        "01/03/2024",
        "£15,000",
        "Yes",
    ]
    assert model.data(model.index(2, 3)) == "£12.34"
    assert model.data(model.index(1, 0), RECORD_ID_ROLE) == "b"
    right = model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole)
    left = model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole)
    assert right & Qt.AlignmentFlag.AlignRight.value
    assert left & Qt.AlignmentFlag.AlignLeft.value


def settings_page(qtbot, db) -> SettingsPage:  # noqa: ANN001
    for name, urn, pupils, town in [
        ("Abbey Primary", "123001", 210, "Oxford"),
        ("Bishop School", "123002", 1200, "Banbury"),
        ("Cherry Nursery", "EY123", 45, "Oxford"),
        ("Dale Academy", "123004", None, "Witney"),
    ]:
        add_setting(db, data=SettingData(name=name, urn=urn, pupils=pupils, town=town))
    page = SettingsPage(db)  # builds on its own, as the benchmark does
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    qtbot.waitExposed(page)
    return page


def column(page: SettingsPage, key: str) -> list[str]:
    model = page.model
    c = model.table.column_index(key)
    return [model.data(model.index(r, c)) for r in range(model.rowCount())]


def test_typing_filters_over_all_rows_and_shows_no_match_state(qtbot, db):
    page = settings_page(qtbot, db)
    counts = []
    page.counts_changed.connect(counts.append)
    qtbot.keyClicks(page.search, "oxf")
    assert column(page, "name") == ["Abbey Primary", "Cherry Nursery"]
    assert counts[-1] == "Showing 2 of 4 settings"
    qtbot.keyClicks(page.search, "ord cherry")  # several words: every one must match
    assert column(page, "name") == ["Cherry Nursery"]
    qtbot.keyClicks(page.search, "zz")
    assert page.visible_row_count() == 0
    assert page.empty.isVisible() and not page.view.isVisible()
    assert page.empty.title.text() == "No rows match 'oxford cherryzz'."
    assert page.empty.button.text() == "Clear search"
    qtbot.mouseClick(page.empty.button, Qt.MouseButton.LeftButton)
    assert page.search.text() == ""
    assert page.visible_row_count() == 4 and page.view.isVisible()


def test_search_finds_hidden_columns_and_esc_clears(qtbot, db):
    add_setting(db, data=SettingData(name="Elm School", locality="Vale of White Horse"))
    page = settings_page(qtbot, db)
    assert not page.is_column_visible("locality")
    page.set_filter_text("white horse")
    assert column(page, "name") == ["Elm School"]
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.visible_row_count() == 5


def click_header(qtbot, page: SettingsPage, key: str) -> None:  # noqa: ANN001
    header = page.view.horizontalHeader()
    section = page.model.table.column_index(key)
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def test_clicking_a_header_sorts_numbers_as_numbers(qtbot, db):
    page = settings_page(qtbot, db)
    click_header(qtbot, page, "pupils")
    assert column(page, "pupils") == ["45", "210", "1200", ""]  # blanks last
    click_header(qtbot, page, "pupils")
    assert column(page, "pupils") == ["1200", "210", "45", ""]
    click_header(qtbot, page, "name")
    assert column(page, "name")[0] == "Abbey Primary"


def test_sort_keeps_the_selected_record_selected(qtbot, db):
    page = settings_page(qtbot, db)
    bishop = page.model.record_id(1)
    page.select_id(bishop)
    page.sort_by("pupils", descending=True)
    assert page.selected_id() == bishop
    assert page.view.selectionModel().selectedRows()[0].row() == 0


def test_column_chooser_hides_and_shows_a_column(qtbot, db):
    page = settings_page(qtbot, db)
    header = page.view.horizontalHeader()
    postcode = page.model.table.column_index("postcode")
    locality = page.model.table.column_index("locality")
    assert not header.isSectionHidden(postcode)  # defaults from Column.visible
    assert header.isSectionHidden(locality)
    page.show_column_menu()
    menu = page.column_menu
    qtbot.waitUntil(menu.isVisible)
    action = next(a for a in menu.actions() if a.text() == "Postcode")
    assert action.isChecked()
    action.trigger()
    assert header.isSectionHidden(postcode)
    menu.close()
    page.show_column_menu()
    qtbot.waitUntil(menu.isVisible)
    next(a for a in menu.actions() if a.text() == "Locality").trigger()
    menu.close()
    assert not header.isSectionHidden(locality)
    assert header.sectionSize(locality) > 20


def test_the_last_visible_column_cannot_be_hidden(qtbot, db):
    page = settings_page(qtbot, db)
    for c in page.spec.columns:
        page.set_column_visible(c.key, False)
    header = page.view.horizontalHeader()
    assert sum(not header.isSectionHidden(i) for i in range(header.count())) == 1


def test_rows_have_a_fixed_height(qtbot, db):
    page = settings_page(qtbot, db)
    rows = page.view.verticalHeader()
    assert rows.sectionResizeMode(0) == rows.ResizeMode.Fixed
    assert page.view.rowHeight(0) == page.view.rowHeight(3)
