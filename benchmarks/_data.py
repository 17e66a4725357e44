"""Generated data for benchmarks (national scale), written straight with executemany."""

from __future__ import annotations

import random
import uuid
from datetime import datetime
from pathlib import Path

from send_desktop.storage.database import Database, create_database

TOWNS = (
    "Oxford",
    "Banbury",
    "Bicester",
    "Witney",
    "Didcot",
    "Abingdon",
    "Leeds",
    "Bristol",
    "Derby",
    "Norwich",
    "Exeter",
    "York",
    "Hull",
    "Luton",
    "Preston",
    "Swindon",
    "Wigan",
)
WORDS = (
    "St Mary's",
    "Oakwood",
    "Riverside",
    "Hillview",
    "Church of England",
    "Park",
    "Meadow",
    "Greenfield",
    "Kingsway",
    "Abbey",
    "Valley",
    "Brookside",
    "Holy Trinity",
    "Westfield",
)
KINDS = (
    "Primary School",
    "Infant School",
    "Junior School",
    "Academy",
    "School",
    "Nursery School",
    "Community College",
    "Special School",
)
PHASES = ("Primary", "Primary", "Primary", "Secondary", "Early years", "Special", "All-through")


def settings_rows(n: int, seed: int = 1) -> list[dict[str, object]]:
    rng = random.Random(seed)
    now = datetime(2024, 1, 1)
    rows = []
    for i in range(n):
        town = rng.choice(TOWNS)
        rows.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "urn": f"{100000 + i}",
                "name": f"{rng.choice(WORDS)} {town} {rng.choice(KINDS)} {i}",
                "phase": rng.choice(PHASES),
                "type": rng.choice(("Academy", "Maintained", "Special", None)),
                "town": town,
                "postcode": f"{town[:2].upper()}{rng.randint(1, 29)} {rng.randint(1, 9)}"
                f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                "pupils": rng.choice((None, rng.randint(8, 2200))),
                "la_code": f"{rng.randint(201, 938)}",
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
    return rows


def national_db(path: Path, n: int = 50_000) -> Database:
    """A database holding ``n`` settings (inserted in one transaction, not audited)."""
    from send_desktop.storage.models import Setting

    db = create_database(path)
    with db.engine.begin() as conn:
        conn.execute(Setting.__table__.insert(), settings_rows(n))
    return db
