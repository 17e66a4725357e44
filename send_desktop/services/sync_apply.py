"""Applying one peer change file: the merge rules, field by field, in one transaction.

For each field the incoming version vector (the version it replaces, bumped by the file's
origin and number) is compared with this laptop's:

- older or the same: already here (a file applied twice changes nothing);
- newer: taken, unless the field was changed here and not yet sent (then a conflict);
- concurrent (neither has seen the other): the same value merges quietly, a different
  value is a conflict: both values are kept, this laptop's stays in the record.

A record goes out the first time with no version on the fields nobody changed since the
capture began (only edits get one): two copies of one database, synced for the first time,
then agree on everything but their edits. Two different values with no version on either
side are a conflict too (never silently one or the other). A tombstone deletes a record
only when the deleter had seen every change made to it here; otherwise it is an edit-versus-delete
conflict. A change older than a tombstone is dropped: a deleted record never comes back
from an older file, only from a change made after the deletion was seen (a resolution).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from send_desktop.domain.version_vectors import Order, compare, covers, merge
from send_desktop.services import sync_clash, sync_stream
from send_desktop.services.sync_quick import QuickWay
from send_desktop.services.sync_state import (
    DELETED,
    DUPLICATE,
    LABEL_COLUMNS,
    Clock,
    changes_template,
    dumps,
    field_vv,
    insert_record,
    json_scalar,
    label_of,
    load_clocks,
    load_dirty,
    load_row_tuples,
    marks,
    save_clocks,
)
from send_desktop.storage import sync_capture

EMPTY: dict[str, int] = {}
NO_CLOCK = (None, 0, None)
BULK = 1000  # rows of one table in one file from which its triggers are set aside


class SyncError(Exception):
    """A change file cannot be applied; nothing from it was. ``message`` is for a lead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Applied:
    received: int = 0  # records changed here
    conflicts: int = 0  # conflicts found (or brought up to date)


def compact(clock: Clock, columns: list[str]) -> Clock:
    """One vector for all fields when they share it (a record made in one go)."""
    if len(clock) < len(columns):
        return clock
    values = [clock.get(c) for c in columns]
    first = values[0] if values else None
    if first is not None and all(v == first for v in values):
        return {"*": first}
    return clock


@dataclass
class _Writes:
    """Everything one file changes in one table, written in bulk at the end."""

    updates: dict[tuple[str, ...], list[tuple]] = field(default_factory=lambda: defaultdict(list))
    inserts: dict[tuple[str, ...], list[tuple]] = field(default_factory=lambda: defaultdict(list))
    deletes: list[tuple[str]] = field(default_factory=list)
    clocks: dict[str, tuple] = field(default_factory=dict)  # rid -> (clock, deleted, saved)
    audit: list[tuple] = field(default_factory=list)
    conflicts: list[tuple] = field(default_factory=list)
    solved: list[tuple] = field(default_factory=list)  # (tbl, rid, field) conflicts cleared
    solved_all: list[tuple] = field(default_factory=list)  # (tbl, rid): every conflict
    notes_add: list[tuple] = field(default_factory=list)
    notes_drop: list[tuple] = field(default_factory=list)


