"""New / edit action: the action-plan columns, the objective chosen or typed (a new one is
added), the due date as a date or a month ('July 2025')."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from send_desktop.gui.a11y.registry import demo_dialog
from send_desktop.gui.dialogs.form import FormDialog
from send_desktop.interchange.values import BadValueError, as_due_date
from send_desktop.services.action_plan import ActionData
from send_desktop.services.errors import ValidationError


def _text_box(text: str | None) -> QPlainTextEdit:
    box = QPlainTextEdit(text or "")
    box.setTabChangesFocus(True)
    box.setFixedHeight(64)
    return box


class ActionDialog(FormDialog):
    def __init__(
        self,
        submit: Callable[[ActionData], None],
        objectives: list[str],
        old: ActionData | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit action" if old else "New action", submit, parent)
        old = old or ActionData(objective=objectives[0] if objectives else "", description="")
        self.objective = QComboBox()
        self.objective.setEditable(True)
        self.objective.addItems(objectives)
        self.objective.setCurrentText(old.objective)
        self.description = _text_box(old.description)
        self.owner = QLineEdit(old.owner or "")
        due = old.due_on
        self.due = QLineEdit(f"{due:%d/%m/%Y}" if due else "")
        self.due.setPlaceholderText("dd/mm/yyyy, or a month: July 2025")
        self.success = _text_box(old.success_measure)
        self.resource = QLineEdit(old.resource or "")
        self.monitored = QLineEdit(old.monitored_by or "")
        self.evaluated = QLineEdit(old.evaluated_by or "")
        self.quarter = QLineEdit(old.quarter or "")
        self.quarter.setPlaceholderText("e.g. 2025-Q3 (blank: the quarter of the date)")
        for key, label, widget, hint in (
            ("objective", "&Objective *", self.objective, "Choose one, or type a new objective"),
            ("description", "&Action *", self.description, ""),
            ("owner", "By &whom", self.owner, ""),
            ("due_on", "By w&hen", self.due, "The RAG follows this date"),
            ("success_measure", "How we will &know", self.success, ""),
            ("resource", "&Resource", self.resource, ""),
            ("monitored_by", "&Monitored by", self.monitored, ""),
            ("evaluated_by", "E&valuated by", self.evaluated, ""),
            ("quarter", "Roadmap &quarter", self.quarter, ""),
        ):
            self.add_field(key, label, widget, hint)
        order = [
            self.objective,
            self.description,
            self.owner,
            self.due,
            self.success,
            self.resource,
            self.monitored,
            self.evaluated,
            self.quarter,
            self.buttons,
        ]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self.objective.setFocus()

    def collect(self) -> ActionData:
        try:
            due = as_due_date(self.due.text().strip() or None)
        except BadValueError as err:
            raise ValidationError("due_on", f"By when {err.reason}.") from None
        return ActionData(
            objective=self.objective.currentText(),
            description=self.description.toPlainText(),
            owner=self.owner.text(),
            due_on=due,
            success_measure=self.success.toPlainText(),
            resource=self.resource.text(),
            monitored_by=self.monitored.text(),
            evaluated_by=self.evaluated.text(),
            quarter=self.quarter.text(),
        )


@demo_dialog(ActionDialog)
def _demo(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    window.switch_to("actions")
    ((action_id,),) = window.db.query("SELECT id FROM action ORDER BY id LIMIT 1")
    dialog = window.page("actions").editor.edit(action_id)
    yield dialog
    dialog.reject()
    yield window.page("actions").editor.new()
