"""The one task runner: long work off the UI thread, with progress and Cancel.

A job is a plain function ``job(progress, cancel) -> result`` (see ``services.tasks``)::

    runner.run(
        lambda progress, cancel: imports.commit_import(db, preview=p, progress=progress,
                                                       cancel=cancel),
        parent=self,
        title="Importing",
        on_done=self.show_result,            # result, on the main thread
        on_error=self.show_problem,          # the exception, on the main thread
        on_cancelled=self.say_cancelled,     # the job raised CancelledError
    )

The job runs on a pool thread and never touches a widget: its ``progress(fraction, message)``
calls travel to the main thread as queued signals. Input to the parent's window is held
back from the start; if the job is still running after ``delay_ms`` (300 ms) a window-modal
progress dialog with a Cancel button appears, so quick jobs do not flash a dialog. Cancel
(the button, Escape or closing the dialog) calls ``cancel.cancel()``; the job's next
``cancel.check()`` raises ``CancelledError`` and its transaction rolls back.

A job that returns has succeeded, even if Cancel was pressed too late to stop it: the
result is delivered, never hidden behind a "cancelled" message.

Tests make the runner synchronous with ``ImmediatePool`` (Picard's FakeThreadPool): the job
and every callback run inside ``run()``.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from send_desktop.gui.a11y.registry import demo_dialog
from send_desktop.gui.messages import show_error
from send_desktop.services.tasks import CancelledError, CancelToken, Progress

log = logging.getLogger(__name__)

Job = Callable[[Progress, CancelToken], Any]
SHOW_AFTER_MS = 300
_STEPS = 1000


class Pool(Protocol):
    def start(self, runnable: QRunnable) -> None: ...


class ImmediatePool:
    """Runs each job at once on the calling thread (tests, scripts)."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()


def default_pool() -> Pool:
    return QThreadPool.globalInstance()


