"""Help → Glossary: the words of the SEND world, with a filter."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from send_desktop.domain.glossary import TERMS
from send_desktop.gui.a11y.registry import demo_dialog
from send_desktop.gui.widgets.basic import SearchBox


def glossary_html(text: str = "") -> str:
    words = text.casefold().split()
    parts = []
    for term, stands_for, meaning in TERMS:
        haystack = f"{term} {stands_for or ''} {meaning}".casefold()
        if all(w in haystack for w in words):
            title = f"<b>{escape(term)}</b>" + (f" — {escape(stands_for)}" if stands_for else "")
            parts.append(f"<p>{title}<br>{escape(meaning)}</p>")
    return "".join(parts) or "<p>No term matches.</p>"


class GlossaryDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Glossary")
        self.resize(620, 640)
        self.search = SearchBox("Search the glossary")
        self.search.setAccessibleName("Search the glossary")
        self.text = QTextBrowser()
        self.text.setAccessibleName("Glossary terms")
        self.text.setOpenLinks(False)
        label = QLabel("Words used in SEND Desktop and in the council's SEND work.")
        label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.search.textChanged.connect(lambda t: self.text.setHtml(glossary_html(t)))
        self.text.setHtml(glossary_html())
        self.search.setFocus()


@demo_dialog(GlossaryDialog)
def _demo(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    return GlossaryDialog(window)
