"""An asyncio TCP proxy between a client and the server with injectable faults.

Each accepted connection (one request: the proxy asks the server to close after
answering) draws one fault: pass, drop (closed at once), reset (RST
after the request arrives), delay (upstream held back), truncate (the answer is cut
at a random byte), 503 (answered by the proxy with Retry-After). Runs its own event loop
in a daemon thread.
"""

from __future__ import annotations

import asyncio
import random
import socket
import struct
import threading
from collections import Counter

FAULTS = ("pass", "drop", "reset", "delay", "truncate", "503")


class FaultProxy:
    def __init__(self, target_host: str, target_port: int, *, seed: int = 1) -> None:
        self.target = (target_host, target_port)
        self.rng = random.Random(seed)
        self.weights: dict[str, float] = {"pass": 1.0}
        self.retry_after = 1
        self.counts: Counter[str] = Counter()
        self.connections = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.AbstractServer | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="fault-proxy")
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def set_faults(self, **weights: float) -> None:
        self.weights = dict(weights)

    def start(self) -> FaultProxy:
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
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

    def _pick(self) -> str:
        names = list(self.weights)
        return self.rng.choices(names, [self.weights[n] for n in names])[0]

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        fault = self._pick()
        self.counts[fault] += 1
        try:
            if fault == "drop":
                writer.close()
                return
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            if fault in ("reset", "503"):
                if fault == "503":
                    writer.write(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: "
                                 + str(self.retry_after).encode()
                                 + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    await writer.drain()
                    writer.close()
                else:
                    _abort(writer)
                return
            up_reader, up_writer = await asyncio.open_connection(*self.target)
            if fault == "delay":
                await asyncio.sleep(self.rng.uniform(0.1, 1.0))
            # One request per connection, so every request draws its own fault.
            up_writer.write(_close_after(head))
            await up_writer.drain()
            cut = self.rng.randint(1, 6000) if fault == "truncate" else None
            await asyncio.gather(_pipe(reader, up_writer, None),
                                 _pipe(up_reader, writer, cut, also=up_writer))
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            _abort(writer)


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
