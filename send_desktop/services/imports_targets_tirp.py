"""Where TIRP imports go: waitlist entries, cohort leaders and attendance marks.

Each finds the setting a row is about the way every import does (``SettingFinder``: URN,
GIAS links, name and postcode), then the TIRP record: the setting's waiting entry, the
member's leader, the session's mark. A row about something the register does not have
(no such cohort, a setting not enrolled, no such leader) is rejected with the reason.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, Table

from send_desktop.domain.vocab import CohortStatus, WaitlistStatus
from send_desktop.interchange.kind import Kind
from send_desktop.interchange.rows import ParsedRows
from send_desktop.services.imports_targets import (
    Resolved,
    SettingFinder,
    Snapshot,
    Target,
    _field,
    fetch,
    find_setting,
    read_table,
    storage_column_names,
    storage_columns,
)
from send_desktop.storage.base import new_uuid
from send_desktop.storage.models import Attendance, CohortLeader, Person, WaitlistEntry


def _fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _find_setting(
    finder: SettingFinder, out: Resolved, i: int, urn: str | None, name: str | None, pc: str | None
) -> str | None:
    """The setting's id, or None with the problem noted against row ``i``."""
    sid, note = find_setting(
        finder, out, i, urn, name, pc, field="setting", advice="add the setting first"
    )
    if note and sid is not None:
        out.notes[i] = note
    return sid


def _with(parsed: ParsedRows, kind: Kind, table: Table, extra: tuple[str, ...]) -> Resolved:
    names = storage_column_names(parsed, kind, table)
    columns = {name: [] for name in [*names, *(e for e in extra if e not in names)]}
    return Resolved([], [], [], columns)


class WaitlistTarget(Target):
    """One waiting entry per setting: a row for a setting already waiting updates it."""

    table = WaitlistEntry.__table__
    label_sql = "(SELECT name FROM setting WHERE setting.id = setting_id)"

    def snapshot(self, conn: Connection) -> Snapshot:
        snap = read_table(conn, self.table)
        at = [snap.columns.index(c) + 2 for c in ("setting_id", "status")]
        waiting = WaitlistStatus.WAITING.value
        snap.keys = {(r[at[0]],): r[0] for r in snap.rows if r[at[1]] == waiting}
        snap.finder = SettingFinder(conn)
        snap.extra["running"] = dict(
            fetch(
                conn,
                "SELECT m.setting_id, c.name FROM cohort_member m JOIN cohort c"
                " ON c.id = m.cohort_id WHERE c.status = ? AND m.withdrawn_on IS NULL",
                (CohortStatus.RUNNING.value,),
            )
        )
        return snap

    def empty(self, parsed: ParsedRows, kind: Kind) -> Resolved:
        return _with(parsed, kind, self.table, ("setting_id", "status", "priority"))

    def resolve(
        self, snap: Snapshot, parsed: ParsedRows, kind: Kind, start: int, end: int, out: Resolved
    ) -> None:
        n = end - start
        urns, names, pcs = (_field(parsed, f, start, end) for f in ("urn", "setting", "postcode"))
        columns = storage_columns(parsed, kind, self.table, start, end)
        columns["setting_id"] = setting_ids = [None] * n
        columns["status"] = statuses = [None] * n
        columns.setdefault("priority", [None] * n)
        ids: list[str | None] = [None] * n
        keys: list[tuple] = [()] * n
        labels = [""] * n
        running = snap.extra["running"]
        at_added = snap.columns.index("added_on") + 2
        for j in range(n):
            i = start + j
            sid = _find_setting(snap.finder, out, i, urns[j], names[j], pcs[j])
            if sid is None:
                continue
            labels[j] = snap.finder.names[sid]
            if sid in running:
                out.problems[i] = ("urn", f"{labels[j]} is in {running[sid]}, which is running")
                continue
            setting_ids[j], keys[j] = sid, (sid,)
            ids[j] = snap.keys.get((sid,))
            if ids[j] is None:
                statuses[j] = WaitlistStatus.WAITING.value
                continue
            since = snap.by_id[ids[j]][at_added]
            asked = columns["added_on"][j] if "added_on" in columns else None
            if since and asked and asked > str(since)[:10]:
                columns["added_on"][j] = None  # first come, first served: never pushed back
                when = f"{since[8:10]}/{since[5:7]}/{since[:4]}"
                out.notes[i] = f"already waiting since {when}: that date is kept"
        out.extend(ids, keys, labels, columns)


def _people(conn: Connection) -> tuple[dict[str, str], dict[str, str]]:
    """(email -> person id, person id -> name), emails compared ignoring case."""
    rows = fetch(conn, "SELECT id, full_name, email FROM person")
    return {_fold(e): pid for pid, _n, e in rows if e}, {pid: n for pid, n, _e in rows}


