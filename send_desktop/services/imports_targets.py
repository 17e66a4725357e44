"""Where an import's rows go: finding the record each row is about, per target table.

A kind names its target (``setting``, ``sen_count``, ``setting_link``); ``TARGETS`` maps that
name to a small class here. Each turns the parsed rows into column values for its table and
decides, row by row, which existing record (if any) the row is about. Diffing and writing are
the same for every target (``imports_write``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Boolean, Connection, Date, DateTime, Table

from send_desktop.interchange.kind import Kind
from send_desktop.interchange.rows import ParsedRows
from send_desktop.interchange.values import SUPPRESSED
from send_desktop.storage.models import SenCount, Setting, SettingLink


class _Clear:
    def __repr__(self) -> str:
        return "CLEAR"


CLEAR = _Clear()  # a column value meaning "set to empty" (None means "not given: keep")
FLAG_SUFFIX = "_suppressed"


@dataclass
class Resolved:
    """Per row: the existing record id (None: new), an identity for duplicate checks,
    a label for people, and column values (``None`` = not given, ``CLEAR`` = empty it)."""

    ids: list[str | None]
    keys: list[tuple]
    labels: list[str]
    columns: dict[str, list[object]]
    notes: dict[int, str] = field(default_factory=dict)  # rows to check (how they matched)
    existing: dict[str, tuple[int, tuple]] | None = None  # id -> (version, column values)
    problems: dict[int, tuple[str, str]] = field(default_factory=dict)  # row -> (field, reason)


def normalise_name(name: str | None) -> str:
    """'St. Mary's C of E Primary School ' -> 'st marys c of e primary school'."""
    text = (name or "").lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def storage_columns(parsed: ParsedRows, kind: Kind, table: Table) -> dict[str, list[object]]:
    """Parsed values as the table stores them; suppressed counts set their ``_suppressed`` flag."""
    out: dict[str, list[object]] = {}
    n = len(parsed)
    for name in parsed.fields:
        if name not in table.c:
            continue
        values = parsed.values[name]
        column_type = table.c[name].type
        if isinstance(column_type, Date | DateTime):
            out[name] = [v.isoformat() if v is not None else None for v in values]
        elif SUPPRESSED in values:
            out[name] = [CLEAR if v is SUPPRESSED else v for v in values]
            flag = name + FLAG_SUFFIX
            if flag in table.c:
                out[flag] = [None if v is None else v is SUPPRESSED for v in values]
        else:
            out[name] = values
            flag = name + FLAG_SUFFIX
            if flag in table.c:
                out[flag] = [None if v is None else False for v in values]
    for name, value in kind.constants.items():
        if name in table.c:
            out[name] = [value] * n
    return out


def fetch(conn: Connection, sql: str, params: Sequence[object] = ()) -> list[tuple]:
    """Rows as plain tuples straight from the driver, inside the connection's transaction
    (SQLAlchemy's row objects cost more than the query when reading 50,000 rows)."""
    return conn.connection.driver_connection.execute(sql, tuple(params)).fetchall()


def bool_columns(table: Table) -> set[str]:
    return {c.name for c in table.c if isinstance(c.type, Boolean)}


