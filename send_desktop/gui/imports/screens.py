"""The window's way into importing: one wizard and one history dialog at a time.

Light on purpose (the window imports it at start-up): the wizard, the history and the import
services they need are loaded when first opened.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from send_desktop.gui.tasks import TaskRunner
from send_desktop.storage.database import Database

if TYPE_CHECKING:
    from send_desktop.gui.imports.history import ImportHistoryDialog
    from send_desktop.gui.imports.wizard import ImportWizard


class ImportScreens:
    def __init__(
        self,
        parent: QWidget,
        runner: TaskRunner,
        database: Callable[[], Database],
        on_changed: Callable[[], None],
    ) -> None:
        self.parent, self.runner = parent, runner
        self.database, self.on_changed = database, on_changed
        self.wizard: ImportWizard | None = None
        self.history: ImportHistoryDialog | None = None

    def open_wizard(self, path: Path | None = None) -> ImportWizard:
        """File → Import… or a dropped file (which replaces the file of an open wizard)."""
        from send_desktop.gui.imports.wizard import ImportWizard

        if self.wizard is None:
            self.wizard = ImportWizard(
                self.database(),
                self.runner,
                on_imported=self.on_changed,
                path=path,
                parent=self.parent,
            )
            self.wizard.history_opener = self.open_history
            self._open(self.wizard, "wizard")
        elif path is not None:
            self.wizard.set_file(path)
        self.wizard.raise_()
        self.wizard.activateWindow()
        return self.wizard

    def open_history(self) -> ImportHistoryDialog:
        from send_desktop.gui.imports.history import ImportHistoryDialog

        if self.history is None:
            self.history = ImportHistoryDialog(
                self.database(), self.runner, on_changed=self.on_changed, parent=self.parent
            )
            self._open(self.history, "history")
        return self.history

    def _open(self, dialog: QDialog, attribute: str) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, attribute, None))
        dialog.open()
