"""A new password or passphrase typed twice, and the message when it cannot be used: one
pair of fields for every dialog that asks for one (export, cohort pack, database)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from send_desktop.gui.style import tone


def secret_edit(name: str) -> QLineEdit:
    """A line edit that shows dots, named ``name`` for screen readers."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


def problem_label() -> QLabel:
    """Where a dialog says what is wrong, in the theme's error colour (high contrast too)."""
    label = QLabel("")
    label.setObjectName("problem")
    label.setWordWrap(True)
    label.setStyleSheet(tone("error"))
    label.setVisible(False)
    return label


def show_problem(label: QLabel, text: str) -> None:
    """Show ``text`` in a dialog's problem label, the dialog grown to fit it (a dialog
    keeps its size when a line appears or gets longer, and squeezes its wrapped text)."""
    label.setText(text)
    label.setVisible(True)
    window = label.window()
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    needed = window.minimumSizeHint().height()
    if layout.hasHeightForWidth():
        needed = max(needed, layout.totalHeightForWidth(window.width()))
    screen = window.screen()
    if screen is not None:  # never taller than the screen
        needed = min(needed, screen.availableGeometry().height())
    if needed > window.height():
        window.resize(window.width(), needed)


class SecretFields:
    """The secret, the secret again, and the problem label.

    ``check(text, again)`` says why they cannot be used, or None (by default the one rule
    for passwords, ``domain.secrets.check_new_secret``)."""

    def __init__(
        self,
        placeholder: str,
        *,
        noun: str = "Password",
        required: bool = False,
        check: Callable[[str, str], str | None] | None = None,
    ) -> None:
        self.noun = noun
        if check is None:
            from send_desktop.domain.secrets import check_new_secret

            def check(text: str, again: str) -> str | None:
                return check_new_secret(text, again, what=noun.lower(), required=required)

        self._check = check
        self.password = secret_edit(noun)
        self.password.setPlaceholderText(placeholder)
        self.repeat = secret_edit(f"{noun} again")
        self.problem = problem_label()

    def add_to(self, form: QFormLayout) -> None:
        form.addRow(f"&{self.noun}:", self.password)
        form.addRow("&Again:", self.repeat)

    def check(self) -> bool:
        """True when the entry can be used; otherwise says why and puts the cursor in the
        field to retype, its text selected."""
        problem = self._check(self.password.text(), self.repeat.text())
        if problem is None:
            return True
        field = self.repeat if "not the same" in problem else self.password
        show_problem(self.problem, problem)
        field.setFocus()
        field.selectAll()
        return False
