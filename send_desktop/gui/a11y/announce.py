"""Status changes said out loud: shown in the status bar (or a message label) and sent to
screen readers as an accessible alert, so "Import finished" or "3 conflicts" is heard, not
only seen.

``announce(widget, message)`` is the one call: from any widget it finds the main window's
status bar; a page's own message label can be passed as ``label``.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QStatusBar, QWidget

MESSAGE_MS = 30_000
HISTORY = 50


def _alert(target: QWidget) -> None:
    for kind in (QAccessible.Event.NameChanged, QAccessible.Event.Alert):
        QAccessible.updateAccessibility(QAccessibleEvent(target, kind))


def _status_bar(widget: QWidget | None) -> QStatusBar | None:
    window = widget.window() if widget is not None else None
    while window is not None and not isinstance(window, QMainWindow):
        parent = window.parentWidget()
        window = parent.window() if parent is not None else None
    return window.statusBar() if isinstance(window, QMainWindow) else None


def announce(
    widget: QWidget | None,
    message: str,
    *,
    label: QLabel | None = None,
    timeout_ms: int = MESSAGE_MS,
) -> None:
    """Show ``message`` (in ``label`` if given, else the status bar) and alert screen readers."""
    if label is not None:
        label.setText(message)
        label.setAccessibleName(message)
        _alert(label)
    bar = _status_bar(widget if widget is not None else label)
    if bar is not None:
        if label is None:
            bar.showMessage(message, timeout_ms)
        bar.setAccessibleDescription(message)
        spoken = bar.property("announced") or []
        bar.setProperty("announced", [*list(spoken), message][-HISTORY:])
        if label is None:
            _alert(bar)


def announced(widget: QWidget) -> list[str]:
    """What was announced in ``widget``'s main window, oldest first (for tests)."""
    bar = _status_bar(widget)
    return list(bar.property("announced") or []) if bar is not None else []
