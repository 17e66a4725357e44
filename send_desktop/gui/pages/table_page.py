"""The list page every area uses: search box, columns chooser, table, empty state."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.models.table_model import RowTableModel
from send_desktop.gui.pages.catalog import TableSpec
from send_desktop.gui.style import text_factor
from send_desktop.gui.ui_state import TableLayout
from send_desktop.gui.widgets.basic import EmptyState, SearchBox
from send_desktop.storage.database import Database

_TABLE, _EMPTY = 0, 1


class TablePage(QWidget):
    """Rows of one ``TableSpec``; loads when first shown and after ``mark_stale``."""

    counts_changed = Signal(str)
    record_activated = Signal(str)
    selection_changed = Signal()
    empty_action_requested = Signal()

    def __init__(self, spec: TableSpec, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.db = db
        self._stale = True
        self._fitted = False  # widths adapted to the window once, unless remembered
        self.model = RowTableModel(spec.columns, self)

        self.search = SearchBox(f"{spec.search_hint} (Ctrl+F)")
        self.search.setObjectName("search")
        self.search.setAccessibleDescription(f"{spec.search_hint}; Down moves to the table")
        self.columns_button = QToolButton()
        self.columns_button.setObjectName("columnsButton")
        self.columns_button.setText("Columns ▾")
        self.columns_button.setToolTip("Choose which columns to show")
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.column_menu = QMenu(self)
        self.column_menu.aboutToShow.connect(self._fill_column_menu)
        self.columns_button.setMenu(self.column_menu)

        self.view = QTableView()
        self.view.setObjectName(f"{spec.key}Table")
        self.view.setAccessibleName(spec.plural.capitalize())
        self.view.setAccessibleDescription(
            "Up and Down move between rows, Enter opens the row; Ctrl+F searches"
        )
        self._setup_view()
        self.empty = EmptyState()
        # The rows behind a dashboard figure: said in words, one click shows every row.
        self.preset_label = QLabel()
        self.preset_label.setObjectName("presetLabel")
        self.preset_clear = QPushButton("Show all")
        self.preset_clear.setAccessibleName("Show all rows (remove the dashboard filter)")
        self.preset_clear.clicked.connect(self.clear_preset)
        self.preset_bar = QWidget()
        bar = QHBoxLayout(self.preset_bar)
        bar.setContentsMargins(0, 2, 0, 2)
        bar.addWidget(self.preset_label, 1)
        bar.addWidget(self.preset_clear)
        self.preset_bar.hide()
        self.preset: str | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.columns_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.preset_bar)
        layout.addWidget(self.stack, 1)

        self.search.textChanged.connect(self._on_search)
        self.search.move_down.connect(self.focus_table)
        self.empty.action_clicked.connect(self._on_empty_action)
        self._update_state()

    def _setup_view(self) -> None:
        view = self.view
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.setTabKeyNavigation(False)
        view.setCornerButtonEnabled(False)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(view.fontMetrics().height() + 10)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSortIndicatorShown(True)
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_header_menu)
        header.sortIndicatorChanged.connect(self._on_sort)
        self._factor = text_factor()
        for i, column in enumerate(self.spec.columns):
            header.resizeSection(i, self._width(column.width))
            header.setSectionHidden(i, not column.visible)
        view.activated.connect(self._on_activated)
        view.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())

    def _width(self, designed: int) -> int:
        """A column width designed for the system text size, at today's text size."""
        return round(designed * self._factor)

    def changeEvent(self, event: QEvent) -> None:
        """View → Larger/Smaller text: rows and columns grow or shrink with the text."""
        super().changeEvent(event)
        if event.type() != QEvent.Type.FontChange:
            return
        factor = text_factor()
        ratio, self._factor = factor / self._factor, factor
        if abs(ratio - 1) < 0.01:
            return
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        for i in range(header.count()):
            header.resizeSection(i, max(30, round(header.sectionSize(i) * ratio)))

    # -- loading -------------------------------------------------------------------------
    def set_database(self, db: Database) -> None:
        self.db = db
        self.mark_stale()

    def mark_stale(self) -> None:
        """Reload when next shown (now, if shown already)."""
        self._stale = True
        if self.isVisible():
            self.reload()

    @property
    def stale(self) -> bool:
        """Not read since the data changed (or not read yet)."""
        return self._stale

    def ensure_loaded(self) -> None:
        if self._stale:
            self.reload()

    def reload(self, select_id: str | None = None) -> None:
        """Read the rows again, keeping sort, filter and the selected record."""
        keep = select_id or self.selected_id()
        self.model.set_table(self.spec.load(self.db))
        self._stale = False
        self._after_reset(keep)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_loaded()
        if not self._fitted:
            self._fitted = True
            QTimer.singleShot(0, self._fit_widths)  # after the layout has sized the view

    def refit_columns(self) -> None:
        """Fit the columns to the view again (e.g. after a page hides a column)."""
        self._fit_widths()

    def _fit_widths(self) -> None:
        """Fit the columns to the view on first showing (no remembered widths): spare width
        goes to the widest text column; an overflow is taken from the text columns."""
        header = self.view.horizontalHeader()
        spare = self.view.viewport().width() - header.length() - 2
        shown = [
            i
            for i, c in enumerate(self.spec.columns)
            if c.kind == "text" and not header.isSectionHidden(i)
        ]
        if not shown or spare == 0:
            return
        if spare > 0:
            widest = max(shown, key=header.sectionSize)
            size = header.sectionSize(widest)
            header.resizeSection(widest, size + min(spare, size))
            return
        total = sum(header.sectionSize(i) for i in shown)
        for i in shown:  # shrink in proportion, never below a readable width
            size = header.sectionSize(i)
            header.resizeSection(i, max(80, size + spare * size // total))

    # -- driving (also used by benchmarks) -----------------------------------------------
    def set_filter_text(self, text: str) -> None:
        """Filter as if typed into the search box."""
        self.search.setText(text)

    def set_preset(self, label: str, column_key: str | None, values: tuple[str, ...] = ()) -> None:
        """Show only the rows behind a figure (``values`` as shown in ``column_key``; "*":
        any value), with ``label`` saying so above the table; the search is cleared."""
        self.ensure_loaded()
        keep = self.selected_id()
        self.search.clear()
        column = None
        if column_key is not None:
            column = next(i for i, c in enumerate(self.spec.columns) if c.key == column_key)
        self.model.set_restriction(column, values)
        self.preset = label if column is not None else None
        self.preset_label.setText(f"Showing: {label}" if self.preset else "")
        self.preset_bar.setVisible(self.preset is not None)
        self._after_reset(keep)

    def clear_preset(self) -> None:
        if self.preset is None:
            return
        self.set_preset("", None)

    def sort_by(self, column_key: str | None, descending: bool = False) -> None:
        """Sort as if the header were clicked; None restores the loaded order."""
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        section = -1 if column_key is None else self.model.table.column_index(column_key)
        header = self.view.horizontalHeader()
        if (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (section, order):
            self._on_sort(section, order)
        else:
            header.setSortIndicator(section, order)

    def visible_row_count(self) -> int:
        return self.model.visible_count()

    def total_row_count(self) -> int:
        return self.model.total_count()

    def count_text(self) -> str:
        return self.spec.count_text(self.visible_row_count(), self.total_row_count())

    def selected_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record_id(rows[0].row()) if rows else None

    def selected_ids(self) -> list[str]:
        """Every selected row's record (pages that allow picking several)."""
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        return [self.model.record_id(r) for r in rows]

    def select_id(self, record_id: str) -> bool:
        row = self.model.view_row_of(record_id)
        if row is None:
            return False
        index = self.model.index(row, self._first_visible_column())
        flags = QItemSelectionModel.SelectionFlag
        self.view.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.view.scrollTo(index)
        return True

    def focus_order(self) -> list[QWidget]:
        return [self.search, self.preset_clear, self.view, self.empty.button, self.columns_button]

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_table(self) -> None:
        if self.stack.currentIndex() != _TABLE:
            return
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.selected_id() is None and self.model.rowCount() > 0:
            self.select_id(self.model.record_id(0))

    # -- columns -------------------------------------------------------------------------
    def set_column_visible(self, key: str, visible: bool) -> None:
        header = self.view.horizontalHeader()
        section = self.model.table.column_index(key)
        shown = [i for i in range(header.count()) if not header.isSectionHidden(i)]
        if not visible and shown == [section]:
            return  # always keep one column
        header.setSectionHidden(section, not visible)
        if visible and header.sectionSize(section) < 20:
            header.resizeSection(section, self._width(self.spec.columns[section].width))

    def is_column_visible(self, key: str) -> bool:
        header = self.view.horizontalHeader()
        return not header.isSectionHidden(self.model.table.column_index(key))

    def reset_columns(self) -> None:
        header = self.view.horizontalHeader()
        for i, column in enumerate(self.spec.columns):
            header.moveSection(header.visualIndex(i), i)
            header.setSectionHidden(i, not column.visible)
            header.resizeSection(i, self._width(column.width))

    def show_column_menu(self) -> None:
        self.column_menu.popup(
            self.columns_button.mapToGlobal(QPoint(0, self.columns_button.height()))
        )

    def _fill_column_menu(self) -> None:
        menu = self.column_menu
        menu.clear()
        for column in self.spec.columns:
            action = QAction(column.title, menu)
            action.setCheckable(True)
            action.setChecked(self.is_column_visible(column.key))
            action.toggled.connect(lambda on, key=column.key: self.set_column_visible(key, on))
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction("Reset columns", self.reset_columns)

    def _show_header_menu(self, pos: QPoint) -> None:
        self.column_menu.popup(self.view.horizontalHeader().mapToGlobal(pos))

    def layout_state(self) -> TableLayout:
        header = self.view.horizontalHeader()
        columns = self.spec.columns
        order = [columns[header.logicalIndex(v)].key for v in range(header.count())]
        hidden = [c.key for i, c in enumerate(columns) if header.isSectionHidden(i)]
        widths = {
            c.key: header.sectionSize(i)
            for i, c in enumerate(columns)
            if not header.isSectionHidden(i)
        }
        index = self.model.row_index
        sort_key = None if index.sort_column is None else columns[index.sort_column].key
        return TableLayout(order, hidden, widths, sort_key, index.descending)

    def restore_layout(self, layout: TableLayout) -> None:
        header = self.view.horizontalHeader()
        keys = [c.key for c in self.spec.columns]
        known = [k for k in layout.order if k in keys]
        for target, key in enumerate(known + [k for k in keys if k not in known]):
            header.moveSection(header.visualIndex(keys.index(key)), target)
        for i, column in enumerate(self.spec.columns):
            hidden = column.key in layout.hidden if column.key in known else not column.visible
            header.setSectionHidden(i, hidden)
            if column.key in layout.widths:
                header.resizeSection(i, max(30, layout.widths[column.key]))
                self._fitted = True
        if layout.sort_key in keys:
            self.sort_by(layout.sort_key, layout.sort_descending)

    # -- reactions -----------------------------------------------------------------------
    def _on_search(self, text: str) -> None:
        keep = self.selected_id()
        self.model.set_filter(text)
        self._after_reset(keep)

    def _on_sort(self, section: int, order: Qt.SortOrder) -> None:
        keep = self.selected_id()
        column = section if 0 <= section < len(self.spec.columns) else None
        self.model.sort_by(column, order == Qt.SortOrder.DescendingOrder)
        self._after_reset(keep)

    def _after_reset(self, keep: str | None) -> None:
        if keep:
            self.select_id(keep)
        self._update_state()
        self.selection_changed.emit()

    def _update_state(self) -> None:
        spec = self.spec
        if self.model.total_count() == 0:
            self.empty.set_content(spec.empty_title, spec.empty_detail, spec.empty_action)
            self.stack.setCurrentIndex(_EMPTY)
        elif self.model.visible_count() == 0 and self.preset and not self.search.text().strip():
            self.empty.set_content(
                f"None to show: {self.preset}.", "Nothing matches this figure now.", "Show all"
            )
            self.stack.setCurrentIndex(_EMPTY)
        elif self.model.visible_count() == 0:
            text = self.search.text().strip()
            self.empty.set_content(
                f"No rows match '{text}'.",
                "The search looks in every column, shown or hidden. "
                "Check the spelling, or clear the search (Esc in the search box).",
                "Clear search",
            )
            self.stack.setCurrentIndex(_EMPTY)
        else:
            self.stack.setCurrentIndex(_TABLE)
        self.counts_changed.emit(self.count_text())

    def _on_empty_action(self) -> None:
        if self.model.total_count() and self.preset and not self.search.text():
            self.clear_preset()
        elif self.model.total_count() and self.search.text():
            self.search.clear()
            self.focus_search()
        else:
            self.empty_action_requested.emit()

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.record_activated.emit(self.model.record_id(index.row()))

    def _first_visible_column(self) -> int:
        header = self.view.horizontalHeader()
        for visual in range(header.count()):
            if not header.isSectionHidden(header.logicalIndex(visual)):
                return header.logicalIndex(visual)
        return 0
