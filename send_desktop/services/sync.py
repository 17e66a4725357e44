"""Shared-drive sync: laptops that are never online together exchange change files.

Design (issue 8), and why:

- **Capture.** SQLite triggers note every local change (``storage/sync_capture.py``):
  imports write in bulk past the ORM, so a session hook would miss them; triggers see the
  ORM, bulk inserts, undo and plain SQL alike, in the same transaction as the change.
- **Versions, never clocks.** Laptop clocks disagree, so a field's history is a version
  vector (``domain/version_vectors.py``): for each laptop, the number of its change file
  that last touched the field. A laptop's files are numbered 1, 2, 3 … by itself.
- **Change files.** One file per sync with changes, ``send-<replica>-<n>.sendsync``
  (``interchange/sync_files.py``): origin, number, the files it had applied (``seen``),
  and per record its version vector, the changed fields with the versions they replace,
  tombstones for deletions; zlib-compressed, optionally AES-GCM encrypted with the team
  passphrase, sealed with a SHA-256. Written to a temporary name and renamed. A file is
  committed to the database (``sync_outbox``) before it is written to the folder, so a
  sync killed in between writes it next time instead of losing it.
- **Apply.** A peer's file is applied once, whole, in one transaction, together with the
  note that it was applied (``sync_file``): a sync killed between files leaves every
  file either applied or not, and the next sync carries on; a file applied twice changes
  nothing (it is skipped by name, and every field older than the one here is ignored).
  A file waits until the files it had seen are applied here (causal order), so a change
  never arrives before the record it changes. Merge rules: ``services/sync_apply.py``;
  conflicts keep both values until a lead chooses (``services/sync_conflicts.py``). A
  file whose edit would give a record a key another record here has is applied again,
  carefully, with that field a conflict (``services/sync_clash.py``), never refused for
  good: the files after it build on it.
- **Identity.** Each database has its own replica id (made with it). A folder file with
  this database's id that this database did not write means two files share one id: a
  copy of a database that had synced is refused and told to re-join (a new, empty
  database synced with the folder receives everything). A copy that has never synced has
  no history to diverge, so it simply takes a new id at its first sync.
- **Not on the share.** The database stays on the laptop; only change files go to the
  folder (``storage/fileinfo.is_network_path`` refuses a database on a network drive).
"""

from __future__ import annotations

import getpass
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from send_desktop.interchange import sync_files
from send_desktop.interchange.sync_files import ChangeFileError, FolderFile
from send_desktop.services import sync_stream
from send_desktop.services.sync_apply import Applied, SyncError, apply_payload, keep_references
from send_desktop.services.sync_clash import place_freed_duplicates
from send_desktop.services.sync_conflicts import Conflict, pending
from send_desktop.services.sync_send import build_changes
from send_desktop.services.sync_state import (
    DUPLICATE,
    collect_clocks,
    connect,
    meta,
    now_text,
    receiving,
    renew_replica_id,
    replica_id,
    set_meta,
    tables,
)
from send_desktop.services.tasks import (
    CancelledError,
    CancelToken,
    Progress,
    bulk_job,
    no_progress,
)

FOLDER_KEY = "sync_folder"


class SyncRefusedError(Exception):
    """The sync cannot run at all (folder missing, a copied database); nothing changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class SyncResult:
    sent: int = 0
    received: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # ignored copies, waiting files
    refused: list[str] = field(default_factory=list)  # files refused (nothing applied)
    written: Path | None = None
    renewed: bool = False

    def summary_line(self) -> str:
        return (
            f"sent: {self.sent} changes, received: {self.received} changes, "
            f"conflicts: {len(self.conflicts)}"
        )


def remembered_folder(path: Path) -> Path | None:
    conn = connect(path)
    try:
        value = meta(conn, FOLDER_KEY)
    finally:
        conn.close()
    return Path(value) if value else None


def backup_before_sync(db_path: Path) -> Callable[[], object] | None:
    """The backup made before a sync applies anything: issue 9's ``backup_before`` (its
    naming and thinning) once ``services/backups.py`` provides it."""
    try:
        from send_desktop.services import backups
    except ImportError:
        return None
    backup_before = getattr(backups, "backup_before", None)
    return None if backup_before is None else (lambda: backup_before(db_path, "sync"))


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _transaction(
    conn: sqlite3.Connection,
    work: Callable[[], object],
    repair: Callable[[], object] | None = None,
) -> object:
    """``work`` in one transaction. A commit refused for broken references (foreign keys
    are deferred while a file is applied) leaves the transaction open: ``repair`` mends
    them and the commit is tried once more."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = work()
        try:
            conn.execute("COMMIT")
        except conn.IntegrityError:
            if repair is None or not conn.in_transaction:
                raise
            repair()
            conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return result


