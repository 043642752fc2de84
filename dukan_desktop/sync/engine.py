"""The sync engine: push the outbox, pull every collection, back off, repeat. Qt-free.

    engine = SyncEngine(ledger_path, server_url, token)
    engine.add_listener(lambda kind, value: ...)
    engine.run_cycle()          # one push + pull, returns a CycleResult; never raises
    engine.run()                # loop until cancel(): timer, wake-ups, server events

The engine opens its own Ledger (its own SQLite connections): it never shares a
transaction with the billing path. Billing never waits for it: a push reads the
outbox in a short read transaction and writes results in a short write transaction;
the HTTP call runs with no transaction open. Pushing is sync/push.py, pulling
sync/pull.py.

Listener events: ("state", "online" | "offline" | "busy"), ("online", bool),
("counts", (pending, failed)), ("last_sync", datetime), ("progress", (phase, done,
total)) with phase "push", "pull:<collection>" or "" when done, ("clock_skew",
seconds | None), ("problem", (code, message) | None).
"""

from __future__ import annotations

import json
import logging
import random
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

from ..ledger.engine import Ledger
from ..ledger.uow import _db_value
from . import credentials, outbox
from .client import ApiError, AuthError, Offline, ServerBusy, SyncClient, Unexpected
from .pull import Puller
from .push import Pusher
from .wakeups import WAKE_AUTO, WAKE_NETWORK, WAKE_USER, WakeUps

log = logging.getLogger("dukan.sync")

BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 300.0
BACKOFF_FLOOR_S = 0.5       # full jitter may draw ~0: never retry in a tight loop
POLL_INTERVAL_S = 45.0      # the fallback when no server event arrives
SKEW_WARN_S = 300.0
PAGE_LIMIT = 1000            # the server's maximum: fewer round trips and commits
# Problems a retry cannot fix by itself: try again only every BACKOFF_CAP_S.
STUCK_PROBLEMS = ("device_revoked", "auth_failed", "app_outdated", "not_connected")

Listener = Callable[[str, object], None]


@dataclass(frozen=True, slots=True)
class CycleResult:
    ok: bool
    pushed: int = 0
    pulled: int = 0
    error: str | None = None
    retry_after: float | None = None
    problem: str | None = None      # a code the user must act on (revoked device, ...)
    offline: bool = False           # no answer at all (the network may come back)


def full_jitter(failures: int, rng: Callable[[], float] = random.random,
                base: float = BACKOFF_BASE_S, cap: float = BACKOFF_CAP_S) -> float:
    """AWS "full jitter": uniform in [0, min(cap, base·2^n)], with a small floor."""
    return max(BACKOFF_FLOOR_S, rng() * min(cap, base * 2 ** min(failures, 30)))


