"""The dashboard's first-run panel: shown while the database holds no records at all, it
says where to begin (import the register, join a team's shared folder, open another file)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from send_desktop.gui.style import heading, tone

# (key for the window, button text, tooltip)
STEPS = (
    (
        "import",
        "&Import a spreadsheet…",
        "Start with your schools and settings register (.xlsx, .xls, .ods or .csv)",
    ),
    (
        "sync",
        "&Join a shared folder…",
        "Receive everything your team has already entered, through its shared folder",
    ),
    ("open", "&Open another database…", "Open a SEND Desktop database you already have"),
)


class StartPanel(QFrame):
    """Where to begin in an empty database; ``chosen`` carries the step's key."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Getting started")
        title = QLabel("This database is empty")
        title.setStyleSheet(heading(12))
        text = QLabel(
            "Begin with the register of schools and settings: import the spreadsheet you "
            "keep now (the import shows a preview and changes nothing until you confirm). "
            "On a team, join its shared folder instead to receive what the others have "
            "entered. Everything can be undone from Edit → Undo or File → Import history."
        )
        text.setWordWrap(True)
        text.setStyleSheet(tone("hint"))
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, label, tip in STEPS:
            button = QPushButton(label)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, key=key: self.chosen.emit(key))
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addLayout(row)

    def focus_order(self) -> list[QWidget]:
        return list(self.buttons.values())
