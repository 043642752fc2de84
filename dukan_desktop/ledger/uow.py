"""Unit of work: one transaction, rolled back unless committed.

Every service takes one. The outbox row for sync and the audit event are written
through it, in the same transaction as the record they describe.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from dukan_protocol.devices import OWNER_ONLY_RECORD_TYPES

from ..core.errors import PermissionDenied, StorageError
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.ids import new_id
from .engine import Ledger
from .models import AuditEvent, OutboxRecord

COUNTER_PC_REFUSES = QT_TRANSLATE_NOOP(
    "errors", "This PC is a counter: products, prices, staff, outlets, stock and udhaar "
    "write-offs are changed on the owner's PC. To do it here, connect this PC again as "
    "the owner's PC (Settings, Cloud connection).")

# Plain-SQL paths (uow.raw) raise the driver's error; the ORM wraps it. Both mean storage.
_STORAGE_ERRORS = (OperationalError, sqlite3.OperationalError)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def wire_json(data: dict[str, Any]) -> str:
    """The record as it travels: canonical JSON (dukan_protocol.canonical_json), datetimes
    as ISO strings. Encoded once per record; its hash is the protocol's payload hash."""
    return json.dumps(data, default=_json_default, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)


class UnitOfWork:
    """`with UnitOfWork(ledger) as uow: ...; uow.commit()`.

    A read-only unit of work opens no ORM session unless a service asks for one:
    a barcode lookup then costs one pooled connection and one SELECT.
    """

    def __init__(self, ledger: Ledger, *, write: bool = True) -> None:
        self.ledger = ledger
        self.write = write
        self._session: Session | None = None
        self._conn = None
        self._raw = None
        self._committed = False
        self._tx_id: str | None = None
        self._rollback_hooks: list = []
        self._device_kind: str | None = None  # read once, on the first owner-only write

    @property
    def tx_id(self) -> str:
        """Groups this transaction's outbox records (they are pushed together)."""
        if self._tx_id is None:
            self._tx_id = new_id()
        return self._tx_id

    @property
    def begun(self) -> bool:
        """True once this unit of work has touched the ledger (it may hold writes)."""
        return self._conn is not None or self._session is not None or self._committed

    def on_rollback(self, hook) -> None:
        """Run `hook` if this unit of work ends without committing (undo cache changes)."""
        self._rollback_hooks.append(hook)

    @property
    def clock(self):
        return self.ledger.clock

    def now(self) -> datetime:
        return self.ledger.clock.now()

    @property
    def session(self) -> Session:
        if self._session is None:
            if self.write:
                # The ORM joins the transaction the connection already holds and commits it.
                self._session = Session(bind=self.conn, expire_on_commit=False, autoflush=False,
                                        join_transaction_mode="control_fully")
            else:
                # Share the connection (and so its snapshot) if plain SQL already ran.
                bind = self._conn if self._conn is not None else self._engine
                self._session = Session(bind=bind, expire_on_commit=False, autoflush=False)
        return self._session

    @property
    def conn(self):
        """This unit of work's connection, for plain SQL on hot paths.

        A write unit of work begins (BEGIN IMMEDIATE) when it first needs its connection;
        an ORM session, if a service asks for one, joins that same transaction. The sale
        path never builds a session at all: that was a tenth of a sale's commit time.
        """
        if self._conn is None:
            if self._session is not None:  # a read session made first: use its connection
                return self._session.connection()
            self._conn = self._engine.connect()
            if self.write:
                self._conn.begin()
                # Checked with the write lock held: Ledger.refuse_writes() waits for
                # that lock, so no write that passed this check can outlive it.
                if self.ledger.writes_refused is not None:
                    raise StorageError(reason=self.ledger.writes_refused)
        return self._conn

    @property
    def raw(self):
        """The sqlite3 connection under this unit of work: same transaction, no
        SQLAlchemy per-statement work. For the few queries a scan or a sale runs."""
        if self._raw is None:
            self._raw = self.conn.connection.driver_connection
        return self._raw

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        return self.raw.execute(query, params).fetchall()

    @property
    def _engine(self):
        return self.ledger.write_engine if self.write else self.ledger.read_engine

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if not self._committed:
                self._rollback()
                for hook in self._rollback_hooks:
                    hook()
        finally:
            if self._session is not None:
                self._session.close()
            if self._conn is not None:
                self._conn.close()
        if exc is not None and isinstance(exc, _STORAGE_ERRORS):
            raise _storage_error(exc) from exc

    def commit(self) -> None:
        assert self.write, "read-only unit of work"
        try:
            if self._session is not None:
                self._session.commit()  # flushes, then commits the connection's transaction
            elif self._conn is not None:
                self._conn.commit()
        except _STORAGE_ERRORS as exc:
            self._rollback()
            raise _storage_error(exc) from exc
        self._committed = True

    def _rollback(self) -> None:
        if self._session is not None:
            self._session.rollback()
        if self._conn is not None:
            self._conn.rollback()

    # -- writes that ride along with every document -------------------------------

    def insert(self, model, rows: list[dict[str, Any]]) -> None:
        """Append rows straight through the driver: the billing hot path.

        Skips SQLAlchemy's per-statement compile/cache-key work (most of a sale's
        Python time); values are stored exactly as the ORM stores them.
        """
        if not rows:
            return
        keys = tuple(rows[0])
        sql = _INSERT_SQL.get((model.__tablename__, keys))
        if sql is None:
            cols = ", ".join(keys)
            params = ", ".join("?" * len(keys))
            sql = _INSERT_SQL[(model.__tablename__, keys)] = (
                f"INSERT INTO {model.__tablename__} ({cols}) VALUES ({params})")  # noqa: S608 - only column names / '?' placeholders
        self.raw.executemany(sql, [tuple(_db_value(v) if type(v) in _CONVERTED else v
                                         for v in map(r.__getitem__, keys)) for r in rows])

    def outbox(self, record_type: str, record_id: str, data: dict[str, Any]) -> None:
        if record_type in OWNER_ONLY_RECORD_TYPES:
            self._check_owner_pc()
        text = wire_json(data)
        self.insert(OutboxRecord, [{
            "record_id": record_id,
            "record_type": record_type,
            "tx_id": self.tx_id,
            "data_json": text,
            "payload_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "status": "pending",
            "attempts": 0,
            "last_error": "",
            "created_at": self.now(),
        }])

    def _check_owner_pc(self) -> None:
        """Products, suppliers, staff, outlets, stock receipts and udhaar write-offs come
        from the owner's PC: the server refuses them from a counter, and a change made
        here would stay on this PC alone, so a counter PC refuses it before it is made.
        A PC not connected to a server (no kind yet) is its own owner's PC."""
        if self.device_kind() == "counter":
            raise PermissionDenied(COUNTER_PC_REFUSES)

    def device_kind(self) -> str:
        """What the server says this PC is: "owner", "counter", or "" (not connected)."""
        if self._device_kind is None:
            raw = self.conn.exec_driver_sql(
                "SELECT value_json FROM sync_state WHERE key = 'device_kind'").scalar()
            self._device_kind = json.loads(raw) if raw else ""
        return self._device_kind

    def audit(self, *, business_id: str, worker_id: str | None, action: str, entity: str,
              entity_id: str | None, outlet_id: str | None = None, **detail: Any) -> None:
        self.insert(AuditEvent, [{
            "id": new_id(),
            "business_id": business_id,
            "outlet_id": outlet_id,
            "worker_id": worker_id,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "detail_json": json.dumps(detail, default=_json_default, ensure_ascii=False),
            "created_at": self.now(),
        }])


_INSERT_SQL: dict[tuple[str, tuple[str, ...]], str] = {}
_CONVERTED = (datetime, bool)  # everything else binds as it is


def _db_value(value: Any) -> Any:
    """What UTCDateTime/Boolean would bind: naive-UTC text for times, 0/1 for bools."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the ledger; use UTC-aware times")
        v = value.astimezone(UTC)
        return (f"{v.year:04d}-{v.month:02d}-{v.day:02d} {v.hour:02d}:{v.minute:02d}:"
                f"{v.second:02d}.{v.microsecond:06d}")
    if isinstance(value, bool):
        return int(value)
    return value


def _storage_error(exc: Exception) -> StorageError:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).lower()
    if "full" in text:
        reason = QT_TRANSLATE_NOOP("errors", "the disk is full")
    elif "readonly" in text or "read-only" in text:
        reason = QT_TRANSLATE_NOOP("errors", "the data folder is read-only")
    elif "locked" in text or "busy" in text:
        reason = QT_TRANSLATE_NOOP("errors", "the ledger is busy in another program")
    else:
        reason = text
    return StorageError(reason=reason)
