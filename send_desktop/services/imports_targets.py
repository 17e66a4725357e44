"""Where an import's rows go: finding the record each row is about, per target table.

A kind names its target (``setting``, ``sen_count``, ``setting_link``); ``TARGETS`` maps that
name to a small class here. Each reads what it needs of the register once (``snapshot``,
inside the import's transaction), then turns parsed rows into column values for its table
and decides, row by row, which existing record (if any) each row is about (``resolve``, a
chunk of rows at a time, so writing can start before the whole file is read). Diffing and
writing are the same for every target (``imports_plan``, ``imports_write``).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Connection, Date, DateTime, Table

from send_desktop.domain import outreach as outreach_rules
from send_desktop.interchange.kind import Kind
from send_desktop.interchange.rows import ParsedRows
from send_desktop.interchange.values import SUPPRESSED
from send_desktop.storage.models import (
    Action,
    IntakeCount,
    Objective,
    QuestionnaireReturn,
    Referral,
    SenCount,
    Setting,
    SettingLink,
)


class _Clear:
    def __repr__(self) -> str:
        return "CLEAR"


CLEAR = _Clear()  # a column value meaning "set to empty" (None means "not given: keep")
FLAG_SUFFIX = "_suppressed"


@dataclass
class Resolved:
    """Per row: the existing record id (None: new), an identity for duplicate checks,
    a label for people, and column values (``None`` = not given, ``CLEAR`` = empty it).
    Filled a chunk of rows at a time by ``Target.resolve``."""

    ids: list[str | None]
    keys: list[tuple]
    labels: list[str]
    columns: dict[str, list[object]]
    notes: dict[int, str] = field(default_factory=dict)  # rows to check (how they matched)
    problems: dict[int, tuple[str, str]] = field(default_factory=dict)  # row -> (field, reason)

    def extend(self, ids: list, keys: list, labels: list, columns: dict[str, list]) -> None:
        self.ids += ids
        self.keys += keys
        self.labels += labels
        for name, values in columns.items():
            self.columns[name] += values


@dataclass
class Snapshot:
    """The target table as it was when the import's transaction began: every row as
    (id, version, *data columns), plus whatever the target needs to match rows."""

    columns: list[str]  # the data columns of ``rows``, after id and version
    rows: list[tuple]
    finder: SettingFinder | None = None
    keys: dict[tuple, str] | None = None  # natural key -> id (targets matched by value)
    # Work a target does once the rows are written, in the same transaction (ORM, audited):
    # ``after_write(session, batch_id)``.
    after_write: Callable[[Any, str], None] | None = None
    extra: dict = field(default_factory=dict)  # whatever else a target reads to match rows

    def __post_init__(self) -> None:
        self.by_id: dict[str, tuple] = {row[0]: row for row in self.rows}

    def picker(self, columns: list[str]) -> Callable[[tuple], tuple]:
        """A function taking a row of ``rows`` to its values of ``columns``, as a tuple."""
        where = [self.columns.index(c) + 2 for c in columns]
        if len(where) > 1:
            return itemgetter(*where)
        if where:
            one = itemgetter(where[0])
            return lambda row: (one(row),)
        return lambda _row: ()


def normalise_name(name: str | None) -> str:
    """'St. Mary's C of E Primary School ' -> 'st marys c of e primary school'."""
    text = (name or "").lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def flag_column(name: str, flags: Mapping[str, str] | None = None) -> str:
    """The column flagging a suppressed ``name``: ``name_suppressed`` unless ``flags`` (a
    target's own spelling, field -> column) says otherwise."""
    return flags[name] if flags and name in flags else name + FLAG_SUFFIX


def storage_column_names(
    parsed: ParsedRows, kind: Kind, table: Table, flags: Mapping[str, str] | None = None
) -> list[str]:
    """The columns ``storage_columns`` gives, in its order."""
    names = []
    for name in parsed.fields:
        if name in table.c:
            names.append(name)
            if flag_column(name, flags) in table.c:
                names.append(flag_column(name, flags))
    return names + [name for name in kind.constants if name in table.c]