def _cohorts(conn: Connection) -> dict[str, tuple[str, str]]:
    return {_fold(n): (cid, n) for cid, n in fetch(conn, "SELECT id, name FROM cohort")}


def _leaders(conn: Connection) -> dict[str, list[tuple[str, str, str, str | None]]]:
    """member id -> [(leader id, person id, name, email)]."""
    out: dict[str, list] = defaultdict(list)
    for lid, mid, pid, name, email in fetch(
        conn,
        "SELECT l.id, l.member_id, l.person_id, p.full_name, p.email FROM cohort_leader l"
        " JOIN person p ON p.id = l.person_id",
    ):
        out[mid].append((lid, pid, name, email))
    return out


def _member(snap: Snapshot, out: Resolved, i: int, cohort: str, sid: str) -> str | None:
    """The member id of setting ``sid`` in the named cohort, or None with the problem noted."""
    found = snap.extra["cohorts"].get(_fold(cohort))
    if found is None:
        known = ", ".join(sorted(n for _c, n in snap.extra["cohorts"].values())) or "none yet"
        out.problems[i] = ("cohort", f"there is no cohort named '{cohort}' (cohorts: {known})")
        return None
    member = snap.extra["members"].get((found[0], sid))
    if member is None:
        name = snap.finder.names[sid]
        out.problems[i] = ("urn", f"{name} is not enrolled in {found[1]}; enrol it first")
    return member


def _member_snapshot(conn: Connection, snap: Snapshot) -> None:
    snap.finder = SettingFinder(conn)
    snap.extra["cohorts"] = _cohorts(conn)
    snap.extra["members"] = {
        (c, s): m for m, c, s in fetch(conn, "SELECT id, cohort_id, setting_id FROM cohort_member")
    }
    snap.extra["leaders"] = _leaders(conn)


def _match_leader(
    leaders: list[tuple[str, str, str, str | None]], name: str, email: str | None
) -> tuple[str, str] | None:
    """(leader id, person id) of the member's leader with this email, else this name."""
    if email:
        for lid, pid, _n, e in leaders:
            if _fold(e) == _fold(email):
                return lid, pid
    named = [(lid, pid) for lid, pid, n, _e in leaders if _fold(n) == _fold(name)]
    return named[-1] if named else None


class LeaderTarget(Target):
    """A member setting's named leaders. A leader not yet in People is added there too."""

    table = CohortLeader.__table__
    label_sql = "(SELECT full_name FROM person WHERE person.id = person_id)"

    def snapshot(self, conn: Connection) -> Snapshot:
        snap = read_table(conn, self.table)
        _member_snapshot(conn, snap)
        snap.extra["emails"], snap.extra["names"] = _people(conn)
        snap.extra["new_people"] = {}  # person id -> column values, for people this adds
        snap.extra["sent"] = set()  # new people already handed to the writer
        return snap

    def empty(self, parsed: ParsedRows, kind: Kind) -> Resolved:
        return _with(parsed, kind, self.table, ("member_id", "person_id"))

    def resolve(
        self, snap: Snapshot, parsed: ParsedRows, kind: Kind, start: int, end: int, out: Resolved
    ) -> None:
        n = end - start
        get = {f: _field(parsed, f, start, end) for f in ("urn", "setting", "postcode", "cohort")}
        people = _field(parsed, "leader", start, end)
        emails = _field(parsed, "email", start, end)
        roles = _field(parsed, "role", start, end)
        columns = storage_columns(parsed, kind, self.table, start, end)
        columns["member_id"] = member_ids = [None] * n
        columns["person_id"] = person_ids = [None] * n
        ids: list[str | None] = [None] * n
        keys: list[tuple] = [()] * n
        labels = list(people)
        new_people, by_email = snap.extra["new_people"], snap.extra["emails"]
        for j in range(n):
            i = start + j
            sid = _find_setting(
                snap.finder, out, i, get["urn"][j], get["setting"][j], get["postcode"][j]
            )
            if sid is None:
                continue
            mid = _member(snap, out, i, get["cohort"][j], sid)
            if mid is None:
                continue
            found = _match_leader(snap.extra["leaders"].get(mid, []), people[j], emails[j])
            if found:
                ids[j], pid = found
            elif emails[j] and _fold(emails[j]) in by_email:
                pid = by_email[_fold(emails[j])]
            else:
                pid = new_uuid()
                new_people[pid] = {
                    "full_name": people[j],
                    "email": emails[j],
                    "job_title": roles[j],
                }
                if emails[j]:
                    by_email[_fold(emails[j])] = pid
                out.notes[i] = f"{people[j]} is new: added to People"
                # A later row for the same new person (another setting) finds them here.
                snap.extra["leaders"].setdefault(mid, []).append(("", pid, people[j], emails[j]))
            if ids[j] == "":
                ids[j] = None
            member_ids[j], person_ids[j] = mid, pid
            keys[j] = (mid, pid)
        out.extend(ids, keys, labels, columns)

    def companions(self, snap: Snapshot, resolved: Resolved, indexes: list[int]) -> list:
        new_people, sent = snap.extra["new_people"], snap.extra["sent"]
        rows = []
        for i in indexes:
            pid = resolved.columns["person_id"][i]
            if pid in new_people and pid not in sent:
                sent.add(pid)
                rows.append({"id": pid, **new_people[pid]})
        return [(Person.__table__, '"full_name"', rows)] if rows else []


