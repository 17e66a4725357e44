"""File → Export…, Cohort pack… and Return template… as a programme lead uses them: what is
on screen goes to the file, the pack is a PDF about the chosen cohort, the template is written."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from gui_helpers import add_settings
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from send_desktop.gui.exports import visible_keys
from send_desktop.gui.tasks import ImmediatePool


class SaveAs:
    """Stands in for the save dialog: answers with ``path`` and records what was offered."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offered: list[str] = []

    def __call__(self, parent, caption, directory="", filters="", *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN204
        self.offered.append(directory)
        return str(self.path), filters


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()) or True
    )
    return urls


@pytest.fixture
def win(window):  # noqa: ANN001, ANN201
    window.tasks.pool = ImmediatePool()
    return window


def save_as(monkeypatch: pytest.MonkeyPatch, path: Path) -> SaveAs:
    fake = SaveAs(path)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    return fake


def click_ok(qtbot, dialog) -> None:  # noqa: ANN001
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_export_writes_the_filtered_sorted_rows_and_the_visible_columns_in_header_order(
    qtbot, win, db, messages, tmp_path, monkeypatch, opened
):
    add_settings(
        db,
        ("Abbey Primary", "123001", 210),
        ("Abbey Nursery", "123002", 40),
        ("Bishop School", "123003", 1200),
        ("Cherry Primary", "123004", 95),
    )
    win.switch_to("settings")
    page = win.current_table()
    page.ensure_loaded()
    assert page.visible_row_count() == 4
    qtbot.keyClicks(page.search, "primary")
    qtbot.waitUntil(lambda: page.visible_row_count() == 2)
    page.sort_by("name", descending=True)
    page.set_column_visible("type", False)
    header = page.view.horizontalHeader()
    pupils = page.model.table.column_index("pupils")
    header.moveSection(header.visualIndex(pupils), 0)  # dragged to the far left

    target = tmp_path / "out" / "settings.xlsx"
    target.parent.mkdir()
    dialog = save_as(monkeypatch, target)
    win.actions.export.trigger()

    assert Path(dialog.offered[0]).name.startswith("settings-")
    assert dialog.offered[0].endswith(".xlsx")
    assert target.exists()
    sheet = openpyxl.load_workbook(target).worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == ["Pupils", "URN", "Name", "Phase", "Town", "Postcode"]
    assert [(r[0], r[1], r[2]) for r in values[1:]] == [
        (95, "123004", "Cherry Primary"),
        (210, "123001", "Abbey Primary"),
    ]
    assert win.statusBar().currentMessage() == f"Exported 2 settings to {target}"
    assert win.exports.open_button.isVisible()
    qtbot.mouseClick(win.exports.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(target)]
    assert messages.shown == []

    # The next save offers the folder used last.
    again = save_as(monkeypatch, tmp_path / "out" / "again.xlsx")
    win.actions.export.trigger()
    assert Path(again.offered[0]).parent == target.parent


def test_export_to_a_missing_folder_says_which_file_and_leaves_nothing(
    qtbot, win, db, messages, tmp_path, monkeypatch
):
    add_settings(db, ("Abbey Primary", "123001", 210))
    win.switch_to("settings")
    target = tmp_path / "no such folder" / "settings.xlsx"
    save_as(monkeypatch, target)
    win.actions.export.trigger()
    assert not target.exists()
    [text] = messages.texts("warning")
    assert str(target) in text
    assert win.statusBar().currentMessage() == ""


def test_cohort_pack_keeps_the_dialog_open_until_the_passwords_match_then_writes_the_pdf(
    qtbot, win, seeded, messages, tmp_path, monkeypatch, opened
):
    target = tmp_path / "pack.pdf"
    save_as(monkeypatch, target)
    win.actions.cohort_pack.trigger()
    dialog = win.exports.pack_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.chosen_cohort() == "Cohort 9"
    qtbot.keyClicks(dialog.password, "s3cret-pack")
    qtbot.keyClicks(dialog.repeat, "s3crte-pack")
    click_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert "not the same" in dialog.problem.text()
    assert not target.exists()

    dialog.password.clear()
    dialog.repeat.clear()
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: win.exports.pack_dialog is None)
    assert target.exists()
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Cohort 9" in text
    assert win.exports.open_button.text() == "Open PDF"
    win.exports.open_button.click()
    assert opened == [str(target)]
    assert messages.shown == []


