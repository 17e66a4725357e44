"""Tools ▸ Retention review…: people linked only to cohorts that finished long ago.

The retention period (years) is kept in the database. People are listed for review; the
person chooses whom to erase (nothing is erased automatically).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.a11y.registry import demo_dialog

INTRO = (
    "People linked only to TIRP cohorts that finished more than the retention period ago "
    "(not an outreach or bid contact). Review them and erase those the council no longer "
    "needs to keep: their name, email and phone are removed everywhere, backups included."
)


class RetentionDialog(QDialog):
    """``load(years)`` returns the people due; ``save_years(n)`` keeps the setting;
    ``erase(ids, names)`` erases the chosen people (and calls back to reload)."""

    def __init__(
        self,
        years: int,
        load: Callable[[int], list],
        save_years: Callable[[int], None],
        erase: Callable[[list[str], list[str]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._load, self._save, self._erase = load, save_years, erase
        self.due: list = []
        self.setWindowTitle("Retention review")
        self.resize(700, 440)
        heading = QLabel("People due for review")
        heading.setStyleSheet("font-weight: 600;")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.years = QSpinBox()
        self.years.setRange(1, 50)
        self.years.setValue(years)
        self.years.valueChanged.connect(
            lambda n: self.years.setSuffix(" year" if n == 1 else " years")
        )
        self.years.setSuffix(" year" if years == 1 else " years")
        self.years.setAccessibleName("Retention period in years")
        label = QLabel("&Keep people for:")
        label.setBuddy(self.years)
        after = QLabel("after the last cohort they were in finished")
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.years)
        row.addWidget(after)
        row.addStretch(1)
        self.table = QTreeWidget()
        self.table.setAccessibleName("People due for review")
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(["Name", "Cohorts", "Last cohort finished"])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.empty = QLabel("Nobody is due for review with this retention period.")
        self.empty.setVisible(False)
        self.erase_button = QPushButton("&Erase selected…")
        self.erase_button.clicked.connect(self.erase_selected)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.erase_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.years, self.table)
        QWidget.setTabOrder(self.table, self.erase_button)
        QWidget.setTabOrder(self.erase_button, close)
        self.years.editingFinished.connect(self._years_changed)
        self.reload()

    def _years_changed(self) -> None:
        self._save(self.years.value())
        self.reload()

    def reload(self) -> None:
        self.due = self._load(self.years.value())
        self.table.clear()
        for person in self.due:
            item = QTreeWidgetItem(
                [person.name, person.cohorts, person.finished_on.strftime("%d/%m/%Y")]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, person.person_id)
            self.table.addTopLevelItem(item)
        self.table.setVisible(bool(self.due))
        self.empty.setVisible(not self.due)
        self._update_buttons()

    def selected(self) -> list:
        rows = sorted(self.table.indexOfTopLevelItem(i) for i in self.table.selectedItems())
        return [self.due[r] for r in rows]

    def _update_buttons(self) -> None:
        self.erase_button.setEnabled(bool(self.selected()))

    def erase_selected(self) -> None:
        chosen = self.selected()
        if chosen:
            self._erase([p.person_id for p in chosen], [p.name for p in chosen])


@demo_dialog(RetentionDialog)
def _demo_retention(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    from send_desktop.services import erasure

    db = window.db
    return RetentionDialog(
        1,
        lambda years: erasure.due_for_review(db, years=years),
        lambda _y: None,
        lambda _ids, _names: None,
        window,
    )
