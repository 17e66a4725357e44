"""The one task runner: work on a worker thread, results and errors on the main thread,
a progress dialog only for slow jobs, Cancel that stops the job, input held back meanwhile."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget

from send_desktop.gui.tasks import ImmediatePool, ProgressDialog, TaskRunner
from send_desktop.services.tasks import CancelledError


class Seen:
    """What the callbacks received, and on which thread."""

    def __init__(self) -> None:
        self.done: list[object] = []
        self.errors: list[Exception] = []
        self.cancelled: list[str] = []
        self.on_main_thread: list[bool] = []

    def _note(self) -> None:
        self.on_main_thread.append(QThread.currentThread() is QApplication.instance().thread())

    def on_done(self, value: object) -> None:
        self._note()
        self.done.append(value)

    def on_error(self, err: Exception) -> None:
        self._note()
        self.errors.append(err)

    def on_cancelled(self, message: str) -> None:
        self._note()
        self.cancelled.append(message)

    @property
    def finished(self) -> bool:
        return bool(self.done or self.errors or self.cancelled)


@pytest.fixture
def parent(qtbot) -> QWidget:  # noqa: ANN001
    widget = QWidget()
    widget.button = QPushButton("Press me", widget)
    QVBoxLayout(widget).addWidget(widget.button)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def run(runner: TaskRunner, job, parent: QWidget, seen: Seen):  # noqa: ANN001, ANN201
    return runner.run(
        job,
        parent=parent,
        title="Testing",
        on_done=seen.on_done,
        on_error=seen.on_error,
        on_cancelled=seen.on_cancelled,
    )


def test_the_job_runs_on_a_worker_and_its_result_arrives_on_the_main_thread(qtbot, parent):
    seen, threads = Seen(), []

    def job(progress, cancel):  # noqa: ANN001, ANN202
        threads.append(QThread.currentThread() is QApplication.instance().thread())
        progress(0.5, "Half way")
        return 42

    task = run(TaskRunner(), job, parent, seen)
    qtbot.waitUntil(lambda: seen.finished)
    assert threads == [False]  # not the UI thread
    assert seen.done == [42] and seen.on_main_thread == [True]
    assert task.state == "done" and (task.fraction, task.message) == (0.5, "Half way")


def test_an_error_arrives_on_the_main_thread(qtbot, parent):
    seen = Seen()

    def job(progress, cancel):  # noqa: ANN001, ANN202
        raise ValueError("bad cell")

    run(TaskRunner(), job, parent, seen)
    qtbot.waitUntil(lambda: seen.finished)
    assert [str(e) for e in seen.errors] == ["bad cell"] and seen.on_main_thread == [True]


def test_a_quick_job_shows_no_progress_dialog(qtbot, parent):
    seen = Seen()
    task = run(TaskRunner(), lambda progress, cancel: "quick", parent, seen)
    qtbot.waitUntil(lambda: seen.finished)
    qtbot.wait(400)  # past the delay
    assert task.dialog is None
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, ProgressDialog)]


def test_a_slow_job_shows_progress_and_cancel_stops_it(qtbot, parent):
    seen, stopped = Seen(), threading.Event()

    def job(progress, cancel):  # noqa: ANN001, ANN202
        try:
            for i in range(1000):
                progress(i / 1000, f"Checked {i} rows")
                cancel.check()
                time.sleep(0.01)
        finally:
            stopped.set()
        return "finished"

    runner = TaskRunner()
    task = run(runner, job, parent, seen)
    assert runner.busy
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible())
    dialog = task.dialog
    assert dialog.isModal() or dialog.windowModality() == Qt.WindowModality.WindowModal
    qtbot.waitUntil(lambda: dialog.label.text().startswith("Checked"))
    assert dialog.bar.value() > 0
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: seen.finished)
    assert stopped.is_set()
    assert seen.cancelled == ["Cancelled: nothing was changed."] and seen.done == []
    assert seen.on_main_thread == [True]
    assert task.state == "cancelled" and task.dialog is None and not runner.busy


def test_escape_on_the_progress_dialog_cancels_too(qtbot, parent):
    seen = Seen()

    def job(progress, cancel):  # noqa: ANN001, ANN202
        while True:
            cancel.check()
            time.sleep(0.01)

    task = run(TaskRunner(delay_ms=0), job, parent, seen)
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible())
    qtbot.keyClick(task.dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: seen.finished)
    assert seen.cancelled


def test_clicks_on_the_window_are_held_back_while_a_job_runs(qtbot, parent):
    seen, release, clicks = Seen(), threading.Event(), []
    parent.button.clicked.connect(lambda: clicks.append(1))

    def job(progress, cancel):  # noqa: ANN001, ANN202
        release.wait(10)
        return "ok"

    run(TaskRunner(delay_ms=5000), job, parent, seen)
    qtbot.mouseClick(parent.button, Qt.MouseButton.LeftButton)
    assert clicks == []
    release.set()
    qtbot.waitUntil(lambda: seen.finished)
    qtbot.mouseClick(parent.button, Qt.MouseButton.LeftButton)
    assert clicks == [1]


def test_a_job_that_ends_without_noticing_cancel_delivers_its_result(qtbot, parent):
    """A job that returned has done its work: its result is shown, never 'cancelled'."""
    seen = Seen()

    def job(progress, cancel):  # noqa: ANN001, ANN202
        while not cancel.cancelled:
            time.sleep(0.01)
        return "written"  # too late to stop: the work is done

    task = run(TaskRunner(delay_ms=0), job, parent, seen)
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible())
    qtbot.mouseClick(task.dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: seen.finished)
    assert seen.done == ["written"] and seen.cancelled == [] and task.state == "done"


def test_in_test_mode_the_job_and_its_callback_run_inside_run(parent):
    seen, order = Seen(), []

    def job(progress, cancel):  # noqa: ANN001, ANN202
        order.append("job")
        progress(1.0, "done")
        return "result"

    runner = TaskRunner(ImmediatePool())
    task = run(runner, job, parent, seen)
    order.append("returned")
    assert order == ["job", "returned"] and seen.done == ["result"]
    assert task.state == "done" and not runner.busy


def test_in_test_mode_a_cancelled_job_reports_cancelled(parent):
    seen = Seen()

    def job(progress, cancel):  # noqa: ANN001, ANN202
        cancel.cancel()
        cancel.check()

    task = run(TaskRunner(ImmediatePool()), job, parent, seen)
    assert task.state == "cancelled" and seen.cancelled == [CancelledError().message]
