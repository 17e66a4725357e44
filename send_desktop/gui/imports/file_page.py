"""Step 1 of the import wizard: which file, what it contains, which rows to keep."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.imports.words import guess_kind
from send_desktop.gui.style import tone
from send_desktop.services.imports import KindInfo

DEFAULT_KIND = "settings"
FILE_FILTER = "Spreadsheets (*.xlsx *.xlsm *.ods *.xls *.csv);;All files (*)"


def hint_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(tone("hint"))
    return label


class FilePage(QWidget):
    title = "Choose the file"
    changed = Signal()

    def __init__(self, kinds: list[KindInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kinds = kinds
        self.folder = str(Path.home())
        self.path = QLineEdit()
        self.path.setAccessibleName("File to import")
        self.path.setPlaceholderText("Choose a file, type its path, or drop it on the window")
        self.path.setClearButtonEnabled(True)
        self.choose = QPushButton("C&hoose…")
        self.choose.setAutoDefault(False)
        self.choose.clicked.connect(self.choose_file)
        self.kind = QComboBox()
        self.kind.setAccessibleName("What the file contains")
        for info in kinds:
            self.kind.addItem(info.label, info.name)
        self.kind.setCurrentIndex(max(self.kind.findData(DEFAULT_KIND), 0))
        self.kind_help = hint_label()
        self.kind_help.setWordWrap(False)  # one sentence; wrapping inside a form row clips it
        self.header_row = QSpinBox()
        self.header_row.setAccessibleName("Row of the headings")
        self.header_row.setRange(0, 1000)
        self.header_row.setSpecialValueText("Find them for me")
        self.header_row.setFixedWidth(170)

        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.choose)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self._caption("&File:", self.path), file_row)
        kind_box = QVBoxLayout()
        kind_box.setSpacing(2)
        kind_box.addWidget(self.kind, 0, Qt.AlignmentFlag.AlignLeft)
        kind_box.addWidget(self.kind_help)
        form.addRow(self._caption("&Contains:", self.kind), kind_box)
        form.addRow(self._caption("Headings on &row:", self.header_row), self.header_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(
            hint_label(
                "Nothing is saved until the last step: first you check how the columns are "
                "matched, then what would change."
            )
        )
        layout.addStretch(1)

        self.path.textChanged.connect(self._on_path)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.header_row.valueChanged.connect(self.changed)
        self._on_kind()

    @staticmethod
    def _caption(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    # -- what was chosen -----------------------------------------------------------------
    def file(self) -> Path | None:
        text = self.path.text().strip().strip('"')
        return Path(text).expanduser() if text else None

    def kind_info(self) -> KindInfo:
        return self.kinds[max(self.kind.currentIndex(), 0)]

    def kind_name(self) -> str:
        return self.kind_info().name

    def heading_row(self) -> int | None:
        return self.header_row.value() or None

    # -- choosing ------------------------------------------------------------------------
    def set_file(self, path: Path) -> None:
        self.path.setText(str(path))

    def set_kind(self, name: str) -> None:
        index = self.kind.findData(name)
        if index >= 0:
            self.kind.setCurrentIndex(index)

    def choose_file(self) -> None:
        current = self.file()
        start = str(current.parent) if current else self.folder
        name, _ = QFileDialog.getOpenFileName(self, "Choose the file to import", start, FILE_FILTER)
        if name:
            self.set_file(Path(name))

    def _on_path(self) -> None:
        path = self.file()
        if path is not None:
            self.folder = str(path.parent)
            guessed = guess_kind(path.name)
            if guessed:
                self.set_kind(guessed)
        self.changed.emit()

    def _on_kind(self) -> None:
        self.kind_help.setText(self.kind_info().description)
        self.changed.emit()

    def ask_header_row(self) -> None:
        """After 'no header row found': the row box takes the focus, ready for a number."""
        self.header_row.setFocus(Qt.FocusReason.OtherFocusReason)
        self.header_row.selectAll()

    def focus_first(self) -> None:
        widget = self.kind if self.file() else self.path
        widget.setFocus(Qt.FocusReason.OtherFocusReason)


class ElidedLabel(QLabel):
    """One line of text that shrinks with an ellipsis (the whole text is its tooltip)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(40, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.width())
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        self.style().drawItemText(
            painter, self.rect(), align, self.palette(), True, text, QPalette.ColorRole.WindowText
        )
