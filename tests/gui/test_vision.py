"""Vision (issue 12): a high-contrast theme and larger text from the View menu, remembered;
at 200% text no dialog clips its labels or buttons."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from gui_helpers import make_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from test_accessibility import DIALOGS, demo_db, demo_file, settle  # noqa: F401

from send_desktop import paths
from send_desktop.gui.a11y import audit
from send_desktop.gui.a11y.focus import FocusTracker, remove_focus_ring
from send_desktop.gui.main_window import MainWindow
from send_desktop.gui.ui_state import UiState

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(autouse=True)
def app_look(qapp) -> Iterator[QApplication]:  # noqa: ANN001
    """Put the application's font, palette and style sheet back after each test."""
    font, palette, sheet = qapp.font(), qapp.palette(), qapp.styleSheet()
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)
    for name in ("sendSystemFont", "sendSystemPalette"):
        qapp.setProperty(name, None)
    remove_focus_ring(qapp)


def test_high_contrast_from_the_view_menu_is_remembered(qtbot, window: MainWindow, db):  # noqa: ANN001
    before = QApplication.palette().color(QPalette.ColorRole.Window)
    qtbot.keyClick(window.nav, Qt.Key.Key_H, CTRL | SHIFT)
    assert window.actions.high_contrast.isChecked()
    assert QApplication.palette().color(QPalette.ColorRole.Window).name() == "#000000"
    assert QApplication.palette().color(QPalette.ColorRole.Highlight).name() == "#ffff00"
    window.close()
    again = make_window(qtbot, db)
    assert again.actions.high_contrast.isChecked()
    assert QApplication.palette().color(QPalette.ColorRole.Window).name() == "#000000"
    again.actions.high_contrast.trigger()  # View → High contrast again: off
    assert QApplication.palette().color(QPalette.ColorRole.Window) == before
    assert not UiState(paths.ui_state_file()).high_contrast()
    again.close()


def test_larger_text_steps_up_to_200_percent_and_back(qtbot, window: MainWindow):
    base = QApplication.font().pointSizeF()
    nav_width = window.nav.width()
    for _ in range(6):  # one more than needed: stops at 200%
        window.actions.larger_text.trigger()
    assert QApplication.font().pointSizeF() == pytest.approx(base * 2)
    assert not window.actions.larger_text.isEnabled()
    assert window.ui_state.text_scale() == 200
    assert window.nav.width() > nav_width  # the page titles still fit
    assert "Text size 200%" in window.statusBar().currentMessage()
    qtbot.keyClick(window.nav, Qt.Key.Key_0, CTRL)
    assert QApplication.font().pointSizeF() == pytest.approx(base)


@pytest.fixture
def big_text_window(qtbot, demo_db, messages) -> Iterator[MainWindow]:  # noqa: ANN001, F811
    win = make_window(qtbot, demo_db)
    win.set_look(text_scale=200)
    yield win
    win.close()


def test_pages_fit_their_text_at_200_percent(big_text_window: MainWindow):
    window = big_text_window
    window.resize(2400, 1500)
    problems = []
    for page in window.pages:
        window.switch_to(page.key)
        settle()
        for _state in audit.tab_states(window):
            found = audit.clipped(window) + audit.clipped_headers(window)
            problems += [f"[{page.title}] {p}" for p in found]
    assert not problems, "\n".join(dict.fromkeys(problems))


@pytest.mark.parametrize("demo", DIALOGS, ids=[d.cls.__name__ for d in DIALOGS])
def test_dialogs_fit_their_text_at_200_percent(demo, big_text_window: MainWindow, qtbot):  # noqa: ANN001
    problems: list[str] = []
    made = demo.factory(big_text_window)
    states = [made] if isinstance(made, QDialog) else made
    for n, dialog in enumerate(states, start=1):
        if not dialog.isVisible():
            dialog.show()
        qtbot.waitExposed(dialog)
        settle()
        # as on a screen big enough for it (offscreen's is 800×600: too small for 200%)
        dialog.resize(QWidget.size(dialog).expandedTo(QWidget.sizeHint(dialog)))
        settle()
        problems += [f"[state {n}] {p}" for p in audit.clipped(dialog)]
    dialog.close()
    assert not problems, "\n".join(dict.fromkeys(problems))


def test_the_focus_ring_follows_the_keyboard(qtbot, window: MainWindow, app_look):  # noqa: ANN001
    window.set_look()  # as the app starts: the ring is installed with the look
    tracker = app_look.findChild(FocusTracker)
    window.switch_to("settings")
    window.find()
    qtbot.waitUntil(lambda: tracker.ring.widget() is QApplication.focusWidget())
    assert tracker.ring.isVisible()
    assert tracker.ring.geometry().contains(QApplication.focusWidget().geometry())
