"""The import wizard as a programme lead uses it: file -> columns -> preview -> import,
then undo from the import history; refused files; remembered column choices."""

from __future__ import annotations

import openpyxl
import pytest
from gui_helpers import add_settings
from import_helpers import (
    dump,
    open_wizard,
    press_enter,
    rows,
    summer_return,
    synchronous,
    type_file,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from send_desktop.gui.imports.wizard import DONE, FILE, MAPPING, PREVIEW


@pytest.fixture
def win(window):  # noqa: ANN001, ANN201
    synchronous(window)
    return window


def setting_names(window) -> list[str]:  # noqa: ANN001
    window.switch_to("settings")
    model = window.current_table().model
    c = model.table.column_index("name")
    return sorted(model.data(model.index(r, c)) for r in range(model.rowCount()))


def test_from_file_to_committed_batch_then_undone_from_the_history(
    qtbot, win, db, messages, tmp_path, monkeypatch
):
    add_settings(db, ("Abbey Primary", "123456", 210))
    path = summer_return(tmp_path / "summer return.xlsx")
    assert setting_names(win) == ["Abbey Primary"]

    wizard = open_wizard(qtbot, win)
    assert wizard.current() == FILE
    assert QApplication.focusWidget() is wizard.file_page.path
    type_file(qtbot, wizard, path)
    assert wizard.file_page.kind_name() == "settings"
    press_enter(qtbot, wizard)

    # Columns: every heading recognised below the title rows; nothing needs a decision.
    assert wizard.current() == MAPPING
    page = wizard.mapping_page
    assert "Headings found on row 3 of “Return”" in page.found.text()
    assert page.sheet_row.isVisibleTo(wizard)  # two sheets: the choice is offered
    assert page.mapping() == {0: "urn", 1: "name", 2: "phase", 3: "pupils", 4: "postcode"}
    assert [r.status.text() for r in page.rows] == ["Recognised"] * 5
    assert page.rows[0].combo.currentText() == "URN"
    assert wizard.next_button.isEnabled() and wizard.next_button.text() == "&Preview >"
    press_enter(qtbot, wizard)

    # Preview: the counts, and the rejected row's sheet, row, column, value and reason.
    assert wizard.current() == PREVIEW
    preview = wizard.preview_page
    assert preview.summary.text() == "2 new, 1 changed, 0 unchanged, 1 rejected"
    assert preview.skipped.text().startswith("Skipped 1 totals row.")
    tabs = [preview.tabs.tabText(i) for i in range(preview.tabs.count())]
    assert tabs == ["New (2)", "Changed (1)", "Rejected (1)", "To check (0)"]
    assert preview.tabs.currentWidget() is preview.views["rejected"]
    rejected = preview.rejected
    assert [rejected.text(0, c) for c in range(5)] == [
        "Return",
        "7",
        "A (URN)",
        "12",
        "URN is not 6 digits (or EY and digits for an early-years setting)",
    ]
    changes = preview.changes
    assert [(changes.text(r, 2), changes.text(r, 3), changes.text(r, 4)) for r in range(3)] == [
        ("Phase", "(blank)", "Primary"),
        ("Postcode", "(blank)", "OX1 1AA"),
        ("Pupils", "210", "230"),
    ]
    new = preview.new
    assert [new.text(r, 2) for r in range(new.rowCount())] == [
        "Bishop Kirk Primary",
        "Cherwell School",
    ]
    assert rows(db, "SELECT count(*) FROM import_batch") == [(0,)]  # nothing written yet

    # The rejected rows can be saved to send back to the school.
    report = tmp_path / "to fix.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(report), ""))
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    sheet = openpyxl.load_workbook(report).active
    assert sheet.cell(2, 1).value == 7 and "URN" in str(sheet.cell(1, 2).value)
    assert f"to {report}" in preview.saved.text()

    assert wizard.next_button.text() == "&Import"
    press_enter(qtbot, wizard)
    assert wizard.current() == DONE
    assert wizard.done_page.outcome.text() == "Imported: 2 new, 1 updated, 0 unchanged, 1 rejected"

    # The pages read the database again; the database has the rows and one batch.
    assert setting_names(win) == ["Abbey Primary", "Bishop Kirk Primary", "Cherwell School"]
    assert rows(db, "SELECT pupils FROM setting WHERE urn = '123456'") == [(230,)]
    assert rows(db, "SELECT file_name, new_count, rejected_count FROM import_batch") == [
        ("summer return.xlsx", 2, 1)
    ]
    press_enter(qtbot, wizard)  # Close
    qtbot.waitUntil(lambda: win.imports.wizard is None)

    # Import history -> undo.
    win.actions.import_history.trigger()
    history = win.imports.history
    assert history is not None and history.isVisible()
    assert history.model.rowCount() == 1
    assert [history.model.text(0, c) for c in (1, 2, 3, 4, 6)] == [
        "Settings register",
        "summer return.xlsx",
        "2",
        "1",
        "1",
    ]
    qtbot.mouseClick(history.undo_button, Qt.MouseButton.LeftButton)
    assert "Undo the import of summer return.xlsx" in messages.texts("question")[-1]
    assert history.status.text() == "Import undone: 2 records deleted, 1 record put back."
    assert history.model.text(0, 8) != ""  # the Undone column has its time
    assert not history.undo_button.isEnabled()
    assert setting_names(win) == ["Abbey Primary"]
    assert rows(db, "SELECT pupils, postcode FROM setting") == [(210, None)]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n", "a PDF document, not a spreadsheet"),
        (b"Dear SENCo,\nplease find our figures below.\n", "no header row found"),
    ],
    ids=["pdf", "text"],
)
def test_a_file_renamed_xlsx_is_refused_with_one_message_and_nothing_written(
    qtbot, win, db, messages, tmp_path, content, reason
):
    path = tmp_path / "return.xlsx"
    path.write_bytes(content)
    before = dump(db)
    wizard = open_wizard(qtbot, win)
    type_file(qtbot, wizard, path)
    press_enter(qtbot, wizard)
    (message,) = messages.texts("warning")
    assert message.startswith("return.xlsx cannot be imported: ")
    assert reason in message
    assert wizard.current() == FILE and wizard.isVisible()
    assert dump(db) == before

    # The wizard is still usable: a good file goes through.
    good = summer_return(tmp_path / "good.xlsx", rows=[["123457", "Larkmead", "Secondary", 5]])
    type_file(qtbot, wizard, good)
    press_enter(qtbot, wizard)
    assert wizard.current() == MAPPING


