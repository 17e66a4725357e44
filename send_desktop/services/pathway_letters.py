"""Enhanced pathways letters: gather each school's details and write the PDFs.

    letters(db, kind=, round_name=, bid_ids=, today=)          -> list[Letter]
    write_letters(db, kind=, folder= | path=, round_name=, bid_ids=, template=,
                  progress=, cancel=)                           -> LettersWritten
    letter_template(db, kind) / save_letter_template(db, kind, text) / reset_letter_template

Invitations go to every chosen bid; award letters to chosen bids with an amount awarded (not
declined or withdrawn): the others are counted as skipped. Letters are one PDF per school in a
folder, or one combined PDF (a letter per page-run). The wording is the lead's edited template
if there is one (kept in the database, ``app_meta``), else the built-in one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from send_desktop.domain.pathways import CLOSED_STATUSES, pounds
from send_desktop.interchange.pdf import pathway_letters as pdf
from send_desktop.services import app_meta
from send_desktop.services.pathways import _intake, _round
from send_desktop.services.tasks import CancelToken, Progress, no_progress
from send_desktop.storage.database import Database
from send_desktop.storage.models import Bid, FundingRound, Person

KINDS = ("invitation", "award")
SENDER = "SEND Programme Lead, Oxfordshire County Council"
PLACEHOLDERS = pdf.PLACEHOLDERS
TemplateError = pdf.TemplateError
_KEY = "letter_template:{}"


@dataclass(frozen=True)
class LettersWritten:
    paths: list[Path]
    letters: int
    skipped: list[str]  # schools left out (an award letter for a bid with no award)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise pdf.TemplateError(f"Unknown letter {kind!r}: use one of {', '.join(KINDS)}.")


def letters(
    db: Database,
    *,
    kind: str,
    round_name: str | None = None,
    bid_ids: Sequence[str] | None = None,
    today: date | None = None,
    skipped: list[str] | None = None,
) -> list[pdf.Letter]:
    """The letters of one kind for a round's bids or the chosen bids, in school name order
    (nothing written). Bids an award letter cannot go to are added to ``skipped``."""
    _check_kind(kind)
    today = today or date.today()
    out = []
    with db.reader() as session:
        query = select(Bid)
        if round_name is not None:
            query = query.where(Bid.round_id == _round(session, round_name).id)
        if bid_ids is not None:
            query = query.where(Bid.id.in_(list(bid_ids)))
        bids = session.scalars(query).all()
        intakes: dict[str, dict] = {}
        for bid in sorted(bids, key=lambda b: (b.setting.name, b.round.name)):
            if kind == "award" and (not bid.awarded_pence or bid.status in CLOSED_STATUSES):
                if skipped is not None:
                    skipped.append(bid.setting.name)
                continue
            round_: FundingRound = bid.round
            if round_.id not in intakes:
                intakes[round_.id] = _intake(session, round_)
            contact = session.get(Person, bid.contact_id) if bid.contact_id else None
            row = intakes[round_.id].get(bid.setting_id)
            values = {
                "school": bid.setting.name,
                "urn": bid.setting.urn or "",
                "contact": contact.full_name if contact else "Headteacher",
                "round": round_.name,
                "intake": round_.intake_label,
                "count": str(row.count) if row and row.known else "a number of",
                "phase": str(bid.phase),
                "requested": pounds(bid.requested_pence) if bid.requested_pence else "not stated",
                "awarded": pounds(bid.awarded_pence or 0),
                "date": pdf.st.long_date(today),
                "respond_by": pdf.st.long_date(today + timedelta(days=28)),
                "sender": SENDER,
            }
            out.append(pdf.Letter(kind, bid.setting.name, values))
    return out


def default_template(kind: str) -> str:
    _check_kind(kind)
    return pdf.TEMPLATES[kind]


def letter_template(db: Database, kind: str) -> str:
    """The wording in use: the lead's edited template, else the built-in one."""
    _check_kind(kind)
    found = app_meta.stored(db, _KEY.format(kind))
    return found if found is not None else pdf.TEMPLATES[kind]


def is_edited(db: Database, kind: str) -> bool:
    return app_meta.stored(db, _KEY.format(kind)) is not None


def save_letter_template(db: Database, kind: str, text: str) -> None:
    """Keep the lead's wording (refused, with the reason, if a placeholder is unknown)."""
    _check_kind(kind)
    pdf.check_template(text)
    if not text.strip():
        raise pdf.TemplateError("The template is empty: type the letter, or reset it.")
    app_meta.store(db, _KEY.format(kind), None if text == pdf.TEMPLATES[kind] else text)


def reset_letter_template(db: Database, kind: str) -> None:
    """Back to the built-in wording."""
    save_letter_template(db, kind, default_template(kind))


def check_template(template: str) -> None:
    pdf.check_template(template)


def preview(template: str, letter: pdf.Letter) -> tuple[str, list[str]]:
    """The heading and paragraphs of one letter with ``template`` (for the editor)."""
    return pdf.fill(template, letter.values)


def write_letters(
    db: Database,
    *,
    kind: str,
    folder: Path | None = None,
    path: Path | None = None,
    round_name: str | None = None,
    bid_ids: Sequence[str] | None = None,
    template: str | None = None,
    today: date | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> LettersWritten:
    """One PDF per school in ``folder``, or all in one PDF at ``path``. Each file is written
    to a temporary name and renamed; a cancel stops before the next letter."""
    if (folder is None) == (path is None):
        raise ValueError("write_letters needs a folder or a path")
    template = template if template is not None else letter_template(db, kind)
    pdf.check_template(template)
    skipped: list[str] = []
    progress(0.0, "Gathering the schools' details")
    found = letters(
        db, kind=kind, round_name=round_name, bid_ids=bid_ids, today=today, skipped=skipped
    )
    total = len(found)

    def each(done: int) -> None:
        if cancel:
            cancel.check()
        progress(done / max(total, 1), f"Written {done} of {total} letters")

    if not found:
        paths: list[Path] = []
    elif path is not None:
        paths = [pdf.render_combined(found, path, template=template, today=today, on_each=each)]
    else:
        paths = pdf.render_all(found, folder, template=template, today=today, on_each=each)
    progress(1.0, "Letters written")
    return LettersWritten(paths, total, skipped)
