"""Small choosers for printed and sent-out files: the cohort pack, a return template, and a
password for an export."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.a11y.registry import demo_dialog
from send_desktop.gui.dialogs.secret_fields import SecretFields


class PasswordDialog(QDialog):
    """A password for a file leaving the laptop (File → Export with password…)."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export with a password")
        self.setMinimumWidth(420)
        self.passwords = SecretFields("Needed to open the file", required=True)
        form = QFormLayout()
        self.passwords.add_to(form)
        intro = QLabel(
            f"{what} will be saved encrypted: Excel and PDF readers ask for this password. "
            "Send the password separately from the file (a phone call, not the same email)."
        )
        intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Save as…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.passwords.problem)
        layout.addWidget(self.buttons)

    def chosen_password(self) -> str:
        return self.passwords.password.text()

    def accept(self) -> None:
        if self.passwords.check():
            super().accept()


class PackDialog(QDialog):
    """Which cohort, every session or one, and an optional password typed twice."""

    def __init__(
        self,
        cohorts: list[str],
        parent: QWidget | None = None,
        sessions: Callable[[str], list[tuple[int, str]]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cohort pack")
        self.setMinimumWidth(420)
        self.sessions_of = sessions or (lambda _cohort: [])
        self.cohort = QComboBox()
        self.cohort.addItems(cohorts)
        self.cohort.setAccessibleName("Cohort")
        self.session = QComboBox()
        self.session.setAccessibleName("Sign-in sheets")
        self.cohort.currentTextChanged.connect(self._fill_sessions)
        self._fill_sessions(self.cohort.currentText())
        self.passwords = SecretFields("Optional: needed to open the PDF")
        self.password, self.repeat, self.problem = (
            self.passwords.password,
            self.passwords.repeat,
            self.passwords.problem,
        )
        form = QFormLayout()
        form.addRow("&Cohort:", self.cohort)
        form.addRow("&Sign-in sheets:", self.session)
        self.passwords.add_to(form)
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

    def _fill_sessions(self, cohort: str) -> None:
        self.session.clear()
        self.session.addItem("Every session (the whole pack)", None)
        for number, label in self.sessions_of(cohort) if cohort else []:
            self.session.addItem(f"Only {label}", number)

    def chosen_cohort(self) -> str:
        return self.cohort.currentText()

    def chosen_session(self) -> int | None:
        return self.session.currentData()

    def chosen_password(self) -> str | None:
        return self.password.text() or None

    def accept(self) -> None:
        if self.passwords.check():
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


@demo_dialog(PackDialog)
def _demo_pack(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    dialog = PackDialog(["Cohort 1", "Cohort 2"], window)
    yield dialog
    dialog.password.setText("one")
    dialog.accept()  # the two passwords differ: the problem is shown
    yield dialog


@demo_dialog(PasswordDialog)
def _demo_password(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    dialog = PasswordDialog("The settings table", window)
    yield dialog
    dialog.accept()  # no password typed: the problem is shown
    yield dialog


@demo_dialog(TemplateDialog)
def _demo_template(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    from send_desktop.services.templates import return_templates

    return TemplateDialog([(t.id, t.title) for t in return_templates()], window)