class _TableMerge:
    def __init__(
        self,
        conn: sqlite3.Connection,
        table: str,
        columns: list[str],
        ids: list[str],
        *,
        wanted: set[str] | None,
        origin: str,
        seq: int,
        by: str,
        now: str,
        careful: bool = False,
    ) -> None:
        """``wanted``: the columns to read of the records here (None: all of them).
        ``careful``: every record the full way, updates one by one (``sync_clash``)."""
        self.table, self.columns = table, columns
        self.careful = careful
        self.versions: dict[tuple[str, str], tuple[dict, dict]] = {}  # careful: (here, file)
        self.colset = frozenset(columns)
        self.origin, self.seq, self.by, self.now = origin, seq, by, now
        read = columns
        if wanted is not None:
            read = [c for c in columns if c in wanted or c in LABEL_COLUMNS]
        self.read = read
        self.at = {c: i for i, c in enumerate(read, start=1)}  # place in a row tuple
        self.rows = load_row_tuples(conn, table, read, ids)  # rid -> (rowid, *read)
        self.clock_ids: dict[str, int] = {}  # rid -> its clock's number (for QuickWay)
        self.clocks = load_clocks(conn, table, ids, self.clock_ids)
        # Local notes and pending conflicts are few: read them whole, keep those of ``ids``.
        notes = load_dirty(conn, table)
        self.notes = {rid: notes[rid] for rid in notes.keys() & set(ids)} if notes else {}
        self.pending: dict[tuple[str, str], tuple] = {}
        found = conn.execute(
            "SELECT rid, field, mine, theirs, mine_vv, theirs_vv FROM sync_conflict WHERE tbl = ?",
            (table,),
        ).fetchall()
        if found:
            wanted_ids = set(ids)
            for rid, fld, *rest in found:
                if rid in wanted_ids:
                    self.pending[(rid, fld)] = tuple(rest)
        self.w = _Writes()
        self.stream: sync_stream.Stream | None = None  # edits written while the file is merged
        self.triggers: list[str] | None = None  # capture triggers set aside (to restore)
        self.done = Applied()
        self._texts: dict[tuple, tuple[str, list]] = {}  # clock JSON by the vectors it holds
        self._templates: dict[tuple[str, ...], str] = {}  # audit changes JSON by fields
        self.label_columns = [c for c in LABEL_COLUMNS if c in self.colset]

    # -- conflicts ---------------------------------------------------------------------
    def _conflict(self, rid: str, fld: str, mine: Any, theirs: Any, mine_vv: dict, theirs_vv: dict):
        row = (self.table, rid, fld, dumps(mine), dumps(theirs), dumps(mine_vv), dumps(theirs_vv))
        self.w.conflicts.append((*row, self.now))
        self.done.conflicts += 1

    def _settle(self, rid: str, fld: str, vv: dict[str, int]) -> None:
        """Clear a pending conflict on ``fld`` that ``vv`` has seen both sides of."""
        found = self.pending.get((rid, fld))
        if found is not None and covers(vv, json.loads(found[3])):
            self.w.solved.append((self.table, rid, fld))

    # -- one entry ---------------------------------------------------------------------
    def apply_group(self, group: dict[str, Any]) -> None:
        """One packed group of a change file (see ``sync_send.Packer``)."""
        if "del" in group:
            for rid, vv in zip(group["del"], group["vv"], strict=True):
                self._tombstone(rid, vv)
            return
        names = group["f"]
        keep = [i for i, n in enumerate(names) if n in self.colset]
        if len(keep) < len(names):  # columns this version does not have
            names = [names[i] for i in keep]
            group = {**group, "rows": [[r[i] for i in keep] for r in group["rows"]]}
        versioned = [n for n in group.get("n", names) if n in self.colset]
        shared = {self.origin: self.seq}
        plain = dict.fromkeys(versioned, shared)  # versions when nothing was replaced
        ids, rows, given = group["ids"], group["rows"], group.get("v")
        quick = QuickWay(self, names, plain, shared)
        for i in range(len(ids)) if self.careful else quick.run(ids, rows, given):
            rid, values, replaced = ids[i], rows[i], given[i] if given else None
            fields = dict(zip(names, values, strict=True))
            if replaced:
                new_vv = {
                    f: {**replaced[f], **shared} if f in replaced else shared for f in versioned
                }
            else:
                new_vv = plain
            self.apply(rid, fields, new_vv)

    def row(self, rid: str) -> dict[str, Any] | None:
        """The record here as {column: value} (of the columns read), or None."""
        found = self.rows.get(rid)
        return None if found is None else dict(zip(self.read, found[1:], strict=True))

    def apply(self, rid: str, fields: dict[str, Any], new_vv: dict[str, dict]) -> None:
        row = self.row(rid)
        clock, deleted, _saved = self.clocks.get(rid, NO_CLOCK)
        if row is None:
            notes = self.notes.get(rid, EMPTY)
            if "-" in notes and not deleted:  # deleted here, not yet sent
                tomb = merge(*(clock or {}).values())
                self.w.clocks[rid] = (dumps({"*": tomb}), 1, notes["-"])
                self.clocks[rid] = ({"*": tomb}, 1, notes["-"])
                self._onto_tombstone(rid, fields, new_vv, {"*": tomb}, unsent=True)
            elif deleted:
                self._onto_tombstone(rid, fields, new_vv, clock or {})
            else:
                self._insert(rid, fields, new_vv)
            return
        self._update(rid, row, fields, new_vv, clock)

    def new_clock_text(self, new_vv: dict[str, dict]) -> str | None:
        """The clock row text of a record made from ``new_vv`` (None: it needs none)."""
        if not new_vv:  # a record whose fields carry no version needs no clock row
            return None
        return dumps(compact({c: new_vv.get(c, EMPTY) for c in self.columns}, self.columns))

    def _insert(self, rid: str, fields: dict[str, Any], new_vv: dict[str, dict]) -> None:
        values = fields
        if values.get("created_at") is None and "created_at" in self.colset:
            values = {**fields, "created_at": self.now}
        names = tuple(values)
        self.w.inserts[names].append((rid, self.now, *values.values()))
        clock = self.new_clock_text(new_vv)
        if clock is not None:
            self.w.clocks[rid] = (clock, 0, None)
        if self.pending:
            self.w.solved_all.append((self.table, rid))
        self.done.received += 1

    def _insert_one_by_one(
        self, conn: sqlite3.Connection, sql: str, names: tuple[str, ...], params: list[tuple]
    ) -> None:
        """A record made on two laptops with the same key (two leads imported the same
        school): the others go in, that one becomes a conflict; nothing is overwritten."""
        for row in params:
            conn.execute("SAVEPOINT one")
            try:
                conn.execute(sql, row)
            except conn.IntegrityError as exc:
                conn.execute("ROLLBACK TO one")
                self._duplicate(conn, row[0], dict(zip(names, row[2:], strict=True)), exc)
            conn.execute("RELEASE one")

    def _duplicate(
        self, conn: sqlite3.Connection, rid: str, values: dict[str, Any], exc: Exception
    ) -> None:
        keys = sync_clash.unique_columns(exc)
        if not keys:
            raise SyncError(f"a {self.table} record could not be written ({exc}).")
        where = " AND ".join(f'"{k}" IS ?' for k in keys)
        found = conn.execute(
            f'SELECT id, {_label_sql(self.colset)} FROM "{self.table}" WHERE {where}',
            [values.get(k) for k in keys],
        ).fetchone()
        mine = {"duplicate_of": found[0] if found else None, "label": found[1] if found else ""}
        self.w.conflicts.append(
            (
                self.table,
                rid,
                DUPLICATE,
                dumps(mine),
                dumps({"record": values}),
                dumps({}),
                dumps({self.origin: self.seq}),
                self.now,
            )
        )
        self.w.clocks.pop(rid, None)
        self.done.received -= 1
        self.done.conflicts += 1

    def clock_text_of(self, clock: Clock) -> str:
        return dumps(compact(clock, self.columns))

    def _clock_text(self, clock: Clock) -> str:
        """``clock`` as JSON; records moved forward by one file share their vector objects,
        so most texts are made once per file, not once per record."""
        key = tuple((f, id(vv)) for f, vv in clock.items())
        found = self._texts.get(key)
        if found is None:
            # the vectors are kept with the text: while the key is in use, no other
            # vector can be made at the same address and be mistaken for one of these
            found = self._texts[key] = (dumps(compact(clock, self.columns)), list(clock.values()))
        return found[0]

    def _write_update(self, rid: str, row: dict[str, Any], updates: dict[str, Any]) -> None:
        if not updates:
            return
        names = tuple(sorted(updates))
        new = [updates[n] for n in names]
        self.w.updates[names].append((*new, self.now, self.rows[rid][0]))  # by rowid
        parts: list[str] = []
        for n, value in zip(names, new, strict=True):
            parts += (json_scalar(row[n]), json_scalar(value))
        template = self._templates.get(names)
        if template is None:
            template = self._templates[names] = changes_template(names)
        label = rid
        for attr in self.label_columns:  # label_of on the record as it will be
            value = updates[attr] if attr in updates else row.get(attr)
            if value:
                label = str(value)[:300]
                break
        self.w.audit.append(
            (self.now, self.by, "update", self.table, rid, label, template % tuple(parts))
        )
        self.done.received += 1

    def _update(
        self,
        rid: str,
        row: dict[str, Any],
        fields: dict[str, Any],
        new_vv: dict[str, dict],
        clock: Clock | None,
    ) -> None:
        notes = self.notes.get(rid, EMPTY)
        unsent = clock is None  # never synced here: its fields carry no versions yet
        whole = "*" in notes and not unsent
        new_clock = dict(clock or {})
        updates: dict[str, Any] = {}
        for f, value in fields.items():
            local_vv, vv = field_vv(clock, f), new_vv.get(f, EMPTY)
            # (a field with no version here: any version is newer, none is the same)
            order = compare(vv, local_vv) if local_vv else (Order.NEWER if vv else Order.SAME)
            mine = row[f]
            if order is Order.OLDER or (order is Order.SAME and mine == value):
                continue
            noted = whole or f in notes
            if order is Order.SAME:
                if not noted:  # the same version here and there, yet different values
                    self._conflict(rid, f, mine, value, local_vv, vv)
                continue  # else: changed here since, and that change goes out next
            if mine == value:
                new_clock[f] = merge(local_vv, vv)
                if f in notes:
                    self.w.notes_drop.append((self.table, rid, f))
                self._settle(rid, f, new_clock[f])
            elif order is Order.NEWER and not noted:
                updates[f] = value
                new_clock[f] = vv
                if self.careful:
                    self.versions[(rid, f)] = (local_vv, vv)
                found = self.pending.get((rid, f))
                if found is not None and not covers(vv, json.loads(found[3])):
                    # newer than this laptop's side of a pending conflict, not than theirs
                    self._conflict(rid, f, value, json.loads(found[1]), vv, json.loads(found[3]))
                else:
                    self._settle(rid, f, vv)
            else:
                self._conflict(rid, f, mine, value, local_vv, vv)
        if self.pending:
            self._settle(rid, DELETED, merge(*new_vv.values()))
        if unsent and "*" in notes and fields.keys() >= self.colset:
            self.w.notes_drop.append((self.table, rid, "*"))  # the peer sent all of it
        self._write_update(rid, row, updates)
        if new_clock != (clock or {}) and any(new_clock.values()):
            self.w.clocks[rid] = (self._clock_text(new_clock), 0, None)

    def _tombstone(self, rid: str, tomb: dict[str, int]) -> None:
        row = self.row(rid)
        clock, deleted, saved = self.clocks.get(rid, (None, 0, None))
        if row is None:
            known = (clock or {}).get("*", {})
            if compare(tomb, known) in (Order.SAME, Order.OLDER) and clock is not None:
                return
            self.w.clocks[rid] = (dumps({"*": merge(known, tomb)}), 1, saved)
            self._settle(rid, DELETED, tomb)
            self._settle(rid, DUPLICATE, tomb)  # the other laptop dropped its copy
            return
        notes = self.notes.get(rid, {})
        if clock is None:
            edited = [f for f in self.columns if f in notes]
        else:
            edited = [
                f
                for f in self.columns
                if f in notes or "*" in notes or not covers(tomb, field_vv(clock, f))
            ]
        if edited:
            mine = {"edited": {f: row[f] for f in edited}}
            local = merge(*(clock or {}).values())
            self._conflict(rid, DELETED, mine, {"deleted": True}, local, tomb)
            return
        self.w.deletes.append((rid,))
        self.w.clocks[rid] = (dumps({"*": merge(tomb, *(clock or {}).values())}), 1, dumps(row))
        self.w.audit.append(
            (
                self.now,
                self.by,
                "delete",
                self.table,
                rid,
                label_of(self.table, row, rid),
                dumps({k: [v, None] for k, v in row.items() if v is not None}),
            )
        )
        if self.pending:
            self.w.solved_all.append((self.table, rid))
        self.done.received += 1

    def _onto_tombstone(
        self,
        rid: str,
        fields: dict[str, Any],
        new_vv: dict[str, dict],
        clock: Clock,
        *,
        unsent: bool = False,
    ) -> None:
        tomb = clock.get("*", {})
        if all(covers(tomb, vv) for vv in new_vv.values()):
            return  # made before the deletion was seen: the record stays deleted
        seen_deletion = all(covers(new_vv.get(f, EMPTY), tomb) for f in fields)
        if not unsent and set(fields) >= set(self.columns) and seen_deletion:
            self._insert(rid, fields, new_vv)  # restored after the deletion was seen
            return
        found = self.pending.get((rid, DELETED))
        edited = dict(fields)
        theirs_vv = merge(*new_vv.values())
        if found is not None:
            edited = {**json.loads(found[1]).get("edited", {}), **edited}
            theirs_vv = merge(json.loads(found[3]), theirs_vv)
        self._conflict(rid, DELETED, {"deleted": True}, {"edited": edited}, tomb, theirs_vv)

    # -- writing -----------------------------------------------------------------------
    def _write_rows(self, conn: sqlite3.Connection) -> int:
        """The updates and inserts: the file's own values bound to statements. Returns the
        table's largest rowid before the inserts."""
        w, table = self.w, self.table
        if self.careful:
            rows = [(names, one) for names, params in w.updates.items() for one in params]
            sync_clash.update_all(self, conn, rows)
        else:
            for names, params in w.updates.items():
                sets = ", ".join(f'"{n}" = ?' for n in names)
                conn.executemany(
                    f'UPDATE "{table}" SET {sets}, updated_at = ?, version = version + 1 '
                    "WHERE rowid = ?",  # in rowid order: the table is written front to back
                    params,
                )
        last = 0
        if w.inserts:
            last = conn.execute(f'SELECT coalesce(max(rowid), 0) FROM "{table}"').fetchone()[0]
        for names, params in _without_empty_columns(conn, table, w.inserts).items():
            quoted = ", ".join(f'"{n}"' for n in names)
            sql = (
                f'INSERT INTO "{table}" (id, updated_at, version, {quoted}) '
                f"VALUES (?, ?, 1, {marks(len(names))})"
            )
            conn.execute("SAVEPOINT bulk")
            try:
                conn.executemany(sql, params)
            except conn.IntegrityError:
                conn.execute("ROLLBACK TO bulk")
                self._insert_one_by_one(conn, sql, names, params)
            conn.execute("RELEASE bulk")
        return last

    def flush(self, conn: sqlite3.Connection) -> None:
        w, table = self.w, self.table
        bulk = (
            len(w.deletes) + sum(map(len, w.updates.values())) + sum(map(len, w.inserts.values()))
        )
        if self.stream is not None:
            self.stream.finish()  # the connection is this thread's again
        triggers = self.triggers
        if triggers is None:
            triggers = _set_aside(conn, table) if bulk >= BULK else []
        conn.executemany("DELETE FROM sync_conflict WHERE tbl = ? AND rid = ?", w.solved_all)
        conn.executemany(
            "DELETE FROM sync_conflict WHERE tbl = ? AND rid = ? AND field = ?", w.solved
        )
        conn.executemany(f'DELETE FROM "{table}" WHERE id = ?', w.deletes)
        # in id order: each index is filled front to back instead of at random places
        for params in w.updates.values():
            params.sort(key=itemgetter(-1))
        for params in w.inserts.values():
            params.sort(key=itemgetter(0))
        w.audit.sort(key=itemgetter(4))
        try:
            last = self._write_rows(conn)
        except (OverflowError, conn.ProgrammingError, conn.InterfaceError) as exc:
            # a value from the file SQLite cannot hold (an integer past 64 bits, a list)
            raise SyncError(
                f"the file is damaged: a {table} value in it cannot be stored ({exc})."
            ) from None
        if w.inserts:
            # Create audit rows name the record and carry no values (the record at version
            # 1 holds them), written by SQLite from the rows just added, as imports do.
            conn.execute(
                'INSERT INTO audit_log ("at", "user", action, table_name, record_id, summary, '
                f"changes) SELECT ?, ?, 'create', '{table}', id, "
                f"substr({_label_sql(self.colset)}, 1, 300), NULL "
                f'FROM "{table}" WHERE rowid > ? ORDER BY rowid',  # id order: inserted sorted
                (self.now, self.by, last),
            )
        save_clocks(conn, table, w.clocks)
        conn.executemany(
            'INSERT INTO audit_log ("at", "user", action, table_name, record_id, summary, '
            "changes) VALUES (?, ?, ?, ?, ?, ?, ?)",
            w.audit,
        )
        conn.executemany(
            "INSERT OR REPLACE INTO sync_conflict (tbl, rid, field, mine, theirs, mine_vv, "
            "theirs_vv, found_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            w.conflicts,
        )
        for sql in triggers:  # back, in the same transaction
            conn.execute(sql)
        conn.executemany(
            "DELETE FROM sync_dirty WHERE tbl = ? AND rid = ? AND field = ?", w.notes_drop
        )
        conn.executemany(
            "INSERT OR IGNORE INTO sync_dirty (tbl, rid, field, old) VALUES (?, ?, ?, ?)",
            w.notes_add,
        )


