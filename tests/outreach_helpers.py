"""A small outreach catalogue for tests: one provider, packages with few places, settings."""

from __future__ import annotations

from datetime import date

from send_desktop.services import outreach
from send_desktop.storage.models import OutreachPackage, OutreachProvider, Setting

SCHOOLS = [
    ("200001", "Ash Primary School"),
    ("200002", "Beech Primary School"),
    ("200003", "Chestnut Academy"),
    ("200004", "Dogwood Infant School"),
    ("200005", "Elder Junior School"),
]


def make_catalogue(db, places: int = 1) -> dict[str, str]:
    """ids by name: the provider school, 'Small package' (``places`` per term, two evidence
    items), 'Closed package', and the mainstream schools."""
    ids: dict[str, str] = {}
    with db.transaction() as s:
        special = Setting(name="Hawthorn Special School", urn="209999", phase="Special")
        s.add(special)
        for urn, name in SCHOOLS:
            setting = Setting(name=name, urn=urn, phase="Primary", postcode="OX1 1AA")
            s.add(setting)
            s.flush()
            ids[name] = setting.id
        provider = OutreachProvider(setting=special)
        s.add(provider)
        small = OutreachPackage(
            provider=provider,
            name="Small package",
            area_of_need="Social, emotional and mental health",
            mode="outreach",
            level=2,
            sessions=6,
            places_per_term=places,
            evidence_required="Two assess-plan-do-review cycles; Boxall profile or SDQ",
        )
        closed = OutreachPackage(
            provider=provider,
            name="Closed package",
            area_of_need="Cognition and learning",
            mode="training",
            level=1,
            places_per_term=10,
            open_for_applications=False,
        )
        s.add_all([small, closed])
        s.flush()
        ids.update({"provider": special.id, "Small package": small.id, "Closed package": closed.id})
    return ids


def refer(db, ids, school: str, day: int, *, package: str = "Small package") -> str:
    return outreach.receive_referral(
        db,
        package_id=ids[package],
        setting_id=ids[school],
        route="school application",
        received_on=date(2024, 9, day),
        term="2024 Autumn",
        summary_of_need="Staff want strategies for regulation in Year 3.",
        by="Test Lead",
    )


def to_triage(db, referral_id: str) -> None:
    outreach.advance_referral(db, referral_id=referral_id, status="triage", by="Test Lead")
