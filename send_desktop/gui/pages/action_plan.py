"""The action plan: objectives' actions with their RAG (a shape and a word, never colour
alone), the selected action's details and RAG history, and a lead's override with a reason;
the roadmap's milestones and the resource bases on further tabs."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from send_desktop.domain.actions import rag_text
from send_desktop.gui.pages import catalog
from send_desktop.gui.pages.table_page import TablePage
from send_desktop.services import listing
from send_desktop.storage.database import Database
from send_desktop.storage.errors import database_errors


class ActionPlanPage(QWidget):
    current_table_changed = Signal()
    changed = Signal()  # an action's RAG or completion was changed here

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actions = TablePage(catalog.ACTIONS, db)
        self.milestones = TablePage(catalog.MILESTONES, db)
        self.resource_bases = TablePage(catalog.RESOURCE_BASES, db)

        self.detail = QLabel("Choose an action to see its details and RAG history.")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.history = QListWidget()
        self.history.setAccessibleName("RAG history of the chosen action")
        self.history.setWordWrap(True)
        self.override_button = QPushButton("&Override RAG…")
        self.override_button.setToolTip("Set the RAG yourself, with the reason (kept in history)")
        self.clear_button = QPushButton("&Use the rule")
        self.clear_button.setToolTip("Remove the override: the RAG follows the due date again")
        self.complete_button = QPushButton("&Mark complete")
        self.complete_button.setToolTip("Record the action as completed today")
        self.override_button.clicked.connect(self.open_override)
        self.clear_button.clicked.connect(self.clear_override)
        self.complete_button.clicked.connect(self.mark_complete)
        buttons = QHBoxLayout()
        for b in (self.override_button, self.clear_button, self.complete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        history_label = QLabel("RAG &history")
        history_label.setBuddy(self.history)
        # Under the table (which keeps the page's full width): the chosen action's details
        # and buttons on the left, its RAG history on the right.
        left = QVBoxLayout()
        left.addWidget(self.detail, 1)
        left.addLayout(buttons)
        right = QVBoxLayout()
        right.addWidget(history_label)
        right.addWidget(self.history, 1)
        side = QWidget()
        side_layout = QHBoxLayout(side)
        side_layout.setContentsMargins(0, 6, 0, 0)
        side_layout.addLayout(left, 3)
        side_layout.addLayout(right, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.actions)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([430, 200])

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(split, "&Actions")
        self.tabs.addTab(self.milestones, "&Roadmap milestones")
        self.tabs.addTab(self.resource_bases, "Resource &bases")
        self.tabs.currentChanged.connect(lambda _: self.current_table_changed.emit())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.actions.selection_changed.connect(self.show_selected)
        self.actions.counts_changed.connect(lambda _t: self.show_selected())
        self.show_selected()

    def tables(self) -> list[TablePage]:
        return [self.actions, self.milestones, self.resource_bases]

    def focus_order(self) -> list[QWidget]:
        return [
            self.tabs.tabBar(),
            *self.actions.focus_order(),
            self.override_button,
            self.clear_button,
            self.complete_button,
            self.history,
            *self.milestones.focus_order(),
            *self.resource_bases.focus_order(),
        ]

    def current_table(self) -> TablePage:
        return self.tables()[self.tabs.currentIndex()]

    # -- the chosen action ----------------------------------------------------------------
    def _selected_row(self) -> tuple | None:
        rid = self.actions.selected_id()
        if rid is None:
            return None
        table = self.actions.model.table
        return rid, dict(
            zip((c.key for c in table.columns), table.rows[table.ids.index(rid)], strict=True)
        )

    def show_selected(self) -> None:
        chosen = self._selected_row()
        for b in (self.override_button, self.clear_button, self.complete_button):
            b.setEnabled(False)
        self.history.clear()
        if chosen is None:
            self.detail.setText("Choose an action to see its details and RAG history.")
            return
        rid, row = chosen
        due = row["due_on"].strftime("%d/%m/%Y") if row["due_on"] else "no date"
        lines = [
            row["description"],
            f"By whom: {row['owner'] or '—'}    By when: {due}    Quarter: {row['quarter'] or '—'}",
            f"RAG: {row['rag']}" + (f" — {row['overdue']} days overdue" if row["overdue"] else ""),
        ]
        if row["override"]:
            lines.append(f"Override reason: {row['override']}")
        if row["success"]:
            lines.append(f"How we will know: {row['success']}")
        self.detail.setText("\n".join(lines))
        done = row["completed_on"] is not None
        self.override_button.setEnabled(not done)
        self.clear_button.setEnabled(bool(row["override"]))
        self.complete_button.setEnabled(not done)
        for on, rag, reason in reversed(listing.action_rag_history(self.db, rid)):
            self.history.addItem(
                f"{on:%d/%m/%Y}  {rag_text(rag)}" + (f" — {reason}" if reason else "")
            )
        if self.history.count() == 0:
            self.history.addItem("No changes recorded yet.")

    def _run(self, work) -> bool:  # noqa: ANN001
        from send_desktop.gui.messages import show_error
        from send_desktop.services.errors import ValidationError

        try:
            work()
        except ValidationError as err:
            show_error(self, err.message)
            return False
        except database_errors() as err:
            show_error(self, f"The database refused the change ({type(err).__name__}).")
            return False
        self.actions.reload()
        self.show_selected()
        self.changed.emit()
        return True

    def make_override_dialog(self) -> QWidget | None:
        chosen = self._selected_row()
        if chosen is None:
            return None
        from send_desktop.gui.dialogs.rag_dialog import RagOverrideDialog
        from send_desktop.services import action_plan

        rid, row = chosen
        current = row["rag"].split()[1].lower() if row["rag"] else "green"

        def submit(values: tuple[str, str]) -> None:
            rag, reason = values
            action_plan.override_rag(self.db, action_id=rid, rag=rag, reason=reason)

        return RagOverrideDialog(row["description"], current, submit, self)

    def open_override(self) -> None:
        dialog = self.make_override_dialog()
        if dialog is not None and dialog.exec():
            self._run(lambda: None)

    def clear_override(self) -> None:
        chosen = self._selected_row()
        if chosen is not None:
            from send_desktop.services import action_plan

            self._run(lambda: action_plan.clear_override(self.db, action_id=chosen[0]))

    def mark_complete(self) -> None:
        chosen = self._selected_row()
        if chosen is not None:
            from send_desktop.services import action_plan

            self._run(
                lambda: action_plan.complete_action(self.db, action_id=chosen[0], on=date.today())
            )
