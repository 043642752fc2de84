"""Printing tests: a local TCP 'printer', sample documents, where PNG renders go."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import socket  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "printing"


class TcpPrinter:
    """Listens on 127.0.0.1 like a port-9100 printer and keeps every job's bytes."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.05)  # accept() wakes up to notice close()
        self.port = self.sock.getsockname()[1]
        self.jobs: list[bytes] = []
        self._done = threading.Condition()
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            chunks = []
            with conn:
                conn.settimeout(10)
                while True:
                    try:
                        data = conn.recv(65536)
                    except OSError:
                        break
                    if not data:
                        break
                    chunks.append(data)
            with self._done:
                self.jobs.append(b"".join(chunks))
                self._done.notify_all()

    def wait_job(self, n: int = 1, timeout: float = 10) -> bytes:
        with self._done:
            assert self._done.wait_for(lambda: len(self.jobs) >= n, timeout), "printer got no job"
            return self.jobs[n - 1]

    def close(self) -> None:
        self._stop = True
        self._thread.join(5)
        self.sock.close()


@pytest.fixture
def tcp_printer():
    printer = TcpPrinter()
    yield printer
    printer.close()


@pytest.fixture
def free_port() -> int:
    """A port nobody listens on: connecting is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