class AttendanceTarget(Target):
    """One mark per leader per session: a row for a marked leader updates the mark."""

    table = Attendance.__table__
    label_sql = (
        "(SELECT p.full_name || ', session ' || s.seq FROM cohort_leader l"
        " JOIN person p ON p.id = l.person_id, cohort_session s"
        " WHERE l.id = leader_id AND s.id = session_id)"
    )

    def snapshot(self, conn: Connection) -> Snapshot:
        snap = read_table(conn, self.table)
        at = [snap.columns.index(c) + 2 for c in ("session_id", "leader_id")]
        snap.keys = {(r[at[0]], r[at[1]]): r[0] for r in snap.rows}
        _member_snapshot(conn, snap)
        sessions: dict[str, dict] = defaultdict(dict)
        for sid, cid, seq, held in fetch(
            conn, "SELECT id, cohort_id, seq, held_on FROM cohort_session"
        ):
            sessions[cid][seq] = (sid, str(held)[:10] if held else None)
        snap.extra["sessions"] = sessions
        return snap

    def empty(self, parsed: ParsedRows, kind: Kind) -> Resolved:
        return _with(parsed, kind, self.table, ("session_id", "leader_id"))

    def _session(self, snap: Snapshot, out: Resolved, i: int, cohort: str, seq, held):  # noqa: ANN001, ANN202
        cid, cname = snap.extra["cohorts"][_fold(cohort)]
        sessions = snap.extra["sessions"].get(cid, {})
        day = held.isoformat() if held else None
        if not seq and not day:
            out.problems[i] = ("session", "give the session number or its date")
            return None
        if seq:
            found = sessions.get(seq)
            if found is None:
                out.problems[i] = ("session", f"{cname} has no session {seq}")
                return None
            if day and found[1] and found[1] != day:
                when = f"{found[1][8:10]}/{found[1][5:7]}/{found[1][:4]}"
                out.problems[i] = ("held_on", f"session {seq} of {cname} is on {when}")
                return None
            return found[0]
        matches = [s for s, d in sessions.values() if d == day]
        if len(matches) != 1:
            how = "no session" if not matches else "more than one session"
            out.problems[i] = ("held_on", f"{cname} has {how} on {held:%d/%m/%Y}")
            return None
        return matches[0]

    def resolve(
        self, snap: Snapshot, parsed: ParsedRows, kind: Kind, start: int, end: int, out: Resolved
    ) -> None:
        n = end - start
        get = {
            f: _field(parsed, f, start, end)
            for f in (
                *("urn", "setting", "postcode", "cohort"),
                *("session", "held_on", "leader", "email"),
            )
        }
        columns = storage_columns(parsed, kind, self.table, start, end)
        columns["session_id"] = session_ids = [None] * n
        columns["leader_id"] = leader_ids = [None] * n
        ids: list[str | None] = [None] * n
        keys: list[tuple] = [()] * n
        labels = list(get["leader"])
        for j in range(n):
            i = start + j
            sid = _find_setting(
                snap.finder, out, i, get["urn"][j], get["setting"][j], get["postcode"][j]
            )
            if sid is None:
                continue
            mid = _member(snap, out, i, get["cohort"][j], sid)
            if mid is None:
                continue
            session = self._session(
                snap, out, i, get["cohort"][j], get["session"][j], get["held_on"][j]
            )
            if session is None:
                continue
            found = _match_leader(
                snap.extra["leaders"].get(mid, []), get["leader"][j], get["email"][j]
            )
            if found is None:
                setting = snap.finder.names[sid]
                out.problems[i] = ("leader", f"{setting} has no leader named {get['leader'][j]}")
                continue
            session_ids[j], leader_ids[j] = session, found[0]
            keys[j] = (session, found[0])
            ids[j] = snap.keys.get(keys[j])
        out.extend(ids, keys, labels, columns)
