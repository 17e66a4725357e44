"""Deciding what an import does, a chunk of rows at a time: new, changed, unchanged, rejected.

``Planner.add(start, end)`` resolves the next rows against the register snapshot and sorts
them; the new ones it returns can be written at once, while the rest of the file is still
being read. Rows about the same record are the one thing that needs the whole file: the
first of them is sorted like any row, later ones are held back, and ``finish()`` decides
(exact repeats: imported once; conflicting values: none of them) and names the rows already
written that must be taken back. Changed rows are only written at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import eq

from sqlalchemy import Table

from send_desktop.interchange.kind import Kind
from send_desktop.interchange.rows import ParsedRows
from send_desktop.services.imports_targets import CLEAR, Resolved, Snapshot, Target


@dataclass
class Change:
    index: int  # position in the parsed rows
    record_id: str
    version: int
    fields: dict[str, tuple[object, object]]  # column -> (old, new)


@dataclass
class Plan:
    table: Table
    resolved: Resolved
    columns: list[str]
    new: list[int] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    rejected: dict[int, list[tuple[str, str]]] = field(default_factory=dict)

    def value(self, column: str, index: int) -> object:
        v = self.resolved.columns[column][index]
        return None if v is CLEAR else v


class Planner:
    """Builds one ``Plan`` over the rows of ``parsed``, in order, a chunk at a time."""

    def __init__(self, target: Target, snapshot: Snapshot, parsed: ParsedRows, kind: Kind) -> None:
        self.target, self.snapshot, self.parsed, self.kind = target, snapshot, parsed, kind
        resolved = target.empty(parsed, kind)
        self.plan = Plan(target.table, resolved, list(resolved.columns))
        self._old = snapshot.picker(self.plan.columns)  # a stored row -> the plan's columns
        self.done = 0  # rows planned so far
        self._first: dict[tuple, int] = {}  # identity -> first row with it
        self._repeats: dict[tuple, list[int]] = {}  # identity -> every row with it

    def add(self, end: int) -> list[int]:
        """Plan rows ``done``..``end``; returns those that are new and can be written now."""
        start, plan = self.done, self.plan
        if end <= start:
            return []
        resolved = plan.resolved
        self.target.resolve(self.snapshot, self.parsed, self.kind, start, end, resolved)
        self.done = end
        rejected = plan.rejected
        for i, problem in resolved.problems.items():
            if i >= start:
                rejected[i] = [problem]
        skip = self._hold_repeats(start, end)
        skip.update(i for i in rejected if i >= start)
        ids = resolved.ids[start:end]
        unknown = ids.count(None)
        if not skip and unknown == len(ids):  # all new: the usual first import
            new = list(range(start, end))
        elif not skip and not unknown:  # all known: the usual re-import
            new = []
            self._compare(start, end, list(range(start, end)))
        else:
            new = [i for i, rid in enumerate(ids, start) if rid is None and i not in skip]
            known = [i for i, rid in enumerate(ids, start) if rid is not None and i not in skip]
            self._compare(start, end, known)
        plan.new += new
        return new

    def _hold_repeats(self, start: int, end: int) -> set[int]:
        """Rows whose identity an earlier row has: held until ``finish``."""
        keys = self.plan.resolved.keys[start:end]
        rejected = self.plan.rejected
        first = self._first
        clean = not rejected or max(rejected) < start
        if clean and len(set(keys)) == len(keys) and first.keys().isdisjoint(keys):
            first.update(zip(keys, range(start, end), strict=True))
            return set()
        held = set()
        for i, key in enumerate(keys, start):
            if not key or i in rejected:
                continue
            if key in first:
                self._repeats.setdefault(key, [first[key]]).append(i)
                held.add(i)
            else:
                first[key] = i
        return held

    def _compare(self, start: int, end: int, indexes: list[int]) -> None:
        """Sort matched rows (``indexes``, within ``start``..``end``) into changed and
        unchanged: the chunk is compared row tuple to row tuple at C speed first."""
        if not indexes:
            return
        plan = self.plan
        resolved, columns = plan.resolved, plan.columns
        ids = resolved.ids
        new_rows = list(zip(*(resolved.columns[c][start:end] for c in columns), strict=True))
        if len(indexes) < end - start:
            new_rows = [new_rows[i - start] for i in indexes]
        stored = list(map(self.snapshot.by_id.__getitem__, (ids[i] for i in indexes)))
        old_rows = list(map(self._old, stored))
        same = list(map(eq, new_rows, old_rows))
        if all(same):
            plan.unchanged += indexes
            return
        for i, row, new, old, alike in zip(indexes, stored, new_rows, old_rows, same, strict=True):
            if alike:
                plan.unchanged.append(i)
                continue
            diffs = {}
            for c, old_value, new_value in zip(columns, old, new, strict=True):
                if new_value is None:
                    continue
                if new_value is CLEAR:
                    new_value = None
                if old_value != new_value:
                    diffs[c] = (old_value, new_value)
            if diffs:
                plan.changed.append(Change(i, ids[i], row[1], diffs))
            else:
                plan.unchanged.append(i)

    def finish(self, numbers: Sequence[int]) -> list[int]:
        """Decide the rows about the same record; returns the new rows already handed out by
        ``add`` that must not be imported after all (so must be taken back)."""
        plan = self.plan
        take_back: list[int] = []
        if not self._repeats:
            return take_back
        lists = [plan.resolved.columns[c] for c in plan.columns]

        def row(i: int) -> tuple:
            return tuple(values[i] for values in lists)

        dropped: set[int] = set()
        for members in self._repeats.values():
            first = members[0]
            if all(row(i) == row(first) for i in members):
                for i in members[1:]:
                    plan.rejected[i] = [
                        ("", f"repeats row {numbers[first]}, which is imported once")
                    ]
                continue
            for i in members:
                others = ", ".join(str(numbers[j]) for j in members if j != i)
                plan.rejected[i] = [
                    ("", f"the same record is also on row {others} with other values")
                ]
            dropped.add(first)
        if dropped:
            take_back = [i for i in plan.new if i in dropped]
            plan.new = [i for i in plan.new if i not in dropped]
            plan.changed = [c for c in plan.changed if c.index not in dropped]
            plan.unchanged = [i for i in plan.unchanged if i not in dropped]
        plan.rejected = dict(sorted(plan.rejected.items()))
        return take_back


def make_plan(target: Target, snapshot: Snapshot, parsed: ParsedRows, kind: Kind) -> Plan:
    """The whole plan at once (previews and dry runs, which write nothing)."""
    planner = Planner(target, snapshot, parsed, kind)
    planner.add(len(parsed))
    planner.finish(parsed.numbers)
    return planner.plan
