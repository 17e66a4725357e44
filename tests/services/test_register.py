from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from send_desktop.services import people, register
from send_desktop.services.errors import InUseError, NotFoundError, ValidationError
from send_desktop.storage.models import (
    AuditEntry,
    Person,
    PersonRole,
    SenCount,
    Setting,
    WaitlistEntry,
)


def _data(**kw):
    base = {"name": "Cherry Fields Primary School", "urn": "147909", "postcode": "ox16 2df"}
    return register.SettingData(**(base | kw))


def test_add_normalises_and_stores(db):
    setting_id = register.add_setting(db, data=_data(email=" office@cherry.example.org "))
    stored = register.get_setting(db, setting_id)
    assert stored.postcode == "OX16 2DF"
    assert stored.email == "office@cherry.example.org"
    assert stored.town is None  # blanks are stored as empty, not ''


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"name": "  "}, "name"),
        ({"urn": "12345"}, "urn"),
        ({"postcode": "OX1"}, "postcode"),
        ({"email": "office"}, "email"),
        ({"pupils": -3}, "pupils"),
        ({"open_date": date(2024, 1, 1), "close_date": date(2023, 1, 1)}, "close_date"),
    ],
)
def test_invalid_input_names_the_field_and_writes_nothing(db, kw, field):
    with pytest.raises(ValidationError) as info:
        register.add_setting(db, data=_data(**kw))
    assert info.value.field == field
    with db.reader() as s:
        assert s.query(Setting).count() == 0
        assert s.query(AuditEntry).count() == 0


def test_duplicate_urn_is_refused_with_the_other_school_named(db):
    register.add_setting(db, data=_data())
    with pytest.raises(ValidationError, match="already used by Cherry Fields"):
        register.add_setting(db, data=_data(name="Another"))


def test_update_changes_only_what_changed(db):
    setting_id = register.add_setting(db, data=_data())
    register.update_setting(db, setting_id=setting_id, data=_data(pupils=100))
    with db.reader() as s:
        updates = s.scalars(select(AuditEntry).where(AuditEntry.action == "update")).all()
        assert [u.changes for u in updates] == ['{"pupils": [null, 100]}']


def test_delete_then_restore_brings_back_the_same_record_and_counts(db):
    setting_id = register.add_setting(db, data=_data())
    with db.transaction() as s:
        s.add(SenCount(setting_id=setting_id, year="2022/23", ehc_plans=5, sen_support=11))
    deleted = register.delete_setting(db, setting_id=setting_id)
    with db.reader() as s:
        assert s.get(Setting, setting_id) is None
    register.restore_setting(db, deleted=deleted)
    with db.reader() as s:
        back = s.get(Setting, setting_id)
        assert back.name == "Cherry Fields Primary School"
        assert [(c.year, c.ehc_plans) for c in back.sen_counts] == [("2022/23", 5)]


def test_delete_in_use_is_refused_with_reason(db):
    setting_id = register.add_setting(db, data=_data())
    with db.transaction() as s:
        s.add(WaitlistEntry(setting_id=setting_id, added_on=date(2023, 1, 9)))
    with pytest.raises(InUseError, match="1 waitlist entry"):
        register.delete_setting(db, setting_id=setting_id)
    assert register.get_setting(db, setting_id).name == "Cherry Fields Primary School"


def test_missing_record(db):
    with pytest.raises(NotFoundError):
        register.update_setting(db, setting_id="gone", data=_data())


def test_people_round_trip(db):
    setting_id = register.add_setting(db, data=_data())
    person_id = people.add_person(
        db,
        data=people.PersonData(
            full_name="Tessa Wickham",
            email="t.wickham@cherry.example.org",
            role="SENCo",
            setting_id=setting_id,
        ),
    )
    got = people.get_person(db, person_id)
    assert (got.role, got.setting_id) == ("SENCo", setting_id)
    people.update_person(db, person_id=person_id, data=got.__class__(full_name="Tessa Wickham"))
    assert people.get_person(db, person_id).role is None
    with pytest.raises(ValidationError) as info:
        people.update_person(
            db, person_id=person_id, data=people.PersonData(full_name="T", email="nope")
        )
    assert info.value.field == "email"
    people.update_person(
        db,
        person_id=person_id,
        data=people.PersonData(full_name="Tessa Wickham", role="SENCo", setting_id=setting_id),
    )
    with db.transaction() as s:  # a second role, held elsewhere
        s.add(PersonRole(person_id=person_id, role="TIRP leader"))
    deleted = people.delete_person(db, person_id=person_id)
    with pytest.raises(NotFoundError):
        people.get_person(db, person_id)
    people.restore_person(db, deleted=deleted)
    with db.reader() as s:
        back = s.get(Person, person_id)
        assert back.full_name == "Tessa Wickham"
        assert sorted(r.role for r in back.roles) == ["SENCo", "TIRP leader"]
