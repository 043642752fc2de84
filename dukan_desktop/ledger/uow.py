"""Unit of work: one transaction, rolled back unless committed.

Every service takes one. The outbox row for sync and the audit event are written
through it, in the same transaction as the record they describe.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from dukan_protocol import payload_hash

from ..core.errors import StorageError
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.ids import new_id
from .engine import Ledger
from .models import AuditEvent, OutboxRecord


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_wire(data: dict[str, Any]) -> dict[str, Any]:
    """Plain JSON types (datetimes as ISO strings), as they travel and are hashed."""
    return json.loads(json.dumps(data, default=_json_default))


class UnitOfWork:
    def __init__(self, ledger: Ledger, *, write: bool = True) -> None:
        self.ledger = ledger
        self.write = write
        self.session: Session | None = None
        self._committed = False
        self.tx_id = new_id()
        self._rollback_hooks: list = []

    def on_rollback(self, hook) -> None:
        """Run `hook` if this unit of work ends without committing (undo cache changes)."""
        self._rollback_hooks.append(hook)

    @property
    def clock(self):
        return self.ledger.clock

    def now(self) -> datetime:
        return self.ledger.clock.now()

    def __enter__(self) -> UnitOfWork:
        engine = self.ledger.write_engine if self.write else self.ledger.read_engine
        self.session = Session(bind=engine, expire_on_commit=False, autoflush=False)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        assert self.session is not None
        try:
            if not self._committed:
                self.session.rollback()
                for hook in self._rollback_hooks:
                    hook()
        finally:
            self.session.close()
        if exc is not None and isinstance(exc, OperationalError):
            raise _storage_error(exc) from exc

    def commit(self) -> None:
        assert self.session is not None and self.write, "read-only unit of work"
        try:
            self.session.commit()
        except OperationalError as exc:
            self.session.rollback()
            raise _storage_error(exc) from exc
        self._committed = True

    # -- writes that ride along with every document -------------------------------

    def insert(self, model, rows: list[dict[str, Any]]) -> None:
        """Append rows with Core (no ORM unit-of-work bookkeeping): the billing hot path."""
        if rows:
            self.session.connection().execute(model.__table__.insert(), rows)

    def outbox(self, record_type: str, record_id: str, data: dict[str, Any]) -> None:
        wire = to_wire(data)
        self.insert(OutboxRecord, [{
            "record_id": record_id,
            "record_type": record_type,
            "tx_id": self.tx_id,
            "data_json": json.dumps(wire, ensure_ascii=False, separators=(",", ":")),
            "payload_hash": payload_hash(wire),
            "status": "pending",
            "attempts": 0,
            "last_error": "",
            "created_at": self.now(),
        }])

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


def _storage_error(exc: OperationalError) -> StorageError:
    text = str(exc.orig if exc.orig is not None else exc).lower()
    if "full" in text:
        reason = QT_TRANSLATE_NOOP("errors", "the disk is full")
    elif "readonly" in text or "read-only" in text:
        reason = QT_TRANSLATE_NOOP("errors", "the data folder is read-only")
    elif "locked" in text or "busy" in text:
        reason = QT_TRANSLATE_NOOP("errors", "the ledger is busy in another program")
    else:
        reason = text
    return StorageError(reason=reason)
