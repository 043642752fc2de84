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
from typing import Annotated, Literal

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from psycopg.rows import tuple_row

from dukan_protocol.sync import PULL_COLLECTIONS, PullResponse

from .deps import DeviceToken, device_tx
from .errors import ApiError
from .sync_push import server_now

router = APIRouter(prefix="/v1/sync", tags=["sync"])
CollectionName = Literal[PULL_COLLECTIONS]  # type: ignore[valid-type]

NIL = "00000000-0000-0000-0000-000000000000"
_WATERMARK = (" AND (t.sync_tx, t.{key}) > (%(tx)s::xid8, %(id)s::uuid)"
              " AND t.sync_tx < pg_snapshot_xmin(pg_current_snapshot())"
              " ORDER BY t.sync_tx, t.{key} LIMIT %(limit)s")

# (table, key column, data fields as "json key: SQL expression"). PostgreSQL builds
# each change's JSON text (json_build_object); Python only joins the page together.
_FIELDS: dict[str, tuple[str, str, list[str]]] = {
    "outlets": ("outlets", "id", ["id", "name", "code", "address", "phone", "active",
                                  "updated_at"]),
    "workers": ("workers", "id", ["id", "name", "phone", "role", "outlet_id", "pin_hash",
                                  "active", "updated_at"]),
    "suppliers": ("suppliers", "id", ["id", "name", "contact_person", "phone", "address",
                                      "payment_terms_days", "notes", "active", "updated_at"]),
    "products": ("products", "id", [
        "id", "sku", "name_en", "name_ur", "unit", "price_paisa", "cost_paisa", "tax_rate_bp",
        "tax_mode", "supplier_id", "reorder_level_milli", "active",
        "barcodes: ARRAY(SELECT b.code FROM barcodes b WHERE b.business_id = t.business_id"
        " AND b.product_id = t.id ORDER BY b.code)", "updated_at"]),
    "customers": ("customers", "id", ["id", "name", "phone", "address", "credit_limit_paisa",
                                      "notes", "active", "updated_at"]),
    "credit_entries": ("credit_entries", "id", [
        "id", "outlet_id", "customer_id", "kind", "amount_paisa", "sale_id", "payment_id",
        "reference", "reason", "worker_id", "created_at", "received_at",
        "allocations: coalesce((SELECT json_agg(json_build_object('id', a.id, 'sale_id',"
        " a.sale_id, 'amount_paisa', a.amount_paisa) ORDER BY a.id) FROM credit_allocations a"
        " WHERE a.business_id = t.business_id AND a.entry_id = t.id), '[]'::json)"]),
    "stock_levels": ("stock_levels", "id", ["id", "outlet_id", "product_id", "qty_milli",
                                            "updated_at"]),
    "subscription": ("subscriptions", "business_id", [
        "id: t.business_id", "plan", "status", "max_outlets", "max_devices", "valid_until",
        "updated_at"]),
}


def _query(collection: str) -> str:
    table, key, fields = _FIELDS[collection]
    pairs = []
    for field in fields:
        name, _, expr = field.partition(": ")
        pairs.append(f"'{name}', {expr or 't.' + name}")
    data = f"json_build_object({', '.join(pairs)})"
    if collection == "workers":
        # A cashier of another outlet cannot log in here: a moved cashier disappears.
        change = (f"CASE WHEN t.role = 'cashier' AND t.outlet_id IS DISTINCT FROM %(o)s::uuid"
                  f" THEN json_build_object('id', t.id, 'deleted', true, 'data', NULL)"
                  f" ELSE json_build_object('id', t.id, 'deleted', false, 'data', {data}) END")
    else:
        change = f"json_build_object('id', t.{key}, 'deleted', false, 'data', {data})"
    return (f"SELECT t.sync_tx::text, t.{key}::text, {change}::text"  # noqa: S608 (fixed names)
            f" FROM {table} t WHERE t.business_id = %(b)s" + _WATERMARK.format(key=key))


QUERIES = {name: _query(name) for name in _FIELDS}
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


@router.get("/pull", response_model=PullResponse)
def pull(request: Request, collection: CollectionName, token: DeviceToken,
         checkpoint: Annotated[str | None, Query(max_length=400)] = None,
         limit: Annotated[int, Query(ge=1, le=1000)] = 500) -> Response:
    if collection not in QUERIES:
        raise ApiError(400, "unknown_collection", f"collections: {', '.join(PULL_COLLECTIONS)}")
    point = decode_checkpoint(checkpoint) if checkpoint else None
    with device_tx(request, token) as (device, conn):
        generation = device.generation
        if point is not None:
            if point["generation"] != generation:
                raise ApiError(409, "generation_changed",
                               "the server's data was rebuilt; pull again from the start")
            tx, last_id = str(point["tx"]), point["id"]
        else:
            tx, last_id = "0", NIL
        rows = conn.cursor(row_factory=tuple_row).execute(QUERIES[collection], {
            "b": device.business_id, "o": device.outlet_id, "tx": tx, "id": last_id,
            "limit": limit}).fetchall()
    if rows:
        tx, last_id = rows[-1][0], rows[-1][1]
    head = orjson.dumps({"collection": collection,
                         "checkpoint": encode_checkpoint(generation, tx, last_id),
                         "has_more": len(rows) == limit, "server_time": server_now()})
    body = b"".join((head[:-1], b',"changes":[', ",".join(row[2] for row in rows).encode(),
                     b"]}"))
    return Response(body, media_type="application/json")
