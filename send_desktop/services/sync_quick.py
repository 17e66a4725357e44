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

A whole group of the file goes through one loop (``run``), and the records that are here
are then written a chunk at a time, column by column (``_Updates``): at 10,000 records a
file, the time per record is the budget (``benchmarks/bench_sync.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, repeat
from operator import itemgetter, ne
from typing import TYPE_CHECKING, Any

from send_desktop.domain.version_vectors import Order, compare
from send_desktop.services import sync_stream
from send_desktop.services.sync_state import changes_template, field_vv, json_scalar, json_text

if TYPE_CHECKING:
    from send_desktop.services.sync_apply import _TableMerge

_SLOW = object()  # a plan that says: take the full merge
_UNKNOWN = object()
EMPTY: dict[str, int] = {}


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
        self.audits: dict[tuple[bool, ...], str] = {}  # fields changed -> changes template

    def run(self, ids: Sequence[str], rows: Sequence[list], bases: Sequence | None) -> list[int]:
        """Take every record of a group it can; returns the positions left to the full
        merge. (One loop with everything at hand: it runs 10,000 times a file.)"""
        if not self.names:  # only columns this version does not have: the full merge
            return list(range(len(ids)))
        m = self.m
        notes, busy, here, clocks = m.notes, self.busy, m.rows, m.clocks
        numbers, plans, new_clocks = m.clock_ids.get, self.plans.get, m.w.clocks
        slow: list[int] = []
        fresh: list[int] = []  # records new to this laptop
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
                    fresh.append(i)
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
        if fresh:
            self._insert(ids, rows, bases, fresh)
        return slow

    def _new_vv(self, replaced: dict | None) -> dict[str, dict[str, int]]:
        if not replaced:
            return self.plain
        shared = self.shared
        return {f: {**replaced[f], **shared} if f in replaced else shared for f in self.plain}

    def _insert(
        self, ids: Sequence[str], rows: Sequence[list], bases: Sequence | None, fresh: list[int]
    ) -> None:
        """The records new here (positions ``fresh``) go in as they came, column by column."""
        m = self.m
        rids = list(map(ids.__getitem__, fresh))
        columns = list(zip(*map(rows.__getitem__, fresh), strict=True))
        at = self.created
        if at is not None and None in columns[at]:
            columns[at] = tuple(m.now if v is None else v for v in columns[at])
        added = [repeat(m.now)] if self.added else []
        m.w.inserts[self.insert_names] += zip(rids, repeat(m.now), *columns, *added, strict=False)
        # records by the versions their fields replace: (those versions, the records)
        by_key: dict[str, tuple[dict | None, list[str]]] = {"": (None, rids)}
        if bases is not None:
            by_key = {}
            for rid, replaced in zip(rids, map(bases.__getitem__, fresh), strict=True):
                by_key.setdefault(_key(replaced), (replaced, []))[1].append(rid)
        for key, (replaced, same) in by_key.items():
            if key not in self.new_clocks:
                self.new_clocks[key] = m.new_clock_text(self._new_vv(replaced))
            clock = self.new_clocks[key]
            if clock is not None:
                m.w.clocks.update(zip(same, repeat((clock, 0, None))))
        m.done.received += len(rids)

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
    ``_TableMerge.read`` order after the rowid) against the group's values, a chunk at a
    time and column by column (the audit texts of 1,000 records by a few ``map`` calls
    instead of a loop of Python per record). With a ``Stream``, each chunk of updates is
    written on the writer thread as soon as it is merged; otherwise they wait in
    ``_Writes`` for the flush, as the audit rows do (those go quicker by ``executemany``
    than through JSON)."""

    def __init__(self, quick: QuickWay, rows: Sequence[list]) -> None:
        m = quick.m
        self.quick, self.m = quick, m
        names = quick.names
        self.names = tuple(names)
        self.at = [m.at[n] for n in names]  # each field's place in a row here
        self.order = sorted(range(len(names)), key=names.__getitem__)  # audit: name order
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
        self.rids: list[str] = []  # the chunk being merged
        self.here: list[tuple] = []
        self.values: list[list[Any]] = []

    def take(self, rid: str, row: tuple, values: list[Any]) -> None:
        self.rids.append(rid)
        self.here.append(row)
        self.values.append(values)
        if len(self.rids) >= sync_stream.CHUNK:
            self._merge()

    def _merge(self) -> None:
        """The chunk's updates and audit rows, column by column."""
        rids, here, values = self.rids, self.here, self.values
        self.rids, self.here, self.values = [], [], []
        old = [list(map(itemgetter(at), here)) for at in self.at]
        new = list(zip(*values, strict=True)) if values else []
        changed = [list(map(ne, o, n)) for o, n in zip(old, new, strict=True)]
        flags = list(zip(*changed, strict=True))  # per record: which fields change
        keep = list(map(any, flags))
        if not all(keep):  # records already as the file has them: nothing to write
            rids, here, values, flags = (
                list(compress(c, keep)) for c in (rids, here, values, flags)
            )
            old = [list(compress(c, keep)) for c in old]
            new = [list(compress(c, keep)) for c in new]
        if not rids:
            return
        self.received += len(rids)
        audits = self.quick.audits
        texts = []  # [old, new] JSON of each field in name order, in turn
        for i in self.order:
            texts += (_json_column(old[i]), _json_column(new[i]))
        whole = (True,) * len(self.names)
        if whole not in audits:
            audits[whole] = changes_template(tuple(sorted(self.names)))
        every = audits[whole]
        changes = list(map(every.__mod__, zip(*texts, strict=True)))
        for k, fields in enumerate(flags):
            if fields != whole:  # some fields already as the file has them
                changes[k] = self._some(fields, [t[k] for t in texts])
        labels = self._labels(rids, here, values)
        self.audit += zip(*map(repeat, self.head), rids, labels, changes, strict=False)
        rowids = [row[0] for row in here]
        if self.stream is not None:
            rows = sync_stream.to_json(list(zip(rowids, *new, strict=True)))
            if rows is not None:
                sql = sync_stream.update_sql(self.m.table, self.names)
                self.stream.put(sql, (self.now, rows))
                return
        # (a value JSON would not carry exactly, or a small file: written at the flush)
        self.params += zip(*new, repeat(self.now), rowids)

    def _some(self, fields: tuple[bool, ...], texts: list[str]) -> str:
        """The changes text of a record where only ``fields`` change."""
        audits = self.quick.audits
        template = audits.get(fields)
        if template is None:
            template = audits[fields] = changes_template(
                tuple(self.names[i] for i in self.order if fields[i])
            )
        picked: list[str] = []
        for k, i in enumerate(self.order):
            if fields[i]:
                picked += texts[2 * k : 2 * k + 2]
        return template % tuple(picked)

    def _labels(self, rids: list[str], here: list[tuple], values: list[list]) -> list[str]:
        """Each record's label as it will be (``label_of``): the first label column
        with a value, else its id."""
        labels: list[str | None] = [None] * len(rids)
        for new, at in self.label:
            column = [v[at] for v in values] if new else [row[at] for row in here]
            labels = [
                label if label is not None else (str(v)[:300] if v else None)
                for label, v in zip(labels, column, strict=True)
            ]
        return [rid if label is None else label for label, rid in zip(labels, rids, strict=True)]

    def done(self) -> None:
        if self.rids:
            self._merge()
        self.m.done.received += self.received
        if not self.params:
            del self.m.w.updates[self.names]


def _json_column(column: list[Any]) -> list[str]:
    """Each value as JSON (``json_scalar``), a whole column at a time."""
    kinds = set(map(type, column))
    if kinds == {str}:
        return list(map(json_text, column))
    if kinds == {int}:
        return list(map(str, column))
    return list(map(json_scalar, column))


def _key(replaced: dict | None) -> str:
    return repr(replaced) if replaced else ""
