"""Checks the accessibility walker runs on every page and dialog. Each returns a list of
problems in words (empty when all is well), naming the widget so it can be found.

- ``unnamed``: a focusable widget a screen reader would announce without a name. The name
  is what ``QAccessible`` reports (a label's buddy counts; a tooltip or placeholder does
  not: Qt reports those as the description). A combo box needs ``setAccessibleName``:
  without one Qt reports its current value as its name.
- ``tab_order``: Tab from the first input must reach every enabled input of a dialog and come
  back round without getting stuck (a text box that takes Tab, a table moving cell by cell).
- ``colour_only``: status shown by colour alone. The convention: a cell with a colour or an
  icon (background, foreground or decoration role) also has text (display or
  accessible-text role); a custom delegate on a view declares ``renders_text = True`` (it
  paints the cell's text as well as any colour, see ``StatusDelegate``); a coloured widget
  (a style sheet with a background or border) has words (text or an accessible name).
- ``headerless``: a table or tree whose shown columns do not all have header text.
- ``clipped``: labels and buttons whose text needs more room than they were given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QAccessible, QBrush, QColor, QIcon, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QHeaderView,
    QItemDelegate,
    QLabel,
    QRadioButton,
    QStyledItemDelegate,
    QTabBar,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

Focus = Qt.FocusPolicy
_INNER_OF = (QComboBox, QAbstractSpinBox, QCalendarWidget)  # their children are parts
_VALUE_NAMED = (QComboBox,)  # Qt falls back to the current value as the name
# A coloured shape: a background or border colour (coloured text with no text shows nothing).
_COLOUR = re.compile(r"(^|[;{\s])(background(-color)?|border(-color)?)\s*:", re.IGNORECASE)
_PLAIN_DELEGATES = (QStyledItemDelegate, QItemDelegate)
MAX_ROWS = 200  # cells looked at per view
STUCK_AFTER = 8  # Tab presses that may stay in one widget (a date edit's sections)


# -- describing ----------------------------------------------------------------------------
def describe(widget: QWidget) -> str:
    """``QLineEdit#search (placeholder 'Search settings') in 'New setting'``."""
    kind = type(widget).__name__
    name = widget.objectName()
    bits = [f"{kind}#{name}" if name and not name.startswith("qt_") else kind]
    for attr, label in (("text", "text"), ("placeholderText", "placeholder")):
        getter = getattr(widget, attr, None)
        if callable(getter):
            value = getter()
            if isinstance(value, str) and value.strip():
                bits.append(f"({label} {value.strip()[:40]!r})")
                break
    if widget.toolTip():
        bits.append(f"(tooltip {widget.toolTip()[:40]!r})")
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if parent.accessibleName():
            bits.append(f"in {parent.accessibleName()!r}")
            break
        parent = parent.parentWidget()
    window = widget.window()
    bits.append(f"on {window.windowTitle() or type(window).__name__!r}")
    return " ".join(bits)


def accessible_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


# -- which widgets ---------------------------------------------------------------------------
def _is_part(widget: QWidget, root: QWidget) -> bool:
    """Inside a combo box, spin box or calendar (announced as that control)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root.parentWidget():
        if isinstance(parent, _INNER_OF):
            return True
        parent = parent.parentWidget()
    return False


def focusable(root: QWidget, *, tab_only: bool = False) -> list[QWidget]:
    """Shown widgets that take the keyboard focus (parts of composite controls excluded)."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        policy = widget.focusPolicy()
        if policy == Focus.NoFocus or (tab_only and not policy.value & Focus.TabFocus.value):
            continue
        if widget.focusProxy() is not None or not widget.isVisible() or widget.isWindow():
            continue
        if widget.window() is not root.window() or _is_part(widget, root):
            continue
        found.append(widget)
    return found


def tab_states(root: QWidget) -> Iterator[None]:
    """Show every tab of every tab widget under ``root`` in turn (then put them back)."""
    yield None
    for tabs in root.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        was = tabs.currentIndex()
        for i in range(tabs.count()):
            if i != was and tabs.isTabEnabled(i):
                tabs.setCurrentIndex(i)
                QApplication.processEvents()
                yield None
        tabs.setCurrentIndex(was)


# -- the checks ------------------------------------------------------------------------------
def unnamed(root: QWidget) -> list[str]:
    problems = []
    for widget in focusable(root):
        if isinstance(widget, _VALUE_NAMED):
            if not widget.accessibleName().strip():
                problems.append(f"no accessible name (setAccessibleName): {describe(widget)}")
            continue
        if isinstance(widget, QTabBar):
            for i in range(widget.count()):
                if not widget.tabText(i).replace("&", "").strip():
                    problems.append(f"tab {i} has no text: {describe(widget)}")
            continue
        if not accessible_name(widget):
            problems.append(
                f"no accessible name (setAccessibleName or a label's buddy): {describe(widget)}"
            )
    return problems


