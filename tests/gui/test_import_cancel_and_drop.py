"""The wizard on real worker threads: Cancel while saving writes nothing; a file dropped on
the window opens the wizard with it; long previews are shown without building every row."""

from __future__ import annotations

import threading
from pathlib import Path

from gui_helpers import add_settings
from import_helpers import dump, open_wizard, press_enter, summer_return, synchronous, type_file
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from send_desktop.gui.imports import jobs
from send_desktop.gui.imports.wizard import CANCELLED, FILE, MAPPING, PREVIEW
from send_desktop.services import imports


def test_cancel_while_saving_leaves_the_database_unchanged(
    qtbot, window, db, tmp_path, monkeypatch
):
    add_settings(db, ("Abbey Primary", "123456", 210))
    path = summer_return(tmp_path / "summer.xlsx")
    reached, release = threading.Event(), threading.Event()
    real_commit = imports.commit_import

    def commit_held_while_saving(db, *, progress, cancel, **kw):  # noqa: ANN001, ANN003, ANN202
        def hold(fraction: float, message: str) -> None:
            progress(fraction, message)
            if 0.7 <= fraction < 1.0 and not reached.is_set():  # rows are being written
                reached.set()
                release.wait(10)

        return real_commit(db, progress=hold, cancel=cancel, **kw)

    monkeypatch.setattr(imports, "commit_import", commit_held_while_saving)
    before = dump(db)
    wizard = open_wizard(qtbot, window)  # the window's own runner: real worker threads
    type_file(qtbot, wizard, path)
    press_enter(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.current() == MAPPING)
    press_enter(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.current() == PREVIEW)

    press_enter(qtbot, wizard)  # Import
    qtbot.waitUntil(reached.is_set)
    (task,) = window.tasks.running_tasks()
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible())
    assert task.dialog.bar.value() >= 700  # what the job said last is shown
    qtbot.mouseClick(task.dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert "Cancelling" in task.dialog.label.text()
    release.set()

    qtbot.waitUntil(lambda: wizard.status.text() == CANCELLED)
    assert wizard.current() == PREVIEW and wizard.next_button.isEnabled()  # can try again
    assert task.state == "cancelled" and not window.tasks.busy
    assert dump(db) == before


def _drag(window, path: Path, mime: QMimeData) -> tuple[QDragEnterEvent, QDropEvent]:  # noqa: ANN001
    """A drag entering the window and its drop (``mime`` must outlive both events)."""
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    centre = window.rect().center()
    action = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        QPoint(centre), action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    drop = QDropEvent(
        QPointF(centre), action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    return enter, drop


def test_a_file_dropped_on_the_window_opens_the_wizard_with_it(qtbot, window, tmp_path):
    synchronous(window)
    path = summer_return(tmp_path / "dropped return.xlsx")
    mime = QMimeData()
    enter, drop = _drag(window, path, mime)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, drop)
    wizard = window.imports.wizard
    assert wizard is not None and wizard.isVisible()
    assert wizard.current() == FILE and wizard.file_page.file() == path
    press_enter(qtbot, wizard)
    assert wizard.current() == MAPPING


def test_folders_and_several_files_are_not_taken(window, tmp_path):
    folder = QMimeData()
    enter, _drop = _drag(window, tmp_path, folder)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()
    mime = QMimeData()
    a, b = summer_return(tmp_path / "a.xlsx"), summer_return(tmp_path / "b.xlsx")
    mime.setUrls([QUrl.fromLocalFile(str(a)), QUrl.fromLocalFile(str(b))])
    several = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    several.ignore()
    QApplication.sendEvent(window, several)
    assert not several.isAccepted()
    assert window.imports.wizard is None


class CountingList(list):
    """A list that remembers which items were read."""

    def __init__(self, items: list) -> None:
        super().__init__(items)
        self.read: set[int] = set()

    def __getitem__(self, i):  # noqa: ANN001, ANN204
        self.read.add(i)
        return super().__getitem__(i)


def test_a_long_preview_reads_only_the_rows_on_screen(qtbot, window, tmp_path, monkeypatch):
    synchronous(window)
    path = tmp_path / "big.csv"
    lines = ["URN,Name,Pupils"] + [f"{200000 + i},School {i},{i % 900}" for i in range(20_000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    real_preview = jobs.preview
    shown: list[CountingList] = []

    def counted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        tables = real_preview(*args, **kwargs)
        tables.new = CountingList(tables.new)
        shown.append(tables.new)
        return tables

    monkeypatch.setattr(jobs, "preview", counted)
    wizard = open_wizard(qtbot, window)
    type_file(qtbot, wizard, path)
    press_enter(qtbot, wizard)
    press_enter(qtbot, wizard)
    assert wizard.current() == PREVIEW
    page = wizard.preview_page
    assert page.summary.text() == "20,000 new, 0 changed, 0 unchanged, 0 rejected"
    assert page.new.rowCount() == 20_000 and page.tabs.tabText(0) == "New (20,000)"
    qtbot.waitUntil(lambda: bool(shown[0].read))  # painted
    assert len(shown[0].read) < 100
    assert page.new.text(19_999, 2) == "School 19999"