def test_a_missing_required_column_is_chosen_by_hand_and_remembered_next_time(
    qtbot, win, db, tmp_path
):
    header = ["URN", "Establishment", "Pupils", "Our notes"]
    autumn = summer_return(
        tmp_path / "autumn.xlsx", rows=[["123457", "Larkmead", 900, "x"]], header=header
    )
    wizard = open_wizard(qtbot, win)
    type_file(qtbot, wizard, autumn)
    press_enter(qtbot, wizard)
    page = wizard.mapping_page
    assert [r.status.text() for r in page.rows] == [
        "Recognised",
        "Not recognised",
        "Recognised",
        "Not recognised",
    ]
    assert page.needed.text().startswith("Still needed: Name.")
    assert not wizard.next_button.isEnabled()
    press_enter(qtbot, wizard)
    assert wizard.current() == MAPPING  # refused to go on

    establishment = page.rows[1].combo
    assert establishment.accessibleName() == "Column B, Establishment: import into"
    assert QApplication.focusWidget() is establishment  # the first column needing a decision
    qtbot.keyClicks(establishment, "Name")
    assert establishment.currentData() == "name"
    assert page.rows[1].status.text() == "Your choice"
    assert not page.needed.isVisibleTo(wizard) and wizard.next_button.isEnabled()
    # Choosing a field taken by another column moves it.
    pupils = page.rows[3].combo
    pupils.setCurrentIndex(pupils.findData("pupils"))
    assert page.rows[2].combo.currentText() == "Leave out"
    assert page.note.text() == "Pupils was on column C; column C is now left out."
    pupils.setCurrentIndex(0)
    page.rows[2].combo.setCurrentIndex(page.rows[2].combo.findData("pupils"))

    press_enter(qtbot, wizard)
    press_enter(qtbot, wizard)
    assert wizard.done_page.outcome.text() == "Imported: 1 new, 0 updated, 0 unchanged, 0 rejected"
    press_enter(qtbot, wizard)
    qtbot.waitUntil(lambda: win.imports.wizard is None)

    spring = summer_return(
        tmp_path / "spring.xlsx", rows=[["123458", "Wood Farm", 300, ""]], header=header
    )
    wizard = open_wizard(qtbot, win)
    type_file(qtbot, wizard, spring)
    press_enter(qtbot, wizard)
    assert "Mapped like last time" in wizard.mapping_page.found.text()
    assert wizard.mapping_page.mapping() == {0: "urn", 1: "name", 2: "pupils", 3: None}
    assert wizard.next_button.isEnabled()