def _owner(widget: QWidget | None) -> QWidget | None:
    """The control a focused part belongs to (an editable combo box's line edit...)."""
    found = widget
    parent = widget.parentWidget() if widget is not None else None
    while parent is not None:
        if isinstance(parent, _INNER_OF):
            found = parent
        parent = parent.parentWidget()
    return found


def tab_order(dialog: QWidget, *, reading_order: bool = True) -> list[str]:
    """Press Tab round the dialog and list the inputs it never reaches (or where it sticks)."""
    dialog.activateWindow()
    QApplication.processEvents()
    # click-only inputs are missed; a selectable label is read, not typed into
    inputs = [w for w in focusable(dialog) if w.isEnabled() and not isinstance(w, QLabel)]
    stops = [w for w in inputs if w.focusPolicy().value & Focus.TabFocus.value]
    if not stops:
        return []
    start = _owner(QApplication.focusWidget())
    if start is None or start not in stops:
        start = stops[0]
        start.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        start = _owner(QApplication.focusWidget()) or start
    problems: list[str] = []
    reached = [start]
    current, stuck = start, 0
    for _ in range(2 * len(stops) + STUCK_AFTER + 4):
        QTest.keyClick(QApplication.focusWidget() or current, Qt.Key.Key_Tab)
        QApplication.processEvents()
        nxt = _owner(QApplication.focusWidget())
        if nxt is current:  # a date edit tabs through its sections first
            stuck += 1
            if stuck < STUCK_AFTER or len(stops) == 1:
                continue
            hint = (
                "setTabKeyNavigation(False)"
                if isinstance(current, QAbstractItemView)
                else "setTabChangesFocus(True)"
            )
            problems.append(f"Tab stays in {describe(current)} ({hint})")
            break
        stuck = 0
        if nxt is None or not (nxt is dialog or dialog.isAncestorOf(nxt)):
            problems.append(f"Tab leaves the dialog after {describe(current)}")
            break
        if nxt is start:
            break
        reached.append(nxt)
        current = nxt
    if reading_order:
        problems += _backward_jumps([*reached, start])  # round to the start: one wrap
    groups = {_radio_group(w) for w in reached if _radio_group(w) is not None}
    for widget in inputs:
        if widget in reached:
            continue
        group = _radio_group(widget)
        if group is not None and group in groups:
            continue  # Tab stops on one button of a group; the arrow keys choose within it
        problems.append(f"Tab never reaches {describe(widget)}")
    return problems


def _backward_jumps(order: list[QWidget]) -> list[str]:
    """Tab should read like the dialog: down, or right along a row. A step back up (not into a
    column to the right) is out of reading order; once round, from the last control back to
    the first, is the wrap, not a jump."""
    problems = []
    wrapped = False
    for before, after in zip(order, order[1:], strict=False):
        a = before.mapToGlobal(before.rect().topLeft())
        b = after.mapToGlobal(after.rect().topLeft())
        if b.y() < a.y() - before.height() // 2 and b.x() <= a.x() + 4:
            if not wrapped:
                wrapped = True
                continue
            problems.append(
                f"Tab goes back up from {describe(before)} to {describe(after)} (reading order)"
            )
    return problems


def _radio_group(widget: QWidget) -> object | None:
    """The exclusive group a radio button belongs to (its button group, or its parent)."""
    if not isinstance(widget, QRadioButton):
        return None
    if widget.group() is not None:
        return widget.group()
    return widget.parentWidget() if widget.autoExclusive() else None


def _column_count(model, parent: QModelIndex | None = None) -> int:  # noqa: ANN001
    """Columns of any model (PySide makes a list model's columnCount private)."""
    if isinstance(model, QAbstractListModel):
        return 1
    return model.columnCount(parent or QModelIndex())


def _has_colour(model, index: QModelIndex) -> bool:  # noqa: ANN001
    for role in (
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.DecorationRole,
    ):
        value = model.data(index, role)
        if isinstance(value, QColor | QBrush | QIcon | QPixmap) and not (
            isinstance(value, QIcon | QPixmap) and value.isNull()
        ):
            return True
    return False


def _has_words(model, index: QModelIndex) -> bool:  # noqa: ANN001
    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
        value = model.data(index, role)
        if value is not None and str(value).strip():
            return True
    return False