def _without_empty_columns(
    conn: sqlite3.Connection, table: str, inserts: dict[tuple[str, ...], list[tuple]]
) -> dict[tuple[str, ...], list[tuple]]:
    """The inserts without the columns empty in every row that would be empty anyway (no
    default): a third of an insert's time went on binding them."""
    if sum(map(len, inserts.values())) < BULK:
        return inserts
    defaults = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")') if r[4] is not None}
    out: dict[tuple[str, ...], list[tuple]] = {}
    for names, params in inserts.items():
        keep = [0, 1] + [
            i
            for i, name in enumerate(names, start=2)
            if name in defaults or any(row[i] is not None for row in params)
        ]
        if len(keep) == len(names) + 2:
            out.setdefault(names, []).extend(params)  # another group may have this shape
            continue
        pick = itemgetter(*keep)
        kept = tuple(names[i - 2] for i in keep[2:])
        out.setdefault(kept, []).extend(map(pick, params))
    return out


def _set_aside(conn: sqlite3.Connection, table: str) -> list[str]:
    """The table's capture triggers dropped for a bulk write (``sync_capture.set_aside``)."""
    return sync_capture.set_aside(lambda sql: conn.execute(sql).fetchall(), table)


def _label_sql(columns: frozenset[str]) -> str:
    """SQL for a record's label (``label_of``: name, full name, title, description, id)."""
    named = [f"nullif(\"{c}\", '')" for c in LABEL_COLUMNS if c in columns]
    return f"coalesce({', '.join([*named, 'id'])})" if named else "id"


