"""Enhanced pathways set-up dialogs: a funding round, a typed intake count, a bid's details.

Each saves through ``services.pathway_rounds`` and shows a refusal in words without closing.
Services are imported inside methods (start-up never loads them).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
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

from send_desktop.gui.a11y.registry import demo_dialog, not_walked
from send_desktop.gui.dialogs.pathway_dialogs import parse_pounds
from send_desktop.storage.database import Database


def _pounds_text(pence: int | None) -> str:
    if pence is None:
        return ""
    return f"{pence / 100:,.0f}" if pence % 100 == 0 else f"{pence / 100:,.2f}"


def _spin(low: int, high: int, value: int, name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setAccessibleName(name)
    return spin


class _Saving(QDialog):
    """OK runs ``save``; a refusal stays on screen in ``problem``."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self, intro: str = "") -> None:
        layout = QVBoxLayout(self)
        if intro:
            words = QLabel(intro)
            words.setWordWrap(True)
            layout.addWidget(words)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def _on_save(self) -> None:
        from send_desktop.services.pathways import PathwaysError

        try:
            self.save()
        except PathwaysError as exc:
            self.problem.setText(exc.message)
            return
        except ValueError as exc:
            self.problem.setText(str(exc))
            return
        self.accept()

    def save(self) -> None:  # pragma: no cover - each dialog has its own
        raise NotImplementedError


