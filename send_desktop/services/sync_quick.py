"""The quick way through a change file for the usual record, with the same outcome as the
field-by-field merge (``sync_apply._TableMerge.apply``) at a fraction of its cost.

Two kinds of record take it:

- one this laptop has never had (no row, no clock, no local note): it goes in as it came;
- one that is here, has no unsent change and no pending conflict, and every field in the
  file is newer than the version here: the changed values are written, the clock moves on.

What a record's fields become depends only on its clock here and the versions the file's
fields replace, and thousands of records share both (records moved on together by earlier
files), so that outcome is worked out once per distinct pair and reused. Anything else —
a conflict, an older or concurrent field, a tombstone, a local change — is left to the
full merge.

A whole group of the file goes through one loop (``run``): at 10,000 records a file, the
time per record is the budget (``benchmarks/bench_sync.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from operator import itemgetter, ne
from typing import TYPE_CHECKING, Any

from send_desktop.domain.version_vectors import Order, compare
from send_desktop.services import sync_stream
from send_desktop.services.sync_state import changes_template, field_vv, json_scalar

if TYPE_CHECKING:
    from send_desktop.services.sync_apply import _TableMerge

_SLOW = object()  # a plan that says: take the full merge
_UNKNOWN = object()
EMPTY: dict[str, int] = {}


def _getter(positions: list[int]):  # noqa: ANN202 - row tuple -> tuple of those values
    if len(positions) == 1:
        only = positions[0]
        return lambda row: (row[only],)
    return itemgetter(*positions)


class QuickWay:
    def __init__(
        self,
        merge_: _TableMerge,
        names: list[str],
        plain: dict[str, dict[str, int]],
        shared: dict[str, int],
    ) -> None:
        """``plain``: the fields' versions when they replace none; ``shared``: this file's
        own version (origin: number), added to a replaced one."""
        self.m = merge_
        self.names = names
        self.plain, self.shared = plain, shared
        self.created = names.index("created_at") if "created_at" in names else None
        self.added = self.created is None and "created_at" in merge_.colset
        self.insert_names = (*names, "created_at") if self.added else tuple(names)
        self.busy = {rid for rid, _field in merge_.pending}  # records with a conflict
        self.new_clocks: dict[str, str | None] = {}  # replaced (key) -> clock of a new record
        self.plans: dict[tuple[int | None, str], object] = {}  # (clock here, replaced) ->
        self.audits: dict[tuple[bool, ...], tuple[str, list[int]]] = {}  # changed -> template

    def run(self, ids: Sequence[str], rows: Sequence[list], bases: Sequence | None) -> list[int]:
        """Take every record of a group it can; returns the positions left to the full
        merge. (One loop with everything at hand: it runs 10,000 times a file.)"""
        m = self.m
        notes, busy, here, clocks = m.notes, self.busy, m.rows, m.clocks
        numbers, plans, new_clocks = m.clock_ids.get, self.plans.get, m.w.clocks
        slow: list[int] = []
        last, last_key = None, ""  # the replaced versions seen last, and their key
        edits = _Updates(self, rows) if here else None
        for i, (rid, values, replaced) in enumerate(
            zip(ids, rows, bases or repeat(None), strict=False)
        ):
            if rid in notes or rid in busy:
                slow.append(i)
                continue
            row = here.get(rid)
            if row is None:
                if rid in clocks:  # deleted here
                    slow.append(i)
                else:
                    self._insert(rid, values, replaced)
                continue
            if replaced is not last and replaced != last:  # records in a row share it
                last, last_key = replaced, repr(replaced) if replaced else ""
            key = (numbers(rid), last_key)
            plan = plans(key, _UNKNOWN)
            if plan is _UNKNOWN:
                plan = self.plans[key] = self._plan(clocks.get(rid, (None,))[0], replaced)
            if plan is _SLOW:
                slow.append(i)
                continue
            edits.take(rid, row, values)  # type: ignore[union-attr]
            if plan is not None:
                new_clocks[rid] = (plan, 0, None)
        if edits is not None:
            edits.done()
        return slow

    def _new_vv(self, replaced: dict | None) -> dict[str, dict[str, int]]:
        if not replaced:
            return self.plain
        shared = self.shared
        return {f: {**replaced[f], **shared} if f in replaced else shared for f in self.plain}

    def _insert(self, rid: str, values: list[Any], replaced: dict | None) -> None:
        m = self.m
        key = _key(replaced)
        if key not in self.new_clocks:
            self.new_clocks[key] = m.new_clock_text(self._new_vv(replaced))
        clock = self.new_clocks[key]
        if self.added:
            values = [*values, m.now]
        elif self.created is not None and values[self.created] is None:
            values = list(values)
            values[self.created] = m.now
        m.w.inserts[self.insert_names].append((rid, m.now, *values))
        if clock is not None:
            m.w.clocks[rid] = (clock, 0, None)
        m.done.received += 1

    def _plan(self, clock: dict | None, replaced: dict | None) -> object:
        """The record's new clock text (None: unchanged), or ``_SLOW`` unless every field
        is newer than the version here."""
        new_vv = self._new_vv(replaced)
        new_clock = dict(clock or {})
        for f in self.names:
            local_vv, vv = field_vv(clock, f), new_vv.get(f, EMPTY)
            order = compare(vv, local_vv) if local_vv else (Order.NEWER if vv else Order.SAME)
            if order is not Order.NEWER:
                return _SLOW
            new_clock[f] = vv
        if new_clock == (clock or {}) or not any(new_clock.values()):
            return None
        return self.m.clock_text_of(new_clock)


class _Updates:
    """The quick way for records that are here: the rows as they are (tuples in
    ``_TableMerge.read`` order after the rowid) against the group's values. With a
    ``Stream``, each chunk of updates is written on the writer thread as soon as it is
    merged; otherwise they wait in ``_Writes`` for the flush, as the audit rows do (those
    go quicker by ``executemany`` than through JSON)."""

    def __init__(self, quick: QuickWay, rows: Sequence[list]) -> None:
        m = quick.m
        self.quick, self.m = quick, m
        names = quick.names
        self.old = _getter([m.at[n] for n in names])
        self.names = tuple(names)
        self.params = m.w.updates[self.names]  # every field of the group is set
        self.audit = m.w.audit
        self.now = m.now
        self.head = (m.now, m.by, "update", m.table)
        # the record's label as it will be: a label column the group sets, or the one here
        self.label = [
            (True, names.index(c)) if c in names else (False, m.at[c]) for c in m.label_columns
        ]
        self.received = 0
        self.stream = m.stream if m.stream is not None and sync_stream.exact(rows) else None
        self.rows: list[list[Any]] = []  # the chunk being merged: [rowid, *values]

    def take(self, rid: str, row: tuple, values: list[Any]) -> None:
        old = self.old(row)
        if old == tuple(values):
            return
        changed = tuple(map(ne, old, values))
        found = self.quick.audits.get(changed)
        if found is None:
            # fields in name order, as the full merge writes them
            picked = sorted((i for i, c in enumerate(changed) if c), key=self.names.__getitem__)
            template = changes_template(tuple(self.names[i] for i in picked))
            found = self.quick.audits[changed] = (template, picked)
        template, picked = found
        parts: list[str] = []
        for i in picked:
            parts += (json_scalar(old[i]), json_scalar(values[i]))
        label = rid
        for new, at in self.label:
            value = values[at] if new else row[at]
            if value:
                label = str(value)[:300]
                break
        self.received += 1
        self.audit.append((*self.head, rid, label, template % tuple(parts)))
        if self.stream is None:
            self.params.append((*values, self.now, row[0]))
            return
        self.rows.append([row[0], *values])
        if len(self.rows) >= sync_stream.CHUNK:
            self._send()

    def _send(self) -> None:
        rows = sync_stream.to_json(self.rows)
        if rows is None:  # a value JSON would not carry exactly
            self.params += [(*r[1:], self.now, r[0]) for r in self.rows]
        else:
            sql = sync_stream.update_sql(self.m.table, self.names)
            self.stream.put(sql, (self.now, rows))  # type: ignore[union-attr]
        self.rows = []

    def done(self) -> None:
        if self.rows:
            self._send()
        self.m.done.received += self.received
        if not self.params:
            del self.m.w.updates[self.names]


def _key(replaced: dict | None) -> str:
    return repr(replaced) if replaced else ""
