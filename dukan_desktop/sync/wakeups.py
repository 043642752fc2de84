"""When the next sync cycle starts: the timer the engine re-arms after every cycle, or
a wake-up strong enough to cut it short.

- automatic (a sale, a server event, the event stream reconnecting): at once after a
  good cycle; during a backoff it is remembered and the timer decides — with a server
  failing every request, sales and events must not turn into a retry loop;
- network (the OS says the network is back): also cuts short a backoff after a cycle
  that got no answer at all, never one the server asked for (5xx, Retry-After);
- user (a person pressed "Sync now" or "Retry"): at once, whatever the backoff.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable

from dukan_protocol.sync import PULL_COLLECTIONS

WAKE_AUTO, WAKE_NETWORK, WAKE_USER = 0, 1, 2


class WakeUps:
    def __init__(self, cancel: threading.Event) -> None:
        self.cancel = cancel
        self.event = threading.Event()
        self.level = WAKE_AUTO
        self._lock = threading.Lock()
        self._collections: set[str] = set()

    def wake(self, collections: Iterable[str] | None, level: int) -> None:
        collections = list(collections or ())
        with self._lock:
            if collections and "*" not in collections:
                self._collections.update(c for c in collections if c in PULL_COLLECTIONS)
            else:
                self._collections.update(PULL_COLLECTIONS)
            self.level = max(self.level, level)
        self.event.set()

    def sleep(self, delay: float, ok: bool, offline: bool) -> set[str] | None:
        """Wait until the timer runs out or a strong enough wake-up comes (`ok`, `offline`:
        how the last cycle went). Returns the collections to pull next (None: all)."""
        deadline = time.monotonic() + delay
        while not self.cancel.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            if not self.event.wait(remaining):
                continue
            with self._lock:
                self.event.clear()
                level, self.level = self.level, WAKE_AUTO
                if ok or level == WAKE_USER or (level == WAKE_NETWORK and offline):
                    wanted, self._collections = self._collections, set()
                    return wanted if ok and level == WAKE_AUTO else None
            # An automatic wake-up during a backoff: remembered, the timer decides.
        return None
