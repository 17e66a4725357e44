"""The window's way out: File → Export… (Excel or PDF, optionally with a password), Print preview…,
Cohort pack… and Return template….

Light on purpose (the window imports it at start-up): the export, pack and template services
(and through them the writers and SQLAlchemy) are imported when an action is first used.
Each writes through the one task runner, then says what was written in the status bar with
an "Open" button.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton, QStatusBar, QWidget

from send_desktop import paths
from send_desktop.gui.a11y.announce import announce
from send_desktop.gui.messages import show_error
from send_desktop.gui.tasks import TaskRunner
from send_desktop.gui.ui_state import UiState
from send_desktop.storage.database import Database

if TYPE_CHECKING:
    from send_desktop.gui.dialogs.pack_dialog import PackDialog, PasswordDialog, TemplateDialog
    from send_desktop.gui.pages.table_page import TablePage

# A page's spec key -> the export kind whose sheet title and dropdowns it uses.
EXPORT_KIND_OF_PAGE = {
    "settings": "settings",
    "people": "people",
    "cohorts": "cohorts",
    "waitlist": "waitlist",
    "pathways": "bids",
    "outreach": "packages",
    "actions": "actions",
    "milestones": "milestones",
}
MESSAGE_MS = 30_000
EXPORT_FILTERS = "Excel workbooks (*.xlsx);;PDF documents (*.pdf)"


def visible_keys(page: TablePage) -> list[str]:
    """The keys of the page's shown columns, left to right as on screen."""
    header = page.view.horizontalHeader()
    columns = page.model.table.columns
    keys = []
    for visual in range(header.count()):
        logical = header.logicalIndex(visual)
        if not header.isSectionHidden(logical):
            keys.append(columns[logical].key)
    return keys


def page_note(page: TablePage) -> str:
    """What a printed list says about how it was narrowed, e.g. "Search: oxford"."""
    text = page.search.text().strip()
    return f"Only rows matching the search “{text}”" if text else ""


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split()) or "export"