def _cells(model, parent: QModelIndex, budget: list[int]) -> Iterator[QModelIndex]:  # noqa: ANN001
    for row in range(model.rowCount(parent)):
        if budget[0] <= 0:
            return
        budget[0] -= 1
        for column in range(_column_count(model, parent)):
            index = model.index(row, column, parent)
            yield index
        first = model.index(row, 0, parent)
        if _column_count(model) and model.rowCount(first) > 0:
            yield from _cells(model, first, budget)


def colour_only(root: QWidget) -> list[str]:
    problems = []
    for view in root.findChildren(QAbstractItemView):
        if not view.isVisible() or view.model() is None or isinstance(view, QHeaderView):
            continue
        model = view.model()
        delegates = [view.itemDelegate()]
        delegates += [view.itemDelegateForColumn(c) for c in range(_column_count(model))]
        for delegate in delegates:
            if delegate is None or type(delegate) in _PLAIN_DELEGATES:
                continue
            if not getattr(delegate, "renders_text", False):
                problems.append(
                    f"delegate {type(delegate).__name__} does not declare renders_text = True "
                    f"(status must be painted as text too): {describe(view)}"
                )
        for index in _cells(model, QModelIndex(), [MAX_ROWS]):
            if _has_colour(model, index) and not _has_words(model, index):
                problems.append(
                    f"row {index.row() + 1}, column {index.column() + 1} shows colour or an "
                    f"icon with no text: {describe(view)}"
                )
                break
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or not _COLOUR.search(widget.styleSheet() or ""):
            continue
        text = getattr(widget, "text", None)
        words = text() if callable(text) else ""
        if not (isinstance(words, str) and words.strip()) and not widget.accessibleName():
            pixmap = widget.pixmap() if isinstance(widget, QLabel) else None
            if pixmap is not None and not pixmap.isNull() and widget.toolTip():
                continue
            problems.append(f"coloured with no words (text or accessible name): {describe(widget)}")
    return problems


def headerless(root: QWidget) -> list[str]:
    problems = []
    for view in root.findChildren(QAbstractItemView):
        if not view.isVisible() or view.model() is None or _is_part(view, root):
            continue
        if isinstance(view, QTableView):
            header = view.horizontalHeader()
        elif isinstance(view, QTreeView):
            header = view.header()
        else:
            continue
        model = view.model()
        if _column_count(model) == 0:
            continue
        if header.isHidden():
            problems.append(f"column headers hidden: {describe(view)}")
            continue
        for column in range(_column_count(model)):
            if header.isSectionHidden(column):
                continue
            title = model.headerData(column, Qt.Orientation.Horizontal)
            if title is None or not str(title).strip():
                problems.append(f"column {column + 1} has no header text: {describe(view)}")
    return problems


def clipped(root: QWidget) -> list[str]:
    """Labels and buttons whose text does not fit the room the layout gave them."""
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or _is_part(widget, root):
            continue
        if isinstance(widget, QLabel):
            if not widget.text().strip() or widget.property("elides"):
                continue
            if widget.wordWrap():
                need_w = 0
                need_h = widget.heightForWidth(widget.width())
            else:
                hint = widget.minimumSizeHint()
                need_w, need_h = hint.width(), hint.height()
        elif isinstance(widget, QAbstractButton):
            if not widget.text().strip():
                continue
            hint = widget.minimumSizeHint()
            need_w, need_h = hint.width(), hint.height()
        else:
            continue
        if need_w > widget.width() + 1 or need_h > widget.height() + 1:
            problems.append(
                f"text clipped: needs {need_w}×{need_h}, has "
                f"{widget.width()}×{widget.height()}: {describe(widget)}"
            )
    return problems


def clipped_headers(root: QWidget) -> list[str]:
    """Column titles cut off by a column narrower than its title."""
    problems = []
    for header in root.findChildren(QHeaderView):
        if not header.isVisible() or header.orientation() != Qt.Orientation.Horizontal:
            continue
        model = header.model()
        if model is None:
            continue
        metrics = header.fontMetrics()
        for section in range(header.count()):
            if header.isSectionHidden(section) or header.sectionSize(section) == 0:
                continue
            title = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
            need = metrics.horizontalAdvance(title) + 8
            if title and header.sectionSize(section) < need:
                problems.append(
                    f"column title {title!r} clipped ({header.sectionSize(section)} of {need} "
                    f"pixels): {describe(header.parentWidget() or header)}"
                )
    return problems


def audit(root: QWidget) -> list[str]:
    """Names, colour and headers of ``root`` in every tab state (problems once each)."""
    problems: list[str] = []
    for _state in tab_states(root):
        for check in (unnamed, colour_only, headerless):
            for problem in check(root):
                if problem not in problems:
                    problems.append(problem)
    return problems
