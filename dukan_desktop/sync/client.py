"""The server's sync API over HTTP (httpx), with explicit timeouts and typed errors.

Every failure becomes one of a few exceptions the engine knows how to handle:
`Offline` (no answer, a dropped or truncated answer), `ServerBusy` (5xx, 429; with the
server's Retry-After), `AuthError` (401/403: revoked device, expired owner token),
`GenerationChanged` (409 on pull) and `ApiError` (any other refusal). The engine
decides which of those may fail a record (sync/push.py); `Unexpected` is an answer
outside the protocol (a 200 without results), retried like a server fault.

`abort()` cuts every request in flight from another thread (closing an httpx client
does not: a read blocked on a socket stays blocked until its timeout), so the app can
shut down without waiting for a 30 s read timeout.
"""

from __future__ import annotations

import json
import socket
import weakref
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from typing import Any

import httpcore
import httpx

from dukan_protocol import SCHEMA_VERSION

# Connect fast (a dead network should not hold the engine), read generously (a first
# pull page or a push transaction on a busy server takes a while).
TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
EVENTS_TIMEOUT = httpx.Timeout(connect=5.0, read=90.0, write=10.0, pool=5.0)


class SyncError(Exception):
    """Base of everything the client raises."""

    retry_after: float | None = None


class Offline(SyncError):
    """The server could not be reached, or the answer was cut off."""


class ServerBusy(SyncError):
    def __init__(self, status: int, message: str, retry_after: float | None) -> None:
        super().__init__(f"server answered {status}: {message}")
        self.status = status
        self.retry_after = retry_after


class ApiError(SyncError):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


class AuthError(ApiError):
    """401/403: the credential is not (or no longer) valid."""

    @property
    def revoked(self) -> bool:
        return self.code in ("invalid_device", "wrong_device")


class GenerationChanged(ApiError):
    """409 on pull: the server's data was rebuilt; pull that collection from zero."""


class Unexpected(SyncError):
    """An answer the protocol does not have (a 200 without results, a bad time stamp)."""


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        from datetime import UTC, datetime

        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def _raise_for(response: httpx.Response) -> None:
    status = response.status_code
    if status < 400:
        return
    try:
        err = response.json().get("error") or {}
        code, message = str(err.get("code", "")), str(err.get("message", ""))
    except (ValueError, AttributeError):
        code, message = "", response.text[:200]
    retry_after = parse_retry_after(response.headers.get("retry-after"))
    if status >= 500 or status == 429:
        raise ServerBusy(status, message or code or response.reason_phrase, retry_after)
    if status in (401, 403):
        raise AuthError(status, code or "unauthorized", message)
    if status == 409 and code == "generation_changed":
        raise GenerationChanged(status, code, message)
    raise ApiError(status, code or str(status), message)


class _AbortableBackend(httpcore.SyncBackend):
    """httpcore's socket backend, remembering its sockets so `abort()` can shut them
    down: that wakes a thread blocked reading one, where close() would not."""

    def __init__(self) -> None:
        self._sockets: weakref.WeakSet = weakref.WeakSet()
        self.aborted = False

    def connect_tcp(self, *args, **kwargs):
        if self.aborted:
            raise httpcore.ConnectError("sync was stopped")
        return self._track(super().connect_tcp(*args, **kwargs))

    def _track(self, stream):
        sock = stream.get_extra_info("socket")
        if sock is not None:
            self._sockets.add(sock)
            if self.aborted:  # abort() ran while this one was connecting: it saw no socket
                _shutdown(sock)
        start_tls = stream.start_tls
        stream.start_tls = lambda *a, **kw: self._track(start_tls(*a, **kw))
        return stream

    def abort(self) -> None:
        self.aborted = True  # set before looking: a socket added from now on sees it
        for sock in list(self._sockets):
            _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _abortable_transport() -> tuple[httpx.HTTPTransport, _AbortableBackend | None]:
    transport = httpx.HTTPTransport()
    pool = getattr(transport, "_pool", None)
    if not isinstance(pool, httpcore.ConnectionPool):  # another httpx: plain transport
        return transport, None
    backend = _AbortableBackend()
    transport._pool = httpcore.ConnectionPool(
        ssl_context=pool._ssl_context, max_connections=pool._max_connections,
        max_keepalive_connections=pool._max_keepalive_connections,
        keepalive_expiry=pool._keepalive_expiry, network_backend=backend)
    return transport, backend


