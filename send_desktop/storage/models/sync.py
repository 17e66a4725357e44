"""Bookkeeping of the shared-drive sync (see ``services/sync.py`` for the design).

None of these tables is itself synced: they describe this laptop's view of the others.
"""

from __future__ import annotations

from sqlalchemy import Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from send_desktop.storage.base import Base

_NO_ROWID = {"sqlite_with_rowid": False}


class SyncDirty(Base):
    """A local change not yet sent, written by triggers (``storage/sync_capture.py``).

    ``field`` is a column name, ``*`` (the record was created here) or ``-`` (deleted here).
    ``old`` is the value before the first unsent change (JSON ``[value]``), or for ``-`` the
    whole deleted row (JSON object).
    """

    __tablename__ = "sync_dirty"
    __table_args__ = _NO_ROWID

    tbl: Mapped[str] = mapped_column(String(60), primary_key=True)
    rid: Mapped[str] = mapped_column(String(36), primary_key=True)
    field: Mapped[str] = mapped_column(String(60), primary_key=True)
    old: Mapped[str | None] = mapped_column(Text)


class SyncApplying(Base):
    """Holds one row only while a peer's changes are being applied (triggers stay quiet)."""

    __tablename__ = "sync_applying"

    on: Mapped[int] = mapped_column(Integer, primary_key=True)


class SyncClock(Base):
    """A clock (JSON ``{field: {replica: n}}``, ``*`` for the fields not named) kept once
    however many records have it: a file moves thousands of records to the same one.
    Clocks no record uses any more are cleared now and then (``sync_state.collect_clocks``).
    """

    __tablename__ = "sync_clock"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clock: Mapped[str] = mapped_column(Text, nullable=False, unique=True)


class SyncRecord(Base):
    """The version vectors of one record's fields (its clock), or its tombstone:
    ``deleted`` with the row as it was (``saved``), so it can never come back from an
    older file and can still be restored by a conflict's resolution."""

    __tablename__ = "sync_record"
    __table_args__ = _NO_ROWID

    tbl: Mapped[str] = mapped_column(String(60), primary_key=True)
    rid: Mapped[str] = mapped_column(String(36), primary_key=True)
    clock_id: Mapped[int] = mapped_column(Integer, nullable=False)  # sync_clock.id
    deleted: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    saved: Mapped[str | None] = mapped_column(Text)


class SyncFile(Base):
    """A change file in the shared folder that this database wrote or applied."""

    __tablename__ = "sync_file"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    origin: Mapped[str] = mapped_column(String(36), nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    mine: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    done_at: Mapped[str] = mapped_column(String(40), nullable=False)


class SyncOutbox(Base):
    """A change file committed here but perhaps not yet in the folder (a killed sync)."""

    __tablename__ = "sync_outbox"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class SyncConflict(Base):
    """The same field changed on two laptops since their common version (or edit versus
    delete: ``field`` is ``(deleted)``). Both values are kept until a lead chooses."""

    __tablename__ = "sync_conflict"
    __table_args__ = _NO_ROWID

    tbl: Mapped[str] = mapped_column(String(60), primary_key=True)
    rid: Mapped[str] = mapped_column(String(36), primary_key=True)
    field: Mapped[str] = mapped_column(String(60), primary_key=True)
    mine: Mapped[str] = mapped_column(Text, nullable=False)  # JSON value
    theirs: Mapped[str] = mapped_column(Text, nullable=False)  # JSON value
    mine_vv: Mapped[str] = mapped_column(Text, nullable=False)
    theirs_vv: Mapped[str] = mapped_column(Text, nullable=False)
    found_at: Mapped[str] = mapped_column(String(40), nullable=False)
