"""Special-school outreach use cases: receive a referral, move it along its path (each step a
dated event with who and why), outcomes, evidence, the catalogue and the package status.

Each change is one audited unit of work. Places are counted inside the same transaction as
the step, so two steps can never both take the last place. When a step frees a place the
next waitlisted referral is accepted in that transaction, and the result says so, for the
window to show the lead.

A referral holds setting-level information only: never a child's name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from send_desktop.domain import outreach as rules
from send_desktop.domain.outreach import OutreachError
from send_desktop.domain.validation import ValidationError
from send_desktop.domain.vocab import ReferralRoute
from send_desktop.services.errors import NotFoundError
from send_desktop.storage.database import Database

__all__ = [
    "NotFoundError",
    "ValidationError",
    "NO_NAMES",
    "Offer",
    "OutreachError",
    "PackageStatus",
    "ReferralSummary",
    "StepResult",
    "advance_referral",
    "catalogue",
    "complete_referral",
    "package_status",
    "receive_referral",
    "referral_summary",
    "set_evidence",
]

NO_NAMES = (
    "Setting-level information only: do not type a child's name or anything that "
    "identifies a child."
)
ROUTES = tuple(r.value for r in ReferralRoute)


@dataclass(frozen=True)
class Offer:
    """A place given automatically to a waitlisted referral."""

    referral_id: str
    setting: str
    package: str
    term: str | None
    reason: str

    @property
    def message(self) -> str:
        term = f" ({self.term})" if self.term else ""
        return f"A place on {self.package}{term} was offered automatically to {self.setting}."


@dataclass(frozen=True)
class StepResult:
    status: str  # what the referral became (an acceptance when full: waitlisted)
    reason: str | None
    offers: tuple[Offer, ...] = ()
    # for ``undo_referral_step``: (referral, its new event, its status before) per change,
    # and a completed referral's outcome (rating, notes) before
    changed: tuple[tuple[str, str, str], ...] = ()
    outcome_was: tuple[int | None, str | None] | None = None

    @property
    def message(self) -> str:
        lines = [f"Recorded: {self.status}." + (f" {self.reason}." if self.reason else "")]
        lines += [o.message for o in self.offers]
        return " ".join(lines).replace("..", ".")


def _user(by: str | None) -> str:
    from send_desktop.storage.audit import current_user

    return (by or "").strip()[:120] or current_user()


def _clean(text: str | None, limit: int) -> str | None:
    text = (text or "").strip()
    return text[:limit] or None


def receive_referral(
    db: Database,
    *,
    package_id: str,
    setting_id: str,
    route: str,
    received_on: date | None = None,
    term: str | None = None,
    summary_of_need: str | None = None,
    evidence: Mapping[str, bool] | None = None,
    by: str | None = None,
) -> str:
    """Record a new referral (status received, with its first dated step); returns its id.
    Refused for a package not open for applications."""
    from send_desktop.storage.models import OutreachPackage, Referral, ReferralEvent, Setting

    if route not in ROUTES:
        raise ValidationError("route", f"The route must be one of: {', '.join(ROUTES)}")
    with db.transaction() as session:
        package = session.get(OutreachPackage, package_id)
        if package is None:
            raise NotFoundError("This package")
        if session.get(Setting, setting_id) is None:
            raise NotFoundError("This setting")
        if not package.open_for_applications:
            raise OutreachError(f"{package.name} is not open for applications.")
        items = rules.evidence_items(package.evidence_required)
        ticks = {item: bool((evidence or {}).get(item)) for item in items}
        day = received_on or date.today()
        referral = Referral(
            package_id=package_id,
            setting_id=setting_id,
            route=route,
            term=_clean(term, 20),
            summary_of_need=_clean(summary_of_need, 4000),
            evidence=json.dumps(ticks, ensure_ascii=False),
            status=rules.RECEIVED,
            received_on=day,
        )
        session.add(referral)
        session.flush()
        session.add(
            ReferralEvent(
                referral_id=referral.id, status=rules.RECEIVED, on=day, by=_user(by), reason=route
            )
        )
        return referral.id


def _refs(session, referral) -> list[rules.Ref]:  # noqa: ANN001
    """Every referral of the same package and term, locked in this transaction's view."""
    from sqlalchemy import select

    from send_desktop.storage.models import Referral, Setting

    term = Referral.term.is_(None) if referral.term is None else Referral.term == referral.term
    rows = session.execute(
        select(
            Referral.id, Referral.status, Referral.received_on, Referral.created_at, Setting.name
        )
        .join(Setting, Setting.id == Referral.setting_id)
        .where(Referral.package_id == referral.package_id, term)
        .order_by(Referral.created_at, Referral.id)
    ).all()
    return [
        rules.Ref(rid, status, received, n, name)
        for n, (rid, status, received, _created, name) in enumerate(rows)
    ]


