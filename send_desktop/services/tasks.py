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
import sys
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


_BULK_SWITCH_INTERVAL = 0.0005  # seconds
_bulk_jobs = 0
_bulk_lock = threading.Lock()
_saved: tuple[bool, float] = (True, 0.005)


@contextlib.contextmanager
def bulk_job(switch_interval: float = _BULK_SWITCH_INTERVAL) -> Iterator[None]:
    """Process-wide settings while a bulk job (an import, a sync) runs; jobs on several
    threads are counted, and the settings come back when the last one ends.

    Python's cyclic garbage collector is paused: each collection it would run while a job
    makes hundreds of thousands of small objects re-scans every live object (~0.1 s of a
    50,000-row import). Memory is still freed as usual by reference counting.

    The interpreter's thread switch interval is 0.5 ms instead of 5 ms: a job's writer
    thread coming back from SQLite (which works without the GIL) then waits at most that
    long for the GIL while the job's own thread is busy (~0.08 s of a 50,000-row import).
    A job may ask for a shorter one (``switch_interval``); the shortest asked for holds.
    """
    global _bulk_jobs, _saved
    with _bulk_lock:
        if _bulk_jobs == 0:
            _saved = (gc.isenabled(), sys.getswitchinterval())
            gc.disable()
        sys.setswitchinterval(min(sys.getswitchinterval(), switch_interval))
        _bulk_jobs += 1
    try:
        yield
    finally:
        with _bulk_lock:
            _bulk_jobs -= 1
            if _bulk_jobs == 0:
                sys.setswitchinterval(_saved[1])
                if _saved[0]:
                    gc.enable()