def _iso(values: list) -> list:
    """Dates as the database stores them (each distinct date converted once)."""
    text = {d: d.isoformat() for d in set(values) if d is not None}
    text[None] = None
    return list(map(text.__getitem__, values))


def storage_columns(
    parsed: ParsedRows,
    kind: Kind,
    table: Table,
    start: int = 0,
    end: int | None = None,
    flags: Mapping[str, str] | None = None,
) -> dict[str, list[object]]:
    """Parsed values (of rows ``start``..``end``) as the table stores them; suppressed
    counts set their flag (``flag_column``)."""
    out: dict[str, list[object]] = {}
    end = len(parsed) if end is None else end
    n = end - start
    for name in parsed.fields:
        if name not in table.c:
            continue
        values = parsed.values[name][start:end]
        column_type = table.c[name].type
        if isinstance(column_type, Date | DateTime):
            out[name] = (
                _iso(values)
                if isinstance(column_type, Date)
                else [v.isoformat() if v is not None else None for v in values]
            )
        elif SUPPRESSED in values:
            out[name] = [CLEAR if v is SUPPRESSED else v for v in values]
            flag = flag_column(name, flags)
            if flag in table.c:
                out[flag] = [None if v is None else v is SUPPRESSED for v in values]
        else:
            out[name] = values
            flag = flag_column(name, flags)
            if flag in table.c:
                out[flag] = [None if v is None else False for v in values]
    for name, value in kind.constants.items():
        if name in table.c:
            out[name] = [value] * n
    return out


def data_columns(table: Table) -> list[str]:
    return [c.name for c in table.c if c.name not in ("id", "version", "created_at", "updated_at")]


def read_table(conn: Connection, table: Table) -> Snapshot:
    columns = data_columns(table)
    quoted = ", ".join(f'"{c}"' for c in columns)
    rows = fetch(conn, f'SELECT id, version, {quoted} FROM "{table.name}"')
    return Snapshot(columns, rows)


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

    def snapshot(self, conn: Connection) -> Snapshot:
        """Read the target table (and what matching needs) once, in the write transaction."""
        return read_table(conn, self.table)

    def resolve(
        self, snap: Snapshot, parsed: ParsedRows, kind: Kind, start: int, end: int, out: Resolved
    ) -> None:
        """Resolve rows ``start``..``end`` of ``parsed`` onto ``out`` (which holds the rows
        before ``start`` already)."""
        raise NotImplementedError

    def empty(self, parsed: ParsedRows, kind: Kind) -> Resolved:
        """A ``Resolved`` for no rows yet, with the columns this import writes."""
        columns = {name: [] for name in storage_column_names(parsed, kind, self.table)}
        return Resolved([], [], [], columns)

    def companions(
        self, snap: Snapshot, resolved: Resolved, indexes: list[int]
    ) -> list[tuple[Table, str, list[dict]]]:
        """Rows of other tables that the new rows at ``indexes`` need written first, as
        (table, audit label SQL, rows with their ids), e.g. a new leader's person."""
        return []


def find_setting(
    finder: SettingFinder,
    out: Resolved,
    i: int,
    urn: str | None,
    name: str | None,
    postcode: str | None,
    *,
    field: str = "name",
    advice: str = "import the setting first",
) -> tuple[str | None, str | None]:
    """(the setting's id, a note on how it was found); the id is None, with the problem
    noted against row ``i``, when the register has no such setting."""
    sid, note, problem = finder.find(urn, name, postcode)
    if sid is None:
        what = f"URN {urn}" if urn else f"'{name or ''}'"
        out.problems[i] = (
            "urn" if urn else field,
            problem or f"no setting in the register has {what}; {advice}",
        )
    return sid, note


def _field(parsed: ParsedRows, name: str, start: int, end: int) -> list:
    values = parsed.values.get(name)
    return values[start:end] if values is not None else [None] * (end - start)


