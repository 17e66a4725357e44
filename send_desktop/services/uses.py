"""What still refers to a record, in words a person reads before deleting it."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session


def describe_uses(
    session: Session, refs: Iterable[tuple[InstrumentedAttribute, str]], record_id: str
) -> list[str]:
    """E.g. ['2 waitlist entries'] for each (foreign-key column, label) that points at it."""
    uses = []
    for column, label in refs:
        count = session.scalar(select(func.count()).where(column == record_id))
        if count:
            plural = label[:-1] + "ies" if label.endswith("y") else label + "s"
            uses.append(f"{count} {label if count == 1 else plural}")
    return uses
