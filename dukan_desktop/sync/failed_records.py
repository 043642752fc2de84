"""Outbox records the server refused, for the UI to show and retry (plain data back).

A record fails when the server answers `conflict` or `rejected` for it (or refuses a
batch holding only it). It stays in the ledger untouched; retrying puts it back to
`pending` so the next push sends it again, e.g. after the owner fixed the cause.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from ..ledger.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class FailedRecord:
    seq: int
    record_type: str
    record_id: str
    entity_id: str | None      # data.id (the sale, the product, ...)
    reference: str             # a receipt number or name, for people
    attempts: int
    last_error: str
    created_at: datetime


def _reference(data: dict) -> str:
    for key in ("receipt_no", "name_en", "name", "reason"):
        if data.get(key):
            return str(data[key])
    return ""


def failed_records(uow: UnitOfWork, *, limit: int = 500) -> list[FailedRecord]:
    from ..ledger.base import UTCDateTime

    to_dt = UTCDateTime().process_result_value
    rows = uow.conn.exec_driver_sql(
        "SELECT seq, record_type, record_id, data_json, attempts, last_error, created_at"
        " FROM outbox WHERE status = 'failed' ORDER BY seq LIMIT ?", (limit,)).all()
    result = []
    for seq, rtype, rid, data_json, attempts, error, created in rows:
        data = json.loads(data_json)
        created_at = datetime.fromisoformat(created) if isinstance(created, str) else created
        result.append(FailedRecord(seq, rtype, rid, data.get("id"), _reference(data), attempts,
                                   error, to_dt(created_at, None)))
    return result


def retry_failed(uow: UnitOfWork, seqs: list[int] | None = None) -> int:
    """Back to pending (all failed records, or the chosen ones). The caller commits."""
    if seqs is None:
        cur = uow.conn.exec_driver_sql(
            "UPDATE outbox SET status = 'pending', next_attempt_at = NULL WHERE status = 'failed'")
        return cur.rowcount
    count = 0
    for seq in seqs:
        count += uow.conn.exec_driver_sql(
            "UPDATE outbox SET status = 'pending', next_attempt_at = NULL"
            " WHERE seq = ? AND status = 'failed'", (seq,)).rowcount
    return count