def test_cohort_pack_with_a_password_is_encrypted(qtbot, win, seeded, tmp_path, monkeypatch):
    target = tmp_path / "locked.pdf"
    save_as(monkeypatch, target)
    win.actions.cohort_pack.trigger()
    dialog = win.exports.pack_dialog
    qtbot.keyClicks(dialog.password, "s3cret-pack")
    qtbot.keyClicks(dialog.repeat, "s3cret-pack")
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: target.exists())
    reader = PdfReader(target)
    assert reader.is_encrypted
    assert reader.decrypt("s3cret-pack")
    assert "Cohort 9" in "\n".join(page.extract_text() for page in reader.pages)


def test_cohort_pack_with_no_cohorts_says_so(qtbot, win, messages, tmp_path, monkeypatch):
    fake = save_as(monkeypatch, tmp_path / "pack.pdf")
    win.actions.cohort_pack.trigger()
    assert win.exports.pack_dialog is None
    [text] = messages.texts("warning")
    assert "no TIRP cohorts" in text
    assert fake.offered == []


def test_return_template_is_written_prefilled_or_blank(
    qtbot, win, seeded, messages, tmp_path, monkeypatch
):
    win.switch_to("dashboard")
    target = tmp_path / "return.xlsx"
    save_as(monkeypatch, target)
    win.actions.return_template.trigger()
    dialog = win.exports.template_dialog
    assert dialog.chosen_template() == "settings-return"
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: win.exports.template_dialog is None)
    sheet = openpyxl.load_workbook(target)["Return"]
    names = [r[1] for r in sheet.iter_rows(min_row=2, values_only=True) if r[1]]
    assert names == ["Abbey Primary", "Bishop School", "Cherry Nursery"]

    blank = tmp_path / "blank.xlsx"
    save_as(monkeypatch, blank)
    win.actions.return_template.trigger()
    dialog = win.exports.template_dialog
    dialog.blank.setChecked(True)
    click_ok(qtbot, dialog)
    sheet = openpyxl.load_workbook(blank)["Return"]
    assert [r for r in sheet.iter_rows(min_row=2, values_only=True) if any(r)] == []
    assert win.statusBar().currentMessage() == f"Return template saved to {blank}"
    assert messages.shown == []


@pytest.mark.parametrize(
    "key", ["settings", "people", "cohorts", "waitlist", "pathways", "outreach", "actions"]
)
def test_every_table_page_exports_its_rows(
    qtbot, win, seeded, messages, tmp_path, monkeypatch, key
):
    win.switch_to(key)
    page = win.current_table()
    page.ensure_loaded()
    target = tmp_path / f"{key}.xlsx"
    save_as(monkeypatch, target)
    win.actions.export.trigger()
    sheet = openpyxl.load_workbook(target).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + page.visible_row_count()
    assert list(rows[0]) == [
        page.model.table.columns[page.model.table.column_index(k)].title for k in visible_keys(page)
    ]
    assert messages.shown == []


def test_export_is_off_where_there_is_no_table(win):
    win.switch_to("dashboard")
    assert not win.actions.export.isEnabled()
    win.switch_to("settings")
    assert win.actions.export.isEnabled()
    assert win.actions.export.shortcut().toString() == "Ctrl+E"


def test_export_runs_off_the_ui_thread_with_the_real_pool(
    qtbot, window, db, messages, tmp_path, monkeypatch
):
    add_settings(db, ("Abbey Primary", "123001", 210), ("Bishop School", "123002", 1200))
    window.switch_to("settings")
    target = tmp_path / "threaded.xlsx"
    save_as(monkeypatch, target)
    window.actions.export.trigger()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    assert window.statusBar().currentMessage() == f"Exported 2 settings to {target}"
    assert len(list(openpyxl.load_workbook(target).worksheets[0].iter_rows())) == 3


def _shown_settings(qtbot, win, db) -> None:  # noqa: ANN001
    add_settings(
        db,
        ("Abbey Primary", "123001", 210),
        ("Bishop School", "123003", 1200),
        ("Cherry Primary", "123004", 95),
    )
    win.switch_to("settings")
    page = win.current_table()
    page.ensure_loaded()
    qtbot.keyClicks(page.search, "primary")
    qtbot.waitUntil(lambda: page.visible_row_count() == 2)


