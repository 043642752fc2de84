"""How much this PC still has to tell the server: outbox rows by status (read-only)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..ledger.models import OutboxRecord
from ..ledger.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class OutboxCounts:
    pending: int
    failed: int
    synced: int
    pending_sales: int


def outbox_counts(uow: UnitOfWork) -> OutboxCounts:
    by_status = dict(uow.session.execute(
        select(OutboxRecord.status, func.count()).group_by(OutboxRecord.status)).all())
    pending_sales = uow.session.scalar(
        select(func.count()).select_from(OutboxRecord)
        .where(OutboxRecord.status == "pending", OutboxRecord.record_type == "sale"))
    return OutboxCounts(by_status.get("pending", 0), by_status.get("failed", 0),
                        by_status.get("synced", 0), pending_sales or 0)
