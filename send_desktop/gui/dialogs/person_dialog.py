"""Add or edit a person and their main role."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QPlainTextEdit, QWidget

from send_desktop.domain.vocab import PersonRoleKind
from send_desktop.gui.a11y.registry import demo_dialog
from send_desktop.gui.dialogs.form import FormDialog, Submit
from send_desktop.gui.dialogs.setting_dialog import combo, set_combo_text
from send_desktop.services.errors import ValidationError
from send_desktop.services.people import PersonData, clean_person


class SettingPicker(QComboBox):
    """Type part of a setting's name, town or URN and pick it from the list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        # Sized by a typical name, not by measuring every item (there may be 50,000).
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(22)
        self.view().setUniformItemSizes(True)
        self._ids: list[str | None] = [None]
        self.lineEdit().setPlaceholderText("Type to search settings")

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        """(id, label) pairs. Set once the picker is in its dialog: re-styling a combo box
        with 50,000 items (as reparenting does) costs a third of a second each time."""
        self._ids = [None, *(setting_id for setting_id, _ in choices)]
        labels = QStringListModel(["", *(label for _, label in choices)], self)
        self.setModel(labels)  # one call, not one addItem per setting
        completer = QCompleter(labels, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def set_setting_id(self, setting_id: str | None) -> None:
        row = self._ids.index(setting_id) if setting_id in self._ids else 0
        self.setCurrentIndex(row)

    def setting_id(self) -> str | None:
        text = self.currentText().strip()
        if not text:
            return None
        row = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if row <= 0:
            raise ValidationError(
                "setting_id", f"'{text}' is not a setting: type part of its name and pick it."
            )
        return self._ids[row]


class PersonDialog(FormDialog):
    def __init__(
        self,
        submit: Submit,
        settings: list[tuple[str, str]],
        data: PersonData | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit person" if data else "New person", submit, parent)
        self._base = data or PersonData(full_name="")
        self.full_name = self.add_field("full_name", "&Name *", QLineEdit())
        self.job_title = self.add_field("job_title", "&Job title", QLineEdit())
        self.email = self.add_field("email", "&Email", QLineEdit())
        self.phone = self.add_field("phone", "&Phone", QLineEdit())
        self.role = self.add_field("role", "&Role", combo(list(PersonRoleKind), editable=True))
        self.setting = self.add_field("setting_id", "&Setting", SettingPicker())
        self.notes = self.add_field("notes", "N&otes", QPlainTextEdit())
        self.setting.set_choices(settings)
        self.full_name.setPlaceholderText("Required")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        base = self._base
        self.full_name.setText(base.full_name)
        self.job_title.setText(base.job_title or "")
        self.email.setText(base.email or "")
        self.phone.setText(base.phone or "")
        set_combo_text(self.role, base.role)
        self.setting.set_setting_id(base.setting_id)
        self.notes.setPlainText(base.notes or "")
        self.full_name.setFocus()

    def collect(self) -> PersonData:
        data = replace(
            self._base,
            full_name=self.full_name.text(),
            job_title=self.job_title.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            role=self.role.currentText(),
            notes=self.notes.toPlainText(),
        )
        cleaned = clean_person(data)  # fields in form order first, then the setting
        return replace(cleaned, setting_id=self.setting.setting_id())


@demo_dialog(PersonDialog)
def _demo(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    from send_desktop.services.listing import setting_choices

    return PersonDialog(lambda _data: None, setting_choices(window.db), parent=window)
