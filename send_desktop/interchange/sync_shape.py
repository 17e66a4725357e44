"""The shape of a decoded change set, checked before anything in it is used.

A file whose checksum is right may still have been made wrongly (by hand, or by a faulty
version): then ``check`` says which part is wrong, and the file is refused as damaged
instead of failing half-way through the merge at every sync. Cheap: columns are checked
with ``map`` over whole lists, and a vector that records share is checked once (1 ms for
10,000 records). The values themselves are not looked at here (160,000 of them took 3 ms,
a sixteenth of the bench's baseline): one SQLite cannot store is refused when it is
written, the file rolled back (``sync_apply._TableMerge.flush``).
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


def _versions(group: dict[str, Any], key: str, count: int, seen: Seen) -> bool:
    """``group[key]``: ``count`` vectors (``vv``) or replaced versions (``v``), written out
    (format 1) or as places in the group's list ``vt`` (format 2: the list's entries that
    are used are checked, each once). ShapeError for a place not in the list."""
    values, table = group.get(key), group.get("vt")
    replaced = key == "v"
    if table is None:
        return _vectors(values, count, seen, replaced=replaced)
    if type(table) is not list or type(values) is not list or len(values) != count:
        raise ShapeError("its list of versions")
    try:
        places = set(values)  # (the checks below then look at each place once)
    except TypeError:  # a list or an object as a place
        raise ShapeError("its list of versions") from None
    # (bool is not int here, and a negative place would count from the end)
    if not _all(list(places), {int}) or (places and (min(places) < 0 or max(places) >= len(table))):
        raise ShapeError("its list of versions")
    used = [table[i] for i in places]
    return _vectors(used, len(used), seen, replaced=replaced)


def _group(group: Any, seen: Seen) -> None:
    if type(group) is not dict:
        raise ShapeError("its list of changes")
    if type(group.get("t")) is not str:
        raise ShapeError("a group names no kind of record")
    if "del" in group:
        ids = group["del"]
        if group.keys() - {"t", "del", "vv", "vt"}:  # (an edit group's parts would be read)
            raise ShapeError("its deletions")
        if not _all(ids, {str}) or not _versions(group, "vv", len(ids), seen):
            raise ShapeError("its deletions")
        return
    names, ids, rows = group.get("f"), group.get("ids"), group.get("rows")
    if not _all(names, {str}) or not _all(ids, {str}) or not _all(rows, {list}):
        raise ShapeError(f"its {group['t']} changes")
    if len(rows) != len(ids) or set(map(len, rows)) - {len(names)}:
        raise ShapeError(f"its {group['t']} changes: values do not match the fields")
    if "n" in group and not _all(group["n"], {str}):
        raise ShapeError(f"its {group['t']} changes")
    if not _versions(group, "vv", len(ids), seen):
        raise ShapeError(f"its {group['t']} versions")
    if "v" in group and not _versions(group, "v", len(ids), seen):
        raise ShapeError(f"its {group['t']} versions")


def check(payload: dict[str, Any]) -> None:
    """ShapeError unless ``payload`` (format 1 or 2, as read) has the expected shape."""
    if type(payload.get("origin")) is not str or type(payload.get("seq")) is not int:
        raise ShapeError("its origin")
    seen_files = payload.get("seen", {})
    if type(seen_files) is not dict or not _all(list(seen_files.values()), {int}):
        raise ShapeError("the files it builds on")
    if "by" in payload and type(payload["by"]) is not str:
        raise ShapeError("its author")
    changes = payload.get("changes", [])
    if type(changes) is not list:
        raise ShapeError("its list of changes")
    seen: Seen = {False: set(), True: set()}
    for group in changes:
        _group(group, seen)
