"""Small widgets shared by pages and dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.style import text_factor


class SearchBox(QLineEdit):
    """A filter box: Esc clears it, Down moves on to the results."""

    move_down = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.setAccessibleName("Search")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        if event.key() == Qt.Key.Key_Down:
            self.move_down.emit()
            return
        super().keyPressEvent(event)


class OptionalSpinBox(QSpinBox):
    """A whole-number box that may be left blank (value -1 means blank)."""

    BLANK = -1

    def __init__(self, maximum: int = 10_000_000, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(self.BLANK, maximum)
        self.setValue(self.BLANK)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)

    def number(self) -> int | None:
        self.interpretText()
        return None if self.value() == self.BLANK else self.value()

    def set_number(self, value: int | None) -> None:
        self.setValue(self.BLANK if value is None else value)

    def textFromValue(self, value: int) -> str:
        return "" if value == self.BLANK else str(value)

    def valueFromText(self, text: str) -> int:
        return self.BLANK if not text.strip() else int(text)

    def validate(self, text: str, pos: int) -> object:
        if not text.strip():
            return (QValidator.State.Acceptable, text, pos)
        return super().validate(text, pos)


class EmptyState(QWidget):
    """A centred message with one action, shown instead of an empty table."""

    action_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.title = QLabel()
        self.title.setObjectName("emptyTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.detail = QLabel()
        self.detail.setObjectName("emptyDetail")
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setWordWrap(True)
        self.detail.setFixedWidth(480)  # a wrapped label needs a width to wrap to
        self.button = QPushButton()
        self.button.clicked.connect(self.action_clicked)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for widget in (self.title, self.detail, self.button):
            if isinstance(widget, QLabel):
                widget.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            row = QHBoxLayout()  # centred by stretches: an aligned item loses word wrap
            row.addStretch(1)
            row.addWidget(widget)
            row.addStretch(1)
            layout.addLayout(row)
            layout.addSpacing(6)
        layout.addStretch(3)

    def set_content(self, title: str, detail: str, action: str | None) -> None:
        self.title.setText(title)
        self.detail.setFixedWidth(round(480 * text_factor()))  # wider as the text grows
        self.detail.setText(detail)
        self.button.setVisible(bool(action))
        self.button.setText(action or "")
