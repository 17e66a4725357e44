"""Save screenshots of the TIRP screens: the cohorts page (each tab) and its dialogs, the
waitlist page and its dialogs. Not a test: a tool for looking at what a lead sees.
    xvfb-run -a -s "-screen 0 1400x900x24" python tests/gui/screenshots_tirp.py DB OUT
On an empty database only the pages are saved (there is nothing to open a dialog on).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from send_desktop import paths
from send_desktop.gui.launch import application
from send_desktop.gui.main_window import MainWindow
from send_desktop.gui.ui_state import UiState
from send_desktop.storage.database import create_database, open_database


def settle() -> None:
    for _ in range(8):
        QApplication.processEvents()


def save(widget: QWidget, path: Path) -> None:
    widget.show()
    settle()
    widget.grab().save(str(path))


def main(db_path: Path, out: Path) -> None:
    app = application([])  # noqa: F841 - kept alive while the window exists
    out.mkdir(parents=True, exist_ok=True)
    db = open_database(db_path) if db_path.exists() else create_database(db_path)
    window = MainWindow(db, UiState(paths.ui_state_file()))
    window.resize(1280, 800)
    window.show()
    stem = db_path.stem
    window.switch_to("cohorts")
    settle()
    cohorts = window.findChild(QWidget, "cohortsPage")
    window.grab().save(str(out / f"{stem}-cohorts.png"))
    ids = db.query("SELECT id FROM cohort ORDER BY name")
    if cohorts is not None and ids:
        cohorts.table.select_id(ids[0][0])
        settle()
        for index, name in enumerate(("members", "sessions", "attendance", "feedback")):
            cohorts.tabs.setCurrentIndex(index)
            settle()
            window.grab().save(str(out / f"{stem}-cohorts-{name}.png"))
        cohorts.tabs.setCurrentIndex(0)
        dialogs = {"enrol": cohorts.make_enrol_dialog(), "schedule": cohorts.make_schedule_dialog()}
        member = cohorts.members.topLevelItem(0)
        cohorts.members.setCurrentItem(member)
        dialogs["withdraw"] = cohorts.make_withdraw_dialog()
        cohorts.members.setCurrentItem(member.child(0))
        dialogs["replace-leader"] = cohorts.make_replace_dialog()
        cohorts.sessions.setCurrentItem(cohorts.sessions.topLevelItem(0))
        dialogs["session"] = cohorts.make_session_dialog()
        from send_desktop.gui.dialogs.cohort_dialog import CohortDialog
        from send_desktop.gui.dialogs.tirp_dialogs import FeedbackDialog
        from send_desktop.services.cohorts import cohort_data

        dialogs["new-cohort"] = CohortDialog(None, cohorts)
        dialogs["edit-cohort"] = CohortDialog(cohort_data(db, ids[0][0]), cohorts)

        dialogs["feedback"] = FeedbackDialog(cohorts.grid.sessions, cohorts)
        for name, dialog in dialogs.items():
            if dialog is not None:
                save(dialog, out / f"{stem}-dialog-{name}.png")
                dialog.reject()
    window.switch_to("waitlist")
    settle()
    waitlist = window.findChild(QWidget, "waitlistPage")
    if waitlist is not None and waitlist.table.model.table.ids:
        waitlist.table.select_id(waitlist.table.model.table.ids[0])
        settle()
    window.grab().save(str(out / f"{stem}-waitlist.png"))
    if waitlist is not None and waitlist.table.selected_id():
        dialog = waitlist.make_reprioritise_dialog()
        save(dialog, out / f"{stem}-dialog-reprioritise.png")
        dialog.reject()
        if waitlist.allocate_button.isEnabled():
            dialog = waitlist.make_dialog()
            save(dialog, out / f"{stem}-dialog-allocate.png")
            dialog.reject()
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
