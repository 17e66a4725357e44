"""New or edit an outreach package: provider, what it offers, places per term, eligibility and
the evidence it asks for (';' between checklist items), open for applications or not."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.a11y.registry import demo_dialog
from send_desktop.storage.database import Database


def _number_or_none(spin: QSpinBox) -> int | None:
    return spin.value() or None


class PackageDialog(QDialog):
    """Saves in one unit of work when OK is pressed; ``package_id`` is set."""

    def __init__(
        self, db: Database, package_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        from send_desktop.domain.vocab import AreaOfNeed, PackageMode
        from send_desktop.services import outreach

        super().__init__(parent)
        self.setWindowTitle("Edit package" if package_id else "New package")
        self.db, self.package_id = db, package_id
        self.offers: list[str] = []  # places the save offered to the waitlist
        self.provider = QComboBox()
        self.provider.setAccessibleName("Provider (special school)")
        for sid, label in outreach.school_choices(db):
            self.provider.addItem(label, sid)
        self.name = QLineEdit()
        self.name.setAccessibleName("Package name")
        self.description = QPlainTextEdit()
        self.description.setAccessibleName("Description")
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(80)
        self.area = QComboBox()
        self.area.setAccessibleName("Area of need")
        self.area.addItems([a.value for a in AreaOfNeed])
        self.mode = QComboBox()
        self.mode.setAccessibleName("Mode")
        self.mode.addItems([m.value for m in PackageMode])
        self.level = QSpinBox()
        self.level.setRange(1, 3)
        self.level.setAccessibleName("Level (1 to 3)")
        self.sessions = QSpinBox()
        self.sessions.setRange(0, 200)
        self.sessions.setSpecialValueText("not set")
        self.sessions.setAccessibleName("Sessions")
        self.hours = QSpinBox()
        self.hours.setRange(0, 1000)
        self.hours.setSpecialValueText("not set")
        self.hours.setAccessibleName("Hours")
        self.places = QSpinBox()
        self.places.setRange(0, 500)
        self.places.setAccessibleName("Places per term")
        self.eligibility = QLineEdit()
        self.eligibility.setAccessibleName("Eligibility")
        self.evidence = QLineEdit()
        self.evidence.setAccessibleName("Evidence required, items separated by ;")
        self.evidence.setPlaceholderText("e.g. Two assess-plan-do-review cycles; SENCo report")
        self.open_check = QCheckBox("Open for applications")
        self.open_check.setChecked(True)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        form = QFormLayout()
        for text, widget in (
            ("&Provider:", self.provider),
            ("&Name:", self.name),
            ("&Description:", self.description),
            ("&Area of need:", self.area),
            ("&Mode:", self.mode),
            ("&Level:", self.level),
            ("&Sessions:", self.sessions),
            ("&Hours:", self.hours),
            ("Places per &term:", self.places),
            ("&Eligibility:", self.eligibility),
            ("E&vidence required:", self.evidence),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow(self.open_check)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Save package")
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        if package_id:
            self._load(outreach.package_data(db, package_id=package_id))
        self.resize(560, 560)

    def _load(self, data) -> None:  # noqa: ANN001 - PackageData, imported lazily
        if data is None:
            self.message.setText("This package no longer exists.")
            return
        self.provider.setCurrentIndex(max(0, self.provider.findData(data.provider_setting_id)))
        self.name.setText(data.name)
        self.description.setPlainText(data.description or "")
        self.area.setCurrentText(data.area_of_need)
        self.mode.setCurrentText(data.mode)
        self.level.setValue(data.level)
        self.sessions.setValue(data.sessions or 0)
        self.hours.setValue(data.hours or 0)
        self.places.setValue(data.places_per_term)
        self.eligibility.setText(data.eligibility or "")
        self.evidence.setText(data.evidence_required or "")
        self.open_check.setChecked(data.open_for_applications)

    def apply(self) -> None:
        from send_desktop.services import outreach
        from send_desktop.storage.errors import database_errors

        if self.provider.currentData() is None:
            self.message.setText("There is no special school in the register to offer it.")
            return
        data = outreach.PackageData(
            provider_setting_id=self.provider.currentData(),
            name=self.name.text(),
            area_of_need=self.area.currentText(),
            mode=self.mode.currentText(),
            level=self.level.value(),
            places_per_term=self.places.value(),
            description=self.description.toPlainText(),
            sessions=_number_or_none(self.sessions),
            hours=_number_or_none(self.hours),
            eligibility=self.eligibility.text(),
            evidence_required=self.evidence.text(),
            open_for_applications=self.open_check.isChecked(),
        )
        try:
            saved = outreach.save_package(self.db, data=data, package_id=self.package_id)
        except (outreach.ValidationError, outreach.NotFoundError) as exc:
            self.message.setText(exc.message)
            return
        except database_errors() as exc:
            self.message.setText(f"The package could not be saved: {exc}")
            return
        self.package_id = saved.id
        self.offers = [o.message for o in saved.offers]
        self.accept()


@demo_dialog(PackageDialog)
def _demo_package(window):  # noqa: ANN001 - for the accessibility walker
    """Editing the first package, then a new one refused for want of a name."""
    ((package_id,),) = window.db.query("SELECT id FROM outreach_package ORDER BY name LIMIT 1")
    yield PackageDialog(window.db, package_id, window)
    dialog = PackageDialog(window.db, None, window)
    dialog.apply()
    yield dialog
