"""Override an action's RAG: a rating and the reason, which is kept in its history."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from send_desktop.domain.actions import rag_text
from send_desktop.gui.a11y.registry import demo_dialog
from send_desktop.gui.dialogs.form import FormDialog


class RagOverrideDialog(FormDialog):
    def __init__(
        self,
        action: str,
        current: str,
        submit: Callable[[tuple[str, str]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Override RAG", submit, parent)
        self.rag = QComboBox()
        for rag in ("red", "amber", "green"):
            self.rag.addItem(rag_text(rag), rag)
        index = self.rag.findData(current)
        self.rag.setCurrentIndex(max(index, 0))
        self.reason = QLineEdit()
        self.reason.setMaxLength(300)
        self.reason.setPlaceholderText("e.g. The board agreed a new date in March")
        self.add_field("action", "Action", _ReadOnly(action))
        self.add_field("rag", "&RAG", self.rag)
        self.add_field("reason", "R&eason *", self.reason, "Kept in the action's RAG history")
        self.fields["reason"] = self.reason
        self.reason.setFocus()
        QWidget.setTabOrder(self.rag, self.reason)
        QWidget.setTabOrder(self.reason, self.buttons)

    def collect(self) -> tuple[str, str]:
        return self.rag.currentData(), self.reason.text()


class _ReadOnly(QLineEdit):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setReadOnly(True)
        self.setCursorPosition(0)


@demo_dialog(RagOverrideDialog)
def _demo(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    dialog = RagOverrideDialog("Publish the local offer", "amber", lambda _v: None, window)
    yield dialog
    dialog.accept()  # no reason given: the error is shown under the field
    yield dialog
