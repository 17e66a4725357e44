"""Step 3 of the import wizard: what would change, row by row, before anything is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.imports.file_page import hint_label
from send_desktop.gui.imports.jobs import SUPPRESSED, PreviewTables
from send_desktop.gui.imports.table_models import Col, ListModel, list_view
from send_desktop.gui.imports.words import plural, skipped_line
from send_desktop.gui.messages import show_error
from send_desktop.gui.style import heading
from send_desktop.services.imports import ImportResult


def _or_blank(value: object) -> object:
    return "(blank)" if value is None or value == "" else value


def _where(pair: tuple[Any, Any]) -> str:
    problem = pair[1]
    if problem is None or not problem.letter:
        return "(whole row)"
    return f"{problem.letter} ({problem.header})" if problem.header else problem.letter


NEW_ROW = Col("Row", lambda r: r.row, 60, numeric=True)
CHANGE_COLUMNS = [
    Col("Row", lambda p: p[0].row, 60, numeric=True),
    Col("Setting", lambda p: p[0].label, 220),
    Col("Field", lambda p: p[1], 130),
    Col("Now", lambda p: _or_blank(p[2]), 170),
    Col("After import", lambda p: _or_blank(p[3]), 170),
]
REJECTED_COLUMNS = [
    Col("Sheet", lambda p: p[0].sheet, 90),
    Col("Row", lambda p: p[0].row, 50, numeric=True),
    Col("Column", _where, 130),
    Col("Value", lambda p: p[1].value if p[1] is not None else "", 120),
    Col("Reason", lambda p: p[1].reason if p[1] is not None else "", 420),
]
REVIEW_COLUMNS = [
    Col("Row", lambda r: r[0], 60, numeric=True),
    Col("Setting", lambda r: r[1], 240),
    Col("Why to check it", lambda r: r[2], 400),
]


def new_columns(fields: list[tuple[str, str]]) -> list[Col]:
    """Row, the record's label (unless a Name column says it), then each field shown."""

    def value(name: str) -> Any:
        flag = name + "_suppressed"

        def get(row: Any) -> object:
            for c in row.changes:
                if c.field == name:
                    return c.new
                if c.field == flag and c.new:
                    return SUPPRESSED
            return None

        return get

    wide = {"name": 230, "trust": 200, "email": 200, "notes": 200}
    columns = [NEW_ROW]
    if "name" not in dict(fields):
        columns.append(Col("Setting", lambda r: r.label, 230))
    columns += [Col(label, value(name), wide.get(name, 120)) for name, label in fields]
    return columns


def save_rejected(parent: QWidget, result: ImportResult, folder: Path) -> Path | None:
    """Ask where, then write the rejected rows as an .xlsx to send back to the school."""
    from send_desktop.services import imports

    stem = Path(result.file_name).stem
    suggested = str(folder / f"{stem} - rows to fix.xlsx")
    name, _ = QFileDialog.getSaveFileName(
        parent, "Save rejected rows", suggested, "Excel workbook (*.xlsx)"
    )
    if not name:
        return None
    path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
    try:
        return imports.save_error_report(result, path)
    except OSError as err:
        show_error(parent, f"The rejected rows could not be saved: {err.strerror or err}.")
        return None


class PreviewPage(QWidget):
    title = "Check what will change"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tables: PreviewTables | None = None
        self.folder = Path.home()
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setStyleSheet(heading(13))
        self.skipped = hint_label()
        self.new = ListModel([NEW_ROW], self)
        self.changes = ListModel(CHANGE_COLUMNS, self)
        self.rejected = ListModel(REJECTED_COLUMNS, self)
        self.review = ListModel(REVIEW_COLUMNS, self)
        self.tabs = QTabWidget()
        self.views: dict[str, QTableView] = {}
        for key, model, name in (
            ("new", self.new, "New rows"),
            ("changed", self.changes, "Changed rows"),
            ("rejected", self.rejected, "Rejected rows"),
            ("review", self.review, "Rows to check"),
        ):
            self.views[key] = list_view(model, name)
            self.tabs.addTab(self.views[key], name)
        self.all_or_nothing = QCheckBox("Import &nothing if any row is rejected")
        self.all_or_nothing.setToolTip(
            "Leave this off to import the good rows now and send the rejected ones back."
        )
        self.save_button = QPushButton("&Save rejected rows as .xlsx…")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_report)
        self.saved = hint_label()
        options = QHBoxLayout()
        options.addWidget(self.all_or_nothing)
        options.addStretch(1)
        options.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.skipped)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(options)
        layout.addWidget(self.saved)
        chain = [self.tabs.tabBar(), *self.views.values(), self.all_or_nothing, self.save_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)  # the tabs, the table shown, the options

    def show_tables(self, tables: PreviewTables) -> None:
        self.tables = tables
        p = tables.preview
        rejected = len(p.rejected)
        self.summary.setText(
            f"{p.new:,} new, {p.updated:,} changed, {p.unchanged:,} unchanged, "
            f"{rejected:,} rejected"
        )
        skipped = skipped_line(p)
        self.skipped.setText(
            (skipped + " " if skipped else "") + "Nothing is saved until you press Import."
        )
        self.new.set_rows(tables.new, new_columns(tables.fields))
        self.changes.set_rows(tables.changes)
        self.rejected.set_rows(tables.problems)
        self.review.set_rows(p.review)
        counts = {
            "new": (p.new, "New"),
            "changed": (p.updated, "Changed"),
            "rejected": (rejected, "Rejected"),
            "review": (len(p.review), "To check"),
        }
        for i, (count, word) in enumerate(counts.values()):
            self.tabs.setTabText(i, f"{word} ({count:,})")
        first = next((i for i, (n, _w) in enumerate(counts.values()) if n), 0)
        self.tabs.setCurrentIndex(2 if rejected else first)
        self.save_button.setEnabled(bool(rejected))
        self.all_or_nothing.setEnabled(bool(rejected))
        if not rejected:
            self.all_or_nothing.setChecked(False)
        self.saved.clear()

    def save_report(self) -> None:
        if self.tables is None:
            return
        path = save_rejected(self, self.tables.preview, self.folder)
        if path is not None:
            rows = plural(len(self.tables.preview.rejected), "rejected row")
            self.saved.setText(f"Saved {rows} to {path}.")

    def nothing_to_import(self) -> bool:
        p = self.tables.preview if self.tables else None
        return p is None or not (p.new or p.updated)

    def focus_first(self) -> None:
        self.tabs.currentWidget().setFocus(Qt.FocusReason.OtherFocusReason)
