"""The main window: navigation on the left, one page at a time on the right."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from send_desktop import APP_NAME, __version__
from send_desktop.gui.commands import CommandContext
from send_desktop.gui.db_open import open_or_recover
from send_desktop.gui.editors import Editor, PeopleEditor, SettingsEditor
from send_desktop.gui.menus import build_menus
from send_desktop.gui.messages import show_error
from send_desktop.gui.pages import catalog
from send_desktop.gui.pages.action_plan import ActionPlanPage
from send_desktop.gui.pages.dashboard import DashboardPage
from send_desktop.gui.pages.register_pages import PeoplePage, SettingsPage
from send_desktop.gui.pages.table_page import TablePage
from send_desktop.gui.ui_state import UiState
from send_desktop.storage.database import Database


@dataclass
class Page:
    key: str
    title: str
    widget: QWidget
    tables: list[TablePage]
    editor: Editor | None = None

    def current_table(self) -> TablePage | None:
        if isinstance(self.widget, ActionPlanPage):
            return self.widget.current_table()
        return self.tables[0] if self.tables else None


class MainWindow(QMainWindow):
    def __init__(self, db: Database, ui_state: UiState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.ui_state = ui_state
        self.undo_stack = QUndoStack(self)
        self.ctx = CommandContext(db, self._on_changed, self._report_error_later)
        self.nav = QListWidget()  # made first: first in the tab order
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName("Pages")
        self.nav.setFixedWidth(200)
        self.pages = self._build_pages()
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.stack = QStackedWidget()
        for n, page in enumerate(self.pages, start=1):
            item = QListWidgetItem(page.title)
            item.setToolTip(f"{page.title} (Ctrl+{n})")
            item.setSizeHint(QSize(0, 34))
            self.nav.addItem(item)
            self.stack.addWidget(page.widget)
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

        previous: QWidget = self.nav  # Tab: navigation, then the page (hidden ones are skipped)
        for page in self.pages:
            for widget in page.widget.focus_order():
                QWidget.setTabOrder(previous, widget)
                previous = widget
        self.actions = build_menus(self, self.undo_stack, [p.title for p in self.pages])
        self._connect()
        self.count_label = QLabel()
        self.path_label = QLabel()
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.path_label)
        self._show_database()
        self._restore()

    def _build_pages(self) -> list[Page]:
        db, ctx, stack = self.db, self.ctx, self.undo_stack
        settings, people = SettingsPage(db), PeoplePage(db)
        plan = ActionPlanPage(db)
        plain = [TablePage(spec, db) for spec in (catalog.COHORTS, catalog.WAITLIST)]
        more = [TablePage(spec, db) for spec in (catalog.PATHWAYS, catalog.OUTREACH)]
        self.dashboard = DashboardPage(db)
        self.dashboard.page_requested.connect(self.switch_to)
        return [
            Page("dashboard", "Dashboard", self.dashboard, []),
            Page("settings", "Settings", settings, [settings], SettingsEditor(ctx, stack, self)),
            Page("people", "People", people, [people], PeopleEditor(ctx, stack, self)),
            Page("cohorts", "TIRP cohorts", plain[0], [plain[0]]),
            Page("waitlist", "Waitlist", plain[1], [plain[1]]),
            Page("pathways", "Enhanced pathways", more[0], [more[0]]),
            Page("outreach", "Outreach", more[1], [more[1]]),
            Page("actions", "Action plan", plan, plan.tables()),
        ]

    def _connect(self) -> None:
        a = self.actions
        a.open_db.triggered.connect(self.choose_database)
        a.quit.triggered.connect(self.close)
        a.new.triggered.connect(self.new_record)
        a.edit.triggered.connect(self.edit_record)
        a.delete.triggered.connect(self.delete_record)
        a.find.triggered.connect(self.find)
        a.columns.triggered.connect(self.choose_columns)
        a.about.triggered.connect(self.about)
        for n, action in enumerate(a.pages):
            action.triggered.connect(lambda _=False, n=n: self.nav.setCurrentRow(n))
        self.nav.currentRowChanged.connect(self._on_page_changed)
        for page in self.pages:
            for table in page.tables:
                table.counts_changed.connect(lambda _text, t=table: self._on_counts(t))
                table.selection_changed.connect(self._update_actions)
                if page.editor:
                    table.record_activated.connect(page.editor.edit)
                    table.empty_action_requested.connect(page.editor.new)
            if isinstance(page.widget, ActionPlanPage):
                page.widget.current_table_changed.connect(self._on_page_changed)

    # -- pages ---------------------------------------------------------------------------
    def page(self, key: str) -> Page:
        return next(p for p in self.pages if p.key == key)

    def current_page(self) -> Page:
        return self.pages[max(0, self.stack.currentIndex())]

    def current_table(self) -> TablePage | None:
        return self.current_page().current_table()

    def switch_to(self, key: str) -> None:
        self.nav.setCurrentRow(self.pages.index(self.page(key)))

    def _on_page_changed(self, *_: object) -> None:
        row = self.nav.currentRow()
        if row < 0:
            return
        page = self.pages[row]
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
        self.actions.new.setEnabled(page.editor is not None)
        self.actions.edit.setEnabled(page.editor is not None and selected)
        self.actions.delete.setEnabled(page.editor is not None and selected)
        self.actions.find.setEnabled(table is not None)
        self.actions.columns.setEnabled(table is not None)

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
        for page in self.pages:
            for table in page.tables:
                table.mark_stale()
        table = self.current_table()
        if table is not None and table.spec.key == page_key and record_id:
            table.select_id(record_id)
        self._update_actions()

    def _report_error_later(self, message: str) -> None:
        # Not inside QUndoStack.undo()/redo(): show it once they have returned.
        QTimer.singleShot(0, lambda: show_error(self, message))

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
        for page in self.pages:
            for table in page.tables:
                table.set_database(db)
        self._show_database()
        self._on_page_changed()
        old.close()

    def _show_database(self) -> None:
        self.setWindowTitle(f"{APP_NAME} — {self.db.path.name}")
        self.path_label.setText(str(self.db.path))
        self.path_label.setToolTip(f"Database file: {self.db.path}")

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
        geometry = state.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()  # small laptop screens too
            self.resize(min(1200, screen.width() * 9 // 10), min(760, screen.height() * 9 // 10))
        window_state = state.window_state()
        if window_state is not None:
            self.restoreState(window_state)
        for page in self.pages:
            for table in page.tables:
                layout = state.table_layout(table.spec.key)
                if layout is not None:
                    table.restore_layout(layout)
        keys = [p.key for p in self.pages]
        saved = state.current_page()
        self.nav.setCurrentRow(keys.index(saved) if saved in keys else 0)

    def save_layout(self) -> None:
        state = self.ui_state
        state.save_window(self.saveGeometry(), self.saveState(), self.current_page().key)
        for page in self.pages:
            for table in page.tables:
                state.set_table_layout(table.spec.key, table.layout_state())
        state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
