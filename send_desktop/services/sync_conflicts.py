"""Pending sync conflicts: listing them in words and resolving them (the resolution syncs).

A resolution is an ordinary local change whose version vectors have seen both sides, so
every other laptop takes it as newer than either value and clears its own copy of the
conflict (``sync_apply`` settles a conflict once an incoming change covers both sides).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from send_desktop.domain.version_vectors import merge
from send_desktop.services.sync_clash import place_freed_duplicates
from send_desktop.services.sync_state import (
    DELETED,
    DUPLICATE,
    connect,
    dumps,
    insert_record,
    label_of,
    load_clocks,
    load_rows,
    now_text,
    save_clocks,
    tables,
)

KEEP_MINE, TAKE_THEIRS, EDIT = "mine", "theirs", "edit"


class ResolveError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Conflict:
    table: str
    record_id: str
    field: str
    mine: Any
    theirs: Any
    label: str

    @property
    def is_deletion(self) -> bool:
        return self.field == DELETED

    @property
    def is_duplicate(self) -> bool:
        return self.field == DUPLICATE

    @property
    def editable(self) -> bool:
        """A field's value can be typed; a deletion or a duplicate is kept or not."""
        return not (self.is_deletion or self.is_duplicate)

    @property
    def record(self) -> str:
        return f"{self.table} {self.label} ({self.record_id})"

    def mine_text(self) -> str:
        return describe(self.mine)

    def theirs_text(self) -> str:
        return describe(self.theirs)

    def line(self) -> str:
        """``conflict<TAB>record<TAB>field<TAB>mine<TAB>theirs`` (the command line's form)."""
        parts = [self.record, self.field, self.mine_text(), self.theirs_text()]
        return "\t".join(["conflict", *(_one_line(p) for p in parts)])


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def describe(value: Any) -> str:
    """A conflict side in words: a value, "(empty)", "(deleted)", or what was edited."""
    if isinstance(value, dict):
        if value.get("deleted"):
            return "(deleted)"
        if "duplicate_of" in value:
            return f"(a record here has the same key: {value.get('label') or 'unnamed'})"
        if "record" in value:
            shown = ", ".join(
                f"{k} = {v}" for k, v in sorted(value["record"].items()) if v not in (None, "")
            )
            return f"(a new record: {shown})"
        if "in_use" in value:
            return f"(kept: still used by a {value['in_use']} record)"
        if "edited" in value:
            changed = ", ".join(f"{k} = {describe(v)}" for k, v in sorted(value["edited"].items()))
            return f"(kept, edited: {changed})" if changed else "(kept)"
    if value is None or value == "":
        return "(empty)"
    return str(value)


def list_conflicts(path: Path) -> list[Conflict]:
    conn = connect(path)
    try:
        return pending(conn)
    finally:
        conn.close()


def pending(conn: sqlite3.Connection) -> list[Conflict]:
    found = conn.execute(
        "SELECT tbl, rid, field, mine, theirs FROM sync_conflict ORDER BY tbl, rid, field"
    ).fetchall()
    known = tables(conn)
    labels: dict[tuple[str, str], str] = {}
    for table in {r[0] for r in found}:
        ids = [r[1] for r in found if r[0] == table]
        rows = load_rows(conn, table, known.get(table, []), ids)
        clocks = load_clocks(conn, table, ids)
        for rid in ids:
            saved = clocks.get(rid, (None, 0, None))[2]
            values = rows.get(rid) or (json.loads(saved) if saved else None)
            labels[(table, rid)] = _shown_label(table, values, rid)
    return [
        Conflict(t, rid, f, json.loads(m), json.loads(th), labels[(t, rid)])
        for t, rid, f, m, th in found
    ]


def _shown_label(table: str, values: dict[str, Any] | None, rid: str) -> str:
    """The record's name, else the start of its text (a quote, a note), else its kind and
    the start of its id: something a lead recognises."""
    label = label_of(table, values, rid)
    if label != rid:
        return label
    for attr in ("quote", "note", "notes", "event", "role", "status"):
        text = str((values or {}).get(attr) or "").strip()
        if text:
            return f"“{text[:50]}…”" if len(text) > 50 else f"“{text}”"
    return f"{table.replace('_', ' ')} {rid[:8]}"


