"""The walker's checks fail on what they are meant to catch (tests that can fail)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QVBoxLayout,
)

from send_desktop.gui.a11y import audit
from send_desktop.gui.a11y.delegates import StatusDelegate


def shown(qtbot, dialog: QDialog) -> QDialog:  # noqa: ANN001
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_labelled_form_passes_and_each_gap_is_named(qtbot):
    dialog = QDialog()
    dialog.setWindowTitle("Form")
    form = QFormLayout(dialog)
    form.addRow("&Name:", QLineEdit())  # the buddy label is the name
    named = QComboBox()
    named.setAccessibleName("Phase")
    form.addRow("P&hase:", named)
    bare = QLineEdit()
    bare.setPlaceholderText("Town")  # a placeholder is a description, not a name
    form.addRow(bare)
    combo = QComboBox()
    combo.addItems(["Primary"])  # Qt would call it "Primary": its value
    form.addRow("&Kind:", combo)
    icon_only = QToolButton()
    icon_only.setToolTip("Refresh")
    form.addRow(icon_only)
    problems = audit.unnamed(shown(qtbot, dialog))
    assert len(problems) == 3, problems
    assert "placeholder 'Town'" in problems[0]
    assert "setAccessibleName" in problems[1] and "QComboBox" in problems[1]
    assert "tooltip 'Refresh'" in problems[2]


def test_tab_order_finds_a_trap_and_unreached_inputs(qtbot):
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    first = QLineEdit()
    first.setAccessibleName("First")
    notes = QPlainTextEdit()  # takes Tab as a character: the rest is never reached
    notes.setAccessibleName("Notes")
    layout.addWidget(first)
    layout.addWidget(notes)
    layout.addWidget(QPushButton("OK"))
    shown(qtbot, dialog)
    first.setFocus()
    problems = audit.tab_order(dialog)
    assert any("Tab stays in QPlainTextEdit" in p for p in problems), problems
    assert any("never reaches QPushButton (text 'OK')" in p for p in problems), problems
    notes.setTabChangesFocus(True)
    notes.clear()
    first.setFocus()
    assert audit.tab_order(dialog) == []


def test_tab_order_finds_a_widget_taken_out_of_the_chain(qtbot):
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    edits = [QLineEdit() for _ in range(3)]
    for edit in edits:
        layout.addWidget(edit)
    shown(qtbot, dialog)
    edits[2].setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # the mouse only
    edits[0].setFocus()
    problems = audit.tab_order(dialog)
    assert len(problems) == 1 and "never reaches QLineEdit" in problems[0], problems
    edits[2].setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    assert audit.tab_order(dialog) == []


def _table(qtbot, model: QStandardItemModel) -> QDialog:  # noqa: ANN001
    dialog = QDialog()
    view = QTableView()
    view.setAccessibleName("Actions")
    view.setModel(model)
    QVBoxLayout(dialog).addWidget(view)
    return shown(qtbot, dialog)


def test_colour_without_text_fails_and_text_with_colour_passes(qtbot):
    model = QStandardItemModel(2, 2)
    model.setHorizontalHeaderLabels(["Action", "RAG"])
    model.setItem(0, 0, QStandardItem("Publish"))
    red = QStandardItem("")
    red.setBackground(QColor("red"))
    model.setItem(0, 1, red)
    dialog = _table(qtbot, model)
    problems = audit.colour_only(dialog)
    assert len(problems) == 1 and "row 1, column 2" in problems[0], problems
    red.setText("Red")
    assert audit.colour_only(dialog) == []


def test_a_delegate_must_say_it_paints_text(qtbot):
    model = QStandardItemModel(1, 1)
    model.setHorizontalHeaderLabels(["RAG"])
    model.setItem(0, 0, QStandardItem("Amber"))
    dialog = _table(qtbot, model)
    view = dialog.findChild(QTableView)
    view.setItemDelegateForColumn(0, type("Dot", (QStyledItemDelegate,), {})(view))
    assert "renders_text" in audit.colour_only(dialog)[0]
    view.setItemDelegateForColumn(0, StatusDelegate(view))
    assert audit.colour_only(dialog) == []


def test_a_coloured_swatch_needs_words(qtbot):
    dialog = QDialog()
    swatch = QLabel()
    swatch.setStyleSheet("background: #c00;")
    swatch.setFixedSize(16, 16)
    QVBoxLayout(dialog).addWidget(swatch)
    shown(qtbot, dialog)
    assert "coloured with no words" in audit.colour_only(dialog)[0]
    swatch.setAccessibleName("Red: behind schedule")
    assert audit.colour_only(dialog) == []


def test_tables_need_header_text(qtbot):
    model = QStandardItemModel(1, 2)
    model.setHorizontalHeaderLabels(["Name", ""])
    dialog = _table(qtbot, model)
    assert "column 2 has no header text" in audit.headerless(dialog)[0]


def test_a_label_squeezed_smaller_than_its_text_is_clipped(qtbot):
    dialog = QDialog()
    label = QLabel("A long sentence that cannot fit in forty pixels")
    label.setFixedWidth(40)
    QVBoxLayout(dialog).addWidget(label)
    shown(qtbot, dialog)
    assert "text clipped" in audit.clipped(dialog)[0]
    label.setMinimumWidth(0)
    label.setMaximumWidth(10_000)
    dialog.adjustSize()
    assert audit.clipped(dialog) == []


def test_a_column_narrower_than_its_title_is_clipped(qtbot):
    model = QStandardItemModel(1, 2)
    model.setHorizontalHeaderLabels(["Name", "Settings in the cohort"])
    dialog = _table(qtbot, model)
    view = dialog.findChild(QTableView)
    view.horizontalHeader().resizeSection(1, 30)
    assert "'Settings in the cohort' clipped" in audit.clipped_headers(dialog)[0]
    view.resizeColumnsToContents()
    assert audit.clipped_headers(dialog) == []


def test_tab_stops_once_in_a_group_of_radio_buttons(qtbot):
    from PySide6.QtWidgets import QRadioButton

    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    first = QRadioButton("&Selected bids")
    first.setChecked(True)
    layout.addWidget(first)
    layout.addWidget(QRadioButton("&Every bid"))  # reached with the arrow keys, not Tab
    layout.addWidget(QPushButton("OK"))
    shown(qtbot, dialog)
    first.setFocus()
    assert audit.tab_order(dialog) == []


def test_tab_out_of_reading_order_is_found(qtbot):
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    edits = [QLineEdit() for _ in range(3)]
    for edit in edits:
        layout.addWidget(edit)
    shown(qtbot, dialog)
    edits[0].setFocus()
    assert audit.tab_order(dialog) == []  # top to bottom, then round again
    QDialog.setTabOrder(edits[0], edits[2])  # first, third, then back up to the second
    QDialog.setTabOrder(edits[2], edits[1])
    edits[0].setFocus()
    problems = audit.tab_order(dialog)
    assert len(problems) == 1 and "reading order" in problems[0], problems