class ExportScreens:
    def __init__(
        self,
        parent: QWidget,
        runner: TaskRunner,
        database: Callable[[], Database],
        current_table: Callable[[], TablePage | None],
        status_bar: QStatusBar,
        ui_state: UiState | None = None,
    ) -> None:
        self.parent, self.runner = parent, runner
        self.database, self.current_table = database, current_table
        self.status_bar = status_bar
        self.ui_state = ui_state
        self.folder = (ui_state.export_folder() if ui_state else None) or Path.home()
        self.pack_dialog: PackDialog | None = None
        self.template_dialog: TemplateDialog | None = None
        self.password_dialog: PasswordDialog | None = None
        self.last_written: Path | None = None
        self.open_button = QPushButton("Open")
        self.open_button.setObjectName("openExported")
        self.open_button.setToolTip("Open the file just written")
        self.open_button.setVisible(False)
        self.open_button.clicked.connect(self.open_last)
        status_bar.addPermanentWidget(self.open_button)
        status_bar.messageChanged.connect(
            lambda text: self.open_button.setVisible(bool(text) and self.last_written is not None)
        )

    # -- common --------------------------------------------------------------------------
    def _save_path(self, caption: str, name: str, filters: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(
            self.parent, caption, str(self.folder / name), filters
        )
        if not chosen:
            return None
        path = Path(chosen)
        self.folder = path.parent
        if self.ui_state is not None:
            self.ui_state.set_export_folder(self.folder)
        return path

    def _written(self, path: Path, message: str, button: str = "Open") -> None:
        self.last_written = path
        self.open_button.setText(button)
        announce(self.status_bar, message, timeout_ms=MESSAGE_MS)
        self.open_button.setVisible(True)

    def show_written(self, path: Path, message: str, button: str = "Open") -> None:
        """Say in the status bar what a page wrote, with a button to open it (a file, or
        a folder in the file manager)."""
        self._written(path, message, button)

    def open_last(self) -> None:
        if self.last_written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_written)))

    def _failed(self, what: str, path: Path) -> Callable[[Exception], None]:
        def report(err: Exception) -> None:
            reason = getattr(err, "reason", None) or getattr(err, "message", None) or str(err)
            show_error(self.parent, f"{what} could not be written to “{path}”.\n\n{reason}")

        return report

    def _cancelled(self, what: str) -> Callable[[str], None]:
        return lambda _message: announce(self.status_bar, f"{what} cancelled.")

    def _open_dialog(self, dialog: QDialog, attribute: str, on_ok: Callable[[], None]) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(on_ok)
        dialog.finished.connect(lambda _result: setattr(self, attribute, None))
        setattr(self, attribute, dialog)
        dialog.open()

    # -- File → Export…, Export with password…, Print… ------------------------------------
    def export_current(self, password: str | None = None) -> None:
        page = self.current_table()
        if page is None:
            show_error(self.parent, "Choose a page with a table to export (Settings, People…).")
            return
        page.ensure_loaded()
        name = f"{page.spec.key}-{date.today().isoformat()}.xlsx"
        path = self._save_path(f"Export {page.spec.plural}", name, EXPORT_FILTERS)
        if path is None:
            return
        if path.suffix.lower() not in (".xlsx", ".pdf"):
            path = path.with_name(path.name + ".xlsx")
        self._write_table(page, path, password)

    def export_with_password(self) -> PasswordDialog | None:
        from send_desktop.gui.dialogs.pack_dialog import PasswordDialog

        page = self.current_table()
        if page is None:
            show_error(self.parent, "Choose a page with a table to export (Settings, People…).")
            return None
        dialog = PasswordDialog(f"The {page.spec.plural.lower()} table", self.parent)
        self._open_dialog(
            dialog, "password_dialog", lambda: self.export_current(dialog.chosen_password())
        )
        return dialog

    def print_current(self) -> None:
        """The table as shown, as a PDF opened in the system's viewer (which prints it)."""
        page = self.current_table()
        if page is None:
            show_error(self.parent, "Choose a page with a table to print (Settings, People…).")
            return
        page.ensure_loaded()
        folder = paths.printouts_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            show_error(self.parent, f"Could not make the folder for printing, {folder}.\n\n{exc}")
            return
        stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
        path = folder / f"{page.spec.key}-{stamp}.pdf"
        self._write_table(page, path, None, opened=True)

    def _write_table(
        self, page: TablePage, path: Path, password: str | None, *, opened: bool = False
    ) -> None:
        table = page.model.table
        columns = visible_keys(page)
        order = list(page.model.row_index.order)
        kind = EXPORT_KIND_OF_PAGE.get(page.spec.key)
        count = len(order)
        noun = page.spec.singular if count == 1 else page.spec.plural
        title = page.spec.plural
        note = page_note(page)
        as_pdf = path.suffix.lower() == ".pdf"

        def job(progress, cancel):  # noqa: ANN001, ANN202
            from send_desktop.services.exports import export_table, export_table_pdf

            if as_pdf:
                return export_table_pdf(
                    table,
                    path=path,
                    title=title,
                    columns=columns,
                    order=order,
                    note=note,
                    password=password,
                    progress=progress,
                    cancel=cancel,
                )
            return export_table(
                table,
                path=path,
                kind=kind,
                columns=columns,
                order=order,
                password=password,
                progress=progress,
                cancel=cancel,
            )

        def done(written: str) -> None:
            written_path = Path(written)
            if opened:
                self._written(written_path, f"Opened {count:,} {noun} in your PDF viewer to print")
                self.open_last()
                return
            locked = " (password protected)" if password else ""
            self._written(written_path, f"Exported {count:,} {noun} to {written_path}{locked}")

        self.runner.run(
            job,
            parent=self.parent,
            title=f"{'Preparing to print' if opened else 'Exporting'} {title}",
            on_done=done,
            on_error=self._failed("The print-out" if opened else "The export", path),
            on_cancelled=self._cancelled("Printing" if opened else "The export"),
        )

    # -- TIRP: a cohort's members and attendance matrix (buttons on the cohorts page) -----
    def export_cohort(self, kind: str, cohort_id: str) -> None:
        db = self.database()
        found = db.query("SELECT name FROM cohort WHERE id = ?", (cohort_id,))
        if not found:
            return
        cohort = found[0][0]
        what = "members and leaders" if kind == "cohort-members" else "attendance"
        name = f"{_slug(cohort)}-{_slug(what)}-{date.today().isoformat()}.xlsx"
        path = self._save_path(f"Export {cohort} {what}", name, "Excel workbooks (*.xlsx)")
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")

        def job(progress, cancel):  # noqa: ANN001, ANN202
            from send_desktop.services.exports import export_cohort

            return export_cohort(
                db, kind=kind, cohort_id=cohort_id, path=path, progress=progress, cancel=cancel
            )

        self.runner.run(
            job,
            parent=self.parent,
            title=f"Exporting {cohort} {what}",
            on_done=lambda written: self._written(
                Path(written), f"Exported {cohort} {what} to {Path(written)}"
            ),
            on_error=self._failed("The export", path),
            on_cancelled=self._cancelled("The export"),
        )

    # -- File → Cohort pack… -------------------------------------------------------------
    def open_pack_dialog(self) -> PackDialog | None:
        from send_desktop.gui.dialogs.pack_dialog import PackDialog
        from send_desktop.services.packs import cohort_names, cohort_sessions

        if self.pack_dialog is not None:
            self.pack_dialog.raise_()
            return self.pack_dialog
        names = cohort_names(self.database())
        if not names:
            show_error(
                self.parent,
                "There are no TIRP cohorts yet, so there is no pack to make.\n\n"
                "Add a cohort on the TIRP cohorts page (or import one) first.",
            )
            return None
        db = self.database()
        dialog = PackDialog(names, self.parent, lambda name: cohort_sessions(db, cohort=name))
        self._open_dialog(
            dialog,
            "pack_dialog",
            lambda: self.make_pack(
                dialog.chosen_cohort(), dialog.chosen_password(), dialog.chosen_session()
            ),
        )
        return dialog

    def make_pack(self, cohort: str, password: str | None, session: int | None = None) -> None:
        part = f"-session-{session}" if session is not None else ""
        name = f"{_slug(cohort)}{part}-pack-{date.today().isoformat()}.pdf"
        path = self._save_path(f"Save the pack for {cohort}", name, "PDF documents (*.pdf)")
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        db = self.database()

        def job(progress, cancel):  # noqa: ANN001, ANN202
            from send_desktop.services.packs import make_cohort_pack

            return make_cohort_pack(
                db,
                cohort=cohort,
                path=path,
                session=session,
                password=password,
                progress=progress,
                cancel=cancel,
            )

        self.runner.run(
            job,
            parent=self.parent,
            title=f"Making the pack for {cohort}",
            on_done=lambda written: self._written(
                Path(written), f"Cohort pack for {cohort} saved to {Path(written)}", "Open PDF"
            ),
            on_error=self._failed("The cohort pack", path),
            on_cancelled=self._cancelled("The cohort pack"),
        )

    # -- File → Board report… / the dashboard's button ------------------------------------
    def open_board_report(self) -> None:
        name = f"board-report-{date.today().isoformat()}.pdf"
        path = self._save_path("Save the board report", name, "PDF documents (*.pdf)")
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.make_board_report(path)

    def make_board_report(self, path: Path) -> None:
        db = self.database()

        def job(progress, cancel):  # noqa: ANN001, ANN202
            from send_desktop.services.board_report import make_board_report

            return make_board_report(db, path=path, progress=progress, cancel=cancel)

        self.runner.run(
            job,
            parent=self.parent,
            title="Making the board report",
            on_done=lambda written: self._written(
                Path(written), f"Board report saved to {Path(written)}", "Open PDF"
            ),
            on_error=self._failed("The board report", path),
            on_cancelled=self._cancelled("The board report"),
        )

    # -- File → Return template… ---------------------------------------------------------
    def open_template_dialog(self) -> TemplateDialog:
        from send_desktop.gui.dialogs.pack_dialog import TemplateDialog
        from send_desktop.services.templates import return_templates

        if self.template_dialog is not None:
            self.template_dialog.raise_()
            return self.template_dialog
        dialog = TemplateDialog([(t.id, t.title) for t in return_templates()], self.parent)
        self._open_dialog(
            dialog,
            "template_dialog",
            lambda: self.make_template(dialog.chosen_template(), dialog.is_blank()),
        )
        return dialog

    def make_template(self, template: str, blank: bool) -> None:
        name = f"{template}{'-blank' if blank else ''}-{date.today().isoformat()}.xlsx"
        path = self._save_path("Save the return template", name, "Excel workbooks (*.xlsx)")
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        db = self.database()

        def job(progress, cancel):  # noqa: ANN001, ANN202
            from send_desktop.services.templates import make_return_template

            progress(0.0, "Writing the template")
            return make_return_template(db, template=template, path=path, blank=blank)

        self.runner.run(
            job,
            parent=self.parent,
            title="Writing the return template",
            on_done=lambda written: self._written(
                Path(written), f"Return template saved to {Path(written)}"
            ),
            on_error=self._failed("The return template", path),
            on_cancelled=self._cancelled("The return template"),
            cancellable=False,
        )
