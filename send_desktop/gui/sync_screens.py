"""File → Sync with shared folder… and File → Sync conflicts…: the window's side of issue 8.

Light at import (the window imports it at start-up); the sync services are imported when an
action is first used. The sync runs through the one task runner (progress, Cancel between
change files) and its result is said in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStatusBar, QWidget

from send_desktop.gui.a11y.announce import announce
from send_desktop.gui.messages import show_error
from send_desktop.gui.tasks import TaskRunner
from send_desktop.storage.database import Database

if TYPE_CHECKING:
    from send_desktop.gui.dialogs.sync_dialogs import ConflictDialog, SyncDialog
    from send_desktop.services.sync import SyncResult
    from send_desktop.services.sync_conflicts import Conflict

MESSAGE_MS = 60_000


class SyncScreens:
    def __init__(
        self,
        parent: QWidget,
        runner: TaskRunner,
        database: Callable[[], Database],
        status_bar: QStatusBar,
        on_changed: Callable[[], None],
    ) -> None:
        self.parent, self.runner, self.database = parent, runner, database
        self.status_bar, self.on_changed = status_bar, on_changed
        self.sync_dialog: SyncDialog | None = None
        self.conflict_dialog: ConflictDialog | None = None
        self.last_result: SyncResult | None = None

    def open_sync_dialog(self) -> SyncDialog:
        from send_desktop.gui.dialogs.sync_dialogs import SyncDialog
        from send_desktop.services.sync import remembered_folder

        if self.sync_dialog is not None:
            self.sync_dialog.raise_()
            return self.sync_dialog
        dialog = SyncDialog(remembered_folder(self.database().path), self.parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.start(dialog.chosen_folder(), dialog.chosen_passphrase())
        )
        dialog.finished.connect(lambda _r: setattr(self, "sync_dialog", None))
        self.sync_dialog = dialog
        dialog.open()
        return dialog

    def start(self, folder: Path, passphrase: str | None) -> None:
        path = self.database().path

        def job(progress, cancel):  # noqa: ANN001, ANN202
            from send_desktop.services import sync

            return sync.sync(
                path,
                folder,
                passphrase=passphrase,
                progress=progress,
                cancel=cancel,
            )

        announce(self.status_bar, "Syncing…")
        self.runner.run(
            job,
            parent=self.parent,
            title="Syncing with the shared folder",
            on_done=self._done,
            on_error=self._failed,
            on_cancelled=self._cancelled,
        )

    def _done(self, result: SyncResult) -> None:
        self.last_result = result
        self.on_changed()
        message = result.summary_line()
        if result.refused or result.warnings:
            message += f" ({len(result.refused) + len(result.warnings)} notes)"
        announce(self.status_bar, f"Sync finished: {message}", timeout_ms=MESSAGE_MS)
        notes = [f"Refused: {r}" for r in result.refused] + result.warnings
        if notes:
            show_error(self.parent, "The sync finished with notes:\n\n" + "\n\n".join(notes))
        if result.conflicts:
            self.open_conflicts()

    def _failed(self, err: Exception) -> None:
        reason = getattr(err, "message", None) or str(err)
        announce(self.status_bar, "Sync not done.", timeout_ms=MESSAGE_MS)
        show_error(self.parent, f"The sync could not run: {reason}")

    def _cancelled(self, message: str) -> None:
        self.on_changed()
        announce(self.status_bar, message, timeout_ms=MESSAGE_MS)

    # -- conflicts -----------------------------------------------------------------------
    def open_conflicts(self) -> ConflictDialog:
        from send_desktop.gui.dialogs.sync_dialogs import ConflictDialog
        from send_desktop.services.sync_conflicts import list_conflicts

        if self.conflict_dialog is not None:
            self.conflict_dialog.reload()
            self.conflict_dialog.raise_()
            return self.conflict_dialog
        path = self.database().path
        dialog = ConflictDialog(lambda: list_conflicts(path), self._resolve, self.parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resolved.connect(self._resolved)
        dialog.finished.connect(lambda _r: setattr(self, "conflict_dialog", None))
        self.conflict_dialog = dialog
        dialog.open()
        return dialog

    def _resolve(self, conflict: Conflict, choice: str, value: str | None) -> str | None:
        from send_desktop.services.sync_conflicts import ResolveError, resolve
        from send_desktop.storage.errors import database_errors, describe

        try:
            resolve(self.database().path, conflict, choice, value)
        except ResolveError as err:
            return err.message
        except database_errors() as err:
            return describe(err)
        return None

    def _resolved(self) -> None:
        self.on_changed()
        announce(
            self.status_bar,
            "Conflict resolved; your choice goes to the other laptops at the next sync.",
            timeout_ms=MESSAGE_MS,
        )
