"""Passphrase dialogs: protect a database with one (typed twice), or type it to open one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.a11y.registry import demo_dialog
from send_desktop.gui.dialogs.secret_fields import (
    SecretFields,
    problem_label,
    secret_edit,
    show_problem,
)

PROTECT_TEXT = (
    "The database file and its backups will be encrypted (SQLCipher, AES-256): without the "
    "passphrase nobody can read them, whoever has the laptop or a copy of the file.\n\n"
    "Nobody can recover a forgotten passphrase, not even IT: keep it somewhere safe. "
    "You will type it each time you open this database."
)


class ProtectDialog(QDialog):
    """New passphrase, typed twice; ``check(passphrase, again)`` says what is wrong or None."""

    def __init__(
        self, db_name: str, check: Callable[[str, str], str | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Protect this database with a passphrase")
        self.setMinimumWidth(480)
        heading = QLabel(f"Protect {db_name} with a passphrase")
        heading.setStyleSheet("font-weight: 600;")
        intro = QLabel(PROTECT_TEXT)
        intro.setWordWrap(True)
        self.fields = SecretFields(
            "At least 8 characters; a few words work well", noun="Passphrase", check=check
        )
        self.passphrase, self.again = self.fields.password, self.fields.repeat
        self.problem = self.fields.problem
        form = QFormLayout()
        self.fields.add_to(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Protect")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.passphrase.setFocus()

    def accept(self) -> None:
        if self.fields.check():
            super().accept()


class UnlockDialog(QDialog):
    """Type the passphrase of an encrypted database; ``try_it(passphrase)`` says if it is
    right. Closes accepted on the right one, rejected after ``tries`` wrong ones or Cancel."""

    def __init__(
        self,
        db_name: str,
        try_it: Callable[[str], bool],
        tries: int = 3,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._try, self.tries_left = try_it, tries
        self.gave_up = False
        self.setWindowTitle("Passphrase")
        self.setMinimumWidth(440)
        heading = QLabel(f"Type the passphrase of {db_name}")
        heading.setStyleSheet("font-weight: 600;")
        intro = QLabel(
            "This database is protected with a passphrase (or it is not a SEND Desktop "
            f"database at all). You have {tries} tries; nothing is changed by a wrong one."
        )
        intro.setWordWrap(True)
        self.passphrase = secret_edit("Passphrase")
        self.problem = problem_label()
        form = QFormLayout()
        form.addRow("&Passphrase:", self.passphrase)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Open")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.passphrase.setFocus()

    def accept(self) -> None:
        if self._try(self.passphrase.text()):
            super().accept()
            return
        self.tries_left -= 1
        self.passphrase.clear()
        if self.tries_left <= 0:
            self.gave_up = True
            self.reject()
            return
        left = "one more try" if self.tries_left == 1 else f"{self.tries_left} more tries"
        show_problem(self.problem, f"That passphrase is not right ({left}).")
        self.passphrase.setFocus()


@demo_dialog(ProtectDialog)
def _demo_protect(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    from send_desktop.services.encryption import check_new_passphrase

    dialog = ProtectDialog(window.db.path.name, check_new_passphrase, window)
    yield dialog
    dialog.passphrase.setText("short")
    dialog.accept()  # refused: the reason is shown
    yield dialog


@demo_dialog(UnlockDialog)
def _demo_unlock(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    dialog = UnlockDialog(window.db.path.name, lambda _text: False, 3, window)
    yield dialog
    dialog.passphrase.setText("not the passphrase")
    dialog.accept()  # one wrong try
    yield dialog
