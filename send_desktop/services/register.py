"""Use cases for the settings register: add, edit and delete a setting.

Each function is one unit of work (one transaction, audited). ``add_setting`` accepts the
id to use, so undoing a delete or redoing an add brings back the very same record.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date

from sqlalchemy import select

from send_desktop.domain import validation as v
from send_desktop.services.errors import InUseError, NotFoundError, ValidationError
from send_desktop.services.uses import describe_uses
from send_desktop.storage.database import Database
from send_desktop.storage.models import (
    Bid,
    CohortMember,
    IntakeCount,
    OutreachProvider,
    PersonRole,
    Referral,
    ResourceBase,
    SenCount,
    Setting,
    WaitlistEntry,
)


@dataclass(frozen=True)
class SettingData:
    name: str
    urn: str | None = None
    phase: str | None = None
    type: str | None = None
    trust: str | None = None
    locality: str | None = None
    town: str | None = None
    postcode: str | None = None
    la_code: str | None = None
    pupils: int | None = None
    email: str | None = None
    phone: str | None = None
    open_date: date | None = None
    close_date: date | None = None
    notes: str | None = None


def _blank_to_none(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def clean_setting(data: SettingData) -> SettingData:
    """Validate and normalise; raises ValidationError naming the field."""
    values = {f.name: _blank_to_none(getattr(data, f.name)) for f in fields(data)}
    values["name"] = v.check_required(values["name"] or "", "name", "Name")
    if values["urn"]:
        values["urn"] = v.check_urn(values["urn"])
    if values["postcode"]:
        values["postcode"] = v.check_postcode(values["postcode"])
    if values["email"]:
        values["email"] = v.check_email(values["email"])
    v.check_count(values["pupils"], "pupils", "Pupils")
    if values["open_date"] and values["close_date"] and values["close_date"] < values["open_date"]:
        raise ValidationError("close_date", "The closing date is before the opening date.")
    return SettingData(**values)


def _check_urn_free(session, urn: str | None, own_id: str | None) -> None:  # noqa: ANN001
    if not urn:
        return
    other = session.execute(select(Setting.id, Setting.name).where(Setting.urn == urn)).first()
    if other and other.id != own_id:
        raise ValidationError("urn", f"URN {urn} is already used by {other.name}.")


def add_setting(db: Database, *, data: SettingData, setting_id: str | None = None) -> str:
    data = clean_setting(data)
    with db.transaction() as session:
        _check_urn_free(session, data.urn, None)
        setting = Setting(**asdict(data))
        if setting_id:
            setting.id = setting_id
        session.add(setting)
        session.flush()
        return setting.id


def get_setting(db: Database, setting_id: str) -> SettingData:
    with db.reader() as session:
        setting = session.get(Setting, setting_id)
        if setting is None:
            raise NotFoundError("This setting")
        return SettingData(**{f.name: getattr(setting, f.name) for f in fields(SettingData)})


def update_setting(db: Database, *, setting_id: str, data: SettingData) -> None:
    data = clean_setting(data)
    with db.transaction() as session:
        setting = session.get(Setting, setting_id)
        if setting is None:
            raise NotFoundError(f"The setting '{data.name}'")
        _check_urn_free(session, data.urn, setting_id)
        for key, value in asdict(data).items():
            if getattr(setting, key) != value:
                setattr(setting, key, value)


_USES = (
    (CohortMember.setting_id, "TIRP cohort membership"),
    (WaitlistEntry.setting_id, "waitlist entry"),
    (Bid.setting_id, "enhanced-pathway bid"),
    (IntakeCount.setting_id, "Year 7 intake count"),
    (OutreachProvider.setting_id, "outreach provider record"),
    (Referral.setting_id, "outreach referral"),
    (ResourceBase.setting_id, "resource base"),
    (PersonRole.setting_id, "person's role"),
)


def setting_uses(session, setting_id: str) -> list[str]:  # noqa: ANN001
    """Plain descriptions of what still refers to a setting, e.g. '1 waitlist entry'."""
    return describe_uses(session, _USES, setting_id)


@dataclass(frozen=True)
class DeletedSetting:
    """What ``delete_setting`` removed, so that undo can put back exactly that."""

    setting_id: str
    data: SettingData
    sen_counts: tuple[dict[str, object], ...] = ()


_SEN_FIELDS = (
    "id",
    "year",
    "pupils",
    "sen_support",
    "sen_support_suppressed",
    "ehc_plans",
    "ehc_plans_suppressed",
    "source",
)


def delete_setting(db: Database, *, setting_id: str) -> DeletedSetting:
    """Delete a setting nothing else refers to, with its SEN counts; returns what went."""
    with db.transaction() as session:
        setting = session.get(Setting, setting_id)
        if setting is None:
            raise NotFoundError("This setting")
        uses = setting_uses(session, setting_id)
        if uses:
            raise InUseError(
                f"{setting.name} cannot be deleted: it is still used by {', '.join(uses)}. "
                "Remove those first."
            )
        data = SettingData(**{f.name: getattr(setting, f.name) for f in fields(SettingData)})
        counts = list(session.scalars(select(SenCount).where(SenCount.setting_id == setting_id)))
        snapshot = tuple({k: getattr(c, k) for k in _SEN_FIELDS} for c in counts)
        for count in counts:
            session.delete(count)
        session.flush()
        session.delete(setting)
        return DeletedSetting(setting_id, data, snapshot)


def restore_setting(db: Database, *, deleted: DeletedSetting) -> None:
    """Put back a deleted setting and its SEN counts under their original ids."""
    with db.transaction() as session:
        _check_urn_free(session, deleted.data.urn, None)
        setting = Setting(**asdict(deleted.data))
        setting.id = deleted.setting_id
        session.add(setting)
        session.flush()
        for values in deleted.sen_counts:
            session.add(SenCount(setting_id=deleted.setting_id, **values))
