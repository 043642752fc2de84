"""The thin Qt side of sync: the engine's loop on a QThread, its news as signals.

The engine stays Qt-free; this adapter only runs `engine.run()` on a QThread, turns
listener callbacks (made on that thread) into signals delivered on the UI thread,
and forwards wake-ups: a local sale, the network coming back, "sync now".

    sync = SyncService.start_if_connected(ledger, status)   # None when not connected
    sync.local_change()     # after a sale (the app does this from the change signal)
    sync.reload_credentials()   # after "Connect this PC" ran again
    sync.stop()             # at shutdown: cuts the request in flight, joins the thread
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QThread, Signal

from ..ledger.engine import Ledger
from ..ledger.uow import UnitOfWork
from ..services import settings
from . import credentials
from .engine import SyncEngine

log = logging.getLogger("dukan.sync")


class _EngineThread(QThread):
    def __init__(self, engine: SyncEngine) -> None:
        super().__init__()
        self.engine = engine

    def run(self) -> None:
        try:
            self.engine.run()
        except Exception:  # noqa: BLE001 - logged; billing is unaffected
            log.exception("sync engine stopped")


STOP_WAIT_MS = 10_000  # requests in flight are aborted: the thread ends within milliseconds


class SyncService(QObject):
    online_changed = Signal(bool)
    state_changed = Signal(str)                  # "online", "offline", "busy"
    counts_changed = Signal(int, int)            # pending, failed
    last_sync_changed = Signal(object)           # datetime (UTC)
    progress = Signal(str, int, int)             # "push"/"pull:<collection>"/"", done, total
    clock_skew_warning = Signal(object)          # seconds (float), or None when fine again
    error_message = Signal(str, str)             # code, message; ("", "") when cleared

    def __init__(self, engine: SyncEngine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.problem: tuple[str, str] | None = None
        self.clock_skew_s: float | None = None
        engine.add_listener(self._on_engine_event)
        self._thread = _EngineThread(engine)
        self._network = None

    @classmethod
    def start_if_connected(cls, ledger: Ledger, status=None, *,
                           engine_factory: Callable[..., SyncEngine] = SyncEngine,
                           parent: QObject | None = None) -> SyncService | None:
        """Start sync when this PC is connected (server_url + a keyring credential)."""
        with UnitOfWork(ledger, write=False) as uow:
            url = settings.get(uow, "server_url")
        token = credentials.load_token(ledger.path) if url else None
        if not url or not token:
            return None
        service = cls(engine_factory(ledger.path, url, token), parent)
        if status is not None:
            service.bind_status(status)
        service.start()
        return service

    def bind_status(self, status) -> None:
        """Feed ui.sync_status.SyncStatus (online, pending, failed, last_sync).

        Connected to bound methods of this UI-thread object, so the signals emitted
        on the engine's thread are queued and `status` is only touched on the UI thread.
        """
        self._status = status
        self.state_changed.connect(self._status_state)
        self.counts_changed.connect(self._status_counts)
        self.last_sync_changed.connect(self._status_last_sync)
        self.error_message.connect(self._status_problem)
        self.clock_skew_warning.connect(self._status_skew)
        self.progress.connect(self._status_progress)
        status.sync_requested.connect(self.sync_now)  # "Sync now" and "Retry" in the UI
        status.update(local_only=False)
        if self.engine.state is not None:
            status.update(state=self.engine.state)

    def _status_problem(self, code: str, message: str) -> None:
        self._status.set_problem(code, message)  # ("", "") clears it

    def _status_skew(self, seconds) -> None:
        self._status.update(skew_seconds=seconds)

    def _status_state(self, state: str) -> None:
        self._status.update(state=state)

    def _status_progress(self, phase: str, done: int, total: int) -> None:
        self._status.update(progress=(phase, done, total) if phase else None)

    def _status_counts(self, pending: int, failed: int) -> None:
        self._status.update(pending=pending, failed=failed)

    def _status_last_sync(self, when: datetime) -> None:
        self._status.update(last_sync=when)

    def start(self) -> None:
        self._watch_network()
        self._thread.start()

    def stop(self, wait_ms: int = STOP_WAIT_MS) -> None:
        """cancel() aborts the request in flight, so the thread ends at once; only
        then is the engine's ledger closed (never under a running thread)."""
        self.engine.cancel()
        if self._thread.wait(wait_ms):
            self.engine.close()
        else:  # should not happen: leave the ledger to the process's exit
            log.error("the sync thread did not stop within %d ms", wait_ms)

    # -- wake-ups ------------------------------------------------------------------

    def local_change(self) -> None:
        """A sale (or any write with an outbox row) was saved: show it, push it soon."""
        try:
            self.engine.emit_counts()
        except Exception:  # noqa: BLE001 - a busy ledger only delays the count
            log.debug("could not count the outbox", exc_info=True)
        self.engine.wake()

    def sync_now(self) -> None:
        """A person asked: goes at once, even during a backoff."""
        self.engine.wake(user=True)

    def reload_credentials(self) -> None:
        """The PC may have been connected again: the engine picks up the new
        credential before its next cycle (which starts at once)."""
        self.engine.reload_credentials()

    def _watch_network(self) -> None:
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if not QNetworkInformation.loadDefaultBackend():
                return
            info = QNetworkInformation.instance()
        except Exception:  # noqa: BLE001 - no backend on this OS: the retry timer covers it
            return
        self._network = info

        def changed(reachability) -> None:
            if reachability == QNetworkInformation.Reachability.Online:
                self.engine.wake(network=True)
        info.reachabilityChanged.connect(changed)

    # -- engine news (called on the engine's thread; signals cross to the UI thread) --

    def _on_engine_event(self, kind: str, value: object) -> None:
        if kind == "online":
            self.online_changed.emit(bool(value))
        elif kind == "state":
            self.state_changed.emit(str(value))
        elif kind == "counts":
            pending, failed = value  # type: ignore[misc]
            self.counts_changed.emit(int(pending), int(failed))
        elif kind == "last_sync":
            assert isinstance(value, datetime)
            self.last_sync_changed.emit(value)
        elif kind == "progress":
            phase, done, total = value  # type: ignore[misc]
            self.progress.emit(str(phase), int(done), int(total))
        elif kind == "clock_skew":
            self.clock_skew_s = value  # type: ignore[assignment]
            self.clock_skew_warning.emit(value)
        elif kind == "problem":
            self.problem = value  # type: ignore[assignment]
            code, message = value if value else ("", "")  # type: ignore[misc]
            self.error_message.emit(code, message)