def _apply(
    session,  # noqa: ANN001
    referral,  # noqa: ANN001
    new: str,
    *,
    on: date,
    by: str,
    reason: str | None,
) -> StepResult:
    from send_desktop.storage.models import Referral, ReferralEvent

    session.flush()
    rules.check_step_date(on, referral.received_on, date.today())
    package = referral.package
    changes = rules.step(
        _refs(session, referral), referral.id, new, package.places_per_term, reason
    )
    offers = []
    changed = []
    for change in changes:
        target = referral if change.ref_id == referral.id else session.get(Referral, change.ref_id)
        previous, target.status = target.status, change.new
        event = ReferralEvent(
            referral_id=target.id,
            status=change.new,
            on=on,
            by=by,
            reason=(change.reason or "")[:300] or None,
        )
        session.add(event)
        session.flush()
        changed.append((target.id, event.id, previous))
        if change.automatic:
            offers.append(
                Offer(target.id, target.setting.name, package.name, target.term, change.reason)
            )
    first = changes[0]
    return StepResult(first.new, first.reason, tuple(offers), tuple(changed))


def undo_referral_step(db: Database, *, result: StepResult) -> None:
    """Take back a step just recorded, with the places it offered: every referral it moved
    goes back to its status before and loses the dated step. Refused, nothing changed, if
    any of them has moved on since."""
    from sqlalchemy import literal_column, select

    from send_desktop.storage.models import ReferralEvent

    with db.transaction() as session:
        for referral_id, event_id, previous in reversed(result.changed):
            referral = _referral(session, referral_id)
            latest = session.scalars(
                select(ReferralEvent)
                .where(ReferralEvent.referral_id == referral_id)
                .order_by(literal_column("referral_event.rowid").desc())
            ).first()
            if latest is None or latest.id != event_id or referral.status != latest.status:
                raise OutreachError(
                    f"The referral from {referral.setting.name} has moved on since."
                )
            session.delete(latest)
            referral.status = previous
        if result.outcome_was is not None and result.changed:
            referral = _referral(session, result.changed[0][0])
            referral.outcome_rating, referral.outcome_notes = result.outcome_was


def _referral(session, referral_id: str):  # noqa: ANN001, ANN202
    from send_desktop.storage.models import Referral

    referral = session.get(Referral, referral_id)
    if referral is None:
        raise NotFoundError("This referral")
    return referral


def advance_referral(
    db: Database,
    *,
    referral_id: str,
    status: str,
    on: date | None = None,
    by: str | None = None,
    reason: str | None = None,
) -> StepResult:
    """Move a referral one step along its path, recording the dated step with who and why.
    Accepting when the package is full this term waitlists it; completing or withdrawing one
    that held a place offers the place to the next waitlisted referral."""
    if status == rules.COMPLETED:
        return complete_referral(db, referral_id=referral_id, on=on, by=by, reason=reason)
    with db.transaction() as session:
        referral = _referral(session, referral_id)
        return _apply(
            session,
            referral,
            status,
            on=on or date.today(),
            by=_user(by),
            reason=_clean(reason, 300),
        )


def complete_referral(
    db: Database,
    *,
    referral_id: str,
    rating: int | None = None,
    notes: str | None = None,
    on: date | None = None,
    by: str | None = None,
    reason: str | None = None,
) -> StepResult:
    """Mark a referral in delivery as completed with its outcome (rating 1–5, notes)."""
    rules.check_rating(rating)
    with db.transaction() as session:
        referral = _referral(session, referral_id)
        was = (referral.outcome_rating, referral.outcome_notes)
        result = _apply(
            session,
            referral,
            rules.COMPLETED,
            on=on or date.today(),
            by=_user(by),
            reason=_clean(reason, 300),
        )
        referral.outcome_rating = rating
        referral.outcome_notes = _clean(notes, 4000)
        return replace(result, outcome_was=was)


def set_evidence(db: Database, *, referral_id: str, evidence: Mapping[str, bool]) -> None:
    """Tick or untick the items of a referral's evidence checklist."""
    with db.transaction() as session:
        referral = _referral(session, referral_id)
        current = _evidence(referral.evidence, referral.package.evidence_required)
        for item, ticked in evidence.items():
            if item not in current:
                raise ValidationError("evidence", f"'{item}' is not on this package's checklist")
            current[item] = bool(ticked)
        referral.evidence = json.dumps(current, ensure_ascii=False)


