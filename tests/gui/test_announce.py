"""Status changes reach screen readers: shown in words and sent as an accessible alert."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel

from send_desktop.gui.a11y import announce as announce_module
from send_desktop.gui.a11y.announce import announce, announced
from send_desktop.gui.main_window import MainWindow


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, object]]:
    seen: list[tuple[object, object]] = []

    class Recorder:
        Event = QAccessible.Event

        @staticmethod
        def updateAccessibility(event) -> None:  # noqa: ANN001, N802
            seen.append((event.object(), event.type()))

    monkeypatch.setattr(announce_module, "QAccessible", Recorder)
    return seen


def test_a_message_goes_to_the_status_bar_and_is_alerted(window: MainWindow, events):
    announce(window.nav, "Import finished. 3 new, 1 updated.")
    assert window.statusBar().currentMessage() == "Import finished. 3 new, 1 updated."
    assert (window.statusBar(), QAccessible.Event.Alert) in events
    assert announced(window) == ["Import finished. 3 new, 1 updated."]


def test_a_page_message_label_is_named_and_alerted(window: MainWindow, events):
    label = QLabel()
    window.statusBar().addWidget(label)
    announce(label, "Allocated 4 settings.", label=label)
    assert label.text() == "Allocated 4 settings."
    assert label.accessibleName() == "Allocated 4 settings."
    assert (label, QAccessible.Event.Alert) in events
    assert announced(window)[-1] == "Allocated 4 settings."


def test_status_messages_go_through_announce():
    """A status message shown with showMessage is seen but not heard: use announce()."""
    gui = Path(announce_module.__file__).resolve().parents[1]
    found = [
        f"{path.relative_to(gui)}:{n}"
        for path in sorted(gui.rglob("*.py"))
        if path.name != "announce.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ".showMessage(" in line
    ]
    assert not found, "use send_desktop.gui.a11y.announce.announce instead:\n" + "\n".join(found)
