"""Background work: a small object with run() and cancel(), results back by signal.

The work function never touches widgets; `succeeded`/`failed` are delivered on the
UI thread. Used for printing and other slow work. The sale itself is committed on
the UI thread (a few ms) so "saved" is only ever shown after the commit returned.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

_live: set[BackgroundJob] = set()


class _Thread(QThread):
    def __init__(self, job: BackgroundJob) -> None:
        super().__init__()
        self.job = job

    def run(self) -> None:
        job = self.job
        try:
            result = job.fn(job.cancelled)
        except BaseException as exc:  # reported to the UI, never swallowed
            if not job.cancelled.is_set():
                job.failed.emit(exc)
        else:
            if not job.cancelled.is_set():
                job.succeeded.emit(result)


class BackgroundJob(QObject):
    """`fn(cancelled: threading.Event) -> result` run on its own thread."""

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, fn: Callable[[threading.Event], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fn = fn
        self.cancelled = threading.Event()
        self._thread: _Thread | None = None

    def run(self) -> BackgroundJob:
        self._thread = _Thread(self)
        self._thread.finished.connect(self._done)
        _live.add(self)
        self._thread.start()
        return self

    def cancel(self) -> None:
        self.cancelled.set()

    def wait(self, ms: int = 5000) -> bool:
        return self._thread.wait(ms) if self._thread is not None else True

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def _done(self) -> None:
        _live.discard(self)
        self.finished.emit()


def cancel_all(wait_ms: int = 5000) -> None:
    """Teardown and quit: cancel every job and join its thread."""
    for job in list(_live):
        job.cancel()
    for job in list(_live):
        job.wait(wait_ms)
    _live.clear()