def _evidence(stored: str | None, required: str | None) -> dict[str, bool]:
    """The package's checklist, ticked as stored (items no longer asked for kept too)."""
    try:
        ticks = json.loads(stored) if stored else {}
    except ValueError:
        ticks = {}
    if not isinstance(ticks, dict):
        ticks = {}
    out = {item: bool(ticks.get(item)) for item in rules.evidence_items(required)}
    out.update({k: bool(v) for k, v in ticks.items() if k not in out})
    return out


@dataclass(frozen=True)
class Event:
    on: date
    status: str
    by: str | None
    reason: str | None


@dataclass(frozen=True)
class ReferralSummary:
    id: str
    setting: str
    package: str
    provider: str
    route: str
    term: str | None
    status: str
    received_on: date
    summary_of_need: str | None
    evidence: dict[str, bool]
    next_steps: tuple[str, ...]
    events: tuple[Event, ...]
    places: int
    held: int
    waiting: int
    rating: int | None
    outcome_notes: str | None


def referral_summary(db: Database, *, referral_id: str) -> ReferralSummary | None:
    """What the referral panel shows; None if the referral no longer exists."""
    from sqlalchemy import select

    from send_desktop.storage.models import Referral, ReferralEvent

    with db.reader() as session:
        referral = session.get(Referral, referral_id)
        if referral is None:
            return None
        refs = _refs(session, referral)
        events = session.scalars(
            select(ReferralEvent)
            .where(ReferralEvent.referral_id == referral_id)
            .order_by(ReferralEvent.on, ReferralEvent.created_at)
        ).all()
        package = referral.package
        steps = tuple(Event(e.on, e.status, e.by, e.reason) for e in events)
        imported = _imported_step(db, referral)
        if imported is not None:
            steps = (imported, *steps)
        return ReferralSummary(
            id=referral.id,
            setting=referral.setting.name,
            package=package.name,
            provider=package.provider.setting.name,
            route=referral.route,
            term=referral.term,
            status=referral.status,
            received_on=referral.received_on,
            summary_of_need=referral.summary_of_need,
            evidence=_evidence(referral.evidence, package.evidence_required),
            next_steps=rules.NEXT_STEPS.get(referral.status, ()),
            events=steps,
            places=package.places_per_term,
            held=rules.held(refs),
            waiting=len(rules.waiting_order(refs)),
            rating=referral.outcome_rating,
            outcome_notes=referral.outcome_notes,
        )


def _imported_step(db: Database, referral) -> Event | None:  # noqa: ANN001
    """A referral an import created: its first step, from the import batch (file, who) and
    the audit log (the status it had before any later step changed it)."""
    found = db.query(
        """SELECT b.file_name, b.user FROM audit_log a JOIN import_batch b ON b.id = a.batch_id
           WHERE a.record_id = ? AND a.table_name = 'referral' AND a.action = 'create'""",
        (referral.id,),
    )
    if not found:
        return None
    file_name, user = found[0]
    status = referral.status
    for (changes,) in db.query(
        """SELECT changes FROM audit_log WHERE record_id = ? AND table_name = 'referral'
           AND action = 'update' ORDER BY id""",
        (referral.id,),
    ):
        try:
            old = json.loads(changes or "{}").get("status")
        except ValueError:
            old = None
        if old:
            status = old[0]
            break
    return Event(referral.received_on, status, user, f"imported from {file_name}")


@dataclass(frozen=True)
class PackageStatus:
    package: str
    provider: str
    places: int
    in_delivery: int
    waitlisted: int


def package_status(db: Database) -> tuple[list[PackageStatus], int]:
    """One line per package (provider order, then name) and the number of referrals."""
    rows = db.query(
        """SELECT k.name, s.name, k.places_per_term,
               (SELECT count(*) FROM referral r
                WHERE r.package_id = k.id AND r.status = 'in delivery'),
               (SELECT count(*) FROM referral r
                WHERE r.package_id = k.id AND r.status = 'waitlisted')
           FROM outreach_package k
           JOIN outreach_provider p ON p.id = k.provider_id
           JOIN setting s ON s.id = p.setting_id
           ORDER BY s.name, k.name"""
    )
    total = db.query("SELECT count(*) FROM referral")[0][0]
    return [PackageStatus(*row) for row in rows], total


