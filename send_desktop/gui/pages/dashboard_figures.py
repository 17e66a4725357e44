"""The dashboard's figures: key-figure tiles, this month's charts and the trends, each tile
and bar opening the rows behind it (``drill_requested``). Built once the window is up, so
start-up only reads the record counts (``dashboard.py``)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from send_desktop.gui.pages.dashboard import COLUMNS, TREND_MONTHS, Tile, heading
from send_desktop.gui.widgets.charts import ChartPanel, _month_label
from send_desktop.services import kpis
from send_desktop.storage.database import Database


class FiguresView(QWidget):
    drill_requested = Signal(object)  # a services.kpis.Drill

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = date.today()
        self.report: kpis.Report | None = None
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

        for column in range(COLUMNS):
            kpi_grid.setColumnStretch(column, 1)
        for column in range(2):
            chart_grid.setColumnStretch(column, 1)
        for column in range(len(self.trends)):
            trend_grid.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Key figures"))
        layout.addLayout(kpi_grid)
        layout.addWidget(heading("This month"))
        layout.addLayout(chart_grid)
        layout.addWidget(heading("Trends (monthly snapshots)"))
        layout.addLayout(range_row)
        layout.addLayout(trend_grid)

    def focus_order(self) -> list[QWidget]:
        order: list[QWidget] = list(self.kpi_tiles.values())
        for panel in self.charts.values():
            order += panel.focus_order()
        order += [self.first_month, self.last_month]
        for panel in self.trends.values():
            order += panel.focus_order()
        return order

    def reload(self, db: Database, today: date) -> None:
        self.db, self.today = db, today
        self.report = kpis.report(self.db, self.today)
        for kpi in self.report.kpis:
            hint = f"Opens: {kpi.drill.label}" if kpi.drill else ""
            self.kpi_tiles[kpi.name].set_text(kpi.text, hint)
        for chart in self.report.charts:
            self.charts[chart.key].set_points(chart.points)
        self._fill_months()

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