class SyncEngine:
    def __init__(self, ledger_path, server_url: str, token: str | None, *,
                 transport=None, rng: Callable[[], float] = random.random,
                 poll_interval_s: float = POLL_INTERVAL_S, page_limit: int = PAGE_LIMIT,
                 events: bool = True, timeout=None, events_timeout=None) -> None:
        self.ledger = Ledger.open(ledger_path, migrate=False)
        self.timeout, self.events_timeout = timeout, events_timeout
        self.client = SyncClient(server_url, token, transport=transport, timeout=timeout)
        self.server_url, self.token, self.transport = server_url, token, transport
        self.rng = rng
        self.poll_interval_s = poll_interval_s
        self.page_limit = page_limit
        self.use_events = events
        self.failures = 0
        self.state: str | None = None
        self.problem: tuple[str, str] | None = None
        self.clock_skew_s: float | None = None
        self._listeners: list[Listener] = []
        self._upload_lock = threading.Lock()
        self._cycle_lock = threading.Lock()
        self._cancel = threading.Event()
        self.wakeups = WakeUps(self._cancel)
        self._reload = False
        self._events = None
        self._fetcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dukan-sync-fetch")
        self.pusher = Pusher(self)
        self.puller = Puller(self)
        self._load_identity()

    def _load_identity(self) -> dict:
        with self.ledger.read_engine.connect() as conn:
            values = {k: json.loads(v) for k, v in conn.exec_driver_sql(
                "SELECT key, value_json FROM settings"
                " WHERE key IN ('device_id', 'business_id', 'server_url')").all()}
        self.device_id = values["device_id"]
        self.business_id = values["business_id"]
        return values

    @property
    def online(self) -> bool | None:
        return None if self.state is None else self.state == "online"

    # -- listeners -----------------------------------------------------------------

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _emit(self, kind: str, value: object) -> None:
        for listener in list(self._listeners):
            try:
                listener(kind, value)
            except Exception:  # noqa: BLE001 - a broken listener must not stop sync
                log.exception("sync listener failed")

    def _set_state(self, state: str) -> None:
        if state != self.state:
            was_online = self.online
            self.state = state
            self._emit("state", state)
            if self.online != was_online:
                self._emit("online", self.online)

    def _set_problem(self, problem: tuple[str, str] | None) -> None:
        if problem != self.problem:
            self.problem = problem
            self._emit("problem", problem)

    def emit_counts(self) -> tuple[int, int]:
        with self.ledger.read_engine.connect() as conn:
            counts = outbox.counts(conn)
        self._emit("counts", counts)
        return counts

    # -- one cycle -----------------------------------------------------------------

    def run_cycle(self, collections: Iterable[str] | None = None) -> CycleResult:
        """Push everything pending, then pull (all collections, or the ones named).
        Never raises: whatever goes wrong is logged, shown and retried with backoff."""
        with self._cycle_lock:
            try:
                result = self._cycle(collections)
            except Exception as exc:  # noqa: BLE001 - a locked ledger, a bad answer, a bug
                log.exception("sync cycle failed")
                self.failures += 1
                self._set_problem(("sync_error", f"{type(exc).__name__}: {exc}"[:300]))
                result = CycleResult(False, error=repr(exc), problem="sync_error")
            for kind, value in (("counts", None), ("progress", ("", 0, 0))):
                try:
                    self.emit_counts() if value is None else self._emit(kind, value)
                except Exception:  # noqa: BLE001 - e.g. the ledger is locked: shown next time
                    log.warning("could not count the outbox", exc_info=True)
            return result

    def _cycle(self, collections: Iterable[str] | None) -> CycleResult:
        if self._reload:
            self._reload_credentials()
        if not self.server_url or not self.token:
            self._set_problem(("not_connected", "this PC is not connected to a server"))
            return CycleResult(False, problem="not_connected")
        self._requeue_due()
        try:
            pushed = self.push_all()
            pulled = self.pull_all(collections)
        except AuthError as exc:
            self._set_state("online")
            code = "device_revoked" if exc.revoked else "auth_failed"
            self._set_problem((code, exc.message or str(exc)))
            self.failures += 1
            return CycleResult(False, error=str(exc), problem=code)
        except Offline as exc:
            self._set_state("offline")
            self.failures += 1
            log.info("sync cycle failed: %s", exc)
            return CycleResult(False, error=str(exc), offline=True)
        except (ServerBusy, Unexpected) as exc:
            self._set_state("busy")
            self.failures += 1
            log.info("sync cycle failed: %s", exc)
            return CycleResult(False, error=str(exc), retry_after=exc.retry_after)
        except ApiError as exc:
            self.failures += 1
            if exc.status == 426:  # this app is too old for the server: nothing to retry
                self._set_state("online")
                self._set_problem(("app_outdated", exc.message or str(exc)))
                return CycleResult(False, error=str(exc), problem="app_outdated")
            # A status the protocol does not use here (a proxy's 404 or 408): retried.
            self._set_state("busy")
            log.warning("sync cycle: unexpected answer %s", exc)
            return CycleResult(False, error=str(exc))
        self.failures = 0
        self._set_state("online")
        self._set_problem(self._subscription_problem())
        now = datetime.now(UTC)
        self._save_state("last_sync_at", now.isoformat())
        self._emit("last_sync", now)
        return CycleResult(True, pushed=pushed, pulled=pulled)

    def push_all(self) -> int:
        """Push pending records batch by batch. Never two uploads at once: a second
        caller returns immediately (the running upload will see its records)."""
        if not self._upload_lock.acquire(blocking=False):
            return 0
        try:
            return self.pusher.push_all()
        finally:
            self._upload_lock.release()

    def pull_all(self, collections: Iterable[str] | None = None) -> int:
        return self.puller.pull_all(collections)

    def _write(self, work):
        with self.ledger.write_engine.begin() as conn:
            return work(conn)

    def _requeue_due(self) -> None:
        """Failed records whose automatic retry time has come go back to pending (a
        read first: an idle cycle must not write)."""
        now = datetime.now(UTC)
        with self.ledger.read_engine.connect() as conn:
            due = outbox.has_due(conn, now)
        if due:
            self._write(lambda conn: outbox.requeue_due(conn, now))

    def retry_failed(self, seqs: list[int] | None = None) -> int:
        """Failed records (all, or these) back to pending, and sync at once."""
        from .failed_records import requeue

        count = self._write(lambda conn: requeue(conn, seqs))
        self.wake(user=True)
        return count

    # -- state ---------------------------------------------------------------------

    def _save_state(self, key: str, value: object) -> None:
        stamp = _db_value(datetime.now(UTC))
        self._write(lambda conn: conn.exec_driver_sql(
            "INSERT INTO sync_state (key, value_json, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json,"
            " updated_at = excluded.updated_at", (key, json.dumps(value), stamp)))

    def last_sync_at(self) -> datetime | None:
        with self.ledger.read_engine.connect() as conn:
            raw = conn.exec_driver_sql(
                "SELECT value_json FROM sync_state WHERE key = 'last_sync_at'").scalar()
        try:
            return datetime.fromisoformat(json.loads(raw)) if raw else None
        except (TypeError, ValueError):
            return None

    def _note_server_time(self, server_time: str | None) -> None:
        """Device clocks are not trusted: a skew is shown, never acted upon."""
        if not server_time:
            return
        try:
            server = datetime.fromisoformat(server_time)
            if server.tzinfo is None:
                server = server.replace(tzinfo=UTC)
        except (TypeError, ValueError):
            log.warning("unreadable server_time %r", server_time)
            return
        skew = (datetime.now(UTC) - server).total_seconds()
        shown = skew if abs(skew) > SKEW_WARN_S else None
        if (shown is None) != (self.clock_skew_s is None):
            self.clock_skew_s = shown
            self._emit("clock_skew", shown)

    def _subscription_problem(self) -> tuple[str, str] | None:
        with self.ledger.read_engine.connect() as conn:
            row = conn.exec_driver_sql(
                "SELECT status, valid_until FROM subscription_state WHERE id = 1").first()
        if row is None:
            return None
        status, valid_until = row
        trial_over = status == "trial" and valid_until is not None and \
            str(valid_until) < _db_value(datetime.now(UTC))
        if status in ("expired", "cancelled") or trial_over:
            return ("subscription_inactive",
                    "The plan has ended: billing carries on on this PC, but the owner "
                    "should renew it.")
        return None

    # -- credentials -------------------------------------------------------------------

    def reload_credentials(self) -> None:
        """The PC was connected again (a new device credential): use it from the next
        cycle, which starts at once."""
        self._reload = True
        self.wake(user=True)

    def _reload_credentials(self) -> None:
        self._reload = False
        url = self._load_identity().get("server_url") or ""
        token = credentials.load_token(self.ledger.path) if url else None
        if (url, token) == (self.server_url, self.token):
            return
        log.info("sync: new credentials for %s", url or "(none)")
        old, self.client = self.client, SyncClient(url or "http://invalid", token,
                                                   transport=self.transport, timeout=self.timeout)
        old.abort()
        old.close()
        self.server_url, self.token = url, token
        self.failures = 0
        self._set_problem(None)
        # Connected again (maybe now as the owner's PC): give every failed record a go.
        from .failed_records import requeue

        self._write(lambda conn: requeue(conn, None))
        if self._events is not None:
            self._events.cancel()
            self._events = None
            self._start_events()

    # -- the loop ------------------------------------------------------------------

    def wake(self, collections: Iterable[str] | None = None, *, user: bool = False,
             network: bool = False, force: bool = False) -> None:
        """Sync soon: after a local sale or on a server event (automatic: a backoff in
        progress is waited out), when the network returns, or at once for a person
        (`user`; `force` is its old name). See sync/wakeups.py."""
        level = WAKE_USER if (user or force) else WAKE_NETWORK if network else WAKE_AUTO
        self.wakeups.wake(collections, level)

    def next_delay(self, result: CycleResult) -> float:
        if result.ok:
            return self.poll_interval_s
        if result.problem in STUCK_PROBLEMS:
            return BACKOFF_CAP_S
        delay = full_jitter(self.failures - 1, self.rng)
        if result.retry_after is not None:
            delay = max(delay, min(result.retry_after, 3600.0))
        return delay

    def _start_events(self) -> None:
        if self.use_events and self.server_url and self.token:
            from .events import EventListener

            self._events = EventListener(self.server_url, self.token, self.wake,
                                         transport=self.transport, timeout=self.events_timeout,
                                         on_event=self._on_server_event)
            self._events.start()

    def _on_server_event(self, name: str, data) -> None:
        """On the events thread. "revoked": find out now (the next cycle shows it);
        "device": the owner made this PC the owner's or a counter."""
        if name == "revoked":
            self.wake()
        elif name == "device" and isinstance(data, dict) and data.get("kind"):
            kind = str(data["kind"])
            try:
                self._save_state("device_kind", kind)
            except Exception:  # noqa: BLE001 - a busy ledger: the next connect writes it again
                log.warning("could not save the device kind", exc_info=True)
            self._emit("device_kind", kind)
            self.wake()

    def _on_start(self) -> None:
        when = self.last_sync_at()
        if when is not None:
            self._emit("last_sync", when)
        # The app (re)started: records failed for a reason that may have gone away
        # (a server fault, an ended plan) get another try now.
        if self._write(outbox.requeue_due):
            log.info("sync: retrying records that failed for a passing reason")
        self.emit_counts()

    def run(self) -> None:
        """Cycle until cancel(). The retry timer re-arms itself after every cycle,
        whatever happened in it."""
        self._start_events()
        try:
            self._on_start()
        except Exception:  # noqa: BLE001 - the first cycle will show what is wrong
            log.exception("sync start-up")
        collections: set[str] | None = None
        while not self._cancel.is_set():
            try:
                result = self.run_cycle(collections)
                delay = self.next_delay(result)
            except Exception:  # noqa: BLE001 - never let the loop die
                log.exception("sync loop")
                result, delay = CycleResult(False), BACKOFF_CAP_S
            collections = self.wakeups.sleep(delay, result.ok, result.offline)
        if self._events is not None:
            self._events.cancel()

    def cancel(self) -> None:
        """Stop the loop and cut any request in flight (shutdown need not wait for a
        read timeout)."""
        self._cancel.set()
        self.wakeups.event.set()
        self.client.abort()
        if self._events is not None:
            self._events.cancel()

    def close(self) -> None:
        self.cancel()
        self._fetcher.shutdown(wait=True, cancel_futures=True)
        self.client.close()
        self.ledger.close()
