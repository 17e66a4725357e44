"""Erasing a person: name, email and phone gone from every table, the audit log's old values,
a fresh export, a fresh backup and the older backups; the erasure itself is audited without
them. Retention: who is due for review."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from db_dump import rows

from send_desktop.services import backups, erasure, exports
from send_desktop.services.people import PersonData, add_person, update_person
from send_desktop.storage.models import (
    Bid,
    Cohort,
    CohortLeader,
    CohortMember,
    Feedback,
    FundingRound,
    Setting,
)

NAME, EMAIL, PHONE = "Florence Erasable", "florence.erasable@example.org", "01865 000111"
VALUES = [NAME.encode(), EMAIL.encode(), PHONE.encode(), NAME.upper().encode()]


def file_bytes(path: Path) -> bytes:
    sides = [Path(f"{path}{s}") for s in ("", "-wal")]
    return b"".join(p.read_bytes() for p in sides if p.exists())


def xlsx_text(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return b"".join(z.read(n) for n in z.namelist())


def found(data: bytes) -> list[bytes]:
    return [v for v in VALUES if v in data]


def cohort(s, name: str, end: date, setting: Setting) -> CohortMember:  # noqa: ANN001
    c = Cohort(name=name, planned_end=end, status="completed", capacity=12)
    s.add(c)
    s.flush()
    m = CohortMember(cohort_id=c.id, setting_id=setting.id)
    s.add(m)
    s.flush()
    return m


@pytest.fixture
def people(db) -> dict[str, str]:
    florence = add_person(db, data=PersonData(full_name=NAME, email="old@example.org"))
    update_person(db, person_id=florence, data=PersonData(full_name=NAME, email=EMAIL, phone=PHONE))
    other = add_person(db, data=PersonData(full_name="Other Keptperson", email="kept@example.org"))
    recent = add_person(db, data=PersonData(full_name="Recent Leader"))
    contact = add_person(db, data=PersonData(full_name="Bid Contact"))
    with db.transaction() as s:
        school = Setting(name="Abbey Primary", urn="123001", email=EMAIL)
        s.add(school)
        s.flush()
        old = cohort(s, "Cohort 2015", date(2016, 7, 20), school)
        new = cohort(s, "Cohort 2025", date(2026, 7, 20), school)
        s.add_all(
            [
                CohortLeader(member_id=old.id, person_id=florence),
                CohortLeader(member_id=old.id, person_id=other),
                CohortLeader(member_id=old.id, person_id=recent),
                CohortLeader(member_id=new.id, person_id=recent),
                CohortLeader(member_id=old.id, person_id=contact),
                Feedback(
                    cohort_id=old.cohort_id,
                    person_id=florence,
                    quote=f"It changed our school, says {NAME.lower()} (call {PHONE}).",
                ),
            ]
        )
        rnd = FundingRound(name="Pathways 2030", intake_label="Sept 2030", intake_year=2030)
        s.add(rnd)
        s.flush()
        s.add(Bid(round_id=rnd.id, setting_id=school.id, contact_id=contact))
    return {"florence": florence, "other": other, "recent": recent, "contact": contact}


def test_erasure_leaves_no_trace_in_the_file_exports_or_backups(db, people, tmp_path):
    before = backups.backup_now(db)
    assert found(file_bytes(db.path)) and found(file_bytes(before))

    result = erasure.erase_person(db, person_id=people["florence"])

    assert result.backups_scrubbed == 1 and result.fields_changed >= 2
    assert found(file_bytes(db.path)) == []
    assert found(file_bytes(before)) == []
    fresh = backups.backup_now(db)
    assert found(file_bytes(fresh)) == []
    for kind in ("people", "settings", "cohorts"):
        out = exports.export(db, kind=kind, path=tmp_path / f"{kind}.xlsx")
        assert found(xlsx_text(out)) == [], kind
    assert rows(
        db, "SELECT full_name, email, phone FROM person WHERE id=?", people["florence"]
    ) == [("Erased person", None, None)]
    assert rows(db, "SELECT email FROM setting") == [(None,)]
    (quote,) = rows(db, "SELECT quote FROM feedback")[0]
    assert quote == "It changed our school, says [erased] (call [erased])."
    (entry,) = rows(
        db,
        "SELECT user, summary, changes FROM audit_log WHERE action='erase' AND record_id=?",
        people["florence"],
    )
    assert entry[1].startswith("Personal details erased")
    assert json.loads(entry[2])["erased_fields"][:3] == ["full_name", "email", "phone"]
    old = rows(
        db,
        "SELECT changes FROM audit_log WHERE record_id=? AND action='update'",
        people["florence"],
    )
    assert old and all("[erased]" in c for (c,) in old)
    assert rows(db, "SELECT full_name, email FROM person WHERE id=?", people["other"]) == [
        ("Other Keptperson", "kept@example.org")
    ]
    assert b"Other Keptperson" in file_bytes(fresh)


def test_retention_flags_people_linked_only_to_long_finished_cohorts(db, people):
    assert erasure.retention_years(db) == erasure.DEFAULT_RETENTION_YEARS
    due = erasure.due_for_review(db, today=date(2026, 11, 22))
    assert [d.name for d in due] == [NAME, "Other Keptperson"]
    assert due[0].cohorts == "Cohort 2015" and due[0].finished_on == date(2016, 7, 20)
    erasure.set_retention_years(db, 20)
    assert erasure.due_for_review(db, today=date(2026, 11, 22)) == []
    erasure.set_retention_years(db, 6)
    erasure.erase_person(db, person_id=people["florence"])
    assert [d.name for d in erasure.due_for_review(db, today=date(2026, 11, 22))] == [
        "Other Keptperson"
    ]