def apply_payload(
    conn: sqlite3.Connection,
    payload: dict[str, Any],
    tables: dict[str, list[str]],
    *,
    now: str,
    careful: bool = False,
) -> Applied:
    """Apply one decoded change file inside the caller's transaction (triggers quiet).

    An IntegrityError means an edit gives a record a key another record here has: the
    caller rolls back and applies the file again with ``careful`` (``sync_clash``), where
    such an edit becomes a conflict. (A savepoint per table would avoid the second run,
    but made every large file 3% slower.)"""
    origin, seq = payload["origin"], int(payload["seq"])
    by = f"{str(payload.get('by') or 'another laptop')[:100]} (sync)"
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for group in payload.get("changes", []):
        grouped[group["t"]].append(group)
    done = Applied()
    streams = not careful and sync_stream.can_stream(conn)
    context = {"origin": origin, "seq": seq, "by": by, "now": now, "careful": careful}
    for table, groups in grouped.items():
        if table not in tables:
            raise SyncError(
                f"it changes records of a kind this app does not know ({table}); "
                "update SEND Desktop on this laptop."
            )
        try:
            merge_ = _apply_table(conn, table, tables[table], groups, context, streams=streams)
        except conn.IntegrityError as exc:
            if not careful:
                raise
            raise SyncError(f"a {table} record could not be written ({exc}).") from None
        done.received += merge_.done.received
        done.conflicts += merge_.done.conflicts
    return done


