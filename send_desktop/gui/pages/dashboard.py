"""The dashboard: one tile per record count; a tile opens the page behind it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

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

    def set_count(self, count: int) -> None:
        self.number.setText(f"{count:,}")
        self.setAccessibleName(f"{self.label}: {count:,}")
        self.setToolTip(f"{self.label}: {count:,}")


class DashboardPage(QWidget):
    page_requested = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._stale = True
        self.tiles: dict[str, Tile] = {}
        grid = QGridLayout()
        grid.setSpacing(12)
        for n, (name, label, page) in enumerate(TILES):
            tile = Tile(label)
            tile.clicked.connect(lambda _=False, page=page: self.page_requested.emit(page))
            grid.addWidget(tile, n // COLUMNS, n % COLUMNS)
            self.tiles[name] = tile
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addSpacing(4)
        layout.addLayout(grid)
        layout.addStretch(1)

    def focus_order(self) -> list[QWidget]:
        return list(self.tiles.values())

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
        counts = record_counts(self.db)
        for name, tile in self.tiles.items():
            tile.set_count(counts.get(name, 0))
        self._stale = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_loaded()
