"""The dashboard: the key figures as tiles, this month's charts, trends over a chosen range of
months, and the record counts. Each figure and each bar opens the rows behind it, filtered.

Everything here is read with plain SQL (``services.kpis``, ``services.stats``): the page is
built at start-up, before SQLAlchemy is loaded.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
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

from send_desktop.gui.widgets.charts import ChartPanel, _month_label
from send_desktop.services import kpis
from send_desktop.services.stats import record_counts
from send_desktop.storage.database import Database

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


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionHeading")
    label.setStyleSheet("font-weight: 600; font-size: 11pt; margin-top: 8px;")
    return label


class DashboardPage(QWidget):
    page_requested = Signal(str)
    drill_requested = Signal(object)  # a services.kpis.Drill
    report_requested = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._stale = True
        self.today = date.today()
        self.report: kpis.Report | None = None
        self.report_button = QPushButton("&Board report…")
        self.report_button.setToolTip(
            "Write the board report PDF: these figures and the action plan"
        )
        self.report_button.clicked.connect(self.report_requested)
        self.as_of = QLabel()
        self.as_of.setObjectName("muted")

        # key figures
        self.kpi_tiles: dict[str, Tile] = {}
        kpi_grid = QGridLayout()
        kpi_grid.setSpacing(10)
        for n, (name, label) in enumerate(kpis.KPI_LABELS):
            tile = Tile(label)
            tile.clicked.connect(lambda _=False, name=name: self.open_kpi(name))
            kpi_grid.addWidget(tile, n // COLUMNS, n % COLUMNS)
            self.kpi_tiles[name] = tile

        # this month's charts
        self.charts: dict[str, ChartPanel] = {}
        chart_grid = QGridLayout()
        chart_grid.setSpacing(10)
        for n, (key, title, unit) in enumerate(kpis.CHART_TITLES):
            panel = ChartPanel(title, lambda v, unit=unit: kpis.format_value(v, unit))
            panel.set_clickable(True)
            panel.bar_activated.connect(lambda label, key=key: self.open_bar(key, label))
            chart_grid.addWidget(panel, n // 2, n % 2)
            self.charts[key] = panel

        # trends
        self.first_month = QComboBox()
        self.last_month = QComboBox()
        range_row = QHBoxLayout()
        for text, combo in (("&From", self.first_month), ("&To", self.last_month)):
            label = QLabel(text)
            label.setBuddy(combo)
            combo.setAccessibleName(f"Trends: {text.strip('&').lower()} month")
            combo.currentIndexChanged.connect(self._show_trends)
            range_row.addWidget(label)
            range_row.addWidget(combo)
        range_row.addStretch(1)
        self.trends: dict[str, ChartPanel] = {}
        trend_grid = QGridLayout()
        trend_grid.setSpacing(10)
        for n, (name, title, unit) in enumerate(kpis.TREND_TITLES):
            panel = ChartPanel(title, lambda v, unit=unit: kpis.format_value(v, unit), line=True)
            trend_grid.addWidget(panel, 0, n)
            self.trends[name] = panel

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
        for g in (kpi_grid, grid):
            for column in range(COLUMNS):
                g.setColumnStretch(column, 1)
        for column in range(2):
            chart_grid.setColumnStretch(column, 1)
        for column in range(len(self.trends)):
            trend_grid.setColumnStretch(column, 1)

        top = QHBoxLayout()
        top.addWidget(self.as_of, 1)
        top.addWidget(self.report_button)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(2, 0, 8, 8)
        column.addLayout(top)
        column.addWidget(_heading("Key figures"))
        column.addLayout(kpi_grid)
        column.addWidget(_heading("This month"))
        column.addLayout(chart_grid)
        column.addWidget(_heading("Trends (monthly snapshots)"))
        column.addLayout(range_row)
        column.addLayout(trend_grid)
        column.addWidget(_heading("Records held"))
        column.addLayout(grid)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setAccessibleName("Dashboard")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)

    def focus_order(self) -> list[QWidget]:
        order: list[QWidget] = [*self.kpi_tiles.values(), self.report_button]
        for panel in self.charts.values():
            order += panel.focus_order()
        order += [self.first_month, self.last_month]
        for panel in self.trends.values():
            order += panel.focus_order()
        return order + list(self.tiles.values())

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
        self.today = date.today()
        counts = record_counts(self.db)
        for name, tile in self.tiles.items():
            tile.set_count(counts.get(name, 0))
        self.report = kpis.report(self.db, self.today)
        for kpi in self.report.kpis:
            hint = f"Opens: {kpi.drill.label}" if kpi.drill else ""
            self.kpi_tiles[kpi.name].set_text(kpi.text, hint)
        for chart in self.report.charts:
            self.charts[chart.key].set_points(chart.points)
        self.as_of.setText(
            f"Figures as of {self.today:%d/%m/%Y}. "
            "Choose a figure or a bar to see the rows behind it."
        )
        self._fill_months()
        self._stale = False

    def _fill_months(self) -> None:
        months = kpis.snapshot_months(self.db)
        this_month = kpis.month_of(self.today)
        if this_month not in months:
            months.append(this_month)
        keep = (self.first_month.currentData(), self.last_month.currentData())
        for combo in (self.first_month, self.last_month):
            combo.blockSignals(True)
            combo.clear()
            for m in months:
                combo.addItem(_month_label(m), m)
            combo.blockSignals(False)
        first = keep[0] if keep[0] in months else months[max(0, len(months) - TREND_MONTHS)]
        last = keep[1] if keep[1] in months else months[-1]
        self.first_month.setCurrentIndex(months.index(first))
        self.last_month.setCurrentIndex(months.index(last))
        self._show_trends()

    def trend_range(self) -> tuple[str | None, str | None]:
        first, last = self.first_month.currentData(), self.last_month.currentData()
        if first and last and first > last:
            first, last = last, first
        return first, last

    def set_trend_range(self, first: str, last: str) -> None:
        self.first_month.setCurrentIndex(self.first_month.findData(first))
        self.last_month.setCurrentIndex(self.last_month.findData(last))

    def _show_trends(self) -> None:
        if self.report is None:
            return
        first, last = self.trend_range()
        live = self.report.values()
        for chart in kpis.trends(self.db, today=self.today, first=first, last=last, live=live):
            self.trends[chart.key.removeprefix("trend_")].set_points(chart.points)

    # -- click-through -------------------------------------------------------------------
    def open_kpi(self, name: str) -> None:
        if self.report is None:
            return
        drill = self.report.kpi(name).drill
        if drill is not None:
            self.drill_requested.emit(drill)

    def open_bar(self, chart_key: str, label: str) -> None:
        if self.report is None:
            return
        chart = next(c for c in self.report.charts if c.key == chart_key)
        if chart.drill is not None:
            d = chart.drill
            values = chart.shown_as.get(label, (label,))
            self.drill_requested.emit(
                kpis.Drill(d.page, d.table, f"{d.label}: {label}", d.column, values)
            )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_loaded()
