"""Small choosers for printed and sent-out files: the cohort pack and a return template."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class PackDialog(QDialog):
    """Which cohort, and an optional password typed twice."""

    def __init__(self, cohorts: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cohort pack")
        self.setMinimumWidth(420)
        self.cohort = QComboBox()
        self.cohort.addItems(cohorts)
        self.cohort.setAccessibleName("Cohort")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.password.setPlaceholderText("Optional: needed to open the PDF")
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName("Password again")
        self.problem = QLabel("")
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setVisible(False)
        form = QFormLayout()
        form.addRow("&Cohort:", self.cohort)
        form.addRow("&Password:", self.password)
        form.addRow("&Again:", self.repeat)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Make &pack…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel("A PDF with the cohort's schedule, settings, leaders and sign-in sheets.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def chosen_cohort(self) -> str:
        return self.cohort.currentText()

    def chosen_password(self) -> str | None:
        return self.password.text() or None

    def accept(self) -> None:
        if self.password.text() != self.repeat.text():
            self.problem.setText("The two passwords are not the same.")
            self.problem.setVisible(True)
            self.repeat.setFocus()
            self.repeat.selectAll()
            return
        super().accept()


class TemplateDialog(QDialog):
    """Which return template, and whether it is pre-filled from the register."""

    def __init__(self, templates: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Return template")
        self.setMinimumWidth(420)
        self.template = QComboBox()
        for template_id, title in templates:
            self.template.addItem(title, template_id)
        self.template.setAccessibleName("Template")
        self.blank = QCheckBox("&Blank (no rows filled in from the register)")
        form = QFormLayout()
        form.addRow("&Template:", self.template)
        form.addRow("", self.blank)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Save…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel("A workbook for schools to fill in; it imports back with no mapping step.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def chosen_template(self) -> str:
        return str(self.template.currentData())

    def is_blank(self) -> bool:
        return self.blank.isChecked()
