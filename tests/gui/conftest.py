"""GUI fixtures: a shown main window on a fresh database, and stand-ins for message boxes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from gui_helpers import add_settings, make_window
from PySide6.QtWidgets import QMessageBox

from send_desktop.gui.main_window import MainWindow
from send_desktop.services.people import PersonData, add_person
from send_desktop.storage.database import Database
from send_desktop.storage.models import (
    Action,
    Bid,
    Cohort,
    FundingRound,
    Milestone,
    Objective,
    OutreachPackage,
    OutreachProvider,
    WaitlistEntry,
)


class Messages:
    """Records what message boxes would have said; answers questions with ``answer``."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []
        self.answer = QMessageBox.StandardButton.Yes

    def texts(self, kind: str) -> list[str]:
        return [text for k, text in self.shown if k == kind]


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> Messages:
    fake = Messages()

    def warning(parent, title, text, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        fake.shown.append(("warning", text))
        return QMessageBox.StandardButton.Ok

    def question(parent, title, text, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        fake.shown.append(("question", text))
        return fake.answer

    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QMessageBox, "question", question)
    return fake


@pytest.fixture
def window(qtbot, db: Database, messages: Messages) -> Iterator[MainWindow]:  # noqa: ANN001
    win = make_window(qtbot, db)
    yield win
    win.close()


@pytest.fixture
def seeded(db: Database) -> dict[str, str]:
    """A few rows on every page: settings and people through services, the rest directly."""
    abbey, bishop, cherry = add_settings(
        db,
        ("Abbey Primary", "123001", 210),
        ("Bishop School", "123002", 1200),
        ("Cherry Nursery", "EY123", 45),
    )
    ada = add_person(db, data=PersonData(full_name="Ada Test", role="SENCo", setting_id=abbey))
    with db.transaction() as s:
        cohort = Cohort(name="Cohort 9", capacity=12, status="planned", venue="Test Hall")
        rnd = FundingRound(name="Pathways 2030", intake_label="Sept 2030", intake_year=2030)
        provider = OutreachProvider(setting_id=bishop)
        objective = Objective(title="Right support", seq=1)
        s.add_all([cohort, rnd, provider, objective])
        s.flush()
        s.add_all(
            [
                WaitlistEntry(setting_id=cherry, added_on=date(2024, 1, 5), priority=1),
                Bid(round_id=rnd.id, setting_id=bishop, phase=2, requested_pence=1_500_000),
                OutreachPackage(
                    provider_id=provider.id,
                    name="Calm classrooms",
                    area_of_need="SEMH",
                    mode="outreach",
                    places_per_term=6,
                ),
                Action(objective_id=objective.id, description="Publish the catalogue", rag="amber"),
                Milestone(title="Resource base opened", quarter="2024-Q1", status="done"),
            ]
        )
    return {"abbey": abbey, "bishop": bishop, "cherry": cherry, "ada": ada}
