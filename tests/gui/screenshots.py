"""Save a screenshot of every page (and the setting dialog) of the real window.

Not a test: a tool for looking at the app as a programme lead sees it.
    xvfb-run -a python tests/gui/screenshots.py DB_PATH OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from send_desktop import paths
from send_desktop.gui.launch import application
from send_desktop.gui.main_window import MainWindow
from send_desktop.gui.ui_state import UiState
from send_desktop.storage.database import open_database


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def main(db_path: Path, out: Path) -> None:
    app = application([])  # noqa: F841 - kept alive while the window exists
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow(open_database(db_path), UiState(paths.ui_state_file()))
    window.resize(1280, 800)
    window.show()
    for page in window.pages:
        window.switch_to(page.key)
        for _ in range(5):
            QApplication.processEvents()
        window.grab().save(str(out / f"{page.key}.png"))
    window.upkeep()
    window.switch_to("dashboard")
    settle()
    content = window.dashboard.scroll.widget()
    content.grab().save(str(out / "dashboard-full.png"))
    for panel in [*window.dashboard.charts.values(), *window.dashboard.trends.values()]:
        panel.show_table(True)
    settle()
    content.grab().save(str(out / "dashboard-as-tables.png"))
    for panel in [*window.dashboard.charts.values(), *window.dashboard.trends.values()]:
        panel.show_table(False)
    window.dashboard.open_kpi("actions_overdue")
    settle()
    window.grab().save(str(out / "actions-overdue.png"))
    window.dashboard.open_bar("bids_by_status", "funded")
    settle()
    window.grab().save(str(out / "bids-funded.png"))
    plan = window.page("actions").widget
    plan.actions.clear_preset()
    plan.actions.set_filter_text("SENCo briefings")
    plan.actions.focus_table()
    settle()
    window.switch_to("actions")
    settle()
    window.grab().save(str(out / "action-plan-override.png"))
    dialog = plan.make_override_dialog()
    dialog.show()
    settle()
    dialog.grab().save(str(out / "rag-override-dialog.png"))
    dialog.reject()
    dialog = window.page("actions").editor.edit(plan.actions.selected_id())
    settle()
    dialog.grab().save(str(out / "action-dialog.png"))
    dialog.reject()
    window.switch_to("settings")
    dialog = window.page("settings").editor.new()
    for _ in range(5):
        QApplication.processEvents()
    dialog.grab().save(str(out / "setting-dialog.png"))
    dialog.reject()
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
