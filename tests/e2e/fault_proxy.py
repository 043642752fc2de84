"""An asyncio TCP proxy between a client and the server with injectable faults.

Each accepted connection carries one request (the proxy asks the server to close after
answering) and draws one fault, from `weights` or from the first `rules` entry whose
path prefix matches the request:

  pass              forwarded as is
  drop              closed without an answer once the request arrived
  reset             RST once the request arrived
  delay             upstream held back 0.1-1 s
  stall             nothing for `stall_s` (longer than the client's read timeout), then RST
  truncate          the answer cut at a random byte
  truncate_request  only part of the request reaches the server, then both sides RST
  503 / 500 / 400 / 413 / 404 / 408   answered by the proxy itself (503 with Retry-After)
  bad200            a 200 whose JSON is not what the protocol says (no results/changes)

`poison`: a request whose body contains these bytes is answered 500 every time (a
record that makes the server fail). Runs its own event loop in a daemon thread.
"""

from __future__ import annotations

import asyncio
import random
import socket
import struct
import threading
from collections import Counter

FAULTS = ("pass", "drop", "reset", "delay", "stall", "truncate", "truncate_request",
          "503", "500", "400", "413", "404", "408", "bad200")
_REASONS = {"503": b"Service Unavailable", "500": b"Internal Server Error",
            "400": b"Bad Request", "413": b"Payload Too Large",
            "404": b"Not Found", "408": b"Request Timeout"}


class FaultProxy:
    def __init__(self, target_host: str, target_port: int, *, seed: int = 1) -> None:
        self.target = (target_host, target_port)
        self.rng = random.Random(seed)
        self.weights: dict[str, float] = {"pass": 1.0}
        self.rules: list[tuple[str, dict[str, float]]] = []
        self.poison: bytes | None = None
        self.retry_after = 1
        self.stall_s = 4.0
        self.counts: Counter[str] = Counter()
        self.paths: Counter[str] = Counter()           # requests by path (query dropped)
        self.faults_by_path: Counter[tuple[str, str]] = Counter()
        self.connections = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.AbstractServer | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="fault-proxy")
        self._open: set[asyncio.StreamWriter] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def set_faults(self, **weights: float) -> None:
        self.weights = dict(weights)

    def set_rule(self, prefix: str, **weights: float) -> None:
        """Faults for requests whose path starts with `prefix` (replaces that rule)."""
        self.rules = [(p, w) for p, w in self.rules if p != prefix] + [(prefix, dict(weights))]

    def start(self) -> FaultProxy:
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            for writer in list(self._open):
                _abort(writer)
        asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def start() -> None:
            self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
            self.port = self._server.sockets[0].getsockname()[1]
            self._ready.set()
        self._loop.run_until_complete(start())
        self._loop.run_forever()

    def _pick(self, path: str) -> str:
        weights = next((w for p, w in self.rules if path.startswith(p)), self.weights)
        names = list(weights)
        return self.rng.choices(names, [weights[n] for n in names])[0]

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._open.add(writer)
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            path = head.split(b" ", 2)[1].decode("latin-1").split("?", 1)[0]
            body = await _read_body(reader, head)
            fault = self._pick(path)
            if self.poison is not None and self.poison in body:
                fault = "500"
            self.counts[fault] += 1
            self.paths[path] += 1
            self.faults_by_path[(path, fault)] += 1
            await self._serve(fault, head, body, reader, writer)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            _abort(writer)
        finally:
            self._open.discard(writer)

    async def _serve(self, fault: str, head: bytes, body: bytes, reader, writer) -> None:
        if fault == "drop":
            writer.close()
            return
        if fault == "reset":
            _abort(writer)
            return
        if fault == "stall":
            await asyncio.sleep(self.stall_s)
            _abort(writer)
            return
        if fault in _REASONS or fault == "bad200":
            await _answer(writer, fault, self.retry_after)
            return
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        if fault == "delay":
            await asyncio.sleep(self.rng.uniform(0.1, 1.0))
        # One request per connection, so every request draws its own fault.
        up_writer.write(_close_after(head))
        if fault == "truncate_request":
            up_writer.write(body[:len(body) // 2])
            await up_writer.drain()
            await asyncio.sleep(0.05)
            up_writer.transport.abort()
            _abort(writer)
            return
        up_writer.write(body)
        await up_writer.drain()
        cut = self.rng.randint(1, 6000) if fault == "truncate" else None
        await asyncio.gather(_pipe(reader, up_writer, None),
                             _pipe(up_reader, writer, cut, also=up_writer))


async def _read_body(reader: asyncio.StreamReader, head: bytes) -> bytes:
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            return await asyncio.wait_for(reader.readexactly(int(value.strip())), 10)
    return b""


async def _answer(writer: asyncio.StreamWriter, fault: str, retry_after: int) -> None:
    if fault == "bad200":
        status, payload, extra = b"200 OK", b'{"server_time": "yesterday"}', b""
    else:
        status = fault.encode() + b" " + _REASONS[fault]
        payload = b"proxy says " + fault.encode()
        extra = b"Retry-After: " + str(retry_after).encode() + b"\r\n" if fault == "503" else b""
    writer.write(b"HTTP/1.1 " + status + b"\r\n" + extra
                 + b"Content-Type: application/json\r\nContent-Length: "
                 + str(len(payload)).encode() + b"\r\nConnection: close\r\n\r\n" + payload)
    await writer.drain()
    writer.close()


def _close_after(head: bytes) -> bytes:
    lines = [ln for ln in head.split(b"\r\n") if ln and not ln.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n"


def _abort(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
    writer.transport.abort()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, cut: int | None,
                also: asyncio.StreamWriter | None = None) -> None:
    sent = 0
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            if cut is not None and sent + len(data) >= cut:
                writer.write(data[:max(0, cut - sent)])
                await writer.drain()
                _abort(writer)
                if also is not None:
                    also.transport.abort()
                return
            writer.write(data)
            await writer.drain()
            sent += len(data)
    except (OSError, ConnectionError):
        _abort(writer)
        return
    try:
        writer.close()
    except OSError:
        pass