def test_export_as_pdf_prints_what_is_shown(qtbot, win, db, messages, tmp_path, monkeypatch):
    _shown_settings(qtbot, win, db)
    target = tmp_path / "settings.pdf"
    save_as(monkeypatch, target)
    win.actions.export.trigger()
    text = " ".join(PdfReader(target).pages[0].extract_text().split())
    assert "Abbey Primary" in text and "Cherry Primary" in text
    assert "Bishop School" not in text
    assert "Only rows matching the search “primary”" in text
    assert win.statusBar().currentMessage() == f"Exported 2 settings to {target}"
    assert messages.shown == []


def test_export_with_password_needs_a_password_and_encrypts_the_workbook(
    qtbot, win, db, messages, tmp_path, monkeypatch
):
    import io

    import msoffcrypto

    _shown_settings(qtbot, win, db)
    target = tmp_path / "settings.xlsx"
    save_as(monkeypatch, target)
    win.actions.export_protected.trigger()
    dialog = win.exports.password_dialog
    assert dialog is not None and dialog.isVisible()
    click_ok(qtbot, dialog)  # no password typed
    assert dialog.isVisible() and "Type a password" in dialog.passwords.problem.text()
    qtbot.keyClicks(dialog.passwords.password, "Tr1rp")
    qtbot.keyClicks(dialog.passwords.repeat, "Tr1rp")
    click_ok(qtbot, dialog)  # too short to resist guessing
    assert dialog.isVisible() and "at least 8 characters" in dialog.passwords.problem.text()
    for field in (dialog.passwords.password, dialog.passwords.repeat):
        field.setText("Tr1rp-2026")
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: win.exports.password_dialog is None)
    with target.open("rb") as fh:
        office = msoffcrypto.OfficeFile(fh)
        assert office.is_encrypted()
        office.load_key(password="Tr1rp-2026")
        plain = io.BytesIO()
        office.decrypt(plain)
    rows = list(openpyxl.load_workbook(plain).worksheets[0].iter_rows(values_only=True))
    assert {r[1] for r in rows[1:]} == {"Abbey Primary", "Cherry Primary"}
    assert win.statusBar().currentMessage().endswith("(password protected)")
    assert messages.shown == []


def test_print_opens_the_shown_rows_as_a_pdf(qtbot, win, db, messages, home, opened):
    _shown_settings(qtbot, win, db)
    win.actions.print_table.trigger()
    [path] = opened
    assert Path(path).parent == home / "printouts"
    text = " ".join(PdfReader(path).pages[0].extract_text().split())
    assert "Abbey Primary" in text and "Bishop School" not in text
    assert "in your PDF viewer to print" in win.statusBar().currentMessage()
    assert messages.shown == []


def test_the_export_folder_is_remembered_by_the_next_window(qtbot, win, db, tmp_path, monkeypatch):
    from send_desktop.gui.main_window import MainWindow

    _shown_settings(qtbot, win, db)
    folder = tmp_path / "shared drive"
    folder.mkdir()
    save_as(monkeypatch, folder / "settings.xlsx")
    win.actions.export.trigger()
    win.ui_state.sync()
    later = MainWindow(db, type(win.ui_state)(win.ui_state.path))
    qtbot.addWidget(later)
    later.tasks.pool = ImmediatePool()
    later.switch_to("settings")
    offered = save_as(monkeypatch, folder / "again.xlsx")
    later.actions.export.trigger()
    assert Path(offered.offered[0]).parent == folder


def test_cohort_pack_for_one_session(qtbot, win, seeded, db, tmp_path, monkeypatch):
    from datetime import date

    from send_desktop.storage.models import CohortSession

    [(cohort_id,)] = db.query("SELECT id FROM cohort WHERE name = 'Cohort 9'")
    with db.transaction() as s:
        s.add_all(
            CohortSession(cohort_id=cohort_id, seq=n, title=f"Day {n}", held_on=date(2030, n, 5))
            for n in (1, 2)
        )
    target = tmp_path / "day2.pdf"
    offered = save_as(monkeypatch, target)
    win.actions.cohort_pack.trigger()
    dialog = win.exports.pack_dialog
    labels = [dialog.session.itemText(i) for i in range(dialog.session.count())]
    assert labels == [
        "Every session (the whole pack)",
        "Only Session 1 · 05/01/2030 · Day 1",
        "Only Session 2 · 05/02/2030 · Day 2",
    ]
    dialog.session.setCurrentIndex(2)
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: target.exists())
    assert "-session-2-" in Path(offered.offered[0]).name
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert text.count("Signature") == 1 and "Pack for Day 2" in text