class SettingFinder:
    """Finds settings by URN (following GIAS links from old URNs), or by name and postcode."""

    def __init__(self, conn: Connection, rows: list[tuple] | None = None) -> None:
        """``rows``: (id, urn, name, postcode) of every setting, if already read."""
        if rows is None:
            rows = fetch(conn, "SELECT id, urn, name, postcode FROM setting")
        self._rows = rows
        self.by_urn: dict[str, str] = {urn: sid for sid, urn, _n, _p in self._rows if urn}
        self.successors: dict[str, set[str]] = defaultdict(set)
        for urn, linked, link_type in fetch(
            conn, "SELECT urn, linked_urn, link_type FROM setting_link"
        ):
            kind = link_type.lower()
            if kind.startswith("successor"):
                self.successors[urn].add(linked)
            elif kind.startswith("predecessor"):
                self.successors[linked].add(urn)
        self._by_name: dict[str, list[str]] | None = None
        self._by_name_postcode: dict[tuple[str, str], list[str]] = {}
        self._names: dict[str, str] | None = None
        self._urns: dict[str, str | None] | None = None

    @property
    def has_settings_without_urn(self) -> bool:
        return len(self.by_urn) < len(self._rows)

    def urn_of(self, sid: str) -> str | None:
        if self._urns is None:
            self._urns = {row[0]: row[1] for row in self._rows}
        return self._urns.get(sid)

    def _without_urn(self, name: str, postcode: str) -> str | None:
        if self._by_name is None:
            self._name_index()
        matches = self._by_name_postcode.get((normalise_name(name), postcode), [])
        matches = [sid for sid in matches if not self.urn_of(sid)]
        return matches[0] if len(matches) == 1 else None

    @property
    def names(self) -> dict[str, str]:
        if self._names is None:
            self._names = {sid: name for sid, _u, name, _p in self._rows}
        return self._names

    def _name_index(self) -> None:
        """Built on first need only: most files have a URN on every row."""
        self._by_name = defaultdict(list)
        self._by_name_postcode = defaultdict(list)
        for sid, _urn, name, postcode in self._rows:
            key = normalise_name(name)
            self._by_name[key].append(sid)
            if postcode:
                self._by_name_postcode[(key, postcode)].append(sid)

    def current(self, urn: str) -> list[str]:
        """URNs in the register that ``urn`` became, following successor links."""
        found: set[str] = set()
        seen = {urn}
        frontier = [urn]
        for _ in range(10):
            step = []
            for u in frontier:
                for nxt in self.successors.get(u, ()):
                    if nxt in seen:
                        continue
                    seen.add(nxt)
                    (found.add if nxt in self.by_urn else step.append)(nxt)
            if not step:
                break
            frontier = step
        return sorted(found)

    def find(
        self, urn: str | None, name: str | None, postcode: str | None
    ) -> tuple[str | None, str | None, str | None]:
        """(setting id or None, note for review, problem) for one row."""
        if urn:
            if urn in self.by_urn:
                return self.by_urn[urn], None, None
            current = self.current(urn) if urn in self.successors else []
            if len(current) == 1:
                return self.by_urn[current[0]], f"URN {urn} is now {current[0]} (GIAS link)", None
            if current:
                return None, None, f"URN {urn} became several schools ({', '.join(current)})"
            if name and postcode and self.has_settings_without_urn:
                sid = self._without_urn(name, postcode)
                if sid:
                    note = f"URN {urn} is new: matched by name and postcode to a setting "
                    return sid, note + "that had no URN; please check", None
            return None, None, None
        key = normalise_name(name)
        if not key:
            return None, None, "there is no URN and no name to find the setting by"
        if self._by_name is None:
            self._name_index()
        if postcode:
            matches = self._by_name_postcode.get((key, postcode), [])
            how = "by name and postcode"
        else:
            matches = self._by_name.get(key, [])
            how = "by name only (no URN or postcode)"
        if len(matches) == 1:
            return matches[0], f"no URN: matched {how}; please check", None
        if len(matches) > 1:
            return None, None, f"no URN, and {len(matches)} settings match {how}; add the URN"
        return None, None, None


class Target:
    table: Table
    label_sql = '"name"'  # how audit rows written by SQL label a record

    def resolve(self, conn: Connection, parsed: ParsedRows, kind: Kind) -> Resolved:
        raise NotImplementedError


