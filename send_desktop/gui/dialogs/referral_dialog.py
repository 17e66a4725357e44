"""New referral: requesting setting, package, route, term, the child-free summary of need and
the package's evidence checklist."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.a11y.registry import demo_dialog
from send_desktop.storage.database import Database


def no_names_note() -> QLabel:
    """The note shown wherever a lead types free text about a referral."""
    from send_desktop.services.outreach import NO_NAMES

    label = QLabel(f"\u26a0 {NO_NAMES}")
    label.setObjectName("noNamesNote")
    label.setWordWrap(True)
    label.setStyleSheet("color: #7a4b00;")
    return label


class ReferralDialog(QDialog):
    """Records the referral in one unit of work when OK is pressed; ``referral_id`` is set."""

    def __init__(
        self, db: Database, package_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        from send_desktop.domain.outreach import term_of
        from send_desktop.services import outreach
        from send_desktop.services.listing import setting_choices

        super().__init__(parent)
        self.setWindowTitle("New referral")
        self.db = db
        self.referral_id: str | None = None
        self.packages = {p.id: p for p in outreach.package_choices(db)}
        self.package = QComboBox()
        self.package.setAccessibleName("Package")
        for p in self.packages.values():
            if p.open_for_applications:
                self.package.addItem(p.label, p.id)
        if package_id is not None:
            self.package.setCurrentIndex(max(0, self.package.findData(package_id)))
        self.setting = QComboBox()
        self.setting.setEditable(True)
        self.setting.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setting.setAccessibleName("Requesting setting")
        for sid, label in setting_choices(db):
            self.setting.addItem(label, sid)
        self.setting.setCurrentIndex(-1)
        self.setting.lineEdit().setPlaceholderText("Type to find the setting")
        self.route = QComboBox()
        self.route.setAccessibleName("Route")
        self.route.addItems(list(outreach.ROUTES))
        self.received = QDateEdit(QDate.currentDate())
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("dd/MM/yyyy")
        self.received.setAccessibleName("Received on")
        self.term = QLineEdit(term_of(date.today()))
        self.term.setAccessibleName("Term")
        self.term.setToolTip("The term the support is for, e.g. 2024 Autumn")
        self.summary = QPlainTextEdit()
        self.summary.setAccessibleName("Summary of need (no child's name)")
        self.summary.setPlaceholderText("What the setting needs help with, for the setting")
        self.summary.setTabChangesFocus(True)
        self.evidence_box = QGroupBox("Evidence received")
        self.evidence_layout = QVBoxLayout(self.evidence_box)
        self.checks: list[QCheckBox] = []
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setObjectName("dialogMessage")
        form = QFormLayout()
        for text, widget in (
            ("&Package:", self.package),
            ("&Setting:", self.setting),
            ("&Route:", self.route),
            ("Received &on:", self.received),
            ("&Term:", self.term),
            ("Summary of &need:", self.summary),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Record referral")
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(no_names_note())
        layout.addWidget(self.evidence_box)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.package.currentIndexChanged.connect(self._fill_evidence)
        self._fill_evidence()
        self.resize(560, 520)
        if not self.packages or self.package.count() == 0:
            self.message.setText("No package is open for applications.")
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def _fill_evidence(self) -> None:
        for check in self.checks:
            check.deleteLater()
        self.checks = []
        choice = self.packages.get(self.package.currentData())
        items = choice.evidence if choice else []
        for item in items:
            check = QCheckBox(item)
            check.setAccessibleName(f"Evidence: {item}")
            self.evidence_layout.addWidget(check)
            self.checks.append(check)
        self.evidence_box.setTitle(
            "Evidence received" if items else "Evidence received: none asked for"
        )
        self._chain()

    def _chain(self) -> None:
        order = [self.package, self.setting, self.route, self.received, self.term, self.summary]
        order += [*self.checks, self.buttons]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def _setting_id(self) -> str | None:
        text = self.setting.currentText().strip()
        index = self.setting.findText(text, Qt.MatchFlag.MatchFixedString)
        return self.setting.itemData(index) if index >= 0 else None

    def apply(self) -> None:
        from send_desktop.services import outreach
        from send_desktop.storage.errors import database_errors

        setting_id = self._setting_id()
        if setting_id is None:
            self.message.setText("Choose the requesting setting from the list.")
            self.setting.setFocus()
            return
        day = self.received.date()
        try:
            self.referral_id = outreach.receive_referral(
                self.db,
                package_id=self.package.currentData(),
                setting_id=setting_id,
                route=self.route.currentText(),
                received_on=date(day.year(), day.month(), day.day()),
                term=self.term.text(),
                summary_of_need=self.summary.toPlainText(),
                evidence={c.text(): c.isChecked() for c in self.checks},
            )
        except (outreach.OutreachError, outreach.ValidationError) as exc:
            self.message.setText(getattr(exc, "message", str(exc)))
            return
        except database_errors() as exc:
            self.message.setText(f"The referral could not be saved: {exc}")
            return
        self.accept()


@demo_dialog(ReferralDialog)
def _demo_referral(window):  # noqa: ANN001 - for the accessibility walker
    """The dialog as opened, then with a setting left out (its message shown)."""
    dialog = ReferralDialog(window.db, None, window)
    yield dialog
    dialog.apply()
    yield dialog
