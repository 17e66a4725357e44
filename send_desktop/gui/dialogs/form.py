"""A form dialog that validates through a service and keeps itself open on errors.

``accept`` runs ``submit(collect())``; a ``ValidationError`` is shown under the field it
names, which takes the focus; the dialog closes only when ``submit`` succeeds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.a11y.registry import not_walked
from send_desktop.services.errors import InUseError, NotFoundError, ValidationError
from send_desktop.storage.errors import database_errors

Submit = Callable[[Any], None]


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


class FormDialog(QDialog):
    def __init__(self, title: str, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._submit = submit
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.general_error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        # Grow with the error lines (a fixed minimum width would switch this off).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addSpacing(4)
        layout.addWidget(self.buttons)
        self.form.setContentsMargins(0, 0, 0, 0)

    def add_field(self, key: str, label: str, widget: QWidget, hint: str = "") -> QWidget:
        """A labelled input with its own error line underneath."""
        box = QWidget()
        box.setMinimumWidth(380)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        errors = error_label()
        column.addWidget(errors)
        caption = QLabel(label)
        caption.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", "").rstrip(" *"))
        if hint:
            widget.setToolTip(hint)
        self.form.addRow(caption, box)
        self.fields[key] = widget
        self.errors[key] = errors
        return widget

    def collect(self) -> Any:
        raise NotImplementedError

    def clear_errors(self) -> None:
        for key, label in self.errors.items():
            label.hide()
            self.fields[key].setProperty("invalid", False)
            self._repolish(self.fields[key])
        self.general_error.hide()

    def show_error(self, field: str, message: str) -> None:
        widget = self.fields.get(field)
        if widget is None:
            self.general_error.setText(message)
            self.general_error.show()
            self._grow()
            return
        self.errors[field].setText(message)
        self.errors[field].show()
        widget.setProperty("invalid", True)
        widget.setAccessibleDescription(message)
        self._repolish(widget)
        self._grow()
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _grow(self) -> None:
        """Make room for a wrapped error line (minimum sizes ignore word wrap)."""
        layout = self.layout()
        layout.activate()
        height = self.sizeHint().height()
        if layout.hasHeightForWidth():
            height = max(height, layout.totalHeightForWidth(self.width()))
        if height > self.height():
            self.resize(self.width(), height)

    def accept(self) -> None:
        self.clear_errors()
        try:
            self._submit(self.collect())
        except ValidationError as err:
            self.show_error(err.field, err.message)
            return
        except (InUseError, NotFoundError) as err:
            self.show_error("", err.message)
            return
        except database_errors() as err:  # e.g. the file became read-only or locked
            self.show_error("", f"The database refused the change ({type(err).__name__}).")
            return
        super().accept()

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)


not_walked(FormDialog, "base class: SettingDialog and PersonDialog are walked")