def _apply_table(
    conn: sqlite3.Connection,
    table: str,
    columns: list[str],
    groups: list[dict[str, Any]],
    context: dict[str, Any],
    *,
    streams: bool = False,
) -> _TableMerge:
    """One table's part of a file: merged, then written (IntegrityError passes up)."""
    ids = [rid for g in groups for rid in g.get("ids", g.get("del", []))]
    wanted = None if any("del" in g for g in groups) else {f for g in groups for f in g["f"]}
    merge_ = _TableMerge(conn, table, columns, ids, wanted=wanted, **context)
    # (not with deletions: they are written first, at the flush, and may free a key the
    # updates give to another record)
    if streams and wanted is not None and len(ids) >= sync_stream.STREAM_FROM:
        merge_.triggers = _set_aside(conn, table)  # before the writer starts
        merge_.stream = sync_stream.Stream(conn)
    try:
        for group in groups:
            merge_.apply_group(group)
        merge_.flush(conn)
    finally:
        if merge_.stream is not None:
            merge_.stream.close()  # never left writing while the caller rolls back
    return merge_


def _restore(
    conn: sqlite3.Connection, table: str, rid: str, saved: dict[str, Any], now: str
) -> None:
    """Put a deleted record back (once, however many records use it): its last values
    here, with the edits the other laptop made to it meanwhile (kept with the
    edit-versus-delete conflict), so a key it has moved to since is the one it takes."""
    if conn.execute(f'SELECT 1 FROM "{table}" WHERE id = ?', (rid,)).fetchone():
        return
    found = conn.execute(
        "SELECT theirs FROM sync_conflict WHERE tbl = ? AND rid = ? AND field = ?",
        (table, rid, DELETED),
    ).fetchone()
    edited = json.loads(found[0]).get("edited", {}) if found else {}
    values = {**saved, **{k: v for k, v in edited.items() if k in saved}}
    try:
        insert_record(conn, table, rid, values, now)
    except conn.IntegrityError as exc:
        raise SyncError(
            f"a {table} record deleted here is still used on another laptop, and cannot be "
            f"put back ({exc}): change the record that now has its key, then sync again."
        ) from None


