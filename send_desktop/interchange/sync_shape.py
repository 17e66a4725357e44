"""The shape of a decoded change set, checked before anything in it is used.

A file whose checksum is right may still have been made wrongly (by hand, or by a faulty
version): then ``check`` says which part is wrong, and the file is refused as damaged
instead of failing half-way through the merge at every sync. Cheap: columns are checked
with ``map`` over whole lists, and a vector that records share is checked once (1 ms for
10,000 records). The values themselves are not looked at here (160,000 of them took 3 ms,
a sixteenth of the bench's baseline): one SQLite cannot store is refused when it is
written, the file rolled back (``sync.apply_file``).
"""

from __future__ import annotations

from typing import Any


class ShapeError(ValueError):
    """``part``: what is wrong, in words for the message."""

    def __init__(self, part: str) -> None:
        super().__init__(part)
        self.part = part


def _all(values: Any, kinds: set[type] | frozenset[type]) -> bool:
    return type(values) is list and set(map(type, values)) <= kinds


Seen = dict[bool, set[int]]  # ids of the objects checked already: replaced or not


def _vectors(values: Any, count: int, seen: Seen, *, replaced: bool = False) -> bool:
    """``count`` version vectors ({laptop: number}); with ``replaced``, each None or
    {field: vector}."""
    if type(values) is not list or len(values) != count:
        return False
    done = seen[replaced]
    distinct = dict(zip(map(id, values), values, strict=True))  # each object once
    for key, value in distinct.items():
        if key in done:
            continue
        if replaced:
            if value is None:
                continue
            if type(value) is not dict or not _all(list(value), {str}):
                return False
            if not _vectors(list(value.values()), len(value), seen):
                return False
        elif not (
            type(value) is dict and _all(list(value), {str}) and _all(list(value.values()), {int})
        ):
            return False
        done.add(key)
    return True


def _group(group: dict[str, Any], seen: Seen) -> None:
    if type(group.get("t")) is not str:
        raise ShapeError("a group names no kind of record")
    if "del" in group:
        ids = group["del"]
        if group.keys() - {"t", "del", "vv"}:  # (an edit group's parts would be read too)
            raise ShapeError("its deletions")
        if not _all(ids, {str}) or not _vectors(group.get("vv"), len(ids), seen):
            raise ShapeError("its deletions")
        return
    names, ids, rows = group.get("f"), group.get("ids"), group.get("rows")
    if not _all(names, {str}) or not _all(ids, {str}) or not _all(rows, {list}):
        raise ShapeError(f"its {group['t']} changes")
    if len(rows) != len(ids) or set(map(len, rows)) - {len(names)}:
        raise ShapeError(f"its {group['t']} changes: values do not match the fields")
    if "n" in group and not _all(group["n"], {str}):
        raise ShapeError(f"its {group['t']} changes")
    if not _vectors(group.get("vv"), len(ids), seen):
        raise ShapeError(f"its {group['t']} versions")
    if "v" in group and not _vectors(group["v"], len(ids), seen, replaced=True):
        raise ShapeError(f"its {group['t']} versions")


def check(payload: dict[str, Any]) -> None:
    """ShapeError unless ``payload`` (format 1, or 2 once unpacked) has the expected shape."""
    if type(payload.get("origin")) is not str or type(payload.get("seq")) is not int:
        raise ShapeError("its origin")
    seen_files = payload.get("seen", {})
    if type(seen_files) is not dict or not _all(list(seen_files.values()), {int}):
        raise ShapeError("the files it builds on")
    if "by" in payload and type(payload["by"]) is not str:
        raise ShapeError("its author")
    seen: Seen = {False: set(), True: set()}
    for group in payload["changes"]:
        _group(group, seen)
