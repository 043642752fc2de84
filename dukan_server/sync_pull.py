"""GET /v1/sync/pull: changes since a checkpoint, by transaction-id watermark.

A row's `sync_tx` is the id of the transaction that last wrote it. Reading only rows
with sync_tx below the snapshot's xmin means every transaction that could still
commit a smaller sync_tx is finished, so a late-committing writer is never skipped.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from dukan_protocol.sync import PULL_COLLECTIONS, Change, PullResponse

from .deps import DeviceToken, device_tx
from .errors import ApiError
from .sync_push import server_now

router = APIRouter(prefix="/v1/sync", tags=["sync"])
CollectionName = Literal[PULL_COLLECTIONS]  # type: ignore[valid-type]

NIL = "00000000-0000-0000-0000-000000000000"
_WATERMARK = (" AND (t.sync_tx, t.{key}) > (%(tx)s::xid8, %(id)s::uuid)"
              " AND t.sync_tx < pg_snapshot_xmin(pg_current_snapshot())"
              " ORDER BY t.sync_tx, t.{key} LIMIT %(limit)s")

_SELECTS = {
    "outlets": "SELECT t.id, t.name, t.code, t.address, t.phone, t.active, t.updated_at"
               " FROM outlets t WHERE t.business_id = %(b)s",
    "workers": "SELECT t.id, t.name, t.phone, t.role, t.outlet_id, t.pin_hash, t.active,"
               " t.updated_at FROM workers t WHERE t.business_id = %(b)s",
    "suppliers": "SELECT t.id, t.name, t.contact_person, t.phone, t.address,"
                 " t.payment_terms_days, t.notes, t.active, t.updated_at"
                 " FROM suppliers t WHERE t.business_id = %(b)s",
    "products": "SELECT t.id, t.sku, t.name_en, t.name_ur, t.unit, t.price_paisa, t.cost_paisa,"
                " t.tax_rate_bp, t.tax_mode, t.supplier_id, t.reorder_level_milli, t.active,"
                " ARRAY(SELECT b.code FROM barcodes b WHERE b.business_id = t.business_id"
                "       AND b.product_id = t.id ORDER BY b.code) AS barcodes, t.updated_at"
                " FROM products t WHERE t.business_id = %(b)s",
    "customers": "SELECT t.id, t.name, t.phone, t.address, t.credit_limit_paisa, t.notes,"
                 " t.active, t.updated_at FROM customers t WHERE t.business_id = %(b)s",
    "credit_entries": "SELECT t.id, t.outlet_id, t.customer_id, t.kind, t.amount_paisa,"
                      " t.sale_id, t.payment_id, t.reference, t.reason, t.worker_id,"
                      " t.created_at, t.received_at, coalesce((SELECT json_agg(json_build_object("
                      "  'id', a.id, 'sale_id', a.sale_id, 'amount_paisa', a.amount_paisa)"
                      "  ORDER BY a.id) FROM credit_allocations a WHERE a.business_id ="
                      "  t.business_id AND a.entry_id = t.id), '[]'::json) AS allocations"
                      " FROM credit_entries t WHERE t.business_id = %(b)s",
    "stock_levels": "SELECT t.id, t.outlet_id, t.product_id, t.qty_milli, t.updated_at"
                    " FROM stock_levels t WHERE t.business_id = %(b)s",
    "subscription": "SELECT t.business_id AS id, t.plan, t.status, t.max_outlets,"
                    " t.max_devices, t.valid_until, t.updated_at"
                    " FROM subscriptions t WHERE t.business_id = %(b)s",
}
_KEYS = {"subscription": "business_id"}
QUERIES = {
    name: sql.replace("SELECT ", "SELECT t.sync_tx::text AS _tx, ", 1)
    + _WATERMARK.format(key=_KEYS.get(name, "id"))
    for name, sql in _SELECTS.items()
}
assert set(QUERIES) == set(PULL_COLLECTIONS)


def encode_checkpoint(generation: int, tx: str, last_id: str) -> str:
    raw = json.dumps({"v": 1, "generation": generation, "tx": tx, "id": last_id},
                     separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_checkpoint(checkpoint: str) -> dict:
    try:
        padded = checkpoint + "=" * (-len(checkpoint) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        if (not isinstance(data, dict) or data.get("v") != 1
                or not isinstance(data.get("generation"), int)
                or not str(data.get("tx", "")).isdigit() or len(str(data["tx"])) > 20
                or not isinstance(data.get("id"), str) or len(data["id"]) != 36):
            raise ValueError("bad checkpoint")
        uuid.UUID(data["id"])
        return data
    except (ValueError, binascii.Error, UnicodeError) as exc:
        raise ApiError(400, "invalid_checkpoint", "the checkpoint is not one this server gave") from exc


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _change(collection: str, row: dict, outlet_id: str) -> Change:
    data = {k: _jsonable(v) for k, v in row.items() if not k.startswith("_")}
    if collection == "workers" and data["role"] == "cashier" and data["outlet_id"] != outlet_id:
        # A cashier of another outlet cannot log in here: a moved cashier disappears.
        return Change(id=data["id"], deleted=True, data=None)
    return Change(id=data["id"], data=data)


@router.get("/pull", response_model=PullResponse)
def pull(request: Request, collection: CollectionName, token: DeviceToken,
         checkpoint: Annotated[str | None, Query(max_length=400)] = None,
         limit: Annotated[int, Query(ge=1, le=1000)] = 500) -> PullResponse:
    if collection not in QUERIES:
        raise ApiError(400, "unknown_collection", f"collections: {', '.join(PULL_COLLECTIONS)}")
    with device_tx(request, token) as (device, conn):
        generation = conn.execute("SELECT generation FROM businesses WHERE business_id = %s",
                                  (device.business_id,)).fetchone()["generation"]
        if checkpoint:
            point = decode_checkpoint(checkpoint)
            if point["generation"] != generation:
                raise ApiError(409, "generation_changed",
                               "the server's data was rebuilt; pull again from the start")
            tx, last_id = str(point["tx"]), point["id"]
        else:
            tx, last_id = "0", NIL
        rows = conn.execute(QUERIES[collection], {
            "b": device.business_id, "tx": tx, "id": last_id, "limit": limit}).fetchall()
    changes = [_change(collection, row, device.outlet_id) for row in rows]
    if rows:
        tx, last_id = rows[-1]["_tx"], str(rows[-1]["id"])
    return PullResponse(collection=collection, changes=changes,
                        checkpoint=encode_checkpoint(generation, tx, last_id),
                        has_more=len(rows) == limit, server_time=server_now())
