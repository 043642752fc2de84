"""Outbox records that did not go through, for the UI to show and retry (plain data back).

A record fails when our server refuses it (`rejected`, `conflict`) or when halving
pinned a server fault on it alone (sync/push.py). It stays in the ledger untouched;
retrying puts it back to `pending` so the next push sends it again, e.g. after the
owner fixed the cause. Records that failed for a passing reason are also retried by
themselves (outbox.AUTO_RETRY_AFTER, and whenever the app starts): `retry_at` says when.

Anyone who may sell may see the list and retry (a retry only sends the record again),
but the server's raw message is for the owner only: it may quote a record's data
(a cost price). A cashier sees the type, the receipt or name and a plain explanation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.permissions import Action, Actor, allowed, require
from ..ledger.base import UTCDateTime
from ..ledger.uow import UnitOfWork

RECORD_TYPE_LABELS = {
    "sale": QT_TRANSLATE_NOOP("FailedRecords", "Sale"),
    "return": QT_TRANSLATE_NOOP("FailedRecords", "Return"),
    "customer_payment": QT_TRANSLATE_NOOP("FailedRecords", "Udhaar payment"),
    "credit_entry": QT_TRANSLATE_NOOP("FailedRecords", "Udhaar entry"),
    "stock_movement": QT_TRANSLATE_NOOP("FailedRecords", "Stock movement"),
    "shift_open": QT_TRANSLATE_NOOP("FailedRecords", "Shift opened"),
    "shift_close": QT_TRANSLATE_NOOP("FailedRecords", "Shift closed"),
    "cash_movement": QT_TRANSLATE_NOOP("FailedRecords", "Cash in / out"),
    "approval": QT_TRANSLATE_NOOP("FailedRecords", "Owner approval"),
    "product": QT_TRANSLATE_NOOP("FailedRecords", "Product"),
    "supplier": QT_TRANSLATE_NOOP("FailedRecords", "Supplier"),
    "customer": QT_TRANSLATE_NOOP("FailedRecords", "Customer"),
    "outlet": QT_TRANSLATE_NOOP("FailedRecords", "Outlet"),
    "worker": QT_TRANSLATE_NOOP("FailedRecords", "Staff member"),
}

# Why a record failed, in words for the shop (context "FailedRecords").
EXPLANATIONS = {
    "owner_device_required": QT_TRANSLATE_NOOP(
        "FailedRecords", "Only the owner's PC may change products, prices, staff and outlets, "
        "receive or adjust stock, or write off udhaar. Do this on the owner's PC, or connect "
        "this PC again as the owner's PC."),
    "subscription_inactive": QT_TRANSLATE_NOOP(
        "FailedRecords", "The plan has ended, so the server will not add this. It is sent "
        "again by itself after the owner renews the plan."),
    "wrong_outlet": QT_TRANSLATE_NOOP(
        "FailedRecords", "This record belongs to another outlet than the one this PC is "
        "connected to."),
    "unpaired_transfer": QT_TRANSLATE_NOOP(
        "FailedRecords", "Stock arriving by transfer whose sending side the server has not "
        "got yet. It is sent again by itself in a few hours and when the app starts."),
    "same_outlet_transfer": QT_TRANSLATE_NOOP(
        "FailedRecords", "A stock transfer from an outlet to itself."),
    "wrong_device": QT_TRANSLATE_NOOP(
        "FailedRecords", "This record was made on another PC."),
    "payload_differs": QT_TRANSLATE_NOOP(
        "FailedRecords", "The server already holds a different version of this record; "
        "the server's copy is kept."),
    "server_error": QT_TRANSLATE_NOOP(
        "FailedRecords", "The server kept failing on this record while others went "
        "through. It is sent again by itself in a few hours and when the app starts."),
    "refused": QT_TRANSLATE_NOOP(
        "FailedRecords", "The server could not read this record. It is sent again by "
        "itself in a few hours and when the app starts; updating the app may help."),
    "other": QT_TRANSLATE_NOOP(
        "FailedRecords", "The server refused this record ({code})."),
}

_to_dt = UTCDateTime().process_result_value


@dataclass(frozen=True, slots=True)
class FailedRecord:
    seq: int
    record_type: str
    record_id: str
    entity_id: str | None      # data.id (the sale, the product, ...)
    reference: str             # a receipt number or name, for people
    attempts: int
    reason: str                # a key of EXPLANATIONS
    code: str                  # the server's code ("" for a server fault)
    detail: str                # the server's own words: "" unless the actor may see costs
    created_at: datetime | None  # when the record was made (the sale's time, ...)
    retry_at: datetime | None   # when it is retried by itself (None: a person must)

    @property
    def type_label(self) -> str:
        """Untranslated: the UI translates with context "FailedRecords"."""
        return RECORD_TYPE_LABELS.get(self.record_type, self.record_type)

    @property
    def explanation(self) -> str:
        return EXPLANATIONS.get(self.reason, EXPLANATIONS["other"])


def _reference(data: dict) -> str:
    for key in ("receipt_no", "name_en", "name", "reference", "reason"):
        if data.get(key):
            return str(data[key])[:80]
    return ""


def parse_error(text: str) -> tuple[str, str, str]:
    """("rejected" | "conflict" | "server_error" | "refused" | ..., code, message)."""
    kind, _, rest = (text or "").partition(": ")
    code, _, message = rest.partition(" ")
    return kind, code, message


def _reason(kind: str, code: str) -> str:
    if kind in ("server_error", "refused"):
        return kind
    return code if code in EXPLANATIONS else "other"


def failed_records(uow: UnitOfWork, actor: Actor, *, limit: int = 500) -> list[FailedRecord]:
    require(actor, Action.SELL)
    sees_detail = allowed(actor.role, Action.VIEW_COST)
    rows = uow.conn.exec_driver_sql(
        "SELECT seq, record_type, record_id, data_json, attempts, last_error,"
        " created_at, next_attempt_at"
        " FROM outbox WHERE status = 'failed' ORDER BY seq LIMIT ?", (limit,)).all()
    result = []
    for seq, rtype, rid, data_json, attempts, error, when, retry_at in rows:
        data = json.loads(data_json)
        kind, code, message = parse_error(error)
        result.append(FailedRecord(
            seq, rtype, rid, data.get("id"), _reference(data), attempts, _reason(kind, code),
            code if kind in ("rejected", "conflict", "refused") else "",
            error if sees_detail else "", _time(when), _time(retry_at)))
    return result


def _time(value) -> datetime | None:
    if value is None:
        return None
    return _to_dt(datetime.fromisoformat(value) if isinstance(value, str) else value, None)


def requeue(conn: Connection, seqs: list[int] | None) -> int:
    """Back to pending: every failed record, or the chosen ones."""
    if seqs is None:
        return conn.exec_driver_sql(
            "UPDATE outbox SET status = 'pending', next_attempt_at = NULL"
            " WHERE status = 'failed'").rowcount
    return sum(conn.exec_driver_sql(
        "UPDATE outbox SET status = 'pending', next_attempt_at = NULL"
        " WHERE seq = ? AND status = 'failed'", (seq,)).rowcount for seq in seqs)


def retry_failed(uow: UnitOfWork, actor: Actor, seqs: list[int] | None = None) -> int:
    """Send these failed records (or all) again; the caller commits and wakes sync."""
    require(actor, Action.SELL)
    return requeue(uow.conn, seqs)