def sync(
    db_path: Path,
    folder: Path,
    *,
    passphrase: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    before_apply: Callable[[], object] | None = None,
) -> SyncResult:
    """Apply every peer file not yet applied, then send this laptop's changes as one file.

    ``before_apply`` runs once, before the first peer file is applied; by default it is
    the backup made before a sync (``backup_before_sync``)."""
    folder = Path(folder)
    if not Path(db_path).exists():  # a new laptop joins: its database is made here
        from send_desktop.storage.database import create_database

        create_database(Path(db_path)).close()
    if before_apply is None:
        before_apply = backup_before_sync(db_path)
    if not folder.is_dir():
        raise SyncRefusedError(f"the shared folder {folder} does not exist or is not a folder.")
    result = SyncResult()
    conn = connect(db_path)
    try:
        _flush_outbox(conn, folder)
        listing = sync_files.list_folder(folder)
        for path, why in listing.ignored:
            result.warnings.append(f"ignored {path.name}: it looks like {why}.")
        me = _check_identity(conn, listing.files, result)
        known = tables(conn)
        # thousands of records per file: no garbage collection meanwhile, and the writer
        # thread (sync_stream) back from each statement sooner
        with bulk_job(sync_stream.SWITCH_INTERVAL):
            _apply_all(
                conn, listing.files, me, known, passphrase, result, progress, cancel, before_apply
            )
        if conn.execute("SELECT 1 FROM sync_conflict WHERE field = ?", (DUPLICATE,)).fetchone():
            _transaction(conn, lambda: place_freed_duplicates(conn, known, now_text()))
        progress(0.9, "Writing this laptop's changes")
        _send(conn, folder, me, known, passphrase, result)
        where = str(folder.resolve())
        if meta(conn, FOLDER_KEY) != where:  # remembered for the next sync
            _transaction(conn, lambda: set_meta(conn, FOLDER_KEY, where))
        result.conflicts = pending(conn)
    finally:
        conn.close()
    progress(1.0, "Sync finished")
    return result


def _flush_outbox(conn: sqlite3.Connection, folder: Path) -> None:
    for name, data in conn.execute("SELECT name, data FROM sync_outbox").fetchall():
        if not (folder / name).exists():
            sync_files.write(folder, name, bytes(data))
        _transaction(
            conn, lambda n=name: conn.execute("DELETE FROM sync_outbox WHERE name = ?", (n,))
        )


def _check_identity(conn: sqlite3.Connection, files: list[FolderFile], result: SyncResult) -> str:
    me = replica_id(conn)
    mine = {
        name: sha for name, sha in conn.execute("SELECT name, sha256 FROM sync_file WHERE mine = 1")
    }
    strangers = [f for f in files if f.origin == me and f.path.name not in mine]
    changed = [
        f
        for f in files
        if f.origin == me
        and f.path.name in mine
        and sync_files.checksum(f.path.read_bytes()) != mine[f.path.name]
    ]
    if not strangers and not changed:
        return me
    has_history = conn.execute("SELECT count(*) FROM sync_file").fetchone()[0] > 0
    if has_history or changed:
        raise SyncRefusedError(
            "this database shares its identity with another laptop's: it is a copy of a "
            "database that has already synced, and the two have different changes. Nothing "
            "was sent or applied. Re-join instead: sync a new, empty database with this "
            "folder (it receives everything), then make your recent changes there again."
        )
    # A copy that has never synced: nothing of it is in the folder, so it can start afresh.
    _transaction(conn, lambda: renew_replica_id(conn))
    result.renewed = True
    result.warnings.append(
        "this database is a copy of another laptop's that had never synced; "
        "it now has its own identity."
    )
    return replica_id(conn)


def _applied(conn: sqlite3.Connection) -> dict[str, int]:
    """origin -> highest file number applied (or written) here."""
    return {
        origin: n
        for origin, n in conn.execute("SELECT origin, max(seq) FROM sync_file GROUP BY origin")
    }


def _read(
    files: list[FolderFile], passphrase: str | None, result: SyncResult
) -> dict[str, tuple[FolderFile, dict, str]]:
    """name -> (file, change set, checksum) of the readable files; the rest are refused."""
    out: dict[str, tuple[FolderFile, dict, str]] = {}
    for f in files:
        try:
            data = f.path.read_bytes()
            payload = sync_files.decode(f.path.name, data, passphrase)
            out[f.path.name] = (f, payload, sync_files.checksum(data))
        except ChangeFileError as exc:
            result.refused.append(f"{exc.name}: {exc.message}")
        except OSError as exc:
            result.refused.append(f"{f.path.name}: the file cannot be read ({exc.strerror}).")
    return out


