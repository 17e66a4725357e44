"""Step 2 of the import wizard: the sheet, and where each of its columns goes."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QWheelEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.imports.file_page import ElidedLabel, hint_label
from send_desktop.gui.imports.jobs import Inspected
from send_desktop.gui.imports.words import local_time, plural
from send_desktop.gui.style import tone
from send_desktop.services.imports import KindInfo

LEAVE_OUT = "Leave out"
HIDE_FROM = 30  # with more columns than this (a national download), left-out ones start hidden


@dataclass
class ColumnRow:
    index: int
    letter: str
    heading: str
    placed: str | None  # where the file's headings (or a profile) put it
    combo: QComboBox
    status: QLabel
    widgets: list[QWidget]  # the row's cells, hidden together


class _Combo(QComboBox):
    """A combo that lets the wheel scroll the list of columns unless it has the focus."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class MappingPage(QWidget):
    title = "Match the columns"
    changed = Signal()
    sheet_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ColumnRow] = []
        self.fixed_edits: dict[str, QLineEdit] = {}
        self.kind: KindInfo | None = None
        self.profile: str | None = None
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("Sheet")
        self.sheet.setMinimumWidth(200)
        self.sheet.activated.connect(lambda _i: self.sheet_chosen.emit(self.sheet.currentText()))
        sheet_caption = QLabel("&Sheet:")
        sheet_caption.setBuddy(self.sheet)
        self.sheet_row = QWidget()
        sheet_line = QHBoxLayout(self.sheet_row)
        sheet_line.setContentsMargins(0, 0, 0, 0)
        sheet_line.addWidget(sheet_caption)
        sheet_line.addWidget(self.sheet)
        self.summary = hint_label()
        self.summary.setWordWrap(False)
        self.hide_left_out = QCheckBox("&Hide the columns left out")
        self.hide_left_out.toggled.connect(self._apply_filter)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.sheet_row)
        top.addStretch(1)
        top.addWidget(self.summary)
        top.addSpacing(12)
        top.addWidget(self.hide_left_out)
        self.found = hint_label()
        self.found.setStyleSheet("")
        self.before = hint_label()
        self.before.setStyleSheet(tone("warn", bold=True))
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the choices inside take it
        self.scroll.setWidget(self.grid_host)
        self.needed = hint_label()
        self.needed.setStyleSheet(tone("error", bold=True))
        self.needed.setAccessibleName("Still needed")
        self.fixed_host = QWidget()
        self.fixed_form = QFormLayout(self.fixed_host)
        self.fixed_form.setContentsMargins(0, 0, 0, 0)
        self.note = hint_label()
        self.filter_field: str | None = None
        self.la = QLineEdit()
        self.la.setAccessibleName("Local authority code")
        self.la.setMaxLength(3)
        self.la.setFixedWidth(60)
        self.la.textChanged.connect(self.changed)
        la_caption = QLabel("Only rows of &local authority:")
        la_caption.setBuddy(self.la)
        self.la_row = QWidget()
        la_line = QHBoxLayout(self.la_row)
        la_line.setContentsMargins(0, 0, 0, 0)
        la_line.addWidget(la_caption)
        la_line.addWidget(self.la)
        la_line.addWidget(hint_label("Leave it blank to import the rows of every authority."), 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.found)
        layout.addWidget(self.before)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.needed)
        layout.addWidget(self.fixed_host)
        layout.addWidget(self.la_row)
        layout.addWidget(self.note)

    # -- filling -------------------------------------------------------------------------
    def show_inspection(
        self,
        inspected: Inspected,
        kind: KindInfo,
        fixable: set[str],
        la_filter: tuple[str | None, str | None] = (None, None),
    ) -> None:
        """``la_filter``: the kind's (field, default code) for keeping one authority's rows."""
        ins = inspected.inspection
        self.kind, self.profile = kind, ins.profile
        self.filter_field = la_filter[0]
        self.la.setText(la_filter[1] or "")
        self.sheet.clear()
        self.sheet.addItems(list(ins.sheet_names))
        self.sheet.setCurrentText(ins.sheet)
        self.sheet_row.setVisible(len(ins.sheet_names) > 1)
        where = f"Headings found on row {ins.header_row} of “{ins.sheet}”."
        if ins.profile == "exact":
            where += " Mapped like last time: this layout was imported before."
        elif ins.profile == "partial":
            where += " Headings seen in earlier imports are matched as you chose then."
        self.found.setText(where)
        self.before.setText(self._before_text(ins.imported_before))
        self.before.setVisible(bool(ins.imported_before))
        self._fill_grid(inspected, kind)
        self._fill_fixed(kind, fixable)
        self._chain_tab_order()
        self.note.clear()
        self._update()

    @staticmethod
    def _before_text(batches: list) -> str:  # list[BatchInfo]
        if not batches:
            return ""
        last = batches[0]
        return (
            f"This same file was imported on {local_time(last.at)} by {last.user}. "
            "Importing it again changes nothing unless the register has changed since."
        )

    def _fill_grid(self, inspected: Inspected, kind: KindInfo) -> None:
        ins = inspected.inspection
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.rows = []
        bold = QFont(self.font())
        bold.setBold(True)
        for col, title in enumerate(
            ["Column", "Heading in the file", "Examples", "Import into", ""]
        ):
            head = QLabel(title)
            head.setFont(bold)
            self.grid.addWidget(head, 0, col)
        for index, (letter, heading) in enumerate(ins.headers):
            placed = ins.columns.get(index)
            if not heading.strip() and placed is None:
                continue  # an untitled, empty-looking column: nothing to decide
            combo = _Combo()
            combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            combo.addItem(LEAVE_OUT, None)
            for info in kind.fields:
                combo.addItem(info.label + (" (required)" if info.required else ""), info.name)
            combo.setCurrentIndex(max(combo.findData(placed), 0))
            combo.setAccessibleName(f"Column {letter}, {heading or 'no heading'}: import into")
            combo.setMinimumWidth(200)
            example = ElidedLabel(", ".join(inspected.samples.get(index, [])))
            example.setStyleSheet(tone("hint"))
            cells = [
                _label(letter),
                ElidedLabel(heading or "(no heading)"),
                example,
                combo,
                QLabel(),
            ]
            row = ColumnRow(index, letter, heading, placed, combo, cells[4], cells)
            combo.currentIndexChanged.connect(lambda _i, r=row: self._on_choice(r))
            for column, cell in enumerate(cells):
                self.grid.addWidget(cell, len(self.rows) + 1, column)
            self.rows.append(row)
        self.grid.setColumnStretch(1, 2)
        self.grid.setColumnStretch(2, 3)
        self.grid.setRowStretch(len(self.rows) + 1, 1)
        self.hide_left_out.blockSignals(True)
        self.hide_left_out.setChecked(len(self.rows) > HIDE_FROM)
        self.hide_left_out.blockSignals(False)
        self._apply_filter()

    def _chain_tab_order(self) -> None:
        """Sheet, the hide switch, each column's choice, typed values, the LA code."""
        chain: list[QWidget] = [self.sheet, self.hide_left_out]
        chain += [row.combo for row in self.rows]
        chain += [*self.fixed_edits.values(), self.la]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _apply_filter(self) -> None:
        """Show or hide the left-out columns (only when asked: a row never vanishes while
        its choice is being changed)."""
        hide = self.hide_left_out.isChecked()
        for row in self.rows:
            visible = not hide or row.combo.currentData() is not None
            for cell in row.widgets:
                cell.setVisible(visible)

    def _fill_fixed(self, kind: KindInfo, fixable: set[str]) -> None:
        while self.fixed_form.rowCount():
            self.fixed_form.removeRow(0)
        self.fixed_edits = {}
        for info in kind.fields:
            if info.required and info.name in fixable:
                edit = QLineEdit()
                edit.setAccessibleName(f"{info.label} for every row")
                edit.setPlaceholderText("Type one value for every row")
                edit.setMaximumWidth(260)
                edit.textChanged.connect(self._update)
                self.fixed_form.addRow(f"{info.label} (no column):", edit)
                self.fixed_edits[info.name] = edit

    # -- choices -------------------------------------------------------------------------
    def _on_choice(self, row: ColumnRow) -> None:
        name = row.combo.currentData()
        self.note.clear()
        if name is not None:
            for other in self.rows:
                if other is not row and other.combo.currentData() == name:
                    other.combo.blockSignals(True)
                    other.combo.setCurrentIndex(0)
                    other.combo.blockSignals(False)
                    label = row.combo.currentText().replace(" (required)", "")
                    self.note.setText(
                        f"{label} was on column {other.letter}; column {other.letter} "
                        "is now left out."
                    )
        self._update()

    def _update(self) -> None:
        for row in self.rows:
            chosen = row.combo.currentData()
            if chosen != row.placed:
                text, style = ("Your choice", "")
            elif chosen is None:
                text, style = ("Not recognised", tone("warn", bold=True))
            elif self.profile == "exact":
                text, style = ("As last time", tone("hint"))
            else:
                text, style = ("Recognised", tone("hint"))
            row.status.setText(text)
            row.status.setStyleSheet(style)
        mapped = self.mapping()
        used = {n for n in mapped.values() if n}
        for name, edit in self.fixed_edits.items():
            visible = name not in used
            self.fixed_form.setRowVisible(edit, visible)
        self.fixed_host.setVisible(any(n not in used for n in self.fixed_edits))
        self.la_row.setVisible(self.filter_field in used)
        needed = self.still_needed()
        if needed:
            text = f"Still needed: {', '.join(needed)}. Choose the column that holds it"
            text += ", or type one value for every row below." if self._fixable_needed() else "."
            self.needed.setText(text)
        self.needed.setVisible(bool(needed))
        self.summary.setText(self.column_summary())
        self.changed.emit()

    def _fixable_needed(self) -> bool:
        used = set(self.mapping().values())
        return any(n not in used for n in self.fixed_edits)

    # -- what was chosen -----------------------------------------------------------------
    def mapping(self) -> dict[int, str | None]:
        return {row.index: row.combo.currentData() for row in self.rows}

    def fixed(self) -> dict[str, str]:
        used = set(self.mapping().values())
        return {
            name: edit.text().strip()
            for name, edit in self.fixed_edits.items()
            if name not in used and edit.text().strip()
        }

    def la_code(self) -> str:
        """The engine's ``la_code`` option: a code, or 'any' (blank, or no LA column)."""
        if self.filter_field not in set(self.mapping().values()):
            return "any"
        return self.la.text().strip() or "any"

    def still_needed(self) -> list[str]:
        """Labels of required fields with neither a column nor a typed value."""
        if self.kind is None:
            return []
        have = set(self.mapping().values()) | set(self.fixed())
        return [f.label for f in self.kind.fields if f.required and f.name not in have]

    def set_sheet(self, name: str) -> None:
        self.sheet.setCurrentText(name)

    def column_summary(self) -> str:
        placed = sum(1 for r in self.rows if r.combo.currentData())
        left = len(self.rows) - placed
        return f"{plural(len(self.rows), 'column')}: {placed:,} imported, {left:,} left out"

    def focus_first(self) -> None:
        shown = [r.combo for r in self.rows if r.combo.isVisibleTo(self)]
        target = next((c for c in shown if c.currentData() is None), None)
        if target is None and shown:
            target = shown[0]
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll.ensureWidgetVisible(target)