def test_choosing_another_sheet_reads_it(qtbot, win, tmp_path):
    path = summer_return(tmp_path / "two.xlsx", rows=[["123457", "Larkmead", "Secondary", 5]])
    book = openpyxl.load_workbook(path)
    book["Notes"].append(["URN", "Name"])
    book["Notes"].append(["123459", "Wood Farm"])
    book.save(path)
    wizard = open_wizard(qtbot, win)
    type_file(qtbot, wizard, path)
    press_enter(qtbot, wizard)
    page = wizard.mapping_page
    assert page.sheet.currentText() == "Return"
    page.sheet.setCurrentText("Notes")
    page.sheet.activated.emit(page.sheet.currentIndex())
    assert "row 2 of “Notes”" in page.found.text()
    assert page.mapping() == {0: "urn", 1: "name"}
    press_enter(qtbot, wizard)
    assert wizard.preview_page.summary.text().startswith("1 new")
    assert wizard.preview_page.new.text(0, 2) == "Wood Farm"


def test_importing_the_same_file_again_says_so_and_changes_nothing(qtbot, win, db, tmp_path):
    from send_desktop.services import imports

    path = summer_return(tmp_path / "r.xlsx", rows=[["123457", "Larkmead", "Secondary", 5]])
    imports.run_import(db, path=path, kind="settings")
    wizard = open_wizard(qtbot, win)
    type_file(qtbot, wizard, path)
    press_enter(qtbot, wizard)
    assert wizard.mapping_page.before.isVisibleTo(wizard)
    assert "This same file was imported on" in wizard.mapping_page.before.text()
    press_enter(qtbot, wizard)
    assert wizard.preview_page.summary.text() == "0 new, 0 changed, 1 unchanged, 0 rejected"
    assert not wizard.next_button.isEnabled()  # nothing to import
    assert wizard.status.text() == "Nothing to import: no row is new or changed."


def test_the_preview_and_history_models_pass_the_model_tester(qtmodeltester, win, db, tmp_path):
    from send_desktop.gui.imports.history import history_columns
    from send_desktop.gui.imports.table_models import ListModel
    from send_desktop.services import imports

    path = summer_return(tmp_path / "r.xlsx")
    imports.run_import(db, path=path, kind="settings")
    history = ListModel(history_columns({}))
    history.set_rows(imports.import_history(db))
    qtmodeltester.check(history)
    wizard = win.imports.open_wizard(path)
    wizard.go_next()
    wizard.go_next()
    qtmodeltester.check(wizard.preview_page.rejected)
    qtmodeltester.check(wizard.preview_page.new)


