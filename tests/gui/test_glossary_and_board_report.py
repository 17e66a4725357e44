"""Help → Glossary (F1) filters its terms; the dashboard's Board report… writes the PDF."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from send_desktop.gui.dialogs.glossary_dialog import glossary_html
from send_desktop.gui.tasks import ImmediatePool


def test_glossary_opens_from_help_and_filters(qtbot, window):
    window.actions.glossary.trigger()
    dialog = window.glossary
    assert dialog.isVisible()
    text = dialog.text.toPlainText()
    for term in ("EHCP", "TIRP", "KS3", "SENCo", "Resource base", "Graduated response"):
        assert term in text
    qtbot.keyClicks(dialog.search, "key stage")
    assert dialog.text.toPlainText().startswith("KS3")
    assert "EHCP" not in dialog.text.toPlainText()
    assert "No term matches" in glossary_html("zzz")


@pytest.mark.parametrize("how", ["button", "menu"])
def test_board_report_is_written_from_the_dashboard_and_the_file_menu(
    qtbot, window, tmp_path, monkeypatch, how
):
    window.tasks.pool = ImmediatePool()
    target = tmp_path / "board"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF documents (*.pdf)")
    )
    if how == "button":
        qtbot.mouseClick(window.dashboard.report_button, Qt.MouseButton.LeftButton)
    else:
        window.actions.board_report.trigger()
    written = tmp_path / "board.pdf"
    qtbot.waitUntil(written.exists)
    assert "Key figures" in PdfReader(written).pages[1].extract_text()
    assert "Board report saved" in window.statusBar().currentMessage()
