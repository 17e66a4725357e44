"""Enhanced pathways letters: gather each school's details and write one PDF per school.

Invitations go to every bid of the round; award letters to bids with an amount awarded (not
declined or withdrawn). The wording comes from ``interchange.pdf.pathway_letters`` templates
or from a template text the lead edited.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from send_desktop.domain.pathways import CLOSED_STATUSES, pounds
from send_desktop.interchange.pdf import pathway_letters as pdf
from send_desktop.services.pathways import _intake, _round
from send_desktop.storage.database import Database
from send_desktop.storage.models import Bid, Person

KINDS = ("invitation", "award")
SENDER = "SEND Programme Lead, Oxfordshire County Council"


def letters(
    db: Database, *, round_name: str, kind: str, today: date | None = None
) -> list[pdf.Letter]:
    """The letters of one kind for a round, in school name order (nothing written)."""
    if kind not in KINDS:
        raise pdf.TemplateError(f"Unknown letter {kind!r}: use one of {', '.join(KINDS)}.")
    today = today or date.today()
    out = []
    with db.reader() as session:
        round_ = _round(session, round_name)
        intake = _intake(session, round_)
        bids = session.scalars(select(Bid).where(Bid.round_id == round_.id)).all()
        for bid in sorted(bids, key=lambda b: b.setting.name):
            if kind == "award" and (not bid.awarded_pence or bid.status in CLOSED_STATUSES):
                continue
            contact = session.get(Person, bid.contact_id) if bid.contact_id else None
            row = intake.get(bid.setting_id)
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


def write_letters(
    db: Database,
    *,
    round_name: str,
    kind: str,
    folder: Path,
    template: str | None = None,
    today: date | None = None,
) -> list[Path]:
    """One PDF per school in ``folder``; returns their paths."""
    if template is not None:
        pdf.check_template(template)
    found = letters(db, round_name=round_name, kind=kind, today=today)
    return pdf.render_all(found, folder, template=template, today=today)
