"""Listening to `/v1/sync/events` (server-sent events) on a background thread.

Each `pull` event wakes the engine for the named collections. When the stream
(re)connects the engine is woken for everything: events may have been missed. These
are automatic wake-ups: they never cut short a backoff the engine is waiting out (a
flapping stream must not turn into a retry loop). A dropped stream is retried with
jittered backoff; polling in the engine covers the gap.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterable

from .client import ApiError, AuthError, Offline, ServerBusy, SyncClient, SyncError

log = logging.getLogger("dukan.sync.events")

RECONNECT_CAP_S = 60.0
STABLE_S = 30.0

Wake = Callable[..., None]


class EventListener:
    """run() in a daemon thread via start(); cancel() ends it."""

    def __init__(self, server_url: str, token: str, wake: Wake, *, transport=None,
                 rng: Callable[[], float] = random.random, timeout=None,
                 on_event: Callable[[str, object], None] | None = None) -> None:
        self.server_url, self.token, self.transport = server_url, token, transport
        self.timeout = timeout
        self.wake = wake
        self.on_event = on_event  # other events: "revoked", "device" (the PC's new kind)
        self.received = 0  # events handled (tests and diagnostics)
        self.rng = rng
        self._cancel = threading.Event()
        self._client: SyncClient | None = None
        self._thread: threading.Thread | None = None
        self.connected = threading.Event()

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="dukan-sync-events", daemon=True)
        self._thread.start()

    def run(self) -> None:
        failures = 0
        while not self._cancel.is_set():
            self._client = SyncClient(self.server_url, self.token, transport=self.transport)
            if self._cancel.is_set():  # cancelled while the client was being made
                break
            opened = time.monotonic()
            try:
                for event in self._client.events(self.timeout):
                    if self._cancel.is_set():
                        break
                    self._handle(event["event"], event["data"])
            except AuthError:
                failures = max(failures, 8)   # revoked: the engine reports it; retry slowly
            except (Offline, ServerBusy, ApiError, SyncError) as exc:
                log.debug("event stream ended: %s", exc)
            except Exception:  # noqa: BLE001 - never let the thread die
                log.exception("event stream failed")
            finally:
                self.connected.clear()
                self._client.close()
            # Only a stream that stayed up a while resets the backoff: one dropped
            # right after its hello (a flaky proxy) must not reconnect every second.
            if time.monotonic() - opened >= STABLE_S:
                failures = 0
            failures += 1
            if not self._cancel.is_set():
                delay = max(1.0, self.rng() * min(RECONNECT_CAP_S, 2.0 ** failures))
                self._cancel.wait(delay)

    def _handle(self, name: str, data) -> None:
        self.received += 1
        if name == "hello":
            # Anything committed before the stream was open sent no event to us: pull
            # everything once.
            self.connected.set()
            self.wake(None)
        elif name == "pull":
            collections: Iterable[str] = data.get("collections", ()) if isinstance(data, dict) else ()
            self.wake(list(collections) or None)
        elif self.on_event is not None:
            self.on_event(name, data)

    def cancel(self) -> None:
        self._cancel.set()
        client = self._client
        if client is not None:
            client.abort()  # wakes the thread blocked reading the stream

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)
