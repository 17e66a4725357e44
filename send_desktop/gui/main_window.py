"""The main window: navigation on the left, one page at a time on the right."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QFontMetrics, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from send_desktop import APP_NAME, __version__
from send_desktop.gui.a11y.announce import announce
from send_desktop.gui.context import CommandContext
from send_desktop.gui.db_open import open_or_recover
from send_desktop.gui.imports.drop import dropped_file
from send_desktop.gui.imports.screens import ImportScreens
from send_desktop.gui.menus import build_menus
from send_desktop.gui.messages import show_error
from send_desktop.gui.pages.dashboard import DashboardPage
from send_desktop.gui.safety import SafetyTools
from send_desktop.gui.style import TEXT_SCALES, apply_look
from send_desktop.gui.tasks import TaskRunner
from send_desktop.gui.ui_state import UiState
from send_desktop.storage.database import Database
from send_desktop.storage.errors import database_errors

if TYPE_CHECKING:
    from send_desktop.gui.editors import Editor
    from send_desktop.gui.exports import ExportScreens
    from send_desktop.gui.pages.table_page import TablePage
    from send_desktop.gui.sync_screens import SyncScreens


class Page:
    """One entry of the navigation. Its widget is built on first use (start-up builds only
    the page shown), and its editor on the first edit (that loads the write services)."""

    def __init__(
        self,
        key: str,
        title: str,
        build: Callable[[], QWidget],
        on_built: Callable[[Page], None],
        make_editor: Callable[[], Editor] | None = None,
    ) -> None:
        self.key, self.title = key, title
        self._build, self._on_built = build, on_built
        self.make_editor = make_editor
        self._widget: QWidget | None = None
        self._tables: list[TablePage] = []
        self._editor: Editor | None = None

    @property
    def built(self) -> bool:
        return self._widget is not None

    @property
    def widget(self) -> QWidget:
        if self._widget is None:
            self._widget = self._build()
            tables = getattr(self._widget, "tables", None)
            if callable(tables):
                self._tables = list(tables())
            elif hasattr(self._widget, "spec"):
                self._tables = [self._widget]  # a TablePage
            self._on_built(self)
        return self._widget

    @property
    def tables(self) -> list[TablePage]:
        self.widget  # noqa: B018 - builds the page
        return self._tables

    @property
    def editor(self) -> Editor | None:
        if self._editor is None and self.make_editor is not None:
            self._editor = self.make_editor()
        return self._editor

    def current_table(self) -> TablePage | None:
        chooser = getattr(self.widget, "current_table", None)
        if chooser is not None:
            return chooser()
        return self.tables[0] if self.tables else None


class MainWindow(QMainWindow):
    def __init__(self, db: Database, ui_state: UiState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.ui_state = ui_state
        self.undo_stack = QUndoStack(self)
        self.ctx = CommandContext(db, self._on_changed, self._report_error_later)
        self.tasks = TaskRunner()  # the one runner for long work (imports, undo of imports)
        self.imports = ImportScreens(self, self.tasks, lambda: self.db, self._after_import)
        self.setAcceptDrops(True)  # a spreadsheet dropped on the window opens the wizard
        self.nav = QListWidget()  # made first: first in the tab order
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName("Pages")
        self.pages = self._build_pages()
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.stack = QStackedWidget()
        for n, page in enumerate(self.pages, start=1):
            item = QListWidgetItem(page.title)
            item.setToolTip(f"{page.title} (Ctrl+{n})")
            self.nav.addItem(item)
            self.stack.addWidget(self.dashboard if page.key == "dashboard" else QWidget())
        content = QVBoxLayout()
        content.setContentsMargins(16, 12, 16, 8)
        content.addWidget(self.heading)
        content.addWidget(self.stack, 1)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addLayout(content, 1)
        self.setCentralWidget(central)

        self._fit_to_font()
        self._chain_tab_order(self.dashboard)
        self.actions = build_menus(self, self.undo_stack, [p.title for p in self.pages])
        self._connect()
        self.count_label = QLabel()
        self.path_label = QLabel()
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.path_label)
        # a message is drawn where the count is: hide the count meanwhile (no overlap)
        self.statusBar().messageChanged.connect(lambda text: self.count_label.setHidden(bool(text)))
        self.safety = SafetyTools(self)  # Tools menu: backups; automatic backups
        self._show_database()
        self._restore()
        self.safety.auto.opened()

    @cached_property
    def exports(self) -> ExportScreens:
        """Export, print and pack screens, made on first use (they load slowly)."""
        from send_desktop.gui.exports import ExportScreens

        return ExportScreens(
            self, self.tasks, lambda: self.db, self.current_table, self.statusBar(), self.ui_state
        )

    @cached_property
    def syncs(self) -> SyncScreens:
        from send_desktop.gui.sync_screens import SyncScreens

        return SyncScreens(self, self.tasks, lambda: self.db, self.statusBar(), self._after_sync)

    def _build_pages(self) -> list[Page]:
        db = self.db
        self.dashboard = DashboardPage(db)
        self.dashboard.page_requested.connect(self.switch_to)
        self.dashboard.drill_requested.connect(self.drill)
        self.dashboard.report_requested.connect(lambda: self.exports.open_board_report())
        steps = {"import": "import_file", "sync": "sync", "open": "open_db"}
        self.dashboard.start_requested.connect(
            lambda key: getattr(self.actions, steps[key]).trigger()
        )

        def table(spec_name: str) -> Callable[[], QWidget]:
            def build() -> QWidget:
                from send_desktop.gui.pages import catalog
                from send_desktop.gui.pages.table_page import TablePage

                return TablePage(getattr(catalog, spec_name), self.db)

            return build

        def settings() -> QWidget:
            from send_desktop.gui.pages.register_pages import SettingsPage

            return SettingsPage(self.db)

        def people() -> QWidget:
            from send_desktop.gui.pages.register_pages import PeoplePage

            return PeoplePage(self.db)

        def plan() -> QWidget:
            from send_desktop.gui.pages.action_plan import ActionPlanPage

            page = ActionPlanPage(self.db)
            page.changed.connect(lambda: self._on_changed("", None))
            return page

        def pathways() -> QWidget:
            from send_desktop.gui.pages.pathways_page import PathwaysPage

            return PathwaysPage(
                self.db,
                runner=self.tasks,
                written=lambda path, message, button: self.exports.show_written(
                    path, message, button
                ),
                ctx=self.ctx,
                undo_stack=self.undo_stack,
            )

        def outreach() -> QWidget:
            from send_desktop.gui.pages.outreach_page import OutreachPage

            page = OutreachPage(self.db, ctx=self.ctx, undo_stack=self.undo_stack)
            page.changed.connect(lambda: self._on_changed("", None))  # dashboard, counts
            return page

        def cohorts() -> QWidget:
            from send_desktop.gui.pages.tirp_page import CohortsPage

            page = CohortsPage(self.db, ctx=self.ctx, undo_stack=self.undo_stack)
            page.export_requested.connect(self.exports.export_cohort)
            return page

        def waitlist() -> QWidget:
            from send_desktop.gui.pages.waitlist_page import WaitlistPage

            page = WaitlistPage(self.db)
            page.allocated.connect(lambda _n: self._on_changed("", None))  # counts, cohorts
            return page

        built = self._page_built
        return [
            Page("dashboard", "Dashboard", lambda: self.dashboard, built),
            Page("settings", "Settings", settings, built, self._editor_maker("settings")),
            Page("people", "People", people, built, self._editor_maker("people")),
            Page("cohorts", "TIRP cohorts", cohorts, built),
            Page("waitlist", "Waitlist", waitlist, built),
            Page("pathways", "Enhanced pathways", pathways, built),
            Page("outreach", "Outreach", outreach, built),
            Page("actions", "Action plan", plan, built, self._editor_maker("actions")),
        ]

    def _page_built(self, page: Page) -> None:
        """Put a freshly built page in its place and wire it up."""
        index = self.pages.index(page) if hasattr(self, "pages") else None
        widget = page.widget
        if index is not None and self.stack.widget(index) is not widget:
            current = self.stack.currentIndex()
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, widget)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
            self._chain_tab_order(widget)
        for table in page.tables:
            table.counts_changed.connect(lambda _text, t=table: self._on_counts(t))
            table.selection_changed.connect(self._update_actions)
            if page.make_editor:
                table.record_activated.connect(lambda rid, p=page: p.editor.edit(rid))
                table.empty_action_requested.connect(lambda p=page: p.editor.new())
            layout = self.ui_state.table_layout(table.spec.key)
            if layout is not None:
                table.restore_layout(layout)
        changed = getattr(widget, "current_table_changed", None)
        if changed is not None:
            changed.connect(self._on_page_changed)

    def _chain_tab_order(self, widget: QWidget) -> None:
        """Tab goes from the navigation into the page (hidden pages are skipped by Qt)."""
        previous: QWidget = self.nav
        for child in widget.focus_order():
            QWidget.setTabOrder(previous, child)
            previous = child

    def _editor_maker(self, kind: str) -> Callable[[], Editor]:
        def make() -> Editor:
            from send_desktop.gui import editors

            cls = {
                "settings": editors.SettingsEditor,
                "people": editors.PeopleEditor,
                "actions": editors.ActionsEditor,
            }[kind]
            return cls(self.ctx, self.undo_stack, self)

        return make

    def _connect(self) -> None:
        a = self.actions
        a.open_db.triggered.connect(self.choose_database)
        a.import_file.triggered.connect(lambda: self.imports.open_wizard())
        a.import_history.triggered.connect(self.imports.open_history)
        a.export.triggered.connect(lambda: self.exports.export_current())
        a.export_protected.triggered.connect(lambda: self.exports.export_with_password())
        a.print_table.triggered.connect(lambda: self.exports.print_current())
        a.cohort_pack.triggered.connect(lambda: self.exports.open_pack_dialog())
        a.return_template.triggered.connect(lambda: self.exports.open_template_dialog())
        a.sync.triggered.connect(lambda: self.syncs.open_sync_dialog())
        a.sync_conflicts.triggered.connect(lambda: self.syncs.open_conflicts())
        a.quit.triggered.connect(self.close)
        a.new.triggered.connect(self.new_record)
        a.edit.triggered.connect(self.edit_record)
        a.delete.triggered.connect(self.delete_record)
        a.find.triggered.connect(self.find)
        a.columns.triggered.connect(self.choose_columns)
        a.about.triggered.connect(self.about)
        a.board_report.triggered.connect(lambda: self.exports.open_board_report())
        a.glossary.triggered.connect(self.show_glossary)
        a.shortcuts.triggered.connect(self.show_shortcuts)
        a.high_contrast.toggled.connect(lambda on: self.set_look(high_contrast=on))
        a.larger_text.triggered.connect(lambda: self.step_text_size(+1))
        a.smaller_text.triggered.connect(lambda: self.step_text_size(-1))
        a.normal_text.triggered.connect(lambda: self.set_look(text_scale=100))
        for n, action in enumerate(a.pages):
            action.triggered.connect(lambda _=False, n=n: self.nav.setCurrentRow(n))
        self.nav.currentRowChanged.connect(self._on_page_changed)

    # -- pages ---------------------------------------------------------------------------
    def _built_tables(self) -> list[TablePage]:
        return [t for p in self.pages if p.built for t in p.tables]

    def page(self, key: str) -> Page:
        return next(p for p in self.pages if p.key == key)

    def current_page(self) -> Page:
        return self.pages[max(0, self.stack.currentIndex())]

    def current_table(self) -> TablePage | None:
        return self.current_page().current_table()

    def switch_to(self, key: str) -> None:
        self.nav.setCurrentRow(self.pages.index(self.page(key)))

    def drill(self, drill: object) -> None:
        """Open the rows behind a dashboard figure (a ``services.kpis.Drill``): its page, its
        table, filtered to the figure's rows (said in words above the table)."""
        page = self.page(drill.page)
        self.switch_to(drill.page)
        table = next((t for t in page.tables if t.spec.key == drill.table), None)
        if table is None:  # that list is not there (yet): the page as it is
            return
        self._reveal(table)
        table.set_preset(drill.label, drill.column, drill.values)
        self.count_label.setText(table.count_text())
        if table.visible_row_count():
            table.focus_table()

    @staticmethod
    def _reveal(widget: QWidget) -> None:
        """Bring the tabs (and splitters' panes) holding ``widget`` to the front."""
        child, parent = widget, widget.parentWidget()
        while parent is not None:
            tabs = parent.parentWidget()
            if isinstance(parent, QStackedWidget) and isinstance(tabs, QTabWidget):
                tabs.setCurrentWidget(child)
            child, parent = parent, parent.parentWidget()

    def upkeep(self) -> None:
        """Once the window is up: actions' RAG brought in step with the date (history kept)
        and this month's snapshot of the key figures taken."""
        from send_desktop.services.kpi_snapshots import upkeep

        try:
            changed, _written = upkeep(self.db)
        except database_errors() as err:  # read-only file, locked: figures still show
            announce(self, f"Monthly figures not kept ({type(err).__name__}).", timeout_ms=8000)
            return
        if changed:
            self._on_changed("", None)

    def _on_page_changed(self, *_: object) -> None:
        row = self.nav.currentRow()
        if row < 0:
            return
        page = self.pages[row]
        page.widget  # noqa: B018 - built on first visit
        self.stack.setCurrentIndex(row)
        self.heading.setText(page.title)
        table = page.current_table()
        if table is not None:
            table.ensure_loaded()
            self.count_label.setText(table.count_text())
        else:
            self.dashboard.ensure_loaded()
            self.count_label.setText("")
        if not self.nav.hasFocus():  # keyboard focus follows to the page shown
            self._focus_page(table)
        self._update_actions()

    def _focus_page(self, table: TablePage | None) -> None:
        if table is None:
            self.dashboard.focus_order()[0].setFocus(Qt.FocusReason.OtherFocusReason)
        elif table.visible_row_count():
            table.focus_table()
        else:
            table.focus_search()

    def _on_counts(self, table: TablePage) -> None:
        if table is self.current_table():
            self.count_label.setText(table.count_text())

    def _update_actions(self) -> None:
        page = self.current_page()
        table = page.current_table()
        selected = table is not None and table.selected_id() is not None
        editable = page.make_editor is not None
        self.actions.new.setEnabled(editable)
        self.actions.edit.setEnabled(editable and selected)
        self.actions.delete.setEnabled(editable and selected)
        self.actions.find.setEnabled(table is not None)
        self.actions.columns.setEnabled(table is not None)
        self.actions.export.setEnabled(table is not None)
        self.actions.export_protected.setEnabled(table is not None)
        self.actions.print_table.setEnabled(table is not None)

    # -- record actions ------------------------------------------------------------------
    def new_record(self) -> None:
        editor = self.current_page().editor
        if editor:
            editor.new()

    def edit_record(self) -> None:
        editor, table = self.current_page().editor, self.current_table()
        if editor and table and table.selected_id():
            editor.edit(table.selected_id())

    def delete_record(self) -> None:
        editor, table = self.current_page().editor, self.current_table()
        if editor and table and table.selected_id():
            editor.delete(table.selected_id())

    def find(self) -> None:
        table = self.current_table()
        if table:
            table.focus_search()

    def choose_columns(self) -> None:
        table = self.current_table()
        if table:
            table.show_column_menu()

    def _on_changed(self, page_key: str, record_id: str | None) -> None:
        """After a command: every page is out of date; the one shown reloads now."""
        self.dashboard.mark_stale()
        for table in self._built_tables():
            table.mark_stale()
        table = self.current_table()
        if table is not None and table.spec.key == page_key and record_id:
            table.select_id(record_id)
        self._update_actions()

    def _report_error_later(self, message: str) -> None:
        # Not inside QUndoStack.undo()/redo(): show it once they have returned.
        QTimer.singleShot(0, lambda: show_error(self, message))

    # -- importing -----------------------------------------------------------------------
    def _after_import(self) -> None:
        # Undoing an edit made before an import (or its undo) would write old values over
        # what the import changed: the edit history ends here; imports undo from their history.
        self.undo_stack.clear()
        self._on_changed("", None)  # every page and the dashboard read again

    def _after_sync(self) -> None:
        # Records changed underneath the edit history: undoing an older edit would write
        # over what arrived, so the history ends here (as after an import).
        self.undo_stack.clear()
        self._on_changed("", None)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_file(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.imports.open_wizard(path)

    # -- database ------------------------------------------------------------------------
    def choose_database(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Open database",
            str(self.db.path.parent),
            "SEND Desktop databases (*.sqlite *.db);;All files (*)",
        )
        if name:
            db = open_or_recover(Path(name), self)
            if db is not None:
                self.set_database(db)

    def set_database(self, db: Database) -> None:
        old, self.db = self.db, db
        self.undo_stack.clear()
        self.ctx.db = db
        self.dashboard.set_database(db)
        for table in self._built_tables():
            table.set_database(db)
        self._show_database()
        self._on_page_changed()
        old.close()
        self.upkeep()
        self.safety.auto.opened()

    def _show_database(self) -> None:
        self.setWindowTitle(f"{APP_NAME} — {self.db.path.name}")
        self.path_label.setText(str(self.db.path))
        self.path_label.setToolTip(f"Database file: {self.db.path}")

    def show_glossary(self) -> None:
        from send_desktop.gui.dialogs.glossary_dialog import GlossaryDialog

        if getattr(self, "glossary", None) is None:
            self.glossary = GlossaryDialog(self)
            self.glossary.finished.connect(lambda _r: setattr(self, "glossary", None))
            self.glossary.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.glossary.show()
        self.glossary.raise_()

    # -- look (View menu) -----------------------------------------------------------------
    def set_look(self, *, high_contrast: bool | None = None, text_scale: int | None = None) -> None:
        """Switch the theme or text size now, for every window, and remember it."""
        state = self.ui_state
        high_contrast = state.high_contrast() if high_contrast is None else high_contrast
        text_scale = state.text_scale() if text_scale is None else text_scale
        state.set_look(high_contrast=high_contrast, text_scale=text_scale)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_look(app, high_contrast=high_contrast, text_scale=text_scale)
        self._show_look()
        announce(
            self,
            f"Text size {text_scale}%{', high contrast' if high_contrast else ''}.",
            timeout_ms=5000,
        )

    def step_text_size(self, step: int) -> None:
        now = self.ui_state.text_scale()
        sizes = list(TEXT_SCALES)
        position = min(range(len(sizes)), key=lambda i: abs(sizes[i] - now))
        self.set_look(text_scale=sizes[max(0, min(len(sizes) - 1, position + step))])

    def _show_look(self) -> None:
        """The View menu's state and the sizes that depend on the text size."""
        scale = self.ui_state.text_scale()
        self.actions.high_contrast.blockSignals(True)
        self.actions.high_contrast.setChecked(self.ui_state.high_contrast())
        self.actions.high_contrast.blockSignals(False)
        self.actions.larger_text.setEnabled(scale < TEXT_SCALES[-1])
        self.actions.smaller_text.setEnabled(scale > TEXT_SCALES[0])
        self._fit_to_font()

    def _fit_to_font(self) -> None:
        """Navigation wide and tall enough for its titles at the current text size."""
        metrics = QFontMetrics(QApplication.font())
        widest = max(metrics.horizontalAdvance(p.title) for p in self.pages)
        self.nav.setFixedWidth(max(200, widest + 56))
        for row in range(self.nav.count()):
            self.nav.item(row).setSizeHint(QSize(0, max(34, metrics.height() + 16)))

    def show_shortcuts(self) -> QWidget:
        from send_desktop.gui.a11y.shortcuts import ShortcutsDialog, shortcut_list

        dialog = ShortcutsDialog(shortcut_list(self, native=True), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<p>Run the council's SEND early-intervention "
            "programmes offline: TIRP cohorts, the waitlist, enhanced pathways, outreach "
            "and the action plan.</p>",
        )

    # -- remembered layout ---------------------------------------------------------------
    def _restore(self) -> None:
        state = self.ui_state
        if state.high_contrast() or state.text_scale() != 100:
            self.set_look()
        else:
            self._show_look()
        geometry = state.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()  # small laptop screens too
            self.resize(min(1200, screen.width() * 9 // 10), min(760, screen.height() * 9 // 10))
        window_state = state.window_state()
        if window_state is not None:
            self.restoreState(window_state)
        keys = [p.key for p in self.pages]
        saved = state.current_page()
        self.nav.setCurrentRow(keys.index(saved) if saved in keys else 0)

    def save_layout(self) -> None:
        state = self.ui_state
        state.save_window(self.saveGeometry(), self.saveState(), self.current_page().key)
        for table in self._built_tables():  # pages never opened keep their saved layout
            state.set_table_layout(table.spec.key, table.layout_state())
        state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.tasks.busy:  # an import is being written: its Cancel comes first
            event.ignore()
            return
        self.save_layout()
        self.safety.auto.stop()  # no automatic backup of a database no longer shown
        super().closeEvent(event)
