"""The shape of long work: a plain function given ``progress`` and ``cancel``.

    def job(..., progress: Progress = no_progress, cancel: CancelToken | None = None) -> T

The job calls ``progress(fraction, message)`` now and then (fraction 0.0 .. 1.0, message in
plain words, never personal data) and ``cancel.check()`` between chunks of work;
``check()`` raises ``CancelledError`` once ``cancel.cancel()`` has been called from any
thread. A job that writes does so in one transaction, so a cancel rolls everything back.
The command line passes a silent progress; the window's runner runs the same function on a
worker thread and forwards progress to a dialog.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterator

Progress = Callable[[float, str], None]


def no_progress(_fraction: float, _message: str) -> None:
    """A progress callback that shows nothing."""


class CancelledError(Exception):
    """The person cancelled; nothing was written."""

    def __init__(self, message: str = "Cancelled: nothing was changed.") -> None:
        super().__init__(message)
        self.message = message


class CancelToken:
    """A thread-safe cancel flag handed to a job."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise CancelledError()


def scaled(progress: Progress, start: float, end: float) -> Progress:
    """A progress callback mapping 0..1 onto ``start``..``end`` of another one."""

    def report(fraction: float, message: str) -> None:
        progress(start + (end - start) * min(max(fraction, 0.0), 1.0), message)

    return report


_paused = 0
_paused_lock = threading.Lock()
_was_enabled = True


@contextlib.contextmanager
def many_objects() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a job makes hundreds of thousands of
    small objects (rows, tuples, parsed values): each collection it would run meanwhile
    re-scans every live object, which cost a 50,000-row import ~0.1 s. Memory is still
    freed as usual by reference counting, and cycles are collected once the last job that
    paused the collector ends (jobs on several threads are counted)."""
    global _paused, _was_enabled
    with _paused_lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _paused_lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