class SettingTarget(Target):
    table = Setting.__table__

    def resolve(self, conn: Connection, parsed: ParsedRows, kind: Kind) -> Resolved:
        n = len(parsed)
        urns = parsed.values.get("urn", [None] * n)
        names = parsed.values.get("name", [None] * n)
        postcodes = parsed.values.get("postcode", [None] * n)
        columns = storage_columns(parsed, kind, self.table)
        if "urn" in columns:
            columns["urn"] = list(columns["urn"])  # edited below; parsed values stay as read
        # One read of the register serves both the matching and the comparing.
        wanted = ", ".join(f'"{c}"' for c in columns)
        rows = fetch(conn, f"SELECT id, urn, name, postcode, version, {wanted} FROM setting")
        finder = SettingFinder(conn, [r[:4] for r in rows])
        out = Resolved([None] * n, [()] * n, [""] * n, columns)
        out.existing = {r[0]: (r[4], r[5:]) for r in rows}
        by_urn = finder.by_urn
        for i in range(n):
            urn = urns[i]
            if urn and urn in by_urn:  # the usual case, kept short
                sid = by_urn[urn]
                out.ids[i], out.keys[i], out.labels[i] = sid, ("id", sid), names[i] or ""
                continue
            sid, note, problem = finder.find(urn, names[i], postcodes[i])
            out.labels[i] = names[i] or finder.names.get(sid or "", "") or (urn or "")
            if problem:
                out.problems[i] = ("urn" if urn else "name", problem)
                continue
            if note:
                out.notes[i] = note
            if sid:
                out.ids[i], out.keys[i] = sid, ("id", sid)
                if urn and "urn" in columns and finder.urn_of(sid):
                    columns["urn"][i] = None  # an old URN never replaces the current one
            elif urn:
                out.keys[i] = ("urn", urn)
            else:
                out.keys[i] = ("name", normalise_name(names[i]), postcodes[i])
                out.notes[i] = "no URN: added as a new setting; please check"
        return out


class SenCountTarget(Target):
    table = SenCount.__table__
    label_sql = "(SELECT name FROM setting WHERE setting.id = setting_id) || ' ' || \"year\""

    def resolve(self, conn: Connection, parsed: ParsedRows, kind: Kind) -> Resolved:
        finder = SettingFinder(conn)
        existing = {
            (sid, year): cid
            for cid, sid, year in fetch(conn, "SELECT id, setting_id, year FROM sen_count")
        }
        n = len(parsed)
        urns = parsed.values.get("urn", [None] * n)
        names = parsed.values.get("name", [None] * n)
        postcodes = parsed.values.get("postcode", [None] * n)
        years = parsed.values["year"]
        columns = storage_columns(parsed, kind, self.table)
        setting_ids: list[object] = [None] * n
        columns["setting_id"] = setting_ids
        out = Resolved([None] * n, [()] * n, [""] * n, columns)
        for i in range(n):
            sid, note, problem = finder.find(urns[i], names[i], postcodes[i])
            if sid is None:
                what = f"URN {urns[i]}" if urns[i] else f"'{names[i] or ''}'"
                out.problems[i] = (
                    "urn" if urns[i] else "name",
                    problem or f"no setting in the register has {what}; import the setting first",
                )
                continue
            if note:
                out.notes[i] = note
            setting_ids[i] = sid
            out.labels[i] = f"{finder.names[sid]} {years[i]}"
            out.keys[i] = (sid, years[i])
            out.ids[i] = existing.get((sid, years[i]))
        return out


class LinkTarget(Target):
    table = SettingLink.__table__
    label_sql = "\"urn\" || ' -> ' || linked_urn || ' (' || link_type || ')'"

    def resolve(self, conn: Connection, parsed: ParsedRows, kind: Kind) -> Resolved:
        existing = {
            (urn, linked, link_type): lid
            for lid, urn, linked, link_type in fetch(
                conn, "SELECT id, urn, linked_urn, link_type FROM setting_link"
            )
        }
        urns, linked, types = (parsed.values[k] for k in ("urn", "linked_urn", "link_type"))
        columns = storage_columns(parsed, kind, self.table)
        keys = list(zip(urns, linked, types, strict=True))
        labels = [f"{a} -> {b} ({t})" for a, b, t in keys]
        return Resolved([existing.get(k) for k in keys], keys, labels, columns)


TARGETS: dict[str, Target] = {
    "setting": SettingTarget(),
    "sen_count": SenCountTarget(),
    "setting_link": LinkTarget(),
}
