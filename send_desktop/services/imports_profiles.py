"""Import profiles: each source template's column placement, remembered after an import.

A template is known by its kind and its header row (normalised, so spacing and case do not
matter). When the same template comes back its remembered placement is used as it was;
a changed template still benefits, header by header, from every profile of its kind.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from send_desktop.interchange.headers import normalise_header
from send_desktop.storage.base import utcnow
from send_desktop.storage.database import Database
from send_desktop.storage.models import ImportProfile


@dataclass(frozen=True)
class ProfileInfo:
    id: str
    kind: str
    name: str
    headers: tuple[str, ...]
    mapping: dict[str, str | None]
    used_count: int
    last_used_at: datetime


def signature(kind: str, headers: Sequence[object]) -> str:
    keys = [normalise_header(h) for h in headers]
    return hashlib.sha256("\x1f".join([kind, *keys]).encode()).hexdigest()


def known_mapping(db: Database, kind: str) -> dict[str, str | None]:
    """Every remembered header of a kind -> field (None: ignored); the newest profile wins.

    Read with plain SQL: the first ORM query of a process costs ~30 ms of compiling, which
    an import should not wait for between reading its file and checking its rows."""
    merged: dict[str, str | None] = {}
    rows = db.query(
        "SELECT mapping FROM import_profile WHERE kind = ? ORDER BY last_used_at DESC", (kind,)
    )
    for (mapping,) in rows:
        for key, name in json.loads(mapping).items():
            merged.setdefault(key, name)
    return merged


def exact_mapping(
    db: Database, kind: str, headers: Sequence[object]
) -> dict[str, str | None] | None:
    rows = db.query(
        "SELECT mapping FROM import_profile WHERE kind = ? AND signature = ?",
        (kind, signature(kind, headers)),
    )
    return json.loads(rows[0][0]) if rows else None


def of_kind(session: Session, kind: str) -> list[ImportProfile]:
    """Every profile of a kind, loaded into ``session`` (for ``remember``)."""
    return list(session.scalars(select(ImportProfile).where(ImportProfile.kind == kind)))


def remember(
    session: Session,
    *,
    kind: str,
    headers: Sequence[str],
    columns: Mapping[int, str],
    file_name: str,
    loaded: list[ImportProfile] | None = None,
) -> None:
    """Store (or refresh) the placement used for this template; unplaced columns as ignored.

    ``loaded``: the kind's profiles as ``of_kind`` read them earlier in this session."""
    mapping: dict[str, str | None] = {}
    for col, header in enumerate(headers):
        key = normalise_header(header)
        if key and key not in mapping:
            mapping[key] = columns.get(col)
    sig = signature(kind, headers)
    if loaded is not None:
        profile = next((p for p in loaded if p.signature == sig), None)
    else:
        profile = session.scalar(
            select(ImportProfile).where(ImportProfile.kind == kind, ImportProfile.signature == sig)
        )
    text = json.dumps(mapping, ensure_ascii=False, sort_keys=True)
    if profile is None:
        session.add(
            ImportProfile(
                kind=kind,
                signature=sig,
                name=file_name[:500],
                headers=json.dumps(list(headers), ensure_ascii=False),
                mapping=text,
                used_count=1,
                last_used_at=utcnow(),
            )
        )
        return
    if profile.mapping != text:
        profile.mapping = text
    profile.used_count += 1
    profile.last_used_at = utcnow()


def list_profiles(db: Database, *, kind: str | None = None) -> list[ProfileInfo]:
    with db.reader() as session:
        query = select(ImportProfile).order_by(ImportProfile.last_used_at.desc())
        if kind:
            query = query.where(ImportProfile.kind == kind)
        return [
            ProfileInfo(
                p.id,
                p.kind,
                p.name,
                tuple(json.loads(p.headers)),
                json.loads(p.mapping),
                p.used_count,
                p.last_used_at,
            )
            for p in session.scalars(query)
        ]


def forget_profile(db: Database, *, profile_id: str) -> None:
    with db.transaction() as session:
        profile = session.get(ImportProfile, profile_id)
        if profile is not None:
            session.delete(profile)