class SettingTarget(Target):
    table = Setting.__table__

    def snapshot(self, conn: Connection) -> Snapshot:
        snap = read_table(conn, self.table)
        at = [snap.columns.index(c) + 2 for c in ("urn", "name", "postcode")]
        snap.finder = SettingFinder(conn, [(r[0], r[at[0]], r[at[1]], r[at[2]]) for r in snap.rows])
        return snap

    def resolve(
        self, snap: Snapshot, parsed: ParsedRows, kind: Kind, start: int, end: int, out: Resolved
    ) -> None:
        n = end - start
        urns = _field(parsed, "urn", start, end)
        names = _field(parsed, "name", start, end)
        postcodes = _field(parsed, "postcode", start, end)
        columns = storage_columns(parsed, kind, self.table, start, end)
        if "urn" in columns:
            columns["urn"] = list(columns["urn"])  # edited below; parsed values stay as read
        finder = snap.finder
        by_urn = finder.by_urn
        ids: list[str | None] = list(map(by_urn.get, urns))
        # Most rows have a URN: a setting has it, or (no GIAS link, no setting without a URN
        # to match by name) it is a new setting. Those are sorted without a loop.
        if None not in urns and not finder.successors and not finder.has_settings_without_urn:
            unknown = ids.count(None)
            if not unknown:  # all in the register: a re-import
                keys = list(zip(repeat("id"), ids))
            elif unknown == n:  # all new: a first import
                keys = list(zip(repeat("urn"), urns))
            else:
                pairs = zip(ids, urns, strict=True)
                keys = [("urn", u) if sid is None else ("id", sid) for sid, u in pairs]
            labels = names
            if None in names or "" in names:
                triples = zip(names, urns, ids, strict=True)
                labels = [n or (u if sid is None else "") for n, u, sid in triples]
            out.extend(ids, keys, labels, columns)
            return
        keys = [()] * n
        labels = [""] * n
        for j in range(n):
            sid, urn = ids[j], urns[j]
            if sid is not None:
                keys[j], labels[j] = ("id", sid), names[j] or ""
                continue
            i = start + j
            sid, note, problem = finder.find(urn, names[j], postcodes[j])
            labels[j] = names[j] or finder.names.get(sid or "", "") or (urn or "")
            if problem:
                out.problems[i] = ("urn" if urn else "name", problem)
                continue
            if note:
                out.notes[i] = note
            if sid:
                ids[j], keys[j] = sid, ("id", sid)
                if urn and "urn" in columns and finder.urn_of(sid):
                    columns["urn"][j] = None  # an old URN never replaces the current one
            elif urn:
                keys[j] = ("urn", urn)
            else:
                keys[j] = ("name", normalise_name(names[j]), postcodes[j])
                out.notes[i] = "no URN: added as a new setting; please check"
        out.extend(ids, keys, labels, columns)


class SenCountTarget(Target):
    """A figure per setting and year (``year_column``), the setting found by URN (following
    GIAS links) or by name and postcode."""

    table = SenCount.__table__
    label_sql = "(SELECT name FROM setting WHERE setting.id = setting_id) || ' ' || \"year\""
    year_column = "year"
    flags: Mapping[str, str] | None = None

    def snapshot(self, conn: Connection) -> Snapshot:
        snap = read_table(conn, self.table)
        at = [snap.columns.index(c) + 2 for c in ("setting_id", self.year_column)]
        snap.keys = {(r[at[0]], r[at[1]]): r[0] for r in snap.rows}
        snap.finder = SettingFinder(conn)
        return snap

    def resolve(
        self, snap: Snapshot, parsed: ParsedRows, kind: Kind, start: int, end: int, out: Resolved
    ) -> None:
        finder, existing = snap.finder, snap.keys
        n = end - start
        urns = _field(parsed, "urn", start, end)
        names = _field(parsed, "name", start, end)
        postcodes = _field(parsed, "postcode", start, end)
        years = parsed.values[self.year_column][start:end]
        columns = storage_columns(parsed, kind, self.table, start, end, self.flags)
        setting_ids: list[object] = [None] * n
        columns["setting_id"] = setting_ids
        ids: list[str | None] = [None] * n
        keys: list[tuple] = [()] * n
        labels: list[str] = [""] * n
        for j in range(n):
            i = start + j
            sid, note = find_setting(finder, out, i, urns[j], names[j], postcodes[j])
            if sid is None:
                continue
            if note:
                out.notes[i] = note
            setting_ids[j] = sid
            labels[j] = f"{finder.names[sid]} {years[j]}"
            keys[j] = (sid, years[j])
            ids[j] = existing.get((sid, years[j]))
        out.extend(ids, keys, labels, columns)

    def empty(self, parsed: ParsedRows, kind: Kind) -> Resolved:
        names = storage_column_names(parsed, kind, self.table, self.flags)
        columns = {name: [] for name in names}
        columns["setting_id"] = []
        return Resolved([], [], [], columns)


