"""The dashboard: the key figures as tiles, this month's charts, trends over a chosen range of
months (``dashboard_figures.py``, built just after start-up), and the record counts. Each
figure and each bar opens the rows behind it, filtered.

Everything here is read with plain SQL (``services.stats``, ``services.kpis``): the page and
its counts are built at start-up, before SQLAlchemy is loaded; the figures and charts are
built and read just after the page's first frame is drawn, which keeps them off the
start-up path (issue 2's budget).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from send_desktop.services.stats import record_counts
from send_desktop.storage.database import Database

if TYPE_CHECKING:
    from send_desktop.gui.pages.dashboard_figures import FiguresView
    from send_desktop.gui.pages.dashboard_start import StartPanel

# (count name, label, page key)
TILES = (
    ("settings", "Settings", "settings"),
    ("people", "People", "people"),
    ("cohorts", "TIRP cohorts", "cohorts"),
    ("cohort_members", "Settings in cohorts", "cohorts"),
    ("leaders", "TIRP leaders", "cohorts"),
    ("waitlist", "Settings on the waitlist", "waitlist"),
    ("bids", "Enhanced-pathway bids", "pathways"),
    ("packages", "Outreach packages", "outreach"),
    ("referrals", "Outreach referrals", "outreach"),
    ("actions", "Action-plan actions", "actions"),
    ("milestones", "Roadmap milestones", "actions"),
    ("resource_base_places", "Resource-base places", "actions"),
)
COLUMNS = 4
FIGURES_AFTER_MS = 50
TREND_MONTHS = 12  # the range shown until another is chosen


class Tile(QPushButton):
    """A large number over a label; a button, so it takes focus and Enter/Space."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(84)
        self.number = QLabel("–")
        self.number.setObjectName("tileNumber")
        self.caption = QLabel(label)
        self.caption.setObjectName("tileCaption")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(2)
        for child in (self.number, self.caption):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(child)
        self.label = label

    def set_text(self, text: str, hint: str = "") -> None:
        self.number.setText(text)
        self.setAccessibleName(f"{self.label}: {text}")
        self.setToolTip(f"{self.label}: {text}" + (f"\n{hint}" if hint else ""))

    def sizeHint(self) -> QSize:
        """As tall as the number and caption need at the current text size."""
        return super().sizeHint().expandedTo(self.layout().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint().expandedTo(self.layout().minimumSize())

    def set_count(self, count: int) -> None:
        self.set_text(f"{count:,}")


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionHeading")
    label.setStyleSheet("font-weight: 600; font-size: 11pt; margin-top: 8px;")
    return label


class DashboardPage(QWidget):
    page_requested = Signal(str)
    start_requested = Signal(str)  # a first-run step: "import", "sync" or "open"
    drill_requested = Signal(object)  # a services.kpis.Drill
    report_requested = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._stale = True
        self._figures_due = False
        self._painted = False
        self.figures: FiguresView | None = None  # built once the window is up
        self.start: StartPanel | None = None  # built when the database is empty
        self.report_button = QPushButton("&Board report…")
        self.report_button.setToolTip(
            "Write the board report PDF: these figures and the action plan"
        )
        self.report_button.clicked.connect(self.report_requested)
        self.as_of = QLabel()
        self.as_of.setObjectName("muted")

        # record counts
        self.tiles: dict[str, Tile] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        for n, (name, label, page) in enumerate(TILES):
            tile = Tile(label)
            tile.setMinimumHeight(64)
            tile.clicked.connect(lambda _=False, page=page: self.page_requested.emit(page))
            grid.addWidget(tile, n // COLUMNS, n % COLUMNS)
            self.tiles[name] = tile
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
        self.tiles["settings"].installEventFilter(self)

        top = QHBoxLayout()
        top.addWidget(self.as_of, 1)
        top.addWidget(self.report_button)
        content = QWidget()
        self.column = QVBoxLayout(content)
        self.column.setContentsMargins(2, 0, 8, 8)
        self.start_slot = QVBoxLayout()  # the first-run panel, when there is one
        self.start_slot.setContentsMargins(0, 0, 0, 0)
        self.column.addLayout(self.start_slot)
        self.column.addLayout(top)
        self.column.addWidget(heading("Records held"))
        self.column.addLayout(grid)
        self.column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setAccessibleName("Dashboard")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)

    def focus_order(self) -> list[QWidget]:
        figures = self.figures.focus_order() if self.figures is not None else []
        start = self.start.focus_order() if self.start is not None else []
        return [*start, self.report_button, *figures, *self.tiles.values()]

    def _show_start(self, empty: bool) -> None:
        """The first-run panel at the top while the database holds no records."""
        if empty and self.start is None:
            from send_desktop.gui.pages.dashboard_start import StartPanel

            self.start = StartPanel()
            self.start.chosen.connect(self.start_requested)
            self.start_slot.addWidget(self.start)
            order = [*self.start.focus_order(), self.report_button]
            for first, second in zip(order, order[1:], strict=False):
                QWidget.setTabOrder(first, second)
        if self.start is not None:
            self.start.setVisible(empty)

    def set_database(self, db: Database) -> None:
        self.db = db
        self.mark_stale()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def ensure_loaded(self) -> None:
        if self._stale:
            self.reload()

    def reload(self) -> None:
        """The counts now; the figures just after (SQLAlchemy-free either way, but building
        the charts waits until the window is on screen)."""
        counts = record_counts(self.db)
        for name, tile in self.tiles.items():
            tile.set_count(counts.get(name, 0))
        if any(counts.values()):
            self._show_start(False)
        else:  # nothing counted: look at every table before calling it empty
            from send_desktop.services.stats import holds_records

            self._show_start(not holds_records(self.db))
        self._stale = False
        self._figures_due = True
        if self._painted:
            QTimer.singleShot(0, self.ensure_figures)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The first frame shows the counts (a count tile painted); the figures are built
        right after it."""
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            # A moment after the first frame, as launch.warm_up: the window is on screen
            # and answering before the charts are built (~50 ms on a loaded laptop).
            QTimer.singleShot(FIGURES_AFTER_MS, self.ensure_figures)
        return super().eventFilter(watched, event)

    def ensure_figures(self) -> FiguresView:
        """Build the figures (once) and read them, if due; returns them."""
        if self.figures is None:
            from send_desktop.gui.pages.dashboard_figures import FiguresView

            self.figures = FiguresView(self.db)
            self.figures.drill_requested.connect(self.drill_requested)
            self.column.insertWidget(2, self.figures)  # after the first-run slot and top
            previous: QWidget = self.report_button
            for widget in [*self.figures.focus_order(), next(iter(self.tiles.values()))]:
                QWidget.setTabOrder(previous, widget)
                previous = widget
            self._figures_due = True
        if self._figures_due:
            self._figures_due = False
            today = date.today()
            self.figures.reload(self.db, today)
            self.as_of.setText(
                f"Figures as of {today:%d/%m/%Y}. "
                "Choose a figure or a bar to see the rows behind it."
            )
        return self.figures

    # -- for the window, the screenshots and the tests: the figures, built if need be ----
    @property
    def kpi_tiles(self) -> dict[str, Tile]:
        return self.ensure_figures().kpi_tiles

    @property
    def charts(self) -> dict:
        return self.ensure_figures().charts

    @property
    def trends(self) -> dict:
        return self.ensure_figures().trends

    @property
    def report(self):  # noqa: ANN201 - services.kpis.Report, imported with the figures
        return self.ensure_figures().report

    def open_kpi(self, name: str) -> None:
        self.ensure_figures().open_kpi(name)

    def open_bar(self, chart_key: str, label: str) -> None:
        self.ensure_figures().open_bar(chart_key, label)

    def set_trend_range(self, first: str, last: str) -> None:
        self.ensure_figures().set_trend_range(first, last)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_loaded()
