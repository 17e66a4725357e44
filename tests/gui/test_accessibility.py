"""The accessibility walker (issue 12): every page of the window and every dialog the app can
open, on the demo database, must give each focusable widget an accessible name, let Tab
reach every input of a dialog, show no status by colour alone and give tables headers.

A new dialog class fails ``test_every_dialog_class_is_registered`` until it is registered
with a demo factory: see ``send_desktop/gui/a11y/registry.py``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_helpers import make_window
from PySide6.QtWidgets import QApplication, QDialog

import send_desktop.gui
from send_desktop.gui.a11y import audit
from send_desktop.gui.a11y.registry import exempted, is_covered, registered
from send_desktop.gui.main_window import MainWindow
from send_desktop.services.demo import build_demo
from send_desktop.storage.database import Database, open_database


def _import_every_gui_module() -> list[type[QDialog]]:
    """Import every module of send_desktop.gui (registering their demo dialogs) and return
    the QDialog subclasses they define."""
    classes = []
    for info in pkgutil.walk_packages(send_desktop.gui.__path__, "send_desktop.gui."):
        module = importlib.import_module(info.name)
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, QDialog) and obj.__module__ == info.name:
                classes.append(obj)
    return classes


DIALOG_CLASSES = _import_every_gui_module()
DIALOGS = registered()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    build_demo(path).close()
    return path


@pytest.fixture
def demo_db(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, path)
    database = open_database(path)
    yield database
    database.close()


@pytest.fixture
def demo_window(qtbot, demo_db: Database, messages) -> Iterator[MainWindow]:  # noqa: ANN001
    win = make_window(qtbot, demo_db)
    yield win
    win.close()


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def test_every_dialog_class_is_registered():
    missing = [
        f"{cls.__module__}.{cls.__qualname__}" for cls in DIALOG_CLASSES if not is_covered(cls)
    ]
    assert not missing, (
        "These dialogs are not in the accessibility walker. Register each with a demo "
        "factory (see send_desktop/gui/a11y/registry.py):\n  " + "\n  ".join(missing)
    )


def test_registry_finds_the_dialogs():
    names = {d.cls.__name__ for d in DIALOGS} | {c.__name__ for c in exempted()}
    assert {"SettingDialog", "ImportWizard", "AllocateDialog", "ShortcutsDialog"} <= names


def _walk_pages(window: MainWindow) -> list[str]:
    problems = []
    for page in window.pages:
        window.switch_to(page.key)
        settle()
        for problem in audit.audit(window):
            problems.append(f"[{page.title}] {problem}")
    return problems


def test_every_page_on_the_demo_database(demo_window: MainWindow):
    problems = _walk_pages(demo_window)
    assert not problems, "\n".join(problems)


def test_every_page_when_empty(window: MainWindow):
    problems = _walk_pages(window)
    assert not problems, "\n".join(problems)


def test_tab_goes_round_every_page(demo_window: MainWindow):
    """From the navigation, Tab reaches every control of the page shown (each tab of it)."""
    window = demo_window
    problems = []
    for page in window.pages:
        window.switch_to(page.key)
        settle()
        for _state in audit.tab_states(window):
            window.nav.setFocus()
            found = audit.tab_order(window, reading_order=False)  # panels, scrolling: by hand
            problems += [f"[{page.title}] {p}" for p in found]
    assert not problems, "\n".join(dict.fromkeys(problems))


def _states(demo, window: MainWindow) -> Iterator[QDialog]:  # noqa: ANN001
    made = demo.factory(window)
    if isinstance(made, QDialog):
        yield made
    else:
        yield from made


@pytest.mark.parametrize("demo", DIALOGS, ids=[d.cls.__name__ for d in DIALOGS])
def test_every_dialog(demo, demo_window: MainWindow, qtbot):  # noqa: ANN001
    problems: list[str] = []
    shown = None
    for n, dialog in enumerate(_states(demo, demo_window), start=1):
        shown = dialog
        if not dialog.isVisible():
            dialog.show()
        qtbot.waitExposed(dialog)
        settle()
        if not dialog.windowTitle().strip():  # the first thing a screen reader says
            problems.append(f"[{demo.cls.__name__} state {n}] the dialog has no window title")
        for problem in [*audit.audit(dialog), *audit.tab_order(dialog)]:
            line = f"[{demo.cls.__name__} state {n}] {problem}"
            if line not in problems:
                problems.append(line)
    assert shown is not None, f"{demo.name}: the factory opened nothing"
    shown.close()
    assert not problems, "\n".join(problems)