class IntakeTarget(SenCountTarget):
    """Year 7 EHCP intake counts: one per setting and intake year. The table's flag for a
    suppressed count is ``suppressed`` (the import's own spelling is ``count_suppressed``)."""

    table = IntakeCount.__table__
    label_sql = "(SELECT name FROM setting WHERE setting.id = setting_id) || ' ' || \"intake_year\""
    year_column = "intake_year"
    flags = {"count": "suppressed"}


class LinkTarget(Target):
    table = SettingLink.__table__
    label_sql = "\"urn\" || ' -> ' || linked_urn || ' (' || link_type || ')'"

    def snapshot(self, conn: Connection) -> Snapshot:
        snap = read_table(conn, self.table)
        at = [snap.columns.index(c) + 2 for c in ("urn", "linked_urn", "link_type")]
        snap.keys = {tuple(r[k] for k in at): r[0] for r in snap.rows}
        return snap

    def resolve(
        self, snap: Snapshot, parsed: ParsedRows, kind: Kind, start: int, end: int, out: Resolved
    ) -> None:
        urns, linked, types = (
            parsed.values[k][start:end] for k in ("urn", "linked_urn", "link_type")
        )
        columns = storage_columns(parsed, kind, self.table, start, end)
        keys = list(zip(urns, linked, types, strict=True))
        labels = [f"{a} -> {b} ({t})" for a, b, t in keys]
        out.extend(list(map(snap.keys.get, keys)), keys, labels, columns)


