"""Import history: every import, newest first, and undoing one of them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.a11y.announce import announce
from send_desktop.gui.a11y.registry import demo_dialog
from send_desktop.gui.imports import jobs
from send_desktop.gui.imports.file_page import hint_label
from send_desktop.gui.imports.table_models import Col, ListModel, list_view
from send_desktop.gui.imports.words import local_time, plural
from send_desktop.gui.messages import confirm, show_error
from send_desktop.gui.tasks import TaskRunner
from send_desktop.services import imports
from send_desktop.services.errors import NotFoundError
from send_desktop.services.imports import BatchInfo, UndoRefusedError, UndoResult
from send_desktop.storage.database import Database
from send_desktop.storage.errors import database_errors, describe


def history_columns(labels: dict[str, str]) -> list[Col]:
    return [
        Col("When", lambda b: local_time(b.at), 130),
        Col("What", lambda b: labels.get(b.kind, b.kind), 190),
        Col("File", lambda b: b.file_name, 200),
        Col("New", lambda b: b.new, 55, numeric=True),
        Col("Updated", lambda b: b.updated, 70, numeric=True),
        Col("Unchanged", lambda b: b.unchanged, 85, numeric=True),
        Col("Rejected", lambda b: b.rejected, 75, numeric=True),
        Col("By", lambda b: b.user, 90),
        Col("Undone", lambda b: local_time(b.undone_at) if b.undone_at else "", 130),
    ]


class ImportHistoryDialog(QDialog):
    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        *,
        on_changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import history")
        self.db, self.runner, self.on_changed = db, runner, on_changed
        labels = {k.name: k.label for k in imports.kinds()}
        intro = hint_label(
            "Every import into this database, newest first. Undoing an import deletes the "
            "records it added and puts back the values it changed, if nothing has changed "
            "them since."
        )
        intro.setStyleSheet("")
        self.model = ListModel(history_columns(labels), self)
        self.view = list_view(self.model, "Imports")
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.view.activated.connect(lambda _i: self.undo_selected())
        self.empty = QLabel("No imports yet. Use File → Import… to bring in a spreadsheet.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        self.status = QLabel()
        self.status.setObjectName("historyStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.undo_button = QPushButton("&Undo this import…")
        self.undo_button.clicked.connect(self.undo_selected)
        self.undo_button.setAutoDefault(False)
        self.close_button = QPushButton("&Close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.resize(1100, 460)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(imports.import_history(self.db))
        self.stack.setCurrentIndex(0 if self.model.rows else 1)
        if self.model.rows:
            self.view.selectRow(0)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update()

    def selected(self) -> BatchInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _update(self) -> None:
        batch = self.selected()
        self.undo_button.setEnabled(batch is not None and batch.undone_at is None)
        if batch is not None and batch.undone_at is not None:
            self.undo_button.setToolTip("This import was undone already.")
        else:
            self.undo_button.setToolTip("")

    def undo_selected(self) -> None:
        batch = self.selected()
        if batch is None or batch.undone_at is not None or self.runner.busy:
            return
        detail = (
            f"The {plural(batch.new, 'record')} it added will be deleted and the "
            f"{plural(batch.updated, 'record')} it changed will be put back as they were."
        )
        question = f"Undo the import of {batch.file_name} from {local_time(batch.at)}?"
        if not confirm(self, "Undo import", question, detail):
            return
        self.runner.run(
            lambda progress, cancel: jobs.undo(
                self.db, batch_id=batch.id, progress=progress, cancel=cancel
            ),
            parent=self,
            title="Undoing the import",
            on_done=self._undone,
            on_error=self._failed,
            on_cancelled=lambda _m: self.status.setText("Cancelled: nothing was changed."),
        )

    def _undone(self, result: UndoResult) -> None:
        self.reload()
        announce(
            self,
            f"Import undone: {plural(result.deleted, 'record')} deleted, "
            f"{plural(result.restored, 'record')} put back.",
            label=self.status,
        )
        self.on_changed()

    def _failed(self, err: Exception) -> None:
        if isinstance(err, UndoRefusedError | NotFoundError):
            show_error(self, err.message)
        elif isinstance(err, database_errors()):
            show_error(self, f"The import could not be undone: {describe(err)}")
        else:
            show_error(self, f"The import could not be undone ({type(err).__name__}).")
        self.reload()

    def reject(self) -> None:
        if not self.runner.busy:
            super().reject()


@demo_dialog(ImportHistoryDialog)
def _demo(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    return ImportHistoryDialog(window.db, window.tasks, on_changed=lambda: None, parent=window)