class _Relay(QObject):
    """Signals emitted by the worker; they reach the Task on the main thread."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Worker(QRunnable):
    def __init__(self, job: Job, token: CancelToken, relay: _Relay) -> None:
        super().__init__()  # the pool deletes it after run(); it keeps the relay alive till then
        self._job, self._token, self._relay = job, token, relay

    def run(self) -> None:
        relay = self._relay
        try:
            result = self._job(relay.progressed.emit, self._token)
        except Exception as err:  # delivered to the main thread, never lost
            relay.failed.emit(err)
        else:
            relay.succeeded.emit(result)


class ProgressDialog(QDialog):
    """What the job is doing, a bar and Cancel. Escape and closing also cancel."""

    cancel_requested = Signal()

    def __init__(self, title: str, parent: QWidget | None, cancellable: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(440)
        self.heading = QLabel(title)
        self.heading.setStyleSheet("font-weight: 600;")
        self.label = QLabel("")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # moving to and fro until the job says how far it is
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName("Progress")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(cancellable)
        self.cancel_button.clicked.connect(self.cancel_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)

    def show_progress(self, fraction: float, message: str) -> None:
        if fraction > 0 and self.bar.maximum() == 0:
            self.bar.setRange(0, _STEPS)
        self.bar.setValue(round(min(max(fraction, 0.0), 1.0) * _STEPS))
        if message:
            self.label.setText(message)

    def cancelling(self) -> None:
        self.label.setText("Cancelling… (putting everything back as it was)")
        self.cancel_button.setEnabled(False)

    def reject(self) -> None:  # Escape
        if self.cancel_button.isEnabled():
            self.cancel_requested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.reject()


class _InputBlocker(QObject):
    """Holds back clicks and keys meant for one window while a job runs."""

    _BLOCKED = frozenset(
        {
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.KeyPress,
            QEvent.Type.KeyRelease,
            QEvent.Type.ShortcutOverride,
            QEvent.Type.Wheel,
        }
    )

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._BLOCKED and isinstance(watched, QWidget):
            return watched.window() is self._window
        return False


class Task(QObject):
    """One run of a job. ``state``: running, done, failed or cancelled."""

    finished = Signal()  # after the callback has run

    def __init__(
        self,
        job: Job,
        *,
        parent: QWidget,
        title: str,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None,
        on_cancelled: Callable[[str], None] | None,
        cancellable: bool,
        delay_ms: int,
    ) -> None:
        super().__init__()
        self.title = title
        self.token = CancelToken()
        self.state = "running"
        self.fraction, self.message = 0.0, ""
        self.dialog: ProgressDialog | None = None
        self._parent, self._cancellable = parent, cancellable
        self._on_done, self._on_error, self._on_cancelled = on_done, on_error, on_cancelled
        self._relay = _Relay()
        self._relay.progressed.connect(self._on_progress)
        self._relay.succeeded.connect(self._on_succeeded)
        self._relay.failed.connect(self._on_failed)
        self._job = job
        self._blocker = _InputBlocker(parent.window())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._show_dialog)

    @property
    def running(self) -> bool:
        return self.state == "running"

    def start(self, pool: Pool) -> None:
        QApplication.instance().installEventFilter(self._blocker)
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._timer.start()
        pool.start(_Worker(self._job, self.token, self._relay))  # the pool owns it

    def cancel(self) -> None:
        """What the Cancel button does: ask the job to stop at its next check."""
        if not self.running or not self._cancellable:
            return
        self.token.cancel()
        if self.dialog is not None:
            self.dialog.cancelling()

    # -- on the main thread --------------------------------------------------------------
    def _show_dialog(self) -> None:
        if not self.running:
            return
        self.dialog = ProgressDialog(self.title, self._parent, self._cancellable)
        self.dialog.cancel_requested.connect(self.cancel)
        self.dialog.show_progress(self.fraction, self.message)
        if self.token.cancelled:
            self.dialog.cancelling()
        self.dialog.show()

    def _on_progress(self, fraction: float, message: str) -> None:
        self.fraction, self.message = fraction, message
        if self.dialog is not None and not self.token.cancelled:
            self.dialog.show_progress(fraction, message)

    def _on_succeeded(self, result: object) -> None:
        self._end("done", self._on_done, result)

    def _on_failed(self, err: Exception) -> None:
        if isinstance(err, CancelledError):
            self._end("cancelled", self._on_cancelled, err.message)
        else:
            self._end("failed", self._on_error or self._report, err)

    def _report(self, err: Exception) -> None:
        log.error(  # the type and the frames: an exception's text may hold a cell value
            "%s failed with %s\n%s",
            self.title,
            type(err).__name__,
            "".join(traceback.format_tb(err.__traceback__)),
        )
        show_error(self._parent, f"{self.title} failed ({type(err).__name__}).")

    def _end(self, state: str, callback: Callable[[Any], None] | None, value: object) -> None:
        self.state = state
        self._timer.stop()
        QApplication.instance().removeEventFilter(self._blocker)
        QApplication.restoreOverrideCursor()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        try:
            if callback is not None:
                callback(value)
        finally:
            self.finished.emit()


class TaskRunner(QObject):
    """Runs jobs for one window (see the module docstring)."""

    def __init__(self, pool: Pool | None = None, *, delay_ms: int = SHOW_AFTER_MS) -> None:
        super().__init__()
        self.pool: Pool = pool or default_pool()
        self.delay_ms = delay_ms
        self._running: set[Task] = set()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def running_tasks(self) -> list[Task]:
        return list(self._running)

    def run(
        self,
        job: Job,
        *,
        parent: QWidget,
        title: str,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
        on_cancelled: Callable[[str], None] | None = None,
        cancellable: bool = True,
    ) -> Task:
        task = Task(
            job,
            parent=parent,
            title=title,
            on_done=on_done,
            on_error=on_error,
            on_cancelled=on_cancelled,
            cancellable=cancellable,
            delay_ms=self.delay_ms,
        )
        self._running.add(task)  # kept alive until it has finished
        task.finished.connect(lambda: self._running.discard(task))
        task.start(self.pool)
        return task


@demo_dialog(ProgressDialog)
def _demo(window):  # noqa: ANN001, ANN202 - for the accessibility walker
    dialog = ProgressDialog("Importing settings", window, cancellable=True)
    dialog.show_progress(0.4, "Writing row 400 of 1,000")
    return dialog