class ActionTarget(Target):
    """Actions matched by objective and action text (ignoring case and punctuation). A row
    under an objective not yet in the plan is written without one; once the rows are
    written, the new objectives are added and those actions filed under them (audited)."""

    table = Action.__table__
    label_sql = 'substr("description", 1, 120)'

    def snapshot(self, conn: Connection) -> Snapshot:
        snap = read_table(conn, self.table)
        objectives = fetch(conn, "SELECT id, title, seq FROM objective")
        by_title = {normalise_name(title): oid for oid, title, _ in objectives}
        at = [snap.columns.index(c) + 2 for c in ("objective_id", "description")]
        snap.keys = {(r[at[0]], normalise_name(r[at[1]])): r[0] for r in snap.rows}
        pending: dict[str, str] = {}  # normalised action text -> new objective's title
        last_seq = max((seq or 0 for _, _, seq in objectives), default=0)

        def after_write(session: Any, batch_id: str) -> None:
            if not pending:
                return
            from sqlalchemy import bindparam, select

            from send_desktop.storage.models import AuditEntry

            written = select(AuditEntry.record_id).where(
                AuditEntry.batch_id == batch_id, AuditEntry.table_name == "action"
            )
            made: dict[str, Objective] = {}
            filed: list[dict[str, Any]] = []
            actions = session.execute(
                select(Action.id, Action.description).where(
                    Action.id.in_(written), Action.objective_id.is_(None)
                )
            )
            # The new objectives belong to the batch (undoing it removes them too).
            session.info["batch_id"] = batch_id
            try:
                for action_id, description in actions.all():
                    title = pending.get(normalise_name(description))
                    if title is None:
                        continue
                    key = normalise_name(title)
                    if key not in made:
                        made[key] = Objective(title=title, seq=last_seq + len(made) + 1)
                        session.add(made[key])
                        session.flush()
                    filed.append({"aid": action_id, "oid": made[key].id})
            finally:
                session.info.pop("batch_id", None)
            if filed:
                # Part of making the action (still version 1, its create row covers it),
                # not a later change: so the import stays undoable.
                table = Action.__table__
                session.execute(
                    table.update()
                    .where(table.c.id == bindparam("aid"))
                    .values(objective_id=bindparam("oid")),
                    filed,
                )

        snap.finder = None
        snap.after_write = after_write
        snap.by_title = by_title  # type: ignore[attr-defined]
        snap.pending = pending  # type: ignore[attr-defined]
        snap.new_titles = set()  # type: ignore[attr-defined]
        return snap

    def resolve(
        self, snap: Snapshot, parsed: ParsedRows, kind: Kind, start: int, end: int, out: Resolved
    ) -> None:
        titles = parsed.values["objective"][start:end]
        texts = parsed.values["description"][start:end]
        columns = storage_columns(parsed, kind, self.table, start, end)
        by_title = snap.by_title  # type: ignore[attr-defined]
        pending = snap.pending  # type: ignore[attr-defined]
        new_titles = snap.new_titles  # type: ignore[attr-defined]
        objective_ids: list[object] = []
        ids: list[str | None] = []
        keys: list[tuple] = []
        for j, (title, text) in enumerate(zip(titles, texts, strict=True)):
            oid = by_title.get(normalise_name(title))
            objective_ids.append(oid)
            action_key = normalise_name(text)
            if oid is None:
                if normalise_name(title) not in new_titles:
                    new_titles.add(normalise_name(title))
                    out.notes[start + j] = f"objective '{title}' is new: it will be added"
                pending[action_key] = title
                keys.append(("new objective", normalise_name(title), action_key))
                ids.append(None)
            else:
                keys.append((oid, action_key))
                ids.append(snap.keys.get((oid, action_key)))
        columns["objective_id"] = objective_ids
        columns["rag"] = [None] * len(texts)  # not read: new rows get the default, green
        labels = [(t or "")[:120] for t in texts]
        out.extend(ids, keys, labels, columns)

    def empty(self, parsed: ParsedRows, kind: Kind) -> Resolved:
        columns = {name: [] for name in storage_column_names(parsed, kind, self.table)}
        columns["objective_id"] = []
        columns["rag"] = []
        return Resolved([], [], [], columns)


TARGETS: dict[str, Target] = {
    "setting": SettingTarget(),
    "sen_count": SenCountTarget(),
    "setting_link": LinkTarget(),
    "action": ActionTarget(),
    "intake_count": IntakeTarget(),
}


def _add_tirp_targets() -> None:
    from send_desktop.services import imports_targets_tirp as tirp

    TARGETS["waitlist_entry"] = tirp.WaitlistTarget()
    TARGETS["cohort_leader"] = tirp.LeaderTarget()
    TARGETS["attendance"] = tirp.AttendanceTarget()


_add_tirp_targets()


@dataclass
class _ReferralSnapshot(Snapshot):
    packages: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    held: dict[tuple, int] = field(default_factory=lambda: defaultdict(int))  # (package, term)
    seen: dict[tuple, str] = field(default_factory=dict)  # key -> status of its first row


