"""The action plan: actions, and the roadmap's milestones on a second tab."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from send_desktop.gui.pages import catalog
from send_desktop.gui.pages.table_page import TablePage
from send_desktop.storage.database import Database


class ActionPlanPage(QWidget):
    current_table_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actions = TablePage(catalog.ACTIONS, db)
        self.milestones = TablePage(catalog.MILESTONES, db)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.actions, "&Actions")
        self.tabs.addTab(self.milestones, "&Roadmap milestones")
        self.tabs.currentChanged.connect(lambda _: self.current_table_changed.emit())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def tables(self) -> list[TablePage]:
        return [self.actions, self.milestones]

    def focus_order(self) -> list[QWidget]:
        return [self.tabs.tabBar(), *self.actions.focus_order(), *self.milestones.focus_order()]

    def current_table(self) -> TablePage:
        return self.tables()[self.tabs.currentIndex()]
