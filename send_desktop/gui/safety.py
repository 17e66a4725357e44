"""Data safety in the window: the Tools menu (Backups…) and automatic backups.

Automatic backups run on a plain thread, never holding up the window: one shortly after a
database is opened (if its data changed since the newest backup) and, while changes are
being made, one every 30 minutes (checked every minute).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from send_desktop.gui.a11y.announce import announce
from send_desktop.gui.messages import show_error
from send_desktop.storage.errors import database_errors

if TYPE_CHECKING:
    from send_desktop.gui.main_window import MainWindow

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 60_000
ON_OPEN_AFTER_MS = 5000  # once the window has settled


def in_thread(work: Callable[[], object]) -> None:
    threading.Thread(target=work, name="auto-backup", daemon=True).start()


class AutoBackup(QObject):
    """Backs ``path()`` up on open and every 30 minutes of changes; ``start`` runs the work
    (a thread by default; tests run it at once)."""

    def __init__(
        self,
        path: Callable[[], Path],
        parent: QObject | None = None,
        start: Callable[[Callable[[], object]], None] = in_thread,
    ) -> None:
        super().__init__(parent)
        self._path, self._start = path, start
        self._busy = threading.Lock()
        self._stopped = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.periodic)
        self.timer.start()

    def opened(self) -> None:
        self._stopped = False
        if not self.timer.isActive():
            self.timer.start()
        QTimer.singleShot(ON_OPEN_AFTER_MS, self.on_open)

    def stop(self) -> None:
        """The window closed: no more automatic backups (one already running finishes)."""
        self._stopped = True
        self.timer.stop()

    def on_open(self) -> None:
        from send_desktop.services import backups

        self._run(lambda path: backups.backup_if_changed(path, "on-open"))

    def periodic(self) -> None:
        from send_desktop.services import backups

        self._run(backups.periodic_backup)

    def _run(self, make: Callable[[Path], object]) -> None:
        if self._stopped:
            return
        path = self._path()

        def work() -> None:
            if not self._busy.acquire(blocking=False):
                return  # one at a time
            try:
                make(path)
            except (OSError, *database_errors()) as err:  # the next check tries again
                log.warning("automatic backup failed: %s", type(err).__name__)
            finally:
                self._busy.release()

        self._start(work)


class SafetyTools:
    """The Tools menu of one window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog = None
        bar = window.menuBar()
        self.menu = QMenu("&Tools", bar)
        actions = bar.actions()
        if actions:  # before Help
            bar.insertMenu(actions[-1], self.menu)
        else:
            bar.addMenu(self.menu)
        self.backups = QAction("&Backups…", window)
        self.backups.setToolTip("See the backups of this database, make one, restore one")
        self.backups.triggered.connect(self.open_backups)
        self.menu.addAction(self.backups)
        self.protect = QAction("&Protect this database with a passphrase…", window)
        self.protect.setToolTip("Encrypt this database and its backups (SQLCipher)")
        self.protect.triggered.connect(self.open_protect)
        self.menu.addAction(self.protect)
        self.menu.addSeparator()
        self.erase = QAction("&Erase the selected person…", window)
        self.erase.setToolTip("Remove a person's name, email and phone everywhere, backups too")
        self.erase.triggered.connect(self.erase_selected_person)
        self.retention = QAction("&Retention review…", window)
        self.retention.setToolTip("People linked only to cohorts that finished long ago")
        self.retention.triggered.connect(self.open_retention)
        self.menu.addActions([self.erase, self.retention])
        self.menu.aboutToShow.connect(self.update_actions)
        self.retention_dialog = None
        self.auto = AutoBackup(lambda: self.window.db.path, window)
        self.protect_dialog = None

    def update_actions(self) -> None:
        from send_desktop.storage.keys import is_plain

        self.erase.setEnabled(self.selected_person() is not None)
        plain = is_plain(self.window.db.path)
        self.protect.setEnabled(plain)
        self.protect.setText(
            "&Protect this database with a passphrase…"
            if plain
            else "This database is protected with a passphrase"
        )

    # -- erasure and retention ---------------------------------------------------------
    def selected_person(self) -> str | None:
        w = self.window
        table = w.current_table() if w.current_page().key == "people" else None
        return table.selected_id() if table is not None else None

    def erase_selected_person(self) -> None:
        person_id = self.selected_person()
        if person_id is None:
            show_error(self.window, "Select the person to erase on the People page first.")
            return
        rows = self.window.db.query("SELECT full_name FROM person WHERE id = ?", (person_id,))
        if rows:
            self.erase_people([person_id], [rows[0][0]])

    def erase_people(
        self, person_ids: list[str], names: list[str], after: Callable[[], None] | None = None
    ) -> None:
        from send_desktop.gui.messages import confirm
        from send_desktop.services import erasure

        w = self.window
        who = names[0] if len(names) == 1 else f"{len(names)} people ({', '.join(names[:3])}…)"
        detail = (
            "Their name, email and phone are removed everywhere: their records, notes, "
            "feedback, referral steps, the audit log and every backup of this database. "
            "The audit log records that an erasure was made, not what was erased. "
            "This cannot be undone."
        )
        if not confirm(w, "Erase a person", f"Erase {who}?", detail):
            return
        db = w.db

        def job(progress, cancel):  # noqa: ANN001, ANN202
            for n, person_id in enumerate(person_ids):
                progress(n / len(person_ids), f"Erasing {n + 1} of {len(person_ids)}")
                erasure.erase_person(db, person_id=person_id)
            return len(person_ids)

        def done(count: int) -> None:
            w.undo_stack.clear()  # an undo could put an erased value back
            w._on_changed("", None)
            announce(w, f"Erased {count} {'person' if count == 1 else 'people'}.")
            if after is not None:
                after()

        w.tasks.run(job, parent=w, title="Erasing", on_done=done, cancellable=False)

    def open_retention(self) -> None:
        from send_desktop.gui.dialogs.retention_dialog import RetentionDialog
        from send_desktop.services import erasure

        w = self.window
        db = w.db
        dialog = RetentionDialog(
            erasure.retention_years(db),
            lambda years: erasure.due_for_review(db, years=years),
            lambda years: erasure.set_retention_years(db, years),
            lambda ids, names: self.erase_people(ids, names, after=dialog.reload),
            w,
        )
        self.retention_dialog = dialog
        dialog.show()

    def open_protect(self) -> None:
        from send_desktop.gui.dialogs.passphrase_dialog import ProtectDialog
        from send_desktop.services import encryption

        w = self.window
        if encryption.is_protected(w.db.path):
            return
        dialog = ProtectDialog(w.db.path.name, encryption.check_new_passphrase, w)
        self.protect_dialog = dialog
        accepted = dialog.exec() == ProtectDialog.DialogCode.Accepted
        self.protect_dialog = None
        if accepted:
            self.protect_with(dialog.passphrase.text())

    def protect_with(self, passphrase: str) -> None:
        """Close the database, encrypt it and its backups (task runner), open it again."""
        from send_desktop.services import encryption

        w = self.window
        path = w.db.path
        w.db.close()  # no connection may stay open on the plain file

        def done(encrypted: list) -> None:
            self.after_restore(None)
            announce(
                w, f"{path.name} and {len(encrypted)} backups are now protected with a passphrase."
            )

        def failed(err: Exception) -> None:
            message = getattr(err, "message", None) or type(err).__name__
            show_error(w, f"The database was not protected ({message}); it is as it was.")
            self.after_restore(None)

        w.tasks.run(
            lambda progress, cancel: encryption.protect(path, passphrase, progress, cancel),
            parent=w,
            title="Protecting the database",
            on_done=done,
            on_error=failed,
            on_cancelled=lambda _m: self.after_restore(None),
        )

    def open_backups(self) -> None:
        from send_desktop.gui.dialogs.backups_dialog import BackupsDialog

        w = self.window
        self.dialog = BackupsDialog(w.db.path, w.tasks, self.after_restore, w)
        self.dialog.show()
        self.dialog.reload()

    def after_restore(self, _result: object) -> None:
        """The file holds the restored data: the window reads it afresh."""
        from send_desktop.storage.database import open_database
        from send_desktop.storage.fileinfo import DatabaseFileError

        w = self.window
        try:
            db = open_database(w.db.path)
        except (DatabaseFileError, OSError, *database_errors()) as err:
            show_error(w, f"The restored database could not be opened: {err}")
            return
        with contextlib.suppress(RuntimeError):
            w.set_database(db)
