"""Tools ▸ Backups…: the database's backups (time, why, size, counts); make one; restore one.

Listing and restoring run through the window's task runner. Restoring asks first, says
what will be replaced, and backs the current state up before anything changes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.a11y.announce import announce
from send_desktop.gui.a11y.registry import demo_dialog
from send_desktop.gui.messages import confirm, show_error
from send_desktop.gui.tasks import TaskRunner

COLUMNS = ("Made", "Why", "Size", "Contents")
POLICY = (
    "Backups are made with SQLite's backup API: when you open a database whose data changed, "
    "every 30 minutes while you make changes, and always before an import, a sync, a schema "
    "upgrade or a restore. All of the last day's are kept, then one a day for two weeks, one "
    "a week for two months and one a month for a year."
)


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size // 1024, 1):,} KB"
    return f"{size / (1024 * 1024):,.1f} MB"


class BackupsDialog(QDialog):
    """``on_restored(result)`` is called after a restore, on the main thread."""

    def __init__(
        self,
        db_path: Path,
        tasks: TaskRunner,
        on_restored: Callable[[object], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_path, self.tasks, self.on_restored = db_path, tasks, on_restored
        self.infos: list = []
        self.setWindowTitle("Backups")
        self.resize(760, 440)
        heading = QLabel(f"Backups of {db_path.name}")
        heading.setStyleSheet("font-weight: 600;")
        policy = QLabel(POLICY)
        policy.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setAccessibleName("Backups")
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setHeaderLabels(list(COLUMNS))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda *_: self.restore_selected())
        self.empty = QLabel("No backups yet. Use “Back up now” to make the first one.")
        self.empty.setVisible(False)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.backup_button = QPushButton("&Back up now")
        self.restore_button = QPushButton("&Restore…")
        self.folder_button = QPushButton("Show &folder")
        self.close_button = QPushButton("Close")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button.clicked.connect(self.show_folder)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for b in (self.backup_button, self.restore_button, self.folder_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(policy)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.table, self.backup_button)
        QWidget.setTabOrder(self.backup_button, self.restore_button)
        QWidget.setTabOrder(self.restore_button, self.folder_button)
        QWidget.setTabOrder(self.folder_button, self.close_button)
        self._update_buttons()

    # -- list ------------------------------------------------------------------------------
    def reload(self) -> None:
        from send_desktop.services import backups

        path = self.db_path
        self.tasks.run(
            lambda progress, cancel: backups.list_backups(path, progress, cancel),
            parent=self,
            title="Reading the backups",
            on_done=self.show_backups,
        )

    def show_backups(self, infos: list) -> None:
        self.infos = infos
        self.table.clear()
        for info in infos:
            item = QTreeWidgetItem(
                [
                    info.made_at.strftime("%d/%m/%Y %H:%M"),
                    info.reason_text,
                    size_text(info.size),
                    info.counts_text(),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, str(info.path))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
        self.table.setVisible(bool(infos))
        self.empty.setVisible(not infos)
        if infos:
            self.table.setCurrentItem(self.table.topLevelItem(0))
        self._update_buttons()

    def selected(self):  # noqa: ANN201 - BackupInfo | None
        row = self.table.indexOfTopLevelItem(self.table.currentItem())
        return self.infos[row] if 0 <= row < len(self.infos) else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    # -- actions ---------------------------------------------------------------------------
    def backup_now(self) -> None:
        from send_desktop.services import backups

        path = self.db_path

        def done(made: Path) -> None:
            announce(self, f"Backup made: {made.name}", label=self.status)
            self.reload()

        self.tasks.run(
            lambda _p, _c: backups.backup_now(path, "manual"),
            parent=self,
            title="Backing up",
            on_done=done,
            cancellable=False,
        )

    def restore_selected(self) -> None:
        from send_desktop.services import backups

        info = self.selected()
        if info is None:
            return
        when = info.made_at.strftime("%d/%m/%Y at %H:%M")
        question = f"Restore the backup made on {when}?"
        detail = (
            f"The data now in {self.db_path.name} will be replaced by the backup's "
            f"({info.counts_text()}). A backup of the data as it is now is made first, "
            "so you can go back to it from this list."
        )
        if not confirm(self, "Restore a backup", question, detail):
            return
        source, path = info.path, self.db_path
        self.tasks.run(
            lambda progress, cancel: backups.restore(source, path, progress, cancel),
            parent=self,
            title="Restoring",
            on_done=self._restored,
            on_error=self._failed,
        )

    def _restored(self, result) -> None:  # noqa: ANN001 - RestoreResult
        saved = result.saved_to.name
        announce(
            self,
            f"Restored the backup made on {result.made_at:%d/%m/%Y at %H:%M}. "
            f"The data it replaced was saved first as {saved}.",
            label=self.status,
        )
        self.on_restored(result)
        self.reload()

    def _failed(self, err: Exception) -> None:
        message = getattr(err, "message", None) or f"the restore failed ({type(err).__name__})."
        show_error(self, f"Nothing was restored: {message}")

    def show_folder(self) -> None:
        from send_desktop.storage.backup import backup_folder_for

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(backup_folder_for(self.db_path))))


@demo_dialog(BackupsDialog)
def _demo_backups(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    from send_desktop.services import backups

    backups.backup_now(window.db, "manual")
    backups.backup_before(window.db, "import")
    dialog = BackupsDialog(window.db.path, window.tasks, lambda _result: None, window)
    dialog.show_backups(backups.list_backups(window.db))
    yield dialog
    dialog.show_backups([])  # the empty state
    yield dialog
