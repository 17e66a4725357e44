"""Child process of bench_startup.py: start a window, print SHOWN once it is painted, exit.

python _startup_child.py bare            a bare QMainWindow with a QTableView
python _startup_child.py app DB_PATH     SEND Desktop's real start-up on DB_PATH
"""

from __future__ import annotations

import os
import sys


def _report_when_shown(app, predicate) -> None:  # noqa: ANN001
    from PySide6.QtCore import QTimer

    def poll() -> None:
        for widget in app.topLevelWidgets():
            handle = widget.windowHandle()
            if (
                widget.isVisible()
                and handle is not None
                and handle.isExposed()
                and predicate(widget)
            ):
                widget.repaint()  # the first frame is drawn
                print("SHOWN", flush=True)
                os._exit(0)
        QTimer.singleShot(1, poll)

    QTimer.singleShot(0, poll)


def bare() -> None:
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv)
    window = QMainWindow()
    view = QTableView()
    view.setModel(QStandardItemModel(10, 5))
    window.setCentralWidget(view)
    window.resize(1100, 700)
    window.show()
    _report_when_shown(app, lambda w: True)
    app.exec()


def real_app(db_path: str) -> None:
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)

    def shows_data(widget) -> bool:  # noqa: ANN001
        from send_desktop.gui.main_window import MainWindow

        return isinstance(widget, MainWindow) and not widget.current_page().widget._stale

    _report_when_shown(app, shows_data)
    from send_desktop.gui.launch import launch

    launch(Path(db_path), [])


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        real_app(sys.argv[2])
