"""Opening the ledger: durable pragmas, BEGIN IMMEDIATE for writes, migrations.

Two engines share one file: writes go through an engine whose transactions start
with BEGIN IMMEDIATE (the write lock is taken up front, so two writers never
deadlock mid-transaction); reads use plain BEGIN and never block a writer (WAL).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from ..core.clock import Clock, SystemClock
from ..core.i18n import QT_TRANSLATE_NOOP

BUSY_TIMEOUT_MS = 5000
# SQLite's own checkpoint runs inside the COMMIT that takes the WAL past this many pages
# (40 MB). It is only the backstop for long bursts (an import, a first sync): the
# checkpointer below does the work while the counter is idle.
BACKSTOP_CHECKPOINT_PAGES = 10_000
CHECKPOINT_IDLE_S = 0.3
LEDGER_CLOSED = QT_TRANSLATE_NOOP("errors", "the ledger is closed")
LEDGER_RESTORING = QT_TRANSLATE_NOOP("errors", "the ledger is being restored")


class WalCheckpointer:
    """Copies the WAL into the database file on its own thread, once writes pause.

    With SQLite's default the COMMIT that fills 1,000 WAL pages does the copy and fsyncs
    the main file: every ~18th sale waited 10-20 ms for it. A counter is idle between
    customers, so the copy happens then, on a connection of its own that never waits
    for a writer (a PASSIVE checkpoint takes no write lock).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._wake = threading.Condition()
        self._last_write: float | None = None
        self._closed = False
        self._thread: threading.Thread | None = None

    def wrote(self) -> None:
        with self._wake:
            waiting_for_work = self._last_write is None
            self._last_write = time.monotonic()
            if self._thread is None and not self._closed:
                self._thread = threading.Thread(target=self._run, name="ledger-checkpoint",
                                                daemon=True)
                self._thread.start()
            if waiting_for_work:  # otherwise its timed wait sees the new time when it ends
                self._wake.notify()

    def close(self) -> None:
        with self._wake:
            self._closed = True
            thread = self._thread
            self._wake.notify()
        if thread is not None:
            thread.join(timeout=10)

    def _wait_for_pause(self) -> bool:
        """Block until writes have paused for CHECKPOINT_IDLE_S; False once closed."""
        with self._wake:
            while not self._closed:
                if self._last_write is None:
                    self._wake.wait()
                    continue
                delay = self._last_write + CHECKPOINT_IDLE_S - time.monotonic()
                if delay <= 0:
                    self._last_write = None
                    return True
                self._wake.wait(delay)
            return False

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                   timeout=0)
        except sqlite3.Error:
            return  # the backstop still checkpoints
        try:
            while self._wait_for_pause():
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:
                    pass  # busy or read-only: the next pause (or the backstop) catches up
        finally:
            conn.close()


def connect_pragmas(dbapi_conn: sqlite3.Connection, _record) -> None:
    # Take over transaction control from pysqlite: we emit BEGIN ourselves.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")  # a committed sale survives a power cut
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA cache_size=-32000")  # 32 MB page cache
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_CHECKPOINT_PAGES}")
    cur.close()


def make_engine(path: Path | str, *, immediate: bool) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
        # Every unit of work ends its transaction itself; skip the pool's extra ROLLBACK.
        pool_reset_on_return=None,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", connect_pragmas)
    begin_sql = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        # Straight to the driver: through exec_driver_sql this was half a write's overhead.
        conn.connection.dbapi_connection.execute(begin_sql)

    return engine


@dataclass
class Ledger:
    """An open ledger file. Thread-safe to share; each unit of work gets its own session."""

    path: Path
    clock: Clock = field(default_factory=SystemClock)

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        self.write_engine = make_engine(self.path, immediate=True)
        self.read_engine = make_engine(self.path, immediate=False)
        self.checkpointer = WalCheckpointer(self.path)
        event.listen(self.write_engine, "commit", lambda _conn: self.checkpointer.wrote())
        # Small, rarely-changing lookups (settings, this device's receipt prefix).
        # Writers that change what is cached drop the entry.
        self.cache: dict[str, object] = {}

    @classmethod
    def open(cls, path: Path | str, *, clock: Clock | None = None, migrate: bool = True) -> Ledger:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if migrate:
            from .migrate import upgrade_to_head

            upgrade_to_head(path)
        return cls(path, clock or SystemClock())

    # Why writes are refused (a StorageError reason), or None. Set when the ledger closes
    # or is about to be replaced by a restore: a sale made then would land in a file
    # that is about to be swapped away, so it must fail, visibly, instead.
    writes_refused: str | None = field(default=None, init=False, repr=False)

    def refuse_writes(self, reason: str, *, wait_s: float = 30.0) -> None:
        """From now on every write unit of work fails with StorageError(reason).

        Returns once the writes already under way have ended: each holds SQLite's write
        lock from its BEGIN IMMEDIATE, so taking that lock once means none is left.
        Raises sqlite3.OperationalError (writes allowed again) if one outlasts `wait_s`.
        """
        self.writes_refused = reason
        try:
            conn = sqlite3.connect(self.path, timeout=wait_s, isolation_level=None)
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
            finally:
                conn.close()
        except sqlite3.Error:
            self.writes_refused = None
            raise

    def allow_writes(self) -> None:
        """Undo refuse_writes() (a restore that did not happen): the ledger is usable again."""
        self.writes_refused = None
        if self.checkpointer._closed:
            self.checkpointer = WalCheckpointer(self.path)

    def close(self) -> None:
        self.writes_refused = self.writes_refused or LEDGER_CLOSED
        self.checkpointer.close()
        self.write_engine.dispose()
        self.read_engine.dispose()
