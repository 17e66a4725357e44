"""File → Sync with shared folder… (where, and the team passphrase) and the conflict dialog
(both values side by side: keep mine, take theirs, or edit)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.a11y.registry import demo_dialog
from send_desktop.gui.dialogs.secret_fields import problem_label, show_problem

if TYPE_CHECKING:
    from send_desktop.services.sync_conflicts import Conflict


class SyncDialog(QDialog):
    """The shared folder (remembered per database) and an optional team passphrase."""

    def __init__(self, folder: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync with shared folder")
        self.setMinimumWidth(520)
        intro = QLabel(
            "Sends this laptop's changes to the shared folder as one change file and applies "
            "the other laptops' files. The database itself stays on this laptop."
        )
        intro.setWordWrap(True)
        self.folder = QLineEdit(str(folder) if folder else "")
        self.folder.setAccessibleName("Shared folder")
        self.folder.setPlaceholderText("A folder on the shared drive, OneDrive or SharePoint")
        self.browse = QPushButton("&Browse…")
        self.browse.setAccessibleName("Choose the shared folder")
        self.browse.clicked.connect(self._choose)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Team passphrase")
        self.passphrase.setPlaceholderText("Only if your team encrypts its change files")
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        form = QFormLayout()
        folder_label = QLabel("Shared &folder:")
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, row)
        pass_label = QLabel("Team &passphrase:")
        pass_label.setBuddy(self.passphrase)
        form.addRow(pass_label, self.passphrase)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Sync")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.folder.textChanged.connect(self._update)
        self.setTabOrder(self.folder, self.browse)
        self.setTabOrder(self.browse, self.passphrase)
        self.setTabOrder(self.passphrase, self.buttons)
        self._update()

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.folder.text().strip()))

    def _choose(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Shared folder", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def chosen_folder(self) -> Path:
        return Path(self.folder.text().strip())

    def chosen_passphrase(self) -> str | None:
        return self.passphrase.text() or None


class ConflictDialog(QDialog):
    """Every pending conflict; for the chosen one, both values side by side."""

    resolved = Signal()

    def __init__(
        self,
        load: Callable[[], list[Conflict]],
        resolve: Callable[[Conflict, str, str | None], str | None],
        parent: QWidget | None = None,
    ) -> None:
        """``load`` lists the pending conflicts; ``resolve(conflict, choice, value)`` returns
        None when done, or a message saying why not."""
        super().__init__(parent)
        self._load, self._resolve = load, resolve
        self.conflicts: list[Conflict] = []
        self.setWindowTitle("Sync conflicts")
        self.resize(820, 460)
        self.list = QListWidget()
        self.list.setAccessibleName("Conflicts")
        self.list.setMinimumWidth(320)
        self.empty = QLabel("No conflicts are waiting: every change has been merged.")
        self.empty.setWordWrap(True)
        self.record = QLabel()
        self.record.setWordWrap(True)
        self.record.setStyleSheet("font-weight: 600;")
        self.record.setTextFormat(Qt.TextFormat.PlainText)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.mine = QPlainTextEdit()
        self.mine.setReadOnly(True)
        self.mine.setAccessibleName("On this laptop (mine)")
        self.theirs = QPlainTextEdit()
        self.theirs.setReadOnly(True)
        self.theirs.setAccessibleName("From the other laptop (theirs)")
        mine_label = QLabel("&On this laptop (mine):")
        mine_label.setBuddy(self.mine)
        theirs_label = QLabel("From the &other laptop (theirs):")
        theirs_label.setBuddy(self.theirs)
        self.edited = QLineEdit()
        self.edited.setAccessibleName("Edited value")
        edited_label = QLabel("Or &edit:")
        edited_label.setBuddy(self.edited)
        self.keep = QPushButton("&Keep mine")
        self.keep.setAccessibleName("Keep mine")
        self.take = QPushButton("&Take theirs")
        self.take.setAccessibleName("Take theirs")
        self.use_edited = QPushButton("&Use edited value")
        self.use_edited.setAccessibleName("Use edited value")
        self.problem = problem_label()  # the theme's error colour (high contrast too)
        sides = QGridLayout()
        sides.addWidget(mine_label, 0, 0)
        sides.addWidget(theirs_label, 0, 1)
        sides.addWidget(self.mine, 1, 0)
        sides.addWidget(self.theirs, 1, 1)
        sides.addWidget(self.keep, 2, 0)
        sides.addWidget(self.take, 2, 1)
        edit_row = QHBoxLayout()
        edit_row.addWidget(edited_label)
        edit_row.addWidget(self.edited, 1)
        edit_row.addWidget(self.use_edited)
        self.detail = QWidget()
        right = QVBoxLayout(self.detail)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.record)
        right.addWidget(self.explain)
        right.addLayout(sides, 1)
        right.addLayout(edit_row)
        right.addWidget(self.problem)
        body = QHBoxLayout()
        left = QVBoxLayout()
        list_label = QLabel("&Conflicts:")
        list_label.setBuddy(self.list)
        left.addWidget(list_label)
        left.addWidget(self.list, 1)
        body.addLayout(left)
        body.addWidget(self.detail, 1)
        body.addWidget(self.empty, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        note = QLabel(
            "The same field was changed on two laptops, or a record was deleted on one and "
            "edited on the other. Nothing was overwritten. Your choice is sent to the other "
            "laptops at the next sync."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        for first, second in (
            (self.list, self.mine),
            (self.mine, self.theirs),
            (self.theirs, self.keep),
            (self.keep, self.take),
            (self.take, self.edited),
            (self.edited, self.use_edited),
            (self.use_edited, self.buttons),
        ):
            self.setTabOrder(first, second)
        self.list.currentRowChanged.connect(self._show)
        self.keep.clicked.connect(lambda: self._choose("mine"))
        self.take.clicked.connect(lambda: self._choose("theirs"))
        self.use_edited.clicked.connect(lambda: self._choose("edit"))
        self.edited.returnPressed.connect(lambda: self._choose("edit"))
        self.reload()

    def reload(self, row: int = 0) -> None:
        self.conflicts = self._load()
        self.list.clear()
        for c in self.conflicts:
            what = c.field
            if c.is_deletion:
                what = "deleted on one laptop, edited on another"
            elif c.is_duplicate:
                what = "made on two laptops"
            item = QListWidgetItem(f"{c.label} — {what}")
            item.setToolTip(c.record)
            self.list.addItem(item)
        has_any = bool(self.conflicts)
        self.detail.setVisible(has_any)
        self.empty.setVisible(not has_any)
        if has_any:
            self.list.setCurrentRow(min(row, len(self.conflicts) - 1))
            self.list.setFocus()

    def current(self) -> Conflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show(self, _row: int) -> None:
        c = self.current()
        self.problem.setVisible(False)
        if c is None:
            return
        self.record.setText(f"{c.label}  ({c.table.replace('_', ' ')} record)")
        self.mine.setPlainText(c.mine_text())
        self.theirs.setPlainText(c.theirs_text())
        if c.is_duplicate:
            self.explain.setText(
                "The other laptop made a record with the same key (such as the URN) as one "
                "here. Keep one of the two."
            )
            self.keep.setText("&Keep mine (drop theirs)")
            self.take.setText("&Take theirs (replace mine)")
            self.edited.clear()
        elif c.is_deletion:
            mine_deleted = isinstance(c.mine, dict) and c.mine.get("deleted")
            self.explain.setText(
                "Deleted here, edited on another laptop."
                if mine_deleted
                else "Edited (or still in use) here, deleted on another laptop."
            )
            self.keep.setText("&Keep mine (stay deleted)" if mine_deleted else "&Keep mine")
            self.take.setText("&Take theirs (restore)" if mine_deleted else "&Take theirs (delete)")
            self.edited.clear()
        else:
            self.explain.setText(f"Field: {c.field}")
            self.keep.setText("&Keep mine")
            self.take.setText("&Take theirs")
            self.edited.setText("" if c.mine is None else str(c.mine))
        self.edited.setEnabled(c.editable)
        self.use_edited.setEnabled(c.editable)

    def _choose(self, choice: str) -> None:
        c = self.current()
        if c is None or (choice == "edit" and not c.editable):
            return
        row = self.list.currentRow()
        problem = self._resolve(c, choice, self.edited.text() if choice == "edit" else None)
        if problem:
            show_problem(self.problem, problem)
            return
        self.resolved.emit()
        self.reload(row)


@demo_dialog(SyncDialog)
def _demo_sync(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    dialog = SyncDialog(None, window)
    yield dialog
    dialog.folder.setText("/shared/SEND team")
    yield dialog


@demo_dialog(ConflictDialog)
def _demo_conflicts(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    from send_desktop.services.sync_conflicts import Conflict

    conflicts = [
        Conflict("setting", "s1", "phone", "01865 111111", "01865 222222", "Larkrise Primary"),
        Conflict(
            "feedback", "f1", "(deleted)", {"edited": {"quote": "Calmer"}}, {"deleted": True}, "q"
        ),
        Conflict("setting", "s2", "(duplicate)", {"label": "Orchard"}, {"record": {}}, "Orchard"),
        Conflict("setting", "s3", "urn", "100001", "149999", "Fictional Infants"),
    ]
    shown = list(conflicts)
    refusal = (
        "Another setting record here already has urn 149999: give that record another one "
        "first, or keep this record's own."
    )
    dialog = ConflictDialog(lambda: shown, lambda c, choice, value: refusal, window)
    for row in range(len(conflicts)):
        dialog.list.setCurrentRow(row)
        yield dialog
    dialog.take.click()  # a key another record holds: the reason it could not be done
    yield dialog
    shown.clear()
    dialog.reload()  # the empty state
    yield dialog
