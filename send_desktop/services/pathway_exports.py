"""Enhanced pathways tables for export: a round's ranking (or every round's).

``ranking_table`` gives the ranking as the Ranking tab shows it, as a ``Table`` the one
.xlsx writer takes (``services.exports``): ranks and counts as real numbers, a suppressed
count as the text ``x`` (unknown, never zero), the phase as ``1``, ``2``, ``-`` or ``tie``.
Kept light: the pathways service (and SQLAlchemy) is imported when a ranking is built.
"""

from __future__ import annotations

from send_desktop.services.rowindex import Column, Table
from send_desktop.storage.database import Database

RANKING_COLUMNS = [
    Column("round", "Round", width=200),
    Column("rank", "Rank", kind="int", width=60),
    Column("urn", "URN", width=80),
    Column("name", "School", width=260),
    Column("count", "Year 7 EHCPs", kind="int", width=100),
    Column("phase", "Phase", width=60),
    Column("source", "Source", width=200),
    Column("as_of", "As of", kind="date", width=90),
    Column("note", "Note", width=260),
]
PHASES = ("1", "2", "-", "tie")


def ranking_table(db: Database, *, round_name: str | None = None) -> Table:
    """The ranking of ``round_name`` (None: every round, one after another)."""
    from send_desktop.services import pathways

    names = [round_name] if round_name is not None else pathways.round_names(db)
    ids: list[str] = []
    rows: list[tuple] = []
    for name in names:
        info, ranking = pathways.rank_round(db, round_name=name)
        for school in ranking.schools:
            row = school.row
            count: object = "x" if row.suppressed else row.count
            ids.append(row.key)
            rows.append(
                (
                    info.name,
                    school.rank,
                    row.urn,
                    row.name,
                    count,
                    school.phase,
                    row.source,
                    row.as_of,
                    school.note,
                )
            )
    return Table(RANKING_COLUMNS, ids, rows)


def list_rankings(db: Database) -> Table:
    """Every round's ranking (the ``ranking`` export kind)."""
    return ranking_table(db)
