"""The sync engine: push the outbox, pull every collection, back off, repeat. Qt-free.

    engine = SyncEngine(ledger_path, server_url, token)
    engine.add_listener(lambda kind, value: ...)
    engine.run_cycle()          # one push + pull, returns a CycleResult
    engine.run()                # loop until cancel(): timer, wake-ups, server events

The engine opens its own Ledger (its own SQLite connections): it never shares a
transaction with the billing path. Billing never waits for it: a push reads the
outbox in a short read transaction and writes results in a short write transaction;
the HTTP call runs with no transaction open.

Listener events: ("online", bool), ("counts", (pending, failed)), ("last_sync",
datetime), ("progress", (phase, done, total)), ("clock_skew", seconds | None),
("problem", (code, message) | None).
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
from pathlib import Path

from dukan_protocol.sync import PULL_COLLECTIONS

from ..ledger.engine import Ledger
from ..ledger.uow import _db_value
from . import apply, outbox
from .client import ApiError, AuthError, GenerationChanged, Offline, ServerBusy, SyncClient

log = logging.getLogger("dukan.sync")

BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 300.0
BACKOFF_FLOOR_S = 0.5       # full jitter may draw ~0: never retry in a tight loop
POLL_INTERVAL_S = 45.0      # the fallback when no server event arrives
SKEW_WARN_S = 300.0
PAGE_LIMIT = 1000            # the server's maximum: fewer round trips and commits

Listener = Callable[[str, object], None]


@dataclass(frozen=True, slots=True)
class CycleResult:
    ok: bool
    pushed: int = 0
    pulled: int = 0
    error: str | None = None
    retry_after: float | None = None
    problem: str | None = None      # a code the user must act on (revoked device, ...)


def full_jitter(failures: int, rng: Callable[[], float] = random.random,
                base: float = BACKOFF_BASE_S, cap: float = BACKOFF_CAP_S) -> float:
    """AWS "full jitter": uniform in [0, min(cap, base·2^n)], with a small floor."""
    return max(BACKOFF_FLOOR_S, rng() * min(cap, base * 2 ** min(failures, 30)))


class SyncEngine:
    def __init__(self, ledger_path: Path | str, server_url: str, token: str, *,
                 transport=None, rng: Callable[[], float] = random.random,
                 poll_interval_s: float = POLL_INTERVAL_S, page_limit: int = PAGE_LIMIT,
                 events: bool = True) -> None:
        self.ledger = Ledger.open(ledger_path, migrate=False)
        self.client = SyncClient(server_url, token, transport=transport)
        self.server_url, self.token, self.transport = server_url, token, transport
        self.rng = rng
        self.poll_interval_s = poll_interval_s
        self.page_limit = page_limit
        self.use_events = events
        self.failures = 0
        self.online: bool | None = None
        self.problem: tuple[str, str] | None = None
        self.clock_skew_s: float | None = None
        self._listeners: list[Listener] = []
        self._upload_lock = threading.Lock()
        self._cycle_lock = threading.Lock()
        self._cancel = threading.Event()
        self._wake = threading.Event()
        self._wake_collections: set[str] = set()
        self._not_before = 0.0  # monotonic time a Retry-After asked us to wait until
        self._events = None
        self._resume_from: str | None = None
        self._fetcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dukan-sync-fetch")
        with self.ledger.read_engine.connect() as conn:
            values = dict(conn.exec_driver_sql(
                "SELECT key, value_json FROM settings WHERE key IN ('device_id', 'business_id')"
            ).all())
        self.device_id = json.loads(values["device_id"])
        self.business_id = json.loads(values["business_id"])

    # -- listeners -----------------------------------------------------------------

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _emit(self, kind: str, value: object) -> None:
        for listener in list(self._listeners):
            try:
                listener(kind, value)
            except Exception:  # noqa: BLE001 - a broken listener must not stop sync
                log.exception("sync listener failed")

    def _set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self._emit("online", online)

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
        """Push everything pending, then pull (all collections, or the ones named)."""
        with self._cycle_lock:
            try:
                pushed = self.push_all()
                pulled = self.pull_all(collections)
            except AuthError as exc:
                self._set_online(True)
                code = "device_revoked" if exc.revoked else "auth_failed"
                self._set_problem((code, exc.message or str(exc)))
                self.failures += 1
                return CycleResult(False, error=str(exc), problem=code)
            except (Offline, ServerBusy) as exc:
                self._set_online(False)
                self.failures += 1
                log.info("sync cycle failed: %s", exc)
                return CycleResult(False, error=str(exc), retry_after=exc.retry_after)
            except ApiError as exc:
                self._set_online(True)
                self.failures += 1
                self._set_problem((exc.code, exc.message or str(exc)))
                return CycleResult(False, error=str(exc), problem=exc.code)
            finally:
                self.emit_counts()
            self.failures = 0
            self._set_online(True)
            self._check_subscription()
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
            return self._push_all()
        finally:
            self._upload_lock.release()

    def _push_all(self) -> int:
        pushed = 0
        max_records = 100
        after_seq = 0  # rows left pending by a failed split are not retried in this cycle
        total = None
        while not self._cancel.is_set():
            with self.ledger.read_engine.connect() as conn:
                if total is None:
                    total = outbox.counts(conn)[0]
                batch = outbox.next_batch(conn, self.device_id, max_records=max_records,
                                          after_seq=after_seq)
            if batch is None:
                break
            try:
                response = self.client.push(self.device_id, body=batch.body)
            except (Offline, ServerBusy) as exc:
                self._write(lambda conn, b=batch, e=exc: outbox.note_attempt(conn, b.rows, str(e)))
                raise
            except AuthError:
                raise
            except ApiError as exc:
                if exc.status == 426:  # this app is too old for the server: nothing to retry
                    raise
                if len(batch.rows) > 1:  # find the record the server chokes on
                    max_records = max(1, len(batch.rows) // 2)
                    continue
                self._write(lambda conn, b=batch, e=exc: outbox.mark_failed(conn, b.rows, str(e)))
                after_seq = batch.rows[-1].seq
                continue
            self._set_online(True)
            self._note_server_time(response.get("server_time"))
            now = datetime.now(UTC)
            synced, _failed = self._write(
                lambda conn, b=batch, r=response, n=now: outbox.mark_results(conn, b.rows, r["results"], n))
            pushed += synced
            max_records = 100
            self._emit("progress", ("push", pushed, max(total or 0, pushed)))
        return pushed

    def pull_all(self, collections: Iterable[str] | None = None) -> int:
        wanted = set(collections) if collections else set(PULL_COLLECTIONS)
        order = [c for c in PULL_COLLECTIONS if c in wanted]
        if self._resume_from in order:
            # On a flaky line, carry on where the last cycle broke off instead of
            # starting over: each collection's progress is kept by its checkpoint.
            k = order.index(self._resume_from)
            order = order[k:] + order[:k]
        pulled = 0
        restarted = False
        with self.ledger.read_engine.connect() as conn:
            checkpoints = apply.load_checkpoints(conn)
        i = 0
        while i < len(order) and not self._cancel.is_set():
            collection = order[i]
            checkpoint = checkpoints.get(collection)
            ahead = None
            while not self._cancel.is_set():
                try:
                    self._resume_from = collection
                    page = ahead.result() if ahead else self.client.pull(
                        collection, checkpoint, self.page_limit)
                    ahead = None
                except GenerationChanged:
                    if restarted:
                        raise
                    # The server was rebuilt: pull everything again; the outbox is untouched.
                    restarted = True
                    self._write(apply.clear_checkpoints)
                    checkpoints, order, i = {}, list(PULL_COLLECTIONS), -1
                    break
                self._set_online(True)
                self._note_server_time(page.get("server_time"))
                if page["has_more"]:
                    # Fetch the next page while this one is applied (pages are still
                    # applied strictly in order, each with its own checkpoint).
                    ahead = self._fetcher.submit(self.client.pull, collection,
                                                 page["checkpoint"], self.page_limit)
                if page["changes"] or page["checkpoint"] != checkpoint:
                    self._apply(collection, page)
                    pulled += len(page["changes"])
                checkpoint = page["checkpoint"]
                checkpoints[collection] = checkpoint
                if page["changes"]:
                    self._emit("progress", ("pull", i + 1, len(order)))
                if not page["has_more"]:
                    break
            i += 1
        self._resume_from = None
        return pulled

    def _apply(self, collection: str, page: dict) -> None:
        now = datetime.now(UTC)

        def work(conn) -> None:
            skip: set[str] = set()
            record_type = apply.UPSERT_RECORD_TYPES.get(collection)
            if record_type and page["changes"]:
                skip = outbox.pending_entity_ids(conn, (record_type,))
            apply.apply_page(conn, collection, page["changes"], page["checkpoint"],
                             business_id=self.business_id, now=now, skip_ids=skip)
        self._write(work)

    def _write(self, work):
        with self.ledger.write_engine.begin() as conn:
            return work(conn)

    # -- state ---------------------------------------------------------------------

    def _save_state(self, key: str, value: object) -> None:
        stamp = _db_value(datetime.now(UTC))
        self._write(lambda conn: conn.exec_driver_sql(
            "INSERT INTO sync_state (key, value_json, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json,"
            " updated_at = excluded.updated_at", (key, json.dumps(value), stamp)))

    def _note_server_time(self, server_time: str | None) -> None:
        """Device clocks are not trusted: a skew is shown, never acted upon."""
        if not server_time:
            return
        skew = (datetime.now(UTC) - datetime.fromisoformat(server_time)).total_seconds()
        shown = skew if abs(skew) > SKEW_WARN_S else None
        if (shown is None) != (self.clock_skew_s is None):
            self.clock_skew_s = shown
            self._emit("clock_skew", shown)

    def _check_subscription(self) -> None:
        with self.ledger.read_engine.connect() as conn:
            row = conn.exec_driver_sql("SELECT status FROM subscription_state WHERE id = 1").first()
        if row and row[0] in ("expired", "cancelled"):
            self._set_problem(("subscription_expired",
                               "The subscription has expired: billing carries on on this PC, "
                               "but the owner should renew it."))
        elif self.problem is not None:
            self._set_problem(None)

    # -- the loop ------------------------------------------------------------------

    def wake(self, collections: Iterable[str] | None = None, *, force: bool = False) -> None:
        """Sync soon: after a local sale, on a server event, when the network returns.
        Honours a pending Retry-After unless `force` (network came back)."""
        collections = list(collections or ())
        if collections and "*" not in collections:
            self._wake_collections.update(c for c in collections if c in PULL_COLLECTIONS)
        else:
            self._wake_collections.update(PULL_COLLECTIONS)
        if force:
            self._not_before = 0.0
        self._wake.set()

    def next_delay(self, result: CycleResult) -> float:
        if result.ok:
            return self.poll_interval_s
        if result.problem == "device_revoked":
            return BACKOFF_CAP_S
        delay = full_jitter(self.failures - 1, self.rng)
        if result.retry_after is not None:
            delay = max(delay, result.retry_after)
        return delay

    def run(self) -> None:
        """Cycle until cancel(). The retry timer re-arms itself after every cycle."""
        import time

        if self.use_events:
            from .events import EventListener

            self._events = EventListener(self.server_url, self.token, self.wake,
                                         transport=self.transport)
            self._events.start()
        self.emit_counts()
        collections: set[str] | None = None
        while not self._cancel.is_set():
            result = self.run_cycle(collections)
            delay = self.next_delay(result)
            if not result.ok:
                self._not_before = time.monotonic() + (result.retry_after or 0.0)
            deadline = time.monotonic() + delay
            while not self._cancel.is_set():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    collections = None
                    break
                if self._wake.wait(remaining):
                    self._wake.clear()
                    if time.monotonic() >= self._not_before:
                        collections = set(self._wake_collections) if result.ok else None
                        self._wake_collections.clear()
                        break
        if self._events is not None:
            self._events.cancel()

    def cancel(self) -> None:
        self._cancel.set()
        self._wake.set()
        if self._events is not None:
            self._events.cancel()

    def close(self) -> None:
        self.cancel()
        self._fetcher.shutdown(wait=True, cancel_futures=True)
        self.client.close()
        self.ledger.close()