def keep_references(conn: sqlite3.Connection, now: str) -> None:
    """A deletion that would leave records pointing at nothing is undone and becomes an
    edit-versus-delete conflict on the record still in use. Called only when the commit
    of a file finds broken references (foreign keys are checked at commit), so the usual
    file pays nothing for it."""
    for _round in range(20):
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if not problems:
            return
        restored = False
        for child, rowid, parent, fkid in problems:
            link = [r for r in conn.execute(f'PRAGMA foreign_key_list("{child}")') if r[0] == fkid]
            column = link[0][3]
            ref = conn.execute(f'SELECT "{column}" FROM "{child}" WHERE rowid = ?', (rowid,))
            parent_id = ref.fetchone()[0]
            clock, deleted, saved = load_clocks(conn, parent, [parent_id]).get(parent_id, NO_CLOCK)
            if not deleted or saved is None:
                raise SyncError(
                    f"a {child} record refers to a {parent} record that is not on this laptop."
                )
            _restore(conn, parent, parent_id, json.loads(saved), now)
            tomb = (clock or {}).get("*", {})
            conn.execute(
                "UPDATE sync_record SET deleted = 0, saved = NULL WHERE tbl = ? AND rid = ?",
                (parent, parent_id),
            )
            conn.execute(
                "INSERT OR REPLACE INTO sync_conflict (tbl, rid, field, mine, theirs, mine_vv, "
                "theirs_vv, found_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    parent,
                    parent_id,
                    DELETED,
                    dumps({"in_use": child}),
                    dumps({"deleted": True}),
                    dumps({}),
                    dumps(tomb),
                    now,
                ),
            )
            restored = True
        if not restored:
            break
    raise SyncError("records would be left pointing at deleted records.")
