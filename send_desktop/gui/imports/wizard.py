"""The import wizard: choose the file, match its columns, check the preview, import.

Each step's work (reading the file, previewing, writing) runs through the window's
``TaskRunner``; the wizard moves on when the result arrives on the main thread. Nothing is
written before the last step, and a refused file keeps the wizard on the step it was on.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QCloseEvent
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
from send_desktop.gui.imports.done_page import DonePage
from send_desktop.gui.imports.file_page import FilePage
from send_desktop.gui.imports.mapping_page import MappingPage
from send_desktop.gui.imports.preview_page import PreviewPage
from send_desktop.gui.messages import show_error
from send_desktop.gui.style import heading, tone
from send_desktop.gui.tasks import TaskRunner
from send_desktop.interchange.kind import get_kind
from send_desktop.services import imports
from send_desktop.services.errors import InUseError, NotFoundError, ValidationError
from send_desktop.services.imports import FileRefusedError, ImportOptions, ImportResult
from send_desktop.storage.database import Database
from send_desktop.storage.errors import database_errors, describe

log = logging.getLogger(__name__)

FILE, MAPPING, PREVIEW, DONE = range(4)
CANCELLED = "Cancelled: nothing was imported."


class ImportWizard(QDialog):
    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        *,
        on_imported: Callable[[], None],
        path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a spreadsheet")
        self.db, self.runner, self.on_imported = db, runner, on_imported
        # The register's own template first: it is the one most returns use.
        self.kinds = sorted(imports.kinds(), key=lambda k: k.name != "settings")
        self.inspected: jobs.Inspected | None = None
        self._inspected_key: tuple | None = None
        self._preview_key: tuple | None = None
        self.result: ImportResult | None = None

        self.step = QLabel()
        self.step.setStyleSheet(tone("hint"))
        self.heading = QLabel()
        self.heading.setStyleSheet(heading(15))
        self.file_page = FilePage(self.kinds)
        self.mapping_page = MappingPage()
        self.preview_page = PreviewPage()
        self.done_page = DonePage()
        self.pages = QStackedWidget()
        for page in (self.file_page, self.mapping_page, self.preview_page, self.done_page):
            self.pages.addWidget(page)
        self.status = QLabel()
        self.status.setObjectName("wizardStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(tone("warn", bold=True))
        self.back_button = QPushButton("< &Back")
        self.next_button = QPushButton("&Next >")
        self.cancel_button = QPushButton("Cancel")
        for button in (self.back_button, self.cancel_button):
            button.setAutoDefault(False)
        self.next_button.setDefault(True)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.addWidget(self.step)
        layout.addWidget(self.heading)
        layout.addSpacing(6)
        layout.addWidget(self.pages, 1)
        layout.addSpacing(6)
        layout.addLayout(buttons)

        self.file_page.changed.connect(self._update_buttons)
        self.mapping_page.changed.connect(self._update_buttons)
        self.mapping_page.sheet_chosen.connect(self._inspect_sheet)
        self.done_page.history_requested.connect(self._open_history)
        self.history_opener: Callable[[], None] | None = None
        self.resize(900, 640)
        if path is not None:
            self.file_page.set_file(path)
        self._show(FILE)

    # -- moving between steps ------------------------------------------------------------
    def current(self) -> int:
        return self.pages.currentIndex()

    def _show(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        page = self.pages.currentWidget()
        self.step.setText(f"Step {index + 1} of 4")
        self.heading.setText(page.title)
        self.status.clear()
        self._update_buttons()
        page.focus_first()
        focused = self.focusWidget()
        if focused is None or not focused.isVisibleTo(self) or not page.isAncestorOf(focused):
            self.next_button.setFocus()

    def _update_buttons(self) -> None:
        index = self.current()
        self.back_button.setVisible(index in (MAPPING, PREVIEW))
        self.cancel_button.setVisible(index != DONE)
        text = {FILE: "&Next >", MAPPING: "&Preview >", PREVIEW: "&Import", DONE: "&Close"}
        self.next_button.setText(text[index])
        enabled = True
        if index == FILE:
            enabled = self.file_page.file() is not None
        elif index == MAPPING:
            enabled = not self.mapping_page.still_needed()
        elif index == PREVIEW:
            enabled = not self.preview_page.nothing_to_import()
        self.next_button.setEnabled(enabled)

    def set_file(self, path: Path) -> None:
        """A file dropped on the window while the wizard is open: start again with it."""
        self.file_page.set_file(path)
        self._show(FILE)

    def go_back(self) -> None:
        if not self.runner.busy and self.current() in (MAPPING, PREVIEW):
            self._show(self.current() - 1)

    def go_next(self) -> None:
        if self.runner.busy or not self.next_button.isEnabled():
            return
        step = self.current()
        if step == FILE:
            self._inspect()
        elif step == MAPPING:
            self._preview()
        elif step == PREVIEW:
            self._commit()
        else:
            self.accept()

    def reject(self) -> None:
        if self.runner.busy:
            return  # the progress dialog's Cancel stops the work first
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.runner.busy:
            event.ignore()
            return
        super().closeEvent(event)

    # -- step 1 -> 2: read the file ------------------------------------------------------
    def _inspect(self, sheet: str | None = None) -> None:
        page = self.file_page
        key = (page.file(), page.kind_name(), page.heading_row())
        if sheet is None and key == self._inspected_key:
            self._show(MAPPING)  # back and next again: keep the choices made
            return
        path, kind, header_row = key
        self.runner.run(
            lambda progress, cancel: jobs.inspect(
                self.db,
                path=path,
                kind=kind,
                sheet=sheet,
                header_row=header_row,
                progress=progress,
                cancel=cancel,
            ),
            parent=self,
            title="Reading the file",
            on_done=lambda inspected: self._inspected(inspected, key),
            on_error=self._failed,
            on_cancelled=lambda _m: self.status.setText("Cancelled."),
        )

    def _inspect_sheet(self, sheet: str) -> None:
        previous = self.inspected.inspection.sheet if self.inspected else None
        if sheet != previous:
            self.mapping_page.set_sheet(previous or sheet)  # until the new one is read
            self._inspect(sheet)

    def _inspected(self, inspected: jobs.Inspected, key: tuple) -> None:
        self.inspected, self._inspected_key, self._preview_key = inspected, key, None
        kind = self.file_page.kind_info()
        declared = get_kind(kind.name)
        fixable = {f.name for f in kind.fields if f.name not in declared.match_key}
        la_filter = (declared.filter_field, declared.filter_default)
        self.mapping_page.show_inspection(inspected, kind, fixable, la_filter)
        self._show(MAPPING)

    # -- step 2 -> 3: preview ------------------------------------------------------------
    def _preview(self) -> None:
        assert self.inspected is not None
        ins = self.inspected.inspection
        mapping = self.mapping_page.mapping()
        options = ImportOptions(
            la_code=self.mapping_page.la_code(),
            fixed=self.mapping_page.fixed(),
            header_row=self.file_page.heading_row(),
        )
        key = (self._inspected_key, ins.sheet, sorted(mapping.items()), repr(options))
        if key == self._preview_key:
            self._show(PREVIEW)
            return
        fields = [(f.name, f.label) for f in self.file_page.kind_info().fields]
        self.runner.run(
            lambda progress, cancel: jobs.preview(
                self.db,
                path=ins.path,
                kind=ins.kind,
                sheet=ins.sheet,
                mapping=mapping,
                options=options,
                field_order=fields,
                progress=progress,
                cancel=cancel,
            ),
            parent=self,
            title="Checking every row",
            on_done=lambda tables: self._previewed(tables, key),
            on_error=self._failed,
            on_cancelled=lambda _m: self.status.setText("Cancelled."),
        )

    def _previewed(self, tables: jobs.PreviewTables, key: tuple) -> None:
        self._preview_key = key
        self.preview_page.folder = self.inspected.inspection.path.parent
        self.preview_page.show_tables(tables)
        self._show(PREVIEW)
        if self.preview_page.nothing_to_import():
            self.status.setText("Nothing to import: no row is new or changed.")

    # -- step 3 -> 4: write --------------------------------------------------------------
    def _commit(self) -> None:
        tables = self.preview_page.tables
        assert tables is not None
        all_or_nothing = self.preview_page.all_or_nothing.isChecked()
        self.runner.run(
            lambda progress, cancel: jobs.commit(
                self.db,
                preview=tables.preview,
                all_or_nothing=all_or_nothing,
                progress=progress,
                cancel=cancel,
            ),
            parent=self,
            title="Importing",
            on_done=lambda result: self._committed(result, all_or_nothing),
            on_error=self._failed,
            on_cancelled=lambda _m: self.status.setText(CANCELLED),
        )

    def _committed(self, result: ImportResult, all_or_nothing: bool) -> None:
        self.result = result
        folder = self.preview_page.folder
        self.done_page.show_result(result, folder, all_or_nothing=all_or_nothing)
        self._preview_key = None  # the register has changed: a new preview is needed
        self._show(DONE)
        announce(self, f"Import finished. {self.done_page.outcome.text()}")
        if result.written:
            self.on_imported()

    def _open_history(self) -> None:
        if self.history_opener is not None:
            self.accept()
            self.history_opener()

    # -- problems ------------------------------------------------------------------------
    def _failed(self, err: Exception) -> None:
        """One clear message; the wizard stays on the step it was on."""
        path = self.file_page.file()
        name = path.name if path else "The file"
        if isinstance(err, FileRefusedError):
            show_error(self, f"{err.path.name} cannot be imported: {err.message}")
            if err.reason == "no-header" and self.current() == FILE:
                self.file_page.ask_header_row()
                self.status.setText(
                    "If the headings are there, type the number of their row in “Headings on "
                    "row” and press Next."
                )
        elif isinstance(err, ValidationError | InUseError | NotFoundError):
            show_error(self, err.message)
        elif isinstance(err, FileNotFoundError | IsADirectoryError):
            show_error(self, f"{name} cannot be imported: there is no such file.")
        elif isinstance(err, PermissionError):
            show_error(self, f"{name} cannot be imported: it is open elsewhere or not readable.")
        elif isinstance(err, database_errors()):
            show_error(self, f"Nothing was imported: {describe(err)}")
        else:
            log.error(
                "Import step failed with %s\n%s",
                type(err).__name__,
                "".join(traceback.format_tb(err.__traceback__)),
            )
            show_error(self, f"Something went wrong ({type(err).__name__}); nothing was imported.")
        self._update_buttons()


@demo_dialog(ImportWizard)
def _demo(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    """Each step of the wizard, importing a pre-filled settings return into the demo data."""
    import tempfile

    from send_desktop.gui.tasks import ImmediatePool, TaskRunner
    from send_desktop.services.templates import make_return_template

    folder = Path(tempfile.mkdtemp(prefix="send-demo-"))
    path = make_return_template(
        window.db, template="settings-return", path=folder / "settings.xlsx"
    )
    wizard = ImportWizard(
        window.db, TaskRunner(ImmediatePool()), on_imported=lambda: None, parent=window
    )
    yield wizard  # choosing a file
    wizard.file_page.set_file(Path(path))
    yield wizard  # a file chosen
    for _step in (MAPPING, PREVIEW, DONE):
        wizard.go_next()
        yield wizard