@dataclass(frozen=True)
class CataloguePackage:
    id: str
    name: str
    description: str | None
    area_of_need: str
    mode: str
    level: int
    hours: int | None
    sessions: int | None
    places_per_term: int
    eligibility: str | None
    evidence: list[str]
    open_for_applications: bool


@dataclass(frozen=True)
class CatalogueProvider:
    name: str
    town: str | None
    urn: str | None
    contact: str | None
    contact_email: str | None
    packages: list[CataloguePackage]


def catalogue(db: Database, *, open_only: bool = False) -> list[CatalogueProvider]:
    """Providers (name order) with their packages (name order); ``open_only``: packages
    open for applications, and providers that have one."""
    from sqlalchemy import select

    from send_desktop.storage.models import OutreachPackage, OutreachProvider, Person, Setting

    with db.reader() as session:
        providers = session.scalars(
            select(OutreachProvider)
            .join(Setting, Setting.id == OutreachProvider.setting_id)
            .order_by(Setting.name)
        ).all()
        out = []
        for provider in providers:
            packages = session.scalars(
                select(OutreachPackage)
                .where(OutreachPackage.provider_id == provider.id)
                .order_by(OutreachPackage.name)
            ).all()
            items = [
                CataloguePackage(
                    k.id,
                    k.name,
                    k.description,
                    k.area_of_need,
                    k.mode,
                    k.level,
                    k.hours,
                    k.sessions,
                    k.places_per_term,
                    k.eligibility,
                    rules.evidence_items(k.evidence_required),
                    k.open_for_applications,
                )
                for k in packages
                if k.open_for_applications or not open_only
            ]
            if not items and open_only:
                continue
            contact = session.get(Person, provider.contact_id) if provider.contact_id else None
            out.append(
                CatalogueProvider(
                    provider.setting.name,
                    provider.setting.town,
                    provider.setting.urn,
                    contact.full_name if contact else None,
                    contact.email if contact else None,
                    items,
                )
            )
        return out


@dataclass(frozen=True)
class PackageChoice:
    id: str
    label: str  # "Package — Provider"
    open_for_applications: bool
    evidence: list[str]


def package_choices(db: Database) -> list[PackageChoice]:
    """Every package for pickers (provider order, then name), open ones marked."""
    rows = db.query(
        """SELECT k.id, k.name, s.name, k.open_for_applications, k.evidence_required
           FROM outreach_package k
           JOIN outreach_provider p ON p.id = k.provider_id
           JOIN setting s ON s.id = p.setting_id
           ORDER BY s.name, k.name"""
    )
    return [
        PackageChoice(pid, f"{name} — {provider}", bool(is_open), rules.evidence_items(evidence))
        for pid, name, provider, is_open, evidence in rows
    ]


def set_open(db: Database, *, package_id: str, open_for_applications: bool) -> None:
    """Open a package for applications, or close it (referrals already made carry on)."""
    from send_desktop.storage.models import OutreachPackage

    with db.transaction() as session:
        package = session.get(OutreachPackage, package_id)
        if package is None:
            raise NotFoundError("This package")
        package.open_for_applications = open_for_applications


def package_detail(db: Database, *, package_id: str) -> CataloguePackage | None:
    for provider in catalogue(db):
        for package in provider.packages:
            if package.id == package_id:
                return package
    return None


@dataclass(frozen=True)
class PackageData:
    """What the package dialog edits. ``provider_setting_id``: the special school offering
    it (made a provider on first use)."""

    provider_setting_id: str
    name: str
    area_of_need: str
    mode: str
    level: int = 1
    places_per_term: int = 0
    description: str | None = None
    sessions: int | None = None
    hours: int | None = None
    eligibility: str | None = None
    evidence_required: str | None = None
    open_for_applications: bool = True


def _check_package(data: PackageData) -> None:
    from send_desktop.domain.vocab import AreaOfNeed, PackageMode

    if not data.name.strip():
        raise ValidationError("name", "Give the package a name")
    if data.area_of_need not in {a.value for a in AreaOfNeed}:
        raise ValidationError("area_of_need", "Choose one of the four broad areas of need")
    if data.mode not in {m.value for m in PackageMode}:
        raise ValidationError("mode", "Choose outreach, in-reach, training or consultation")
    if data.level not in (1, 2, 3):
        raise ValidationError("level", "The level is 1, 2 or 3")
    if data.places_per_term < 0:
        raise ValidationError("places_per_term", "Places per term cannot be negative")
    for name in ("sessions", "hours"):
        value = getattr(data, name)
        if value is not None and value < 0:
            raise ValidationError(name, f"{name.capitalize()} cannot be negative")


