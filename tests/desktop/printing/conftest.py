"""Printing tests: a local TCP 'printer', sample documents, where PNG renders go."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import socket  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "printing"


STATUS_QUERY = b"\x10\x04"  # DLE EOT n: real-time status
PAPER_OK, PAPER_OUT = 0x12, 0x72  # DLE EOT 4 answers (paper roll sensor)


class TcpPrinter:
    """Listens on 127.0.0.1 like a port-9100 printer and keeps every job's bytes.

    Like a real thermal printer it answers DLE EOT 4 (paper status) with `paper`
    (None: a printer that never answers); status queries are kept apart from the
    job bytes, in `queries`.
    """

    def __init__(self, paper: int | None = PAPER_OK) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.05)  # accept() wakes up to notice close()
        self.port = self.sock.getsockname()[1]
        self.paper = paper
        self.queries: list[bytes] = []
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
                    while not chunks and data.startswith(STATUS_QUERY) and len(data) >= 3:
                        self.queries.append(data[:3])
                        if data[2] == 4 and self.paper is not None:
                            conn.sendall(bytes([self.paper]))
                        data = data[3:]
                    if data:
                        chunks.append(data)
            if not chunks:  # a status query only (out of paper: nothing printed)
                continue
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


@pytest.fixture(autouse=True)
def _qt_widgets_app(qapp):
    """One QApplication for the session (the raster renderer would otherwise make a
    QGuiApplication, and the counter's UI tests in the same run need widgets)."""
    return qapp


@pytest.fixture(autouse=True)
def _forget_printers_without_status():
    from dukan_desktop.printing import printers

    printers._no_status_reply.clear()
    yield
    printers._no_status_reply.clear()


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
