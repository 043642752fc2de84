"""GET /v1/sync/events: server-sent events telling a device to pull now.

One LISTEN connection per API process receives `business_id:collection` from the
pull tables' triggers (NOTIFY is delivered at commit, so a device never pulls before
the data is visible) and fans it out to that business's open streams. Polling every
30-60 s stays the fallback; a missed event only delays a pull.

A stream lives only as long as its credential: revoking a device, rotating its token
or changing its kind sends `business_id:device:<id>` (migration 0006), and that
device's stream re-checks at once (`event: revoked` and the end of the stream, or
`event: device` with the new kind). Every `sse_recheck_seconds` each stream re-checks
anyway, in case a notification was missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections import defaultdict
from collections.abc import AsyncIterator

import psycopg
from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from .deps import DevicePrincipal, DeviceToken, device_tx
from .errors import ApiError

log = logging.getLogger("dukan_server.events")
router = APIRouter(prefix="/v1/sync", tags=["sync"])
CHANNEL = "dukan_sync"


class EventHub:
    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.subscribers: dict[str, set[asyncio.Queue[str]]] = defaultdict(set)
        self._task: asyncio.Task | None = None
        self.connected = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.create_task(self._listen_forever(), name="dukan-listen")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    def subscribe(self, business_id: str) -> asyncio.Queue[str]:
        queue: asyncio.Queue[str] = asyncio.Queue(maxsize=100)
        self.subscribers[business_id].add(queue)
        return queue

    def unsubscribe(self, business_id: str, queue: asyncio.Queue[str]) -> None:
        self.subscribers[business_id].discard(queue)
        if not self.subscribers[business_id]:
            del self.subscribers[business_id]

    def dispatch(self, payload: str) -> None:
        business_id, _, collection = payload.partition(":")
        for queue in list(self.subscribers.get(business_id, ())):
            with contextlib.suppress(asyncio.QueueFull):  # a slow reader will pull anyway
                queue.put_nowait(collection)

    async def _listen_forever(self) -> None:
        delay = 1.0
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                        self.database_url, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self.connected.set()
                    delay = 1.0
                    # After a reconnect we may have missed events: tell everyone to pull.
                    for business_id in list(self.subscribers):
                        self.dispatch(f"{business_id}:*")
                    async for notify in conn.notifies():
                        self.dispatch(notify.payload)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - keep listening whatever happened
                self.connected.clear()
                log.warning("LISTEN connection lost (%s); retrying in %.0fs", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)


class Notifier:
    """Publishes `business_id:collection` nudges for transactions that deferred them
    (`app.notify = 'defer'`, migration 0005), after they committed.

    A background thread sends what piled up every `interval` seconds from one autocommit
    connection, in a transaction without writes, so the cluster-wide NOTIFY lock is never
    held across a WAL flush. If this process dies between a commit and the next send,
    the nudge is lost and devices find the change at their next poll (as with any
    missed event)."""

    def __init__(self, database_url: str, interval: float = 0.02) -> None:
        self.database_url = database_url
        self.interval = interval
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="dukan-notify", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping = True
        self._wake.set()
        self._thread.join(timeout)

    def publish(self, business_id: str, collections) -> None:
        if not collections:
            return
        with self._lock:
            self._pending.update(f"{business_id}:{c}" for c in collections)
        self._wake.set()

    def _take(self) -> list[str]:
        with self._lock:
            batch, self._pending = sorted(self._pending), set()
        return batch

    def _run(self) -> None:
        conn = None
        while True:
            self._wake.wait()
            stopping = self._stopping
            if not stopping:
                threading.Event().wait(self.interval)  # let a few commits pile up
            self._wake.clear()
            batch = self._take()
            while batch:
                try:
                    if conn is None or conn.closed:
                        conn = psycopg.connect(self.database_url, autocommit=True)
                    conn.execute("SELECT pg_notify(%s, p) FROM unnest(%s::text[]) p",
                                 (CHANNEL, batch))
                    batch = []
                except Exception as exc:  # noqa: BLE001 - a lost nudge only delays a pull
                    log.warning("could not publish %d sync events: %s", len(batch), exc)
                    with contextlib.suppress(Exception):
                        conn.close()
                    conn = None
                    if stopping:
                        break
                    threading.Event().wait(1.0)
                    with self._lock:  # keep them for the next try
                        self._pending.update(batch)
                    self._wake.set()
                    batch = []
            if stopping:
                if conn is not None:
                    conn.close()
                return


def _authenticate(request: Request, token: str) -> DevicePrincipal:
    with device_tx(request, token) as (device, _conn):
        return device


def _event(name: str, data: dict) -> str:
    return f"event: {name}\ndata: " + json.dumps(data) + "\n\n"


@router.get("/events", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}},
                             "description": "server-sent events: `pull` with collections"}})
async def events(request: Request, token: DeviceToken) -> StreamingResponse:
    device = await run_in_threadpool(_authenticate, request, token)
    hub: EventHub = request.app.state.events
    settings = request.app.state.settings
    recheck = max(1, settings.sse_recheck_seconds)
    wait = max(1, min(settings.sse_heartbeat_seconds, recheck))
    queue = hub.subscribe(device.business_id)
    mine = f"device:{device.device_id}"

    async def stream() -> AsyncIterator[str]:
        nonlocal device
        loop = asyncio.get_running_loop()
        recheck_at = loop.time() + recheck
        try:
            yield "retry: 5000\n" + _event("hello", {"device_id": device.device_id,
                                                     "kind": device.kind})
            while True:
                try:
                    items = {await asyncio.wait_for(queue.get(), timeout=wait)}
                except TimeoutError:
                    items = set()
                    yield ": keep-alive\n\n"
                while not queue.empty():
                    items.add(queue.get_nowait())
                if mine in items or loop.time() >= recheck_at:
                    recheck_at = loop.time() + recheck
                    try:
                        current = await run_in_threadpool(_authenticate, request, token)
                    except ApiError:
                        yield _event("revoked", {"device_id": device.device_id})
                        return
                    if current.kind != device.kind:
                        yield _event("device", {"device_id": device.device_id,
                                                "kind": current.kind})
                    device = current
                # Another device's credential changed: nothing for this one to pull.
                collections = sorted(c for c in items if not c.startswith("device:"))
                if collections:
                    yield _event("pull", {"collections": collections})
        except Exception:  # noqa: BLE001 - database away or client gone: end the stream
            return
        finally:
            hub.unsubscribe(device.business_id, queue)

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