@dataclass(frozen=True)
class SavedPackage:
    id: str
    offers: tuple[Offer, ...] = ()  # places that more places per term gave to the waitlist


def save_package(
    db: Database, *, data: PackageData, package_id: str | None = None, by: str | None = None
) -> SavedPackage:
    """Add a package (``package_id`` None) or change one. Places per term never go below the
    places already held in a term (say which); more places go at once to the waitlist of each
    term, oldest first, each offer a dated step."""
    from sqlalchemy import func, select

    from send_desktop.storage.models import OutreachPackage, OutreachProvider, Referral, Setting

    _check_package(data)
    with db.transaction() as session:
        if session.get(Setting, data.provider_setting_id) is None:
            raise NotFoundError("This school")
        provider = session.scalar(
            select(OutreachProvider).where(OutreachProvider.setting_id == data.provider_setting_id)
        )
        if provider is None:
            provider = OutreachProvider(setting_id=data.provider_setting_id)
            session.add(provider)
            session.flush()
        if package_id is None:
            package = OutreachPackage(provider_id=provider.id)
            session.add(package)
        else:
            package = session.get(OutreachPackage, package_id)
            if package is None:
                raise NotFoundError("This package")
            busiest = session.execute(
                select(Referral.term, func.count())
                .where(
                    Referral.package_id == package_id,
                    Referral.status.in_(sorted(rules.HOLDING)),
                )
                .group_by(Referral.term)
                .order_by(func.count().desc())
            ).first()
            if busiest is not None and busiest[1] > data.places_per_term:
                term = busiest[0] or "a term"
                raise ValidationError(
                    "places_per_term",
                    f"{busiest[1]} referrals hold places in {term}: places per term cannot "
                    f"go below {busiest[1]}",
                )
            package.provider_id = provider.id
        package.name = data.name.strip()[:200]
        package.area_of_need = data.area_of_need
        package.mode = data.mode
        package.level = data.level
        package.places_per_term = data.places_per_term
        package.description = _clean(data.description, 4000)
        package.sessions = data.sessions
        package.hours = data.hours
        package.eligibility = _clean(data.eligibility, 4000)
        package.evidence_required = _clean(data.evidence_required, 4000)
        package.open_for_applications = data.open_for_applications
        session.flush()
        offers = _fill_places(session, package, by=_user(by)) if package_id else ()
        return SavedPackage(package.id, offers)


def _fill_places(session, package, *, by: str) -> tuple[Offer, ...]:  # noqa: ANN001
    """Offer the free places of every term of ``package`` to its waitlist."""
    from sqlalchemy import select

    from send_desktop.storage.models import Referral, ReferralEvent

    waiting = session.scalars(
        select(Referral).where(
            Referral.package_id == package.id, Referral.status == rules.WAITLISTED
        )
    ).all()
    out: list[Offer] = []
    done: set[str | None] = set()
    for referral in waiting:
        if referral.term in done:
            continue
        done.add(referral.term)
        why = f"places per term now {package.places_per_term}"
        for change in rules.offers(_refs(session, referral), package.places_per_term, why):
            target = session.get(Referral, change.ref_id)
            target.status = change.new
            session.add(
                ReferralEvent(
                    referral_id=target.id,
                    status=change.new,
                    on=date.today(),
                    by=by,
                    reason=(change.reason or "")[:300],
                )
            )
            out.append(
                Offer(target.id, target.setting.name, package.name, target.term, change.reason)
            )
    return tuple(out)


def package_data(db: Database, *, package_id: str) -> PackageData | None:
    from send_desktop.storage.models import OutreachPackage

    with db.reader() as session:
        k = session.get(OutreachPackage, package_id)
        if k is None:
            return None
        return PackageData(
            k.provider.setting_id,
            k.name,
            k.area_of_need,
            k.mode,
            k.level,
            k.places_per_term,
            k.description,
            k.sessions,
            k.hours,
            k.eligibility,
            k.evidence_required,
            k.open_for_applications,
        )


def school_choices(db: Database) -> list[tuple[str, str]]:
    """(setting id, label) of the settings that can offer packages: special schools first
    (phase or type 'Special'), then the current providers of any phase."""
    rows = db.query(
        """SELECT id, name, town FROM setting
           WHERE phase = 'Special' OR type = 'Special'
              OR id IN (SELECT setting_id FROM outreach_provider)
           ORDER BY name COLLATE NOCASE"""
    )
    return [(sid, name + (f" — {town}" if town else "")) for sid, name, town in rows]