def test_a_dfe_file_without_a_year_column_takes_one_typed_year(qtbot, win, db, tmp_path):
    from send_desktop.services import imports

    summer_return(tmp_path / "register.xlsx", rows=[["123457", "Larkmead", "Secondary", 900]])
    imports.run_import(db, path=tmp_path / "register.xlsx", kind="settings")
    book = openpyxl.Workbook()
    book.active.append(["URN", "School", "SEN support", "EHC plan"])
    book.active.append(["123457", "Larkmead", 40, "c"])
    book.save(tmp_path / "sen.xlsx")

    wizard = open_wizard(qtbot, win)
    type_file(qtbot, wizard, tmp_path / "sen.xlsx")
    wizard.file_page.set_kind("sen-school-level")
    press_enter(qtbot, wizard)
    page = wizard.mapping_page
    assert page.needed.text() == (
        "Still needed: Year. Choose the column that holds it, or type one value for every "
        "row below."
    )
    assert not page.la_row.isVisibleTo(wizard)  # no LA column: every row is kept
    assert not wizard.next_button.isEnabled()
    qtbot.keyClicks(page.fixed_edits["year"], "2023/24")
    assert wizard.next_button.isEnabled()
    press_enter(qtbot, wizard)
    new = wizard.preview_page.new
    assert [new.headerData(c, Qt.Orientation.Horizontal) for c in range(new.columnCount())] == [
        "Row",
        "Setting",
        "Year",
        "SEN support",
        "EHC plan",
    ]
    assert [new.text(0, c) for c in range(1, 5)] == [
        "Larkmead 2023/24",
        "2023/24",
        "40",
        "suppressed",
    ]
    press_enter(qtbot, wizard)
    assert rows(db, "SELECT year, sen_support, ehc_plans_suppressed FROM sen_count") == [
        ("2023/24", 40, 1)
    ]


def test_a_gias_file_keeps_the_local_authority_chosen(qtbot, win, tmp_path):
    from pathlib import Path

    gias = Path(__file__).parents[1] / "fixtures" / "gias_sample.csv"
    wizard = open_wizard(qtbot, win)
    type_file(qtbot, wizard, gias)
    wizard.file_page.set_kind("gias")
    press_enter(qtbot, wizard)
    page = wizard.mapping_page
    assert page.la_row.isVisibleTo(wizard) and page.la.text() == "931"
    # A national download: the 122 columns nobody needs start hidden.
    assert page.summary.text() == "135 columns: 13 imported, 122 left out"
    assert page.hide_left_out.isChecked()
    assert sum(r.combo.isVisibleTo(wizard) for r in page.rows) == 13
    page.hide_left_out.setChecked(False)
    assert sum(r.combo.isVisibleTo(wizard) for r in page.rows) == 135
    press_enter(qtbot, wizard)
    preview = wizard.preview_page
    assert preview.summary.text() == "0 new, 0 changed, 0 unchanged, 0 rejected"
    assert "Left out 2 rows of other local authorities." in preview.skipped.text()
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)  # to widen the choice
    assert wizard.current() == MAPPING
    page.la.clear()
    press_enter(qtbot, wizard)
    assert preview.summary.text() == "2 new, 0 changed, 0 unchanged, 0 rejected"


def test_headings_too_far_down_are_found_from_the_row_given(qtbot, win, db, messages, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Return"])
    sheet.append(["Ref", "Establishment"])  # nothing here is a heading the register knows
    sheet.append(["123457", "Larkmead"])
    book.save(tmp_path / "odd.xlsx")
    wizard = open_wizard(qtbot, win)
    type_file(qtbot, wizard, tmp_path / "odd.xlsx")
    press_enter(qtbot, wizard)
    (message,) = messages.texts("warning")
    assert message.startswith("odd.xlsx cannot be imported: no header row found")
    assert wizard.current() == FILE

    assert QApplication.focusWidget() is wizard.file_page.header_row  # ready for the row
    qtbot.keyClicks(wizard.file_page.header_row, "2")
    press_enter(qtbot, wizard)
    page = wizard.mapping_page
    assert wizard.current() == MAPPING and "row 2" in page.found.text()
    for row, name in zip(page.rows, ["urn", "name"], strict=True):
        row.combo.setCurrentIndex(row.combo.findData(name))
    press_enter(qtbot, wizard)
    press_enter(qtbot, wizard)
    assert rows(db, "SELECT urn, name FROM setting") == [("123457", "Larkmead")]
