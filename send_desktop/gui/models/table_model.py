"""The one table model every list page uses: rows of a ``Table`` seen through a ``RowIndex``.

Sorting and filtering happen in ``RowIndex`` (prepared keys, no Python ``data()`` calls per
comparison); the model only maps view rows through ``index.order`` and resets.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from send_desktop.services.rowindex import Column, RowIndex, Table, display

RECORD_ID_ROLE = Qt.ItemDataRole.UserRole
_NUMERIC = {"int", "money"}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel):
    def __init__(self, columns: list[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self._index = RowIndex(Table(columns))

    # -- reading -------------------------------------------------------------------------
    @property
    def table(self) -> Table:
        return self._index.table

    @property
    def columns(self) -> list[Column]:
        return self._index.table.columns

    @property
    def row_index(self) -> RowIndex:
        return self._index

    def total_count(self) -> int:
        return len(self._index.table.rows)

    def visible_count(self) -> int:
        return len(self._index.order)

    def record_id(self, view_row: int) -> str:
        return self._index.table.ids[self._index.order[view_row]]

    def view_row_of(self, record_id: str) -> int | None:
        """The view row showing ``record_id``, or None if it is filtered out or gone."""
        try:
            source = self._index.table.ids.index(record_id)
            return self._index.order.index(source)
        except ValueError:
            return None

    # -- changing ------------------------------------------------------------------------
    def set_table(self, table: Table) -> None:
        """New rows; the current sort and filter are applied to them."""
        old = self._index
        self.beginResetModel()
        self._index = RowIndex(table)
        self._index.prepare()  # search text built now, so the first keystroke never waits
        self._index.restriction = old.restriction
        self._index.sort(old.sort_column, old.descending)
        if old.filter_text:
            self._index.filter(old.filter_text)
        self.endResetModel()

    def set_restriction(self, column: int | None, values: list[str] | tuple[str, ...] = ()) -> None:
        """Show only the rows behind a figure (see ``RowIndex.restrict``)."""
        self.beginResetModel()
        self._index.restrict(column, values)
        self.endResetModel()

    def sort_by(self, column: int | None, descending: bool = False) -> None:
        """Sort by a column number (None: the order the rows were loaded in)."""
        self.beginResetModel()
        self._index.sort(column, descending)
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        if text == self._index.filter_text:
            return
        self.beginResetModel()
        self._index.filter(text)
        self.endResetModel()

    # -- Qt ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._index.order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._index.table.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        table = self._index.table
        source = self._index.order[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = table.columns[index.column()]
            return display(table.rows[source][index.column()], column.kind)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = table.columns[index.column()].kind in _NUMERIC
            return int((_RIGHT if numeric else _LEFT).value)
        if role == RECORD_ID_ROLE:
            return table.ids[source]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        columns = self._index.table.columns
        if not 0 <= section < len(columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return columns[section].title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = columns[section].kind in _NUMERIC
            return int((_RIGHT if numeric else _LEFT).value)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
