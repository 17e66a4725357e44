"""Save a screenshot of every page (each tab) and every registered dialog of the real window.

Not a test: a tool for looking at the app as a programme lead sees it.
    xvfb-run -a -s "-screen 0 1400x900x24" python tests/gui/screenshots.py DB_PATH OUT_DIR
At 200% (issue 12: no clipped text):
    QT_SCALE_FACTOR=2 xvfb-run -a -s "-screen 0 2800x1800x24" \
        python tests/gui/screenshots.py DB_PATH OUT_DIR
Add ``--text 200`` to enlarge the text instead (View → Larger text), ``--contrast`` for the
high-contrast theme, ``--pages`` or ``--dialogs`` for only one half.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import shutil
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QTabWidget

import send_desktop.gui
from send_desktop import paths
from send_desktop.gui.a11y.registry import registered
from send_desktop.gui.launch import application
from send_desktop.gui.main_window import MainWindow
from send_desktop.gui.ui_state import UiState
from send_desktop.storage.database import open_database


def settle() -> None:
    for _ in range(8):
        QApplication.processEvents()


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def shoot_pages(window: MainWindow, out: Path) -> None:
    for page in window.pages:
        window.switch_to(page.key)
        settle()
        window.grab().save(str(out / f"page-{page.key}.png"))
        for tabs in page.widget.findChildren(QTabWidget):
            for i in range(1, tabs.count()):
                tabs.setCurrentIndex(i)
                settle()
                name = _slug(tabs.tabText(i).replace("&", ""))
                window.grab().save(str(out / f"page-{page.key}-{name}.png"))
            tabs.setCurrentIndex(0)


def shoot_dashboard_and_plan(window: MainWindow, out: Path) -> None:
    """The dashboard in full and as tables, its drill-downs, the action plan's override."""
    window.upkeep()
    window.switch_to("dashboard")
    window.dashboard.ensure_figures()
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
    plan.actions.clear_preset()
    plan.actions.set_filter_text("")


def shoot_dialogs(window: MainWindow, out: Path) -> None:
    for info in pkgutil.walk_packages(send_desktop.gui.__path__, "send_desktop.gui."):
        importlib.import_module(info.name)  # each dialog module registers its factory
    for demo in registered():
        made = demo.factory(window)
        states = [made] if isinstance(made, QDialog) else made
        for n, dialog in enumerate(states, start=1):
            if not dialog.isVisible():
                dialog.show()
            dialog.activateWindow()  # the focus ring shows in the active window
            settle()
            dialog.grab().save(str(out / f"dialog-{_slug(demo.cls.__name__)}-{n}.png"))
        dialog.close()
        settle()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--text", type=int, default=100, help="text size, percent")
    parser.add_argument("--contrast", action="store_true", help="high-contrast theme")
    parser.add_argument("--pages", action="store_true")
    parser.add_argument("--dialogs", action="store_true")
    args = parser.parse_args()
    app = application([])  # noqa: F841 - kept alive while the window exists
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp()) / args.db.name  # dialogs may write (the import's last step)
    shutil.copy(args.db, work)
    window = MainWindow(open_database(work), UiState(paths.ui_state_file()))
    window.set_look(high_contrast=args.contrast, text_scale=args.text)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    settle()
    if args.pages or not args.dialogs:
        shoot_pages(window, args.out)
        shoot_dashboard_and_plan(window, args.out)
        _outreach(window, args.out)
    if args.dialogs or not args.pages:
        shoot_dialogs(window, args.out)
    window.close()


def _settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def _outreach(window: MainWindow, out: Path) -> None:
    """The Outreach page's referrals tab with a waitlisted referral selected, the catalogue
    with a package selected, and the new-referral dialog."""
    window.switch_to("outreach")
    page = window.page("outreach").widget
    page.packages.ensure_loaded()
    if page.packages.model.rowCount():
        page.packages.view.selectRow(0)
    _settle()
    window.grab().save(str(out / "outreach-catalogue.png"))
    page.tabs.setCurrentIndex(1)
    page.referrals.ensure_loaded()
    waiting = window.db.query("SELECT id FROM referral WHERE status = 'waitlisted' LIMIT 1")
    if waiting:
        page.referrals.select_id(waiting[0][0])
    _settle()
    window.grab().save(str(out / "outreach-referrals.png"))
    page.tabs.setCurrentIndex(2)
    _settle()
    window.grab().save(str(out / "outreach-questionnaires.png"))
    page.tabs.setCurrentIndex(1)
    page.new_referral()
    _settle()
    page.referral_dialog.grab().save(str(out / "referral-dialog.png"))
    page.referral_dialog.reject()
    page.tabs.setCurrentIndex(0)
    page.edit_package()
    _settle()
    page.package_dialog.grab().save(str(out / "package-dialog.png"))
    page.package_dialog.reject()


if __name__ == "__main__":
    main()
