"""Add or edit a setting."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from send_desktop.domain.vocab import Phase, SettingType
from send_desktop.gui.a11y.registry import demo_dialog
from send_desktop.gui.dialogs.form import FormDialog, Submit
from send_desktop.gui.widgets.basic import OptionalSpinBox
from send_desktop.services.register import SettingData, clean_setting


def combo(values: list[str], *, editable: bool) -> QComboBox:
    box = QComboBox()
    box.setMinimumWidth(240)
    box.setEditable(editable)
    box.addItems(["", *values])
    if editable:
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return box


def set_combo_text(box: QComboBox, text: str | None) -> None:
    text = text or ""
    if box.isEditable():
        box.setCurrentText(text)
        return
    if box.findText(text) < 0:
        box.addItem(text)  # an old value outside today's list stays choosable
    box.setCurrentIndex(box.findText(text))


class SettingDialog(FormDialog):
    def __init__(
        self,
        submit: Submit,
        data: SettingData | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = "Edit setting" if data else "New setting"
        super().__init__(title, submit, parent)
        self._base = data or SettingData(name="")
        self.name = self.add_field("name", "&Name *", QLineEdit())
        self.urn = self.add_field("urn", "&URN", QLineEdit(), "6 digits, or EY and digits")
        self.phase = self.add_field("phase", "P&hase", combo(list(Phase), editable=True))
        self.type = self.add_field("type", "&Type", combo(list(SettingType), editable=False))
        self.trust = self.add_field("trust", "T&rust", QLineEdit())
        self.locality = self.add_field("locality", "&Locality", QLineEdit())
        self.town = self.add_field("town", "To&wn", QLineEdit())
        self.postcode = self.add_field("postcode", "&Postcode", QLineEdit(), "e.g. OX1 1ND")
        self.la_code = self.add_field("la_code", "L&A code", QLineEdit(), "3 digits, e.g. 931")
        self.pupils = self.add_field("pupils", "Pup&ils", OptionalSpinBox())
        self.email = self.add_field("email", "&Email", QLineEdit())
        self.phone = self.add_field("phone", "Ph&one", QLineEdit())
        self.notes = self.add_field("notes", "N&otes", QPlainTextEdit())
        self.name.setPlaceholderText("Required")
        self.urn.setMaxLength(12)
        self.la_code.setMaxLength(3)
        self.la_code.setMaximumWidth(80)
        self.pupils.setMaximumWidth(120)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self._load(self._base)
        self.name.setFocus()

    def _load(self, data: SettingData) -> None:
        for key in ("name", "urn", "trust", "locality", "town", "postcode", "la_code"):
            getattr(self, key).setText(getattr(data, key) or "")
        self.email.setText(data.email or "")
        self.phone.setText(data.phone or "")
        set_combo_text(self.phase, data.phase)
        set_combo_text(self.type, data.type)
        self.pupils.set_number(data.pupils)
        self.notes.setPlainText(data.notes or "")

    def collect(self) -> SettingData:
        """The typed values, validated and normalised by the service's rules."""
        data = replace(
            self._base,
            name=self.name.text(),
            urn=self.urn.text(),
            phase=self.phase.currentText(),
            type=self.type.currentText(),
            trust=self.trust.text(),
            locality=self.locality.text(),
            town=self.town.text(),
            postcode=self.postcode.text(),
            la_code=self.la_code.text(),
            pupils=self.pupils.number(),
            email=self.email.text(),
            phone=self.phone.text(),
            notes=self.notes.toPlainText(),
        )
        return clean_setting(data)


@demo_dialog(SettingDialog)
def _demo(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    from send_desktop.services.register import get_setting

    yield SettingDialog(lambda _data: None, parent=window)
    ((setting_id,),) = window.db.query("SELECT id FROM setting ORDER BY name LIMIT 1")
    dialog = SettingDialog(lambda _data: None, get_setting(window.db, setting_id), window)
    dialog.show()
    dialog.show_error("urn", "A URN is 6 digits, or EY and digits.")
    yield dialog
