"""Pages of the register: settings and people (the editable lists)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from send_desktop.gui.pages import catalog
from send_desktop.gui.pages.table_page import TablePage
from send_desktop.storage.database import Database


class SettingsPage(TablePage):
    """Every setting. Builds on its own from a Database (benchmarks use it that way)."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(catalog.SETTINGS, db, parent)


class PeoplePage(TablePage):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(catalog.PEOPLE, db, parent)