class SyncClient:
    """One device's view of the server. `token` is the device credential; an owner's
    access token is passed per call during the connect flow."""

    def __init__(self, base_url: str, token: str | None = None, *,
                 timeout: httpx.Timeout | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout or TIMEOUT
        self.transport = transport
        self._backend: _AbortableBackend | None = None
        if transport is None:
            transport, self._backend = _abortable_transport()
        self._http = httpx.Client(base_url=self.base_url, timeout=self.timeout,
                                  transport=transport,
                                  headers={"User-Agent": "dukan-desktop-sync"})

    def close(self) -> None:
        self._http.close()

    def abort(self) -> None:
        """Fail every request in flight (from any thread) and every later one."""
        if self._backend is not None:
            self._backend.abort()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _auth(self, bearer: str | None) -> dict[str, str]:
        token = bearer or self.token
        return {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, path: str, *, bearer: str | None = None,
                json_body: Any = None, params: dict | None = None,
                content: bytes | None = None) -> Any:
        headers = self._auth(bearer)
        if content is not None:
            headers["Content-Type"] = "application/json"
        try:
            response = self._http.request(method, path, json=json_body, params=params,
                                          content=content, headers=headers)
            _raise_for(response)
            if response.status_code == 204 or not response.content:
                return None
            return response.json()
        except httpx.TransportError as exc:  # connect/read/write errors, timeouts, truncation
            raise Offline(f"{type(exc).__name__}: {exc}") from exc
        except ValueError as exc:  # a 200 whose body is not JSON: cut off on the way
            raise Offline(f"unreadable answer: {exc}") from exc

    # -- owner (connect this PC) --------------------------------------------------

    def login(self, identifier: str, password: str) -> dict:
        return self.request("POST", "/v1/auth/login",
                            json_body={"identifier": identifier, "password": password})

    def signup(self, **body: Any) -> dict:
        return self.request("POST", "/v1/auth/signup",
                            json_body={k: v for k, v in body.items() if v is not None})

    def refresh(self, refresh_token: str) -> dict:
        return self.request("POST", "/v1/auth/refresh", json_body={"refresh_token": refresh_token})

    def me(self, access_token: str) -> dict:
        return self.request("GET", "/v1/me", bearer=access_token)

    def list_outlets(self, access_token: str) -> list[dict]:
        return self.request("GET", "/v1/outlets", bearer=access_token)

    def create_outlet(self, access_token: str, **body: Any) -> dict:
        return self.request("POST", "/v1/outlets", bearer=access_token,
                            json_body={k: v for k, v in body.items() if v is not None})

    def list_devices(self, access_token: str) -> list[dict]:
        return self.request("GET", "/v1/devices", bearer=access_token)

    def register_device(self, access_token: str, **body: Any) -> dict:
        return self.request("POST", "/v1/devices", bearer=access_token,
                            json_body={k: v for k, v in body.items() if v is not None})

    # -- device -------------------------------------------------------------------

    def device_info(self) -> dict:
        return self.request("GET", "/v1/device")

    def push(self, device_id: str, records: list[dict] | None = None, *,
             body: bytes | None = None) -> dict:
        """Either `records` or a pre-encoded `body` (what the outbox batcher measured)."""
        if body is None:
            body = encode_push(device_id, records or [])
        return self.request("POST", "/v1/sync/push", content=body)

    def pull(self, collection: str, checkpoint: str | None, limit: int = 500) -> dict:
        params: dict[str, Any] = {"collection": collection, "limit": limit}
        if checkpoint:
            params["checkpoint"] = checkpoint
        return self.request("GET", "/v1/sync/pull", params=params)

    def events(self, timeout: httpx.Timeout | None = None) -> Iterator[dict]:
        """Yield `{"event": name, "data": parsed}` from the SSE stream until it ends."""
        try:
            with self._http.stream("GET", "/v1/sync/events", headers=self._auth(None),
                                   timeout=timeout or EVENTS_TIMEOUT) as response:
                if response.status_code >= 400:
                    response.read()
                    _raise_for(response)
                event, data = "message", []
                for line in response.iter_lines():
                    if not line:
                        if data:
                            yield {"event": event, "data": _json_or_text("\n".join(data))}
                        event, data = "message", []
                    elif line.startswith("event:"):
                        event = line[6:].strip()
                    elif line.startswith("data:"):
                        data.append(line[5:].strip())
                    # comments (": keep-alive") and retry: lines are ignored
        except httpx.TransportError as exc:
            raise Offline(f"{type(exc).__name__}: {exc}") from exc


def encode_push(device_id: str, records: list[dict]) -> bytes:
    return json.dumps({"device_id": device_id, "schema_version": SCHEMA_VERSION,
                       "records": records}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
