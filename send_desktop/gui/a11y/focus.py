"""A visible focus indicator on every control: a 2-pixel ring in the highlight colour (yellow
in the high-contrast theme) drawn round whichever widget has the keyboard focus.

One ``FocusRing`` follows ``QApplication.focusChanged``; it is a ``QFocusFrame``, so Qt keeps it
round the widget as it moves or resizes, and it never takes clicks. Styling each control's
``:focus`` in the style sheet would replace the system look of every button and box.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QFocusFrame,
    QScrollBar,
    QTabBar,
    QWidget,
)
from shiboken6 import isValid

WIDTH = 2
_COMPOSITE = (QComboBox, QAbstractSpinBox, QCalendarWidget)


class FocusRing(QFocusFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.colour: QColor | None = None  # None: the palette's highlight

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.widget() is None:
            return
        painter = QPainter(self)
        colour = self.colour or self.palette().highlight().color()
        painter.setPen(QPen(colour, WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = WIDTH // 2
        painter.drawRect(self.rect().adjusted(half, half, -half - 1, -half - 1))


class FocusTracker(QObject):
    """Moves the ring to the focused widget (none for menus and popups)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.ring = FocusRing()
        app.focusChanged.connect(self._moved)

    def _moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not isValid(self.ring):  # went with the window it was last shown in
            self.ring = FocusRing()
        if new is None or new.window().windowType() == Qt.WindowType.Popup:
            self.ring.setWidget(None)
            self.ring.hide()
            return
        self.ring.setWidget(new)
        self.ring.show()
        self.ring.raise_()


_installed: list[FocusTracker] = []  # the app's tracker (findChild costs 5 ms at start-up)


def _tracker_of(app: QApplication) -> FocusTracker | None:
    for tracker in _installed:
        if isValid(tracker) and tracker.parent() is app:
            return tracker
    return None


def install_focus_ring(app: QApplication) -> FocusTracker:
    tracker = _tracker_of(app)
    if tracker is None:
        tracker = FocusTracker(app)
        _installed[:] = [tracker]
    if not isValid(tracker.ring):
        tracker.ring = FocusRing()
    return tracker


def remove_focus_ring(app: QApplication) -> None:
    tracker = _tracker_of(app)
    if tracker is None:
        return
    _installed.clear()
    app.focusChanged.disconnect(tracker._moved)
    if isValid(tracker.ring):
        tracker.ring.setWidget(None)
        tracker.ring.deleteLater()
    tracker.setParent(None)
    tracker.deleteLater()


def in_order(root: QWidget, first: list[QWidget]) -> list[QWidget]:
    """A page's Tab order: ``first`` as given, then every other control that takes Tab, in the
    order they were made (top to bottom as the page is built), parts of composite controls
    left to their owner."""
    seen = set(first)
    rest = []
    for widget in root.findChildren(QWidget):
        if widget in seen or widget.focusProxy() is not None:
            continue
        if not widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value:
            continue
        parent = widget.parentWidget()
        while parent is not None and parent is not root:
            if isinstance(parent, (*_COMPOSITE, QTabBar)):
                break
            parent = parent.parentWidget()
        if parent is not None and parent is not root:
            continue
        if isinstance(widget, QScrollBar | QTabBar):
            continue
        rest.append(widget)
    return [*first, *rest]
