"""The quick way through a change file for the usual record, with the same outcome as the
field-by-field merge (``sync_apply._TableMerge.apply``) at a fraction of its cost.

Two kinds of record take it:

- one this laptop has never had (no row, no clock, no local note): it goes in as it came;
- one that is here, has no unsent change and no pending conflict, and every field in the
  file is newer than the version here: the changed values are written, the clock moves on.

What a record's fields become depends only on its clock here and the versions the file's
fields replace, and thousands of records share both (records moved on together by earlier
files), so that outcome is worked out once per distinct pair and reused. Anything else —
a conflict, an older or concurrent field, a tombstone, a local change — returns False and
takes the full merge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from send_desktop.domain.version_vectors import Order, compare
from send_desktop.services.sync_state import field_vv

if TYPE_CHECKING:
    from send_desktop.services.sync_apply import _TableMerge

_SLOW = ""  # a plan that says: take the full merge
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
        self.new_clocks: dict[str, str | None] = {}  # replaced (repr) -> clock of a new record
        self.plans: dict[tuple[str | None, str], str | None] = {}

    def take(self, rid: str, values: list[Any], replaced: dict | None) -> bool:
        m = self.m
        if rid in m.notes or rid in self.busy:
            return False
        if rid in m.rows:
            return self._update(rid, values, replaced)
        if rid in m.clocks:  # deleted here
            return False
        self._insert(rid, values, replaced)
        return True

    def _new_vv(self, replaced: dict | None) -> dict[str, dict[str, int]]:
        if not replaced:
            return self.plain
        shared = self.shared
        return {f: {**replaced[f], **shared} if f in replaced else shared for f in self.plain}

    def _insert(self, rid: str, values: list[Any], replaced: dict | None) -> None:
        m = self.m
        key = repr(replaced) if replaced else ""
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
            m.w.clocks.append((m.table, rid, clock, 0, None))
        m.done.received += 1

    def _update(self, rid: str, values: list[Any], replaced: dict | None) -> bool:
        m = self.m
        key = (m.clock_texts.get(rid), repr(replaced) if replaced else "")
        plan = self.plans.get(key, _SLOW)
        if plan == _SLOW and key not in self.plans:
            plan = self.plans[key] = self._plan(m.clocks.get(rid, (None,))[0], replaced)
        if plan == _SLOW:
            return False
        row = m.rows[rid]
        updates = {n: v for n, v in zip(self.names, values, strict=True) if row[n] != v}
        m._write_update(rid, row, updates)
        if plan is not None:
            m.w.clocks.append((m.table, rid, plan, 0, None))
        return True

    def _plan(self, clock: dict | None, replaced: dict | None) -> str | None:
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