def _apply_all(
    conn: sqlite3.Connection,
    files: list[FolderFile],
    me: str,
    known: dict[str, list[str]],
    passphrase: str | None,
    result: SyncResult,
    progress: Progress,
    cancel: CancelToken | None,
    before_apply: Callable[[], object] | None,
) -> None:
    done_names = {r[0] for r in conn.execute("SELECT name FROM sync_file")}
    waiting = _read(
        [f for f in files if f.origin != me and f.path.name not in done_names], passphrase, result
    )
    applied = _applied(conn)
    total, count = len(waiting), 0
    while True:
        ready = [n for n, (f, p, _s) in waiting.items() if _ready(f, p, applied, me)]
        if not ready:
            break
        name = min(ready, key=lambda n: (waiting[n][0].origin, waiting[n][0].seq))
        f, payload, sha = waiting.pop(name)
        if cancel is not None and cancel.cancelled:
            raise CancelledError(
                f"Sync stopped: {count} change files were applied; the rest will be applied "
                "at the next sync."
            )
        if count == 0 and before_apply is not None:
            before_apply()
        progress(0.1 + 0.8 * count / max(total, 1), f"Applying change file {count + 1} of {total}")
        try:
            done = apply_file(conn, payload, name, sha, known)
        except SyncError as exc:
            result.refused.append(f"{name}: {exc.message} Nothing from it was applied.")
            continue
        result.received += done.received
        applied[f.origin] = f.seq
        count += 1
    for name in sorted(waiting):
        result.warnings.append(
            f"{name} waits for change files it builds on that are not in the folder yet "
            "(or were refused); it will be applied at a later sync."
        )


def _ready(f: FolderFile, payload: dict, applied: dict[str, int], me: str) -> bool:
    if applied.get(f.origin, 0) < f.seq - 1:
        return False
    for origin, n in (payload.get("seen") or {}).items():
        if origin != me and applied.get(origin, 0) < int(n):
            return False
    return True


def _repair(conn: sqlite3.Connection) -> None:
    with receiving(conn):
        keep_references(conn, now_text())


def apply_file(
    conn: sqlite3.Connection, payload: dict, name: str, sha: str, known: dict[str, list[str]]
) -> Applied:
    """Apply one peer file in a transaction of its own, recorded as applied with it; a
    SyncError (nothing applied) when it cannot be."""

    def attempt(careful: bool) -> Applied:
        return _transaction(
            conn,
            lambda: _apply_one(conn, payload, name, sha, known, careful=careful),
            lambda: _repair(conn),
        )

    try:
        try:
            return attempt(careful=False)
        except conn.IntegrityError:  # an edit clashes with a key here: again, carefully
            return attempt(careful=True)
    except conn.IntegrityError as exc:
        raise SyncError(f"its records could not be written ({exc}).") from None


def _apply_one(
    conn: sqlite3.Connection,
    payload: dict,
    name: str,
    sha: str,
    known: dict[str, list[str]],
    *,
    careful: bool = False,
) -> Applied:
    now = now_text()
    conn.execute("PRAGMA defer_foreign_keys=ON")
    with receiving(conn):
        done = apply_payload(conn, payload, known, now=now, careful=careful)
    conn.execute(
        "INSERT INTO sync_file (name, origin, seq, sha256, mine, done_at) "
        "VALUES (?, ?, ?, ?, 0, ?)",
        (name, payload["origin"], int(payload["seq"]), sha, now),
    )
    return done


def _send(
    conn: sqlite3.Connection,
    folder: Path,
    me: str,
    known: dict[str, list[str]],
    passphrase: str | None,
    result: SyncResult,
) -> None:
    def commit() -> tuple[str, bytes] | None:
        collect_clocks(conn)
        row = conn.execute("SELECT max(seq) FROM sync_file WHERE origin = ? AND mine = 1", (me,))
        seq = (row.fetchone()[0] or 0) + 1
        changes, count = build_changes(conn, known, me, seq)
        if not count:
            return None
        seen = {o: n for o, n in _applied(conn).items() if o != me}
        payload = {
            "origin": me,
            "seq": seq,
            "seen": seen,
            "by": _user(),
            "changes": changes,
        }
        data = sync_files.encode(payload, passphrase)
        name = sync_files.file_name(me, seq)
        conn.execute(
            "INSERT INTO sync_file (name, origin, seq, sha256, mine, done_at) "
            "VALUES (?, ?, ?, ?, 1, ?)",
            (name, me, seq, sync_files.checksum(data), now_text()),
        )
        conn.execute("INSERT INTO sync_outbox (name, data) VALUES (?, ?)", (name, data))
        result.sent = count
        return name, data

    written = _transaction(conn, commit)
    if written is None:
        return
    name, _data = written
    _flush_outbox(conn, folder)
    result.written = folder / name
