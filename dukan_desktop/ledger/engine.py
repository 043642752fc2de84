"""Opening the ledger: durable pragmas, BEGIN IMMEDIATE for writes, migrations.

Two engines share one file: writes go through an engine whose transactions start
with BEGIN IMMEDIATE (the write lock is taken up front, so two writers never
deadlock mid-transaction); reads use plain BEGIN and never block a writer (WAL).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from ..core.clock import Clock, SystemClock

BUSY_TIMEOUT_MS = 5000


def _connect_pragmas(dbapi_conn: sqlite3.Connection, _record) -> None:
    # Take over transaction control from pysqlite: we emit BEGIN ourselves.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")  # a committed sale survives a power cut
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA cache_size=-32000")  # 32 MB page cache
    cur.execute("PRAGMA temp_store=MEMORY")
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
    event.listen(engine, "connect", _connect_pragmas)
    begin_sql = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        conn.exec_driver_sql(begin_sql)

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

    def close(self) -> None:
        self.write_engine.dispose()
        self.read_engine.dispose()