def resolve(path: Path, conflict: Conflict, choice: str, value: Any = None) -> None:
    """Keep mine, take theirs, or (for a field) put ``value``; in one transaction."""
    conn = connect(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            _resolve(conn, conflict, choice, value)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()


def _resolve(conn: sqlite3.Connection, c: Conflict, choice: str, value: Any) -> None:
    row = conn.execute(
        "SELECT mine_vv, theirs_vv FROM sync_conflict WHERE tbl = ? AND rid = ? AND field = ?",
        (c.table, c.record_id, c.field),
    ).fetchone()
    if row is None:
        raise ResolveError("This conflict has already been resolved.")
    both = merge(json.loads(row[0]), json.loads(row[1]))
    columns = tables(conn)[c.table]
    clock, deleted, saved = load_clocks(conn, c.table, [c.record_id]).get(
        c.record_id, ({}, 0, None)
    )
    key = (c.table, c.record_id)
    if c.is_deletion:
        _resolve_deletion(conn, c, choice, both, columns, clock, deleted, saved)
    elif c.is_duplicate:
        place_freed_duplicates(conn, {c.table: columns}, now_text())
        if not _still_pending(conn, c):
            return  # no longer a duplicate (the key is free): both records stay, none dropped
        _resolve_duplicate(conn, c, choice, json.loads(row[1]), columns)
    else:
        if choice not in (KEEP_MINE, TAKE_THEIRS, EDIT):
            raise ResolveError(f"Unknown choice {choice!r}.")
        new = {KEEP_MINE: c.mine, TAKE_THEIRS: c.theirs, EDIT: value}[choice]
        new = _typed(conn, c.table, c.field, new)
        current = conn.execute(
            f'SELECT "{c.field}" FROM "{c.table}" WHERE id = ?', (c.record_id,)
        ).fetchone()
        if current is None:
            raise ResolveError("The record is no longer here.")
        try:
            conn.execute(
                f'UPDATE "{c.table}" SET "{c.field}" = ?, updated_at = ?, version = version + 1 '
                "WHERE id = ?",
                (new, now_text(), c.record_id),
            )
        except conn.IntegrityError as exc:
            if "NOT NULL" in str(exc):
                raise ResolveError(
                    f"A {c.table} record must have a {c.field}: type one, or keep another value."
                ) from None
            raise ResolveError(
                f"Another {c.table} record here already has {c.field} {new}: give that "
                "record another one first, or keep this record's own."
            ) from None
        clock = dict(clock)
        clock[c.field] = merge(_vv(clock, c.field), both)
        _save_clock(conn, key, clock, 0, None)
        _note(conn, key, c.field)
    conn.execute(
        "DELETE FROM sync_conflict WHERE tbl = ? AND rid = ? AND field = ?",
        (c.table, c.record_id, c.field),
    )


def _resolve_deletion(
    conn: sqlite3.Connection,
    c: Conflict,
    choice: str,
    both: dict[str, int],
    columns: list[str],
    clock: dict,
    deleted: int,
    saved: str | None,
) -> None:
    key = (c.table, c.record_id)
    exists = conn.execute(f'SELECT 1 FROM "{c.table}" WHERE id = ?', (c.record_id,)).fetchone()
    mine_deleted = isinstance(c.mine, dict) and c.mine.get("deleted")
    delete = (choice == KEEP_MINE) == bool(mine_deleted)
    if choice not in (KEEP_MINE, TAKE_THEIRS):
        raise ResolveError("An edit-versus-delete conflict is resolved by keeping or deleting.")
    if delete:
        if exists:
            try:
                conn.execute(f'DELETE FROM "{c.table}" WHERE id = ?', (c.record_id,))
            except conn.IntegrityError:
                raise ResolveError(
                    "The record cannot be deleted: other records still use it."
                ) from None
        else:  # already deleted here: the tombstone goes out again, newer than the edit
            _note(conn, key, "-")
        # (a deletion here was noted by the trigger, with the row); the tombstone covers both
        _save_clock(conn, key, {"*": merge(both, *clock.values())}, 1, saved)
        return
    if not exists:
        values = json.loads(saved) if saved else {}
        edited = (c.theirs or {}).get("edited", {}) if isinstance(c.theirs, dict) else {}
        values.update(edited)
        values = {k: v for k, v in values.items() if k in columns}
        names = list(values)
        quoted = ", ".join(f'"{n}"' for n in names)
        conn.execute(
            f'INSERT INTO "{c.table}" (id, updated_at, version, {quoted}) '
            f"VALUES (?, ?, 1, {', '.join('?' * len(names))})",
            (c.record_id, now_text(), *values.values()),
        )
    # the whole record goes out, newer than the deletion
    _save_clock(conn, key, {"*": merge(both, *clock.values())}, 0, None)
    conn.execute("DELETE FROM sync_dirty WHERE tbl = ? AND rid = ? AND field = '-'", key)
    _note(conn, key, "*")


def _resolve_duplicate(
    conn: sqlite3.Connection, c: Conflict, choice: str, theirs_vv: dict, columns: list[str]
) -> None:
    """Keep mine: their record is dropped here and the drop is sent. Take theirs: mine is
    deleted (and the deletion sent), theirs goes in."""
    key = (c.table, c.record_id)
    values = {k: v for k, v in (c.theirs or {}).get("record", {}).items() if k in columns}
    if choice == KEEP_MINE:
        _save_clock(conn, key, {"*": theirs_vv}, 1, dumps(values))
        _note(conn, key, "-")
        return
    if choice != TAKE_THEIRS:
        raise ResolveError("A duplicate is resolved by keeping one of the two records.")
    mine = (c.mine or {}).get("duplicate_of")
    if mine:
        try:
            conn.execute(f'DELETE FROM "{c.table}" WHERE id = ?', (mine,))
        except conn.IntegrityError:
            raise ResolveError(
                "The record here is used by other records, so it cannot be replaced; "
                "keep it instead."
            ) from None
    insert_record(conn, c.table, c.record_id, values, now_text())
    _save_clock(conn, key, {"*": theirs_vv}, 0, None)


def _still_pending(conn: sqlite3.Connection, c: Conflict) -> bool:
    found = conn.execute(
        "SELECT 1 FROM sync_conflict WHERE tbl = ? AND rid = ? AND field = ?",
        (c.table, c.record_id, c.field),
    )
    return found.fetchone() is not None


def _vv(clock: dict, field: str) -> dict[str, int]:
    return clock.get(field, clock.get("*", {}))


def _save_clock(
    conn: sqlite3.Connection, key: tuple[str, str], clock: dict, deleted: int, saved: str | None
) -> None:
    save_clocks(conn, key[0], {key[1]: (dumps(clock), deleted, saved)})


def _note(conn: sqlite3.Connection, key: tuple[str, str], field: str) -> None:
    """Make sure the resolution goes out with the next sync (even "keep mine", which
    changes no value here)."""
    conn.execute("DELETE FROM sync_dirty WHERE tbl = ? AND rid = ? AND field = ?", (*key, field))
    conn.execute(
        "INSERT INTO sync_dirty (tbl, rid, field, old) VALUES (?, ?, ?, NULL)", (*key, field)
    )


def _typed(conn: sqlite3.Connection, table: str, field: str, value: Any) -> Any:
    """A typed-in value as the column stores it (whole numbers, yes/no, dates as text)."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    kinds = {r[1]: (r[2] or "").upper() for r in conn.execute(f'PRAGMA table_info("{table}")')}
    kind = kinds.get(field, "")
    if text == "":
        return None
    if kind.startswith("INT"):
        try:
            return int(text.replace(",", ""))
        except ValueError:
            raise ResolveError(f"{field} needs a whole number, not {text!r}.") from None
    if kind.startswith("BOOL"):
        lowered = text.lower()
        if lowered in ("1", "yes", "true", "y"):
            return 1
        if lowered in ("0", "no", "false", "n"):
            return 0
        raise ResolveError(f"{field} needs yes or no, not {text!r}.")
    if kind == "DATE":
        from datetime import date

        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ResolveError(f"{field} needs a date as yyyy-mm-dd, not {text!r}.") from None
    return value
