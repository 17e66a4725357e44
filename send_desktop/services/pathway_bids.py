"""Enhanced pathways: a bid's payments (amount and date) and its linked documents.

    bid_detail(db, bid_id=)                                  -> BidDetail | None
    record_payment(db, bid_id=, amount_pence=, paid_on=, note=) -> payment id
    remove_payment(db, payment_id=)
    link_document(db, bid_id=, path=, label=)                -> document id
    unlink_document(db, document_id=)

A payment adds to the bid's ``paid_pence`` (what the budget panel shows as paid) in the same
transaction, and is refused if the bid would be paid more than it was awarded. A document is
a path on disk: the file stays where it is; one that has gone is shown as missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from send_desktop.domain import pathways as rules
from send_desktop.domain.pathways import PathwaysError
from send_desktop.services.errors import NotFoundError
from send_desktop.storage.database import Database


@dataclass(frozen=True)
class Payment:
    id: str
    amount_pence: int
    paid_on: date
    note: str | None


@dataclass(frozen=True)
class Document:
    id: str
    label: str
    path: str

    @property
    def exists(self) -> bool:
        return Path(self.path).is_file()

    @property
    def state(self) -> str:
        return "found" if self.exists else "missing"


@dataclass(frozen=True)
class BidDetail:
    id: str
    school: str
    round_name: str
    status: str
    awarded_pence: int | None
    paid_pence: int
    payments: tuple[Payment, ...]
    documents: tuple[Document, ...]


def bid_detail(db: Database, *, bid_id: str) -> BidDetail | None:
    from sqlalchemy import select

    from send_desktop.storage.models import Bid, BidDocument, BidPayment

    with db.reader() as session:
        bid = session.get(Bid, bid_id)
        if bid is None:
            return None
        payments = session.scalars(
            select(BidPayment)
            .where(BidPayment.bid_id == bid_id)
            .order_by(BidPayment.paid_on, BidPayment.created_at)
        ).all()
        documents = session.scalars(
            select(BidDocument).where(BidDocument.bid_id == bid_id).order_by(BidDocument.name)
        ).all()
        return BidDetail(
            bid.id,
            bid.setting.name,
            bid.round.name,
            bid.status,
            bid.awarded_pence,
            bid.paid_pence or 0,
            tuple(Payment(p.id, p.amount_pence, p.paid_on, p.note) for p in payments),
            tuple(Document(d.id, d.name, d.path) for d in documents),
        )


def record_payment(
    db: Database, *, bid_id: str, amount_pence: int, paid_on: date, note: str | None = None
) -> str:
    """Record a payment and add it to what the bid has been paid."""
    from send_desktop.storage.models import Bid, BidPayment

    if amount_pence <= 0:
        raise PathwaysError("A payment must be more than £0.")
    with db.transaction() as session:
        bid = session.get(Bid, bid_id)
        if bid is None:
            raise NotFoundError("The bid")
        total = (bid.paid_pence or 0) + amount_pence
        rules.check_payment(awarded_pence=bid.awarded_pence, paid_pence=total)
        bid.paid_pence = total
        payment = BidPayment(bid_id=bid.id, amount_pence=amount_pence, paid_on=paid_on, note=note)
        session.add(payment)
        session.flush()
        return payment.id


def remove_payment(db: Database, *, payment_id: str) -> None:
    """Take a payment back off (entered by mistake): the bid's paid total goes down."""
    from send_desktop.storage.models import BidPayment

    with db.transaction() as session:
        payment = session.get(BidPayment, payment_id)
        if payment is None:
            raise NotFoundError("The payment")
        bid = payment.bid
        bid.paid_pence = max(0, (bid.paid_pence or 0) - payment.amount_pence)
        session.delete(payment)


def link_document(db: Database, *, bid_id: str, path: Path | str, label: str | None = None) -> str:
    """Link a file on disk to a bid (the path is kept, the file is not copied)."""
    from send_desktop.storage.models import Bid, BidDocument

    path = Path(path).expanduser()
    if not path.is_absolute():
        path = path.resolve()
    with db.transaction() as session:
        if session.get(Bid, bid_id) is None:
            raise NotFoundError("The bid")
        document = BidDocument(bid_id=bid_id, name=(label or path.name)[:200], path=str(path))
        session.add(document)
        session.flush()
        return document.id


def unlink_document(db: Database, *, document_id: str) -> None:
    """Remove the link (the file itself is left alone)."""
    from send_desktop.storage.models import BidDocument

    with db.transaction() as session:
        document = session.get(BidDocument, document_id)
        if document is None:
            raise NotFoundError("The document")
        session.delete(document)
