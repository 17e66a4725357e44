"""Charts drawn with QPainter (PySide6-Essentials has no QtCharts), each with a table of the
same figures one click away (``ChartPanel``: "Show as table").

A bar chart is horizontal (long labels such as provider names stay readable); every bar has
its value written at its end, so nothing is read from colour or length alone. A bar can be
chosen with the mouse or the keyboard (Up/Down, Enter) to open the rows behind it. A line
chart marks each month with a dot and writes its value above it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

BAR = QColor("#1D6F64")
BAR_CHOSEN = QColor("#1F3A5F")
LINE = QColor("#1F3A5F")
GRID = QColor("#D5DCE3")
INK = QColor("#1A1A1A")
MUTED = QColor("#50585F")

Points = Sequence[tuple[str, float | None]]
Formatter = Callable[[float | None], str]


class _Chart(QWidget):
    bar_activated = Signal(str)

    def __init__(self, title: str, fmt: Formatter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.fmt = fmt
        self.points: list[tuple[str, float | None]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(title)

    def set_points(self, points: Points) -> None:
        self.points = list(points)
        summary = "; ".join(f"{label}: {self.fmt(value)}" for label, value in self.points)
        self.setAccessibleName(self.title)
        self.setAccessibleDescription(summary or "No figures yet")
        self.setToolTip(summary.replace("; ", "\n") if summary else "No figures yet")
        self.updateGeometry()
        self.update()

    def _empty(self, painter: QPainter) -> bool:
        if any(v is not None for _, v in self.points):
            return False
        painter.setPen(MUTED)
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No figures yet")
        return True


class BarChart(_Chart):
    ROW = 24

    def __init__(self, title: str, fmt: Formatter, parent: QWidget | None = None) -> None:
        super().__init__(title, fmt, parent)
        self.chosen = -1
        self.clickable = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def sizeHint(self) -> QSize:
        return QSize(360, max(3, len(self.points)) * self.ROW + 12)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, max(3, len(self.points)) * self.ROW + 12)

    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(label) for label, _ in self.points), default=0)
        return min(widest + 12, self.width() // 2)

    def bar_at(self, y: float) -> int:
        index = int((y - 6) // self.ROW)
        return index if 0 <= index < len(self.points) else -1

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._empty(painter):
            return
        metrics = self.fontMetrics()
        left = self._label_width()
        widest_value = max(metrics.horizontalAdvance(self.fmt(v)) for _, v in self.points) + 10
        room = max(10, self.width() - left - widest_value - 4)
        top = max((v or 0) for _, v in self.points) or 1
        for i, (label, value) in enumerate(self.points):
            y = 6 + i * self.ROW
            text_rect = QRectF(0, y, left - 8, self.ROW)
            painter.setPen(INK)
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, left - 8)
            painter.drawText(
                text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown
            )
            length = room * (value or 0) / top
            bar = QRectF(left, y + 4, max(length, 1 if value else 0), self.ROW - 8)
            painter.fillRect(bar, BAR_CHOSEN if i == self.chosen else BAR)
            if i == self.chosen and self.hasFocus():
                painter.setPen(QPen(BAR_CHOSEN, 1, Qt.PenStyle.DashLine))
                painter.drawRect(QRectF(1, y + 1, self.width() - 2, self.ROW - 2))
            painter.setPen(INK)
            painter.drawText(
                QRectF(left + length + 6, y, widest_value, self.ROW),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.fmt(value),
            )

    def _choose(self, index: int) -> None:
        self.chosen = index
        if 0 <= index < len(self.points):
            label, value = self.points[index]
            self.setAccessibleDescription(f"{label}: {self.fmt(value)}")
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.bar_at(event.position().y())
        if index >= 0:
            self._choose(index)
            if self.clickable:
                self.bar_activated.emit(self.points[index][0])

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.bar_at(event.position().y()) >= 0 and self.clickable
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.points:
            step = 1 if key == Qt.Key.Key_Down else -1
            self._choose(max(0, min(len(self.points) - 1, self.chosen + step)))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.chosen >= 0:
            if self.clickable:
                self.bar_activated.emit(self.points[self.chosen][0])
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self.chosen < 0 and self.points:
            self._choose(0)
        super().focusInEvent(event)


class LineChart(_Chart):
    def __init__(self, title: str, fmt: Formatter, parent: QWidget | None = None) -> None:
        super().__init__(title, fmt, parent)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # read by a screen reader; no actions

    def sizeHint(self) -> QSize:
        return QSize(360, 170)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 150)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._empty(painter):
            return
        metrics = self.fontMetrics()
        values = [v for _, v in self.points if v is not None]
        high = max(values)
        low = min(0.0, min(values))
        span = (high - low) or 1
        left, right = 8, self.width() - 8
        top, bottom = metrics.height() + 8, self.height() - metrics.height() - 8
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(QPointF(left, bottom), QPointF(right, bottom))
        n = len(self.points)
        step = (right - left - 40) / max(n - 1, 1)

        def at(i: int, v: float) -> QPointF:
            return QPointF(left + 20 + i * step, bottom - (v - low) / span * (bottom - top))

        dots = [(i, at(i, v)) for i, (_, v) in enumerate(self.points) if v is not None]
        painter.setPen(QPen(LINE, 2))
        for (_, a), (_, b) in zip(dots, dots[1:], strict=False):
            painter.drawLine(a, b)
        every = max(1, (n * 64) // max(right - left, 1) + 1)  # skip labels that would overlap
        labelled = set(range(n - 1, -1, -every))  # counted back from the latest month
        for i, point in dots:
            painter.setBrush(LINE)
            painter.drawEllipse(point, 3.5, 3.5)
            if i in labelled:
                painter.setPen(INK)
                text = self.fmt(self.points[i][1])
                painter.drawText(
                    QRectF(point.x() - 40, point.y() - metrics.height() - 4, 80, metrics.height()),
                    Qt.AlignmentFlag.AlignCenter,
                    text,
                )
                painter.setPen(MUTED)
                painter.drawText(
                    QRectF(point.x() - 40, bottom + 4, 80, metrics.height()),
                    Qt.AlignmentFlag.AlignCenter,
                    _month_label(self.points[i][0]),
                )
                painter.setPen(QPen(LINE, 2))


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _month_label(month: str) -> str:
    """'2024-05' -> 'May 2024'; anything else as it is."""
    year, _, number = month.partition("-")
    if number.isdigit() and 1 <= int(number) <= 12:
        return f"{_MONTHS[int(number) - 1]} {year}"
    return month


class ChartPanel(QFrame):
    """A titled chart with a "Show as table" button that swaps it for a table of the same
    figures (accessibility: the numbers as text, in reading order)."""

    bar_activated = Signal(str)

    def __init__(
        self, title: str, fmt: Formatter, *, line: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chartPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.fmt = fmt
        self.line = line
        self.heading = QLabel(title)
        self.heading.setObjectName("chartTitle")
        self.chart: _Chart = LineChart(title, fmt) if line else BarChart(title, fmt)
        self.chart.bar_activated.connect(self.bar_activated)
        self.title = title
        self.points: list[tuple[str, float | None]] = []
        self._table: QTableWidget | None = None  # made when first shown (start-up time)
        self.toggle = QToolButton()
        self.toggle.setText("Show as table")
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName(f"Show {title} as a table")
        self.toggle.toggled.connect(self.show_table)
        self.stack = QStackedWidget()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.stack.addWidget(self.chart)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

    def set_clickable(self, on: bool) -> None:
        if isinstance(self.chart, BarChart):
            self.chart.clickable = on

    @property
    def table(self) -> QTableWidget:
        """The figures as a table (made on first use)."""
        if self._table is None:
            table = QTableWidget(0, 2)
            table.setAccessibleName(f"{self.title} (table)")
            table.setHorizontalHeaderLabels(["Month" if self.line else "Group", "Value"])
            table.verticalHeader().hide()
            table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setTabKeyNavigation(False)
            table.horizontalHeader().setStretchLastSection(True)
            table.itemActivated.connect(self._row_activated)
            # The chart sets the panel's height; the table fits in it (scrolling if it must).
            table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
            self.stack.addWidget(table)
            QWidget.setTabOrder(self.chart, table)
            self._table = table
            self._fill_table()
        return self._table

    def set_points(self, points: Points) -> None:
        self.points = list(points)
        self.chart.set_points(self.points)
        if self._table is not None:
            self._fill_table()

    def _fill_table(self) -> None:
        table, points = self.table, self.points
        table.setRowCount(len(points))
        for row, (label, value) in enumerate(points):
            first = QTableWidgetItem(_month_label(label) if self.line else label)
            first.setData(Qt.ItemDataRole.UserRole, label)
            table.setItem(row, 0, first)
            cell = QTableWidgetItem(self.fmt(value))
            cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, 1, cell)
        table.resizeColumnToContents(0)
        rows = min(max(3, len(points)), 8)  # all rows up to eight, then it scrolls
        row_height = table.verticalHeader().defaultSectionSize()
        header = table.horizontalHeader().sizeHint().height()
        table.setMinimumHeight(rows * row_height + header + 4)

    def table_rows(self) -> list[tuple[str, str]]:
        return [
            (self.table.item(r, 0).text(), self.table.item(r, 1).text())
            for r in range(self.table.rowCount())
        ]

    def show_table(self, on: bool) -> None:
        self.stack.setCurrentWidget(self.table if on else self.chart)
        self.toggle.setText("Show as chart" if on else "Show as table")
        if self.toggle.isChecked() != on:
            self.toggle.setChecked(on)

    def _row_activated(self, item: QTableWidgetItem) -> None:
        if not self.line and getattr(self.chart, "clickable", False):
            first = self.table.item(item.row(), 0)
            self.bar_activated.emit(first.data(Qt.ItemDataRole.UserRole))

    def focus_order(self) -> list[QWidget]:
        return [self.toggle, self.chart] + ([self._table] if self._table is not None else [])