class RoundDialog(_Saving):
    """A new funding round, or the figures of one (``round_name``)."""

    def __init__(
        self, db: Database, round_name: str | None = None, parent: QWidget | None = None
    ) -> None:
        from send_desktop.services import pathway_rounds

        super().__init__("Edit round" if round_name else "New funding round", parent)
        self.db = db
        self.round_id: str | None = None
        year = date.today().year
        data = pathway_rounds.RoundData(
            "", f"September {year} Year 7", year, 0, phase1_allocation_pence=0
        )
        if round_name:
            self.round_id, data = pathway_rounds.round_data(db, name=round_name)
        self.name = QLineEdit(data.name)
        self.name.setPlaceholderText("e.g. Enhanced pathways 2025")
        self.label = QLineEdit(data.intake_label)
        self.year = _spin(2000, 2100, data.intake_year, "Intake year")
        self.grant = QLineEdit(_pounds_text(data.total_grant_pence))
        self.grant.setPlaceholderText("e.g. 250,000")
        self.size = _spin(0, 50, data.phase1_size, "Phase-1 size")
        self.threshold = _spin(0, 500, data.phase2_threshold, "Phase-2 threshold")
        self.allocation = QLineEdit(_pounds_text(data.phase1_allocation_pence))
        self.allocation.setPlaceholderText("e.g. 30,000")
        self.notes = QPlainTextEdit(data.notes or "")
        self.notes.setTabChangesFocus(True)  # Tab moves on (the walker checks)
        self.notes.setFixedHeight(70)
        for text, widget in (
            ("&Name:", self.name),
            ("&Intake:", self.label),
            ("Intake &year (September):", self.year),
            ("Total &grant (£):", self.grant),
            ("Phase-1 &size (schools):", self.size),
            ("Phase-2 &threshold (EHCPs):", self.threshold),
            ("Phase-1 &allocation per school (£):", self.allocation),
            ("N&otes:", self.notes),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            self.form.addRow(label, widget)
        self.finish_layout(
            "Phase 1 invites the schools with the largest Year 7 EHCP intake; phase 2 lets "
            "schools with at least the threshold bid for a share of the rest of the grant."
        )

    def save(self) -> None:
        from send_desktop.services import pathway_rounds

        grant = parse_pounds(self.grant.text() or "0")
        allocation = parse_pounds(self.allocation.text() or "0")
        if grant is None:
            raise ValueError(f"'{self.grant.text()}' is not an amount in pounds.")
        if allocation is None:
            raise ValueError(f"'{self.allocation.text()}' is not an amount in pounds.")
        data = pathway_rounds.RoundData(
            self.name.text(),
            self.label.text().strip() or f"September {self.year.value()} Year 7",
            self.year.value(),
            grant,
            self.size.value(),
            self.threshold.value(),
            allocation,
            self.notes.toPlainText().strip() or None,
        )
        if self.round_id is None:
            self.round_id = pathway_rounds.create_round(self.db, data=data)
        else:
            pathway_rounds.update_round(self.db, round_id=self.round_id, data=data)
        self.saved_name = data.name.strip()


class IntakeCountDialog(_Saving):
    """Type a school's Year 7 EHCP count for an intake, or mark it suppressed."""

    def __init__(
        self,
        db: Database,
        *,
        setting_id: str | None,
        school: str,
        intake_year: int,
        count: int | None = None,
        suppressed: bool = False,
        choices: list[tuple[str, str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``setting_id`` None: the lead picks the school from ``choices`` (id, name)."""
        super().__init__(f"Year 7 EHCP count: {school}", parent)
        self.db, self.setting_id, self.intake_year = db, setting_id, intake_year
        self.school_combo: QComboBox | None = None
        if setting_id is None:
            self.school_combo = QComboBox()
            self.school_combo.setAccessibleName("School")
            self.school_combo.setEditable(True)  # type to find the school
            self.school_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            for sid, name in choices or []:
                self.school_combo.addItem(name, sid)
        self.count = _spin(0, 999, count or 0, "Year 7 EHCP count")
        self.suppressed = QCheckBox("Suppressed (not published: unknown, never counted as 0)")
        self.suppressed.setChecked(suppressed)
        self.suppressed.toggled.connect(lambda on: self.count.setEnabled(not on))
        self.count.setEnabled(not suppressed)
        self.source = QLineEdit("Typed by the SEND team")
        self.source.setAccessibleName("Source")
        self.as_of = QDateEdit(QDate.currentDate())
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("dd/MM/yyyy")
        self.as_of.setAccessibleName("As of")
        if self.school_combo is not None:
            label = QLabel("Sc&hool:")
            label.setBuddy(self.school_combo)
            self.form.addRow(label, self.school_combo)
        else:
            self.form.addRow("School:", QLabel(school))
        self.form.addRow("Intake:", QLabel(f"September {intake_year}"))
        for text, widget in (
            ("&Count:", self.count),
            ("", self.suppressed),
            ("&Source:", self.source),
            ("&As of:", self.as_of),
        ):
            if text:
                label = QLabel(text)
                label.setBuddy(widget)
                self.form.addRow(label, widget)
            else:
                self.form.addRow(widget)
        self.finish_layout()

    def save(self) -> None:
        from send_desktop.services import pathway_rounds

        day = self.as_of.date()
        setting_id = self.setting_id
        if self.school_combo is not None:
            found = self.school_combo.findText(self.school_combo.currentText())
            setting_id = self.school_combo.itemData(found) if found >= 0 else None
            if setting_id is None:
                raise ValueError("Choose a school from the list.")
        pathway_rounds.set_intake_count(
            self.db,
            setting_id=setting_id,
            intake_year=self.intake_year,
            count=None if self.suppressed.isChecked() else self.count.value(),
            suppressed=self.suppressed.isChecked(),
            source=self.source.text().strip() or None,
            as_of=date(day.year(), day.month(), day.day()),
        )


class BidDetailsDialog(_Saving):
    """What a bid asks for and offers: amount requested, proposal, KS3 provision, conditions,
    the school's contact."""

    def __init__(
        self, db: Database, bid_id: str, school: str, parent: QWidget | None = None
    ) -> None:
        from send_desktop.services import pathway_rounds

        super().__init__(f"Bid details: {school}", parent)
        self.db, self.bid_id = db, bid_id
        details = pathway_rounds.bid_details(db, bid_id=bid_id)
        self.requested = QLineEdit(_pounds_text(details.requested_pence))
        self.requested.setPlaceholderText("e.g. 20,000")
        self.summary = QPlainTextEdit(details.proposal_summary or "")
        self.ks3 = QPlainTextEdit(details.ks3_provision or "")
        self.conditions = QPlainTextEdit(details.conditions or "")
        for box in (self.summary, self.ks3, self.conditions):
            box.setFixedHeight(64)
            box.setTabChangesFocus(True)
        self.contact = QComboBox()
        self.contact.setAccessibleName("Contact")
        self.contact.addItem("(no contact)", None)
        for person_id, name in pathway_rounds.people(db):
            self.contact.addItem(name, person_id)
        found = self.contact.findData(details.contact_id)
        self.contact.setCurrentIndex(max(found, 0))
        for text, widget in (
            ("Amount &requested (£):", self.requested),
            ("&Proposal summary:", self.summary),
            ("&KS3 provision:", self.ks3),
            ("C&onditions:", self.conditions),
            ("&Contact:", self.contact),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            self.form.addRow(label, widget)
        self.finish_layout()

    def save(self) -> None:
        from send_desktop.services import pathway_rounds

        requested = parse_pounds(self.requested.text()) if self.requested.text().strip() else None
        if self.requested.text().strip() and requested is None:
            raise ValueError(f"'{self.requested.text()}' is not an amount in pounds.")
        pathway_rounds.update_bid_details(
            self.db,
            bid_id=self.bid_id,
            details=pathway_rounds.BidDetails(
                requested,
                self.summary.toPlainText(),
                self.ks3.toPlainText(),
                self.conditions.toPlainText(),
                self.contact.currentData(),
            ),
        )


not_walked(_Saving, "base class: RoundDialog, IntakeCountDialog, BidDetailsDialog are walked")


@demo_dialog(RoundDialog)
def _demo_round(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    ((name,),) = window.db.query("SELECT name FROM funding_round ORDER BY name LIMIT 1")
    yield RoundDialog(window.db, name, window)
    yield RoundDialog(window.db, None, window)


@demo_dialog(IntakeCountDialog)
def _demo_count(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    ((setting_id, school),) = window.db.query(
        "SELECT id, name FROM setting WHERE phase = 'Secondary' ORDER BY name LIMIT 1"
    )
    yield IntakeCountDialog(
        window.db, setting_id=setting_id, school=school, intake_year=2024, count=7, parent=window
    )
    yield IntakeCountDialog(  # no school selected: the lead chooses one
        window.db,
        setting_id=None,
        school="a school not ranked yet",
        intake_year=2024,
        choices=[(setting_id, school)],
        parent=window,
    )


@demo_dialog(BidDetailsDialog)
def _demo_details(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    ((bid_id, school),) = window.db.query(
        "SELECT b.id, s.name FROM bid b JOIN setting s ON s.id = b.setting_id "
        "ORDER BY s.name LIMIT 1"
    )
    return BidDetailsDialog(window.db, bid_id, school, window)