class ReferralTarget(Target):
    """Outreach referrals: the setting (URN, or name and postcode) and the package (by name,
    and provider when two packages share a name); one referral per setting, package and date
    received. Capacity holds across the file: a row asking for a place (accepted or in
    delivery) when its package is full that term is imported as waitlisted, with a note.
    An existing referral keeps its status and evidence: its steps are recorded on the
    Outreach page, each with who and why."""

    table = Referral.__table__
    label_sql = (
        "(SELECT name FROM setting WHERE setting.id = setting_id) || ' \u2192 ' || "
        "(SELECT name FROM outreach_package k WHERE k.id = package_id)"
    )

    def snapshot(self, conn: Connection) -> Snapshot:
        table = read_table(conn, self.table)
        snap = _ReferralSnapshot(table.columns, table.rows)
        at = {c: snap.columns.index(c) + 2 for c in ("setting_id", "package_id", "received_on")}
        snap.keys = {
            (r[at["setting_id"]], r[at["package_id"]], r[at["received_on"]]): r[0]
            for r in snap.rows
        }
        snap.finder = SettingFinder(conn)
        for pid, name, provider, places, is_open, evidence in fetch(
            conn,
            "SELECT k.id, k.name, s.name, k.places_per_term, k.open_for_applications, "
            "k.evidence_required FROM outreach_package k "
            "JOIN outreach_provider p ON p.id = k.provider_id "
            "JOIN setting s ON s.id = p.setting_id",
        ):
            snap.packages[normalise_name(name)].append(
                (pid, name, normalise_name(provider), places, bool(is_open), evidence)
            )
        status_at, term_at = snap.columns.index("status") + 2, snap.columns.index("term") + 2
        for r in snap.rows:
            if r[status_at] in outreach_rules.HOLDING:
                snap.held[(r[at["package_id"]], r[term_at])] += 1
        return snap

    def _package(self, snap: _ReferralSnapshot, name: str, provider: str | None) -> tuple:
        """(package row, problem)."""
        found = snap.packages.get(normalise_name(name), [])
        if provider:
            found = [p for p in found if p[2] == normalise_name(provider)]
        if len(found) == 1:
            return found[0], None
        if found:
            return None, f"{len(found)} packages are called '{name}'; add the provider"
        known = sorted(p[1] for rows in snap.packages.values() for p in rows)
        listing = ", ".join(known[:6]) + (", ..." if len(known) > 6 else "") or "none yet"
        return None, f"no outreach package called '{name}' (packages: {listing})"

    def resolve(  # noqa: C901 - one pass over the rows, in order
        self,
        snap: _ReferralSnapshot,  # type: ignore[override]
        parsed: ParsedRows,
        kind: Kind,
        start: int,
        end: int,
        out: Resolved,
    ) -> None:
        n = end - start
        urns = _field(parsed, "urn", start, end)
        names = _field(parsed, "name", start, end)
        postcodes = _field(parsed, "postcode", start, end)
        packages = _field(parsed, "package", start, end)
        providers = _field(parsed, "provider", start, end)
        evidence = _field(parsed, "evidence", start, end)
        columns = storage_columns(parsed, kind, self.table, start, end)
        columns["setting_id"], columns["package_id"] = [None] * n, [None] * n
        received = columns["received_on"]
        terms = columns.get("term") or [None] * n
        # a file without a status column: new referrals are received (the column has no
        # default in the database itself)
        columns["status"] = list(columns.get("status") or [outreach_rules.RECEIVED] * n)
        if "evidence" in columns:
            columns["evidence"] = [None] * n
        ids: list[str | None] = [None] * n
        keys: list[tuple] = [()] * n
        labels: list[str] = [""] * n
        for j in range(n):
            i = start + j
            sid, note = find_setting(snap.finder, out, i, urns[j], names[j], postcodes[j])
            if sid is None:
                continue
            package, problem = self._package(snap, packages[j], providers[j])
            if package is None:
                out.problems[i] = ("package", problem)
                continue
            pid, package_name, _prov, places, is_open, required = package
            key = (sid, pid, received[j])
            ids[j] = snap.keys.get(key)
            keys[j], labels[j] = key, f"{snap.finder.names[sid]} \u2192 {package_name}"
            columns["setting_id"][j], columns["package_id"][j] = sid, pid
            notes = [note] if note else []
            if ids[j] is not None:  # steps of an existing referral are recorded on the page
                columns["status"][j] = None
                if note:
                    out.notes[i] = note
                continue
            if not is_open:
                out.problems[i] = ("package", f"{package_name} is not open for applications")
                continue
            if "evidence" in columns:
                columns["evidence"][j] = _evidence_json(evidence[j], required)
            asked = columns["status"][j] or outreach_rules.RECEIVED
            if key in snap.seen:  # a repeat of an earlier row: the same status as it
                columns["status"][j] = snap.seen[key]
            else:
                bucket = (pid, terms[j])
                status, why = outreach_rules.place(asked, snap.held[bucket], places)
                if status in outreach_rules.HOLDING:
                    snap.held[bucket] += 1
                if why:
                    notes.append(f"{asked} in the file; imported as waitlisted: {why}")
                columns["status"][j] = snap.seen[key] = status
            if notes:
                out.notes[i] = "; ".join(notes)
        out.extend(ids, keys, labels, columns)

    def empty(self, parsed: ParsedRows, kind: Kind) -> Resolved:
        columns = {name: [] for name in storage_column_names(parsed, kind, self.table)}
        columns["setting_id"], columns["package_id"], columns["status"] = [], [], []
        return Resolved([], [], [], columns)


def _evidence_json(text: str | None, required: str | None) -> str:
    """The package's checklist, ticked for each item the file names (';'-separated, in any
    case and spacing); items the package does not ask for are kept as given."""
    items = outreach_rules.evidence_items(required)
    given = [part.strip() for part in (text or "").split(";") if part.strip()]
    by_key = {normalise_name(item): item for item in items}
    ticks = dict.fromkeys(items, False)
    for part in given:
        ticks[by_key.get(normalise_name(part), part)] = True
    return json.dumps(ticks, ensure_ascii=False)


TARGETS["referral"] = ReferralTarget()


class QuestionnaireTarget(Target):
    """Questionnaire returns: one per setting and questionnaire (named by its column, else by
    the sheet). A school's answers come back as ``{question: answer}``; a return sent again
    replaces its answers."""

    table = QuestionnaireReturn.__table__
    label_sql = "(SELECT name FROM setting WHERE setting.id = setting_id) || ': ' || questionnaire"

    def snapshot(self, conn: Connection) -> Snapshot:
        snap = read_table(conn, self.table)
        at = [snap.columns.index(c) + 2 for c in ("setting_id", "questionnaire")]
        snap.keys = {(r[at[0]], r[at[1]]): r[0] for r in snap.rows}
        snap.finder = SettingFinder(conn)
        return snap

    def resolve(
        self, snap: Snapshot, parsed: ParsedRows, kind: Kind, start: int, end: int, out: Resolved
    ) -> None:
        finder, existing = snap.finder, snap.keys
        n = end - start
        urns = _field(parsed, "urn", start, end)
        names = _field(parsed, "name", start, end)
        postcodes = _field(parsed, "postcode", start, end)
        answers = _field(parsed, "answers", start, end)
        columns = storage_columns(parsed, kind, self.table, start, end)
        default_name = (parsed.sheet or "Questionnaire")[:200]
        titles = [t or default_name for t in _field(parsed, "questionnaire", start, end)]
        columns["questionnaire"] = titles
        columns["answers"] = [None] * n
        columns["setting_id"] = [None] * n
        ids: list[str | None] = [None] * n
        keys: list[tuple] = [()] * n
        labels: list[str] = [""] * n
        for j in range(n):
            i = start + j
            sid, note = find_setting(finder, out, i, urns[j], names[j], postcodes[j])
            if sid is None:
                continue
            if not answers[j]:
                out.problems[i] = ("", "the row answers no question")
                continue
            if note:
                out.notes[i] = note
            columns["setting_id"][j] = sid
            columns["answers"][j] = json.dumps(answers[j], ensure_ascii=False)
            keys[j] = (sid, titles[j])
            labels[j] = f"{finder.names[sid]}: {titles[j]}"
            ids[j] = existing.get(keys[j])
        out.extend(ids, keys, labels, columns)

    def empty(self, parsed: ParsedRows, kind: Kind) -> Resolved:
        columns = {name: [] for name in storage_column_names(parsed, kind, self.table)}
        for name in ("setting_id", "questionnaire", "answers"):
            columns[name] = []
        return Resolved([], [], [], columns)


TARGETS["questionnaire_return"] = QuestionnaireTarget()
