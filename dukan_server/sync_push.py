"""POST /v1/sync/push: a device's batch, one transaction, one result per record."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from dukan_protocol import MAX_BATCH_BYTES, MAX_BATCH_RECORDS, SCHEMA_VERSION
from dukan_protocol.records import CustomerPaymentData, ReturnData, SaleData
from dukan_protocol.sync import PushRecord, PushResponse, PushResult

from . import push_rules as rules
from .deps import DevicePrincipal, DeviceToken, device_tx
from .errors import ApiError

router = APIRouter(prefix="/v1/sync", tags=["sync"])

_REQUEST_SCHEMA = {
    "type": "object",
    "required": ["device_id", "schema_version", "records"],
    "properties": {
        "device_id": {"type": "string", "format": "uuid"},
        "schema_version": {"type": "integer"},
        "records": {"type": "array", "maxItems": MAX_BATCH_RECORDS, "items": {
            "type": "object", "required": ["type", "id", "payload_hash", "data"],
            "properties": {"type": {"type": "string"}, "id": {"type": "string"},
                           "payload_hash": {"type": "string"}, "data": {"type": "object"}}}},
    },
}


def server_now() -> str:
    return datetime.now(UTC).isoformat()


async def _read_body(request: Request) -> dict:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BATCH_BYTES:
        raise ApiError(413, "batch_too_large", f"a push body is at most {MAX_BATCH_BYTES} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BATCH_BYTES:
            raise ApiError(413, "batch_too_large",
                           f"a push body is at most {MAX_BATCH_BYTES} bytes")
    try:
        parsed = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "invalid_json", "the body is not JSON") from exc
    if not isinstance(parsed, dict):
        raise ApiError(400, "invalid_body", "the body must be a JSON object")
    return parsed


def _envelope(body: dict, device: DevicePrincipal) -> list:
    version = body.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ApiError(426, "schema_version_mismatch",
                       f"this server speaks schema_version {SCHEMA_VERSION}; got {version!r}")
    if body.get("device_id") != device.device_id:
        raise ApiError(403, "wrong_device", "device_id is not the device of this credential")
    records = body.get("records")
    if not isinstance(records, list):
        raise ApiError(400, "invalid_body", "records must be a list")
    if len(records) > MAX_BATCH_RECORDS:
        raise ApiError(413, "batch_too_large", f"at most {MAX_BATCH_RECORDS} records per push")
    return records


@router.post("/push", response_model=PushResponse,
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": _REQUEST_SCHEMA}}}})
async def push(request: Request, token: DeviceToken) -> PushResponse:
    body = await _read_body(request)
    # The database work is blocking (psycopg pool): run it off the event loop.
    return await run_in_threadpool(_push_sync, request, token, body)


def _push_sync(request: Request, token: str, body: dict) -> PushResponse:
    received = server_now()
    with device_tx(request, token) as (device, conn):
        raw_records = _envelope(body, device)
        validated = [_validate(raw) for raw in raw_records]
        facts = _load_facts(conn, device, validated)
        items = [_plan(raw, v, device, received, facts) for raw, v in zip(
            raw_records, validated, strict=True)]
        # Set-wise fast path only for documents with distinct ids: upserts must be
        # applied one by one in arrival order.
        ids = [item["i"] for item in items]
        fast = len(set(ids)) == len(ids) and not any("up" in item for item in items)
        rows = conn.execute(
            "SELECT record_id, status, code, message"
            " FROM dukan_apply_push(%s, %s, %s, %s::jsonb, %s)",
            (device.device_id, device.outlet_id, received,
             json.dumps(items, separators=(",", ":"), default=str), fast)).fetchall()
    results = [PushResult(id=str(raw.get("id", "")) if isinstance(raw, dict) else "",
                          status=row["status"], code=row["code"], message=row["message"])
               for raw, row in zip(raw_records, rows, strict=True)]
    return PushResponse(results=results, server_time=server_now())


def _validate(raw: Any) -> tuple[PushRecord, Any] | rules.Rejected:
    try:
        record = PushRecord.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        return rules.Rejected("invalid_record", ".".join(map(str, first["loc"])) + ": " + first["msg"])
    try:
        return record, rules.validate(record)
    except rules.Rejected as rej:
        return rej


class _Facts:
    """What the server knows now about the products and customers a batch touches."""

    def __init__(self) -> None:
        self.prices: dict[str, int] = {}
        self.levels: dict[str, int] = defaultdict(int)
        self.customers: dict[str, tuple[int | None, int]] = {}


def _load_facts(conn, device: DevicePrincipal, validated: list) -> _Facts:
    facts = _Facts()
    products: set[str] = set()
    customers: set[str] = set()
    for item in validated:
        if isinstance(item, tuple) and isinstance(item[1], SaleData):
            products.update(ln.product_id for ln in item[1].lines)
            if item[1].customer_id and item[1].credit_paisa:
                customers.add(item[1].customer_id)
    if products:
        for row in conn.execute(
                "SELECT x.id::text AS id, p.price_paisa, l.qty_milli"
                " FROM unnest(%s::uuid[]) AS x(id)"
                " LEFT JOIN products p ON p.business_id = %s AND p.id = x.id"
                " LEFT JOIN stock_levels l ON l.business_id = %s AND l.outlet_id = %s"
                "  AND l.product_id = x.id",
                (sorted(products), device.business_id, device.business_id, device.outlet_id)):
            if row["price_paisa"] is not None:
                facts.prices[row["id"]] = row["price_paisa"]
            facts.levels[row["id"]] = row["qty_milli"] or 0
    if customers:
        for row in conn.execute(
                "SELECT c.id::text AS id, c.credit_limit_paisa, coalesce((SELECT sum(e.amount_paisa)"
                "  FROM credit_entries e WHERE e.business_id = c.business_id"
                "  AND e.customer_id = c.id), 0)::bigint AS balance"
                " FROM customers c WHERE c.business_id = %s AND c.id = ANY(%s::uuid[])",
                (device.business_id, sorted(customers))):
            facts.customers[row["id"]] = (row["credit_limit_paisa"], row["balance"])
    return facts


def _sale_flags(sale: SaleData, facts: _Facts) -> list[str]:
    """Business-reason findings: recorded on the sale, never a reason to refuse it."""
    flags: list[str] = []
    for ln in sale.lines:
        price = facts.prices.get(ln.product_id)
        if price is None:
            flags.append("unknown_product")
        elif ln.unit_price_paisa != price:
            flags.append("price_mismatch")
        facts.levels[ln.product_id] -= ln.qty_milli
        if facts.levels[ln.product_id] < 0:
            flags.append("negative_stock")
    if sale.credit_paisa and sale.customer_id:
        known = facts.customers.get(sale.customer_id)
        if known is None:
            flags.append("unknown_customer")
        else:
            limit, balance = known
            if limit is not None and balance + sale.credit_paisa > limit:
                flags.append("over_credit_limit")
            facts.customers[sale.customer_id] = (limit, balance + sale.credit_paisa)
    return sorted(set(flags))


def _plan(raw: Any, validated: Any, device: DevicePrincipal, received: str,
          facts: _Facts) -> dict:
    rid = raw.get("id") if isinstance(raw, dict) else None
    rtype = raw.get("type") if isinstance(raw, dict) else None
    if isinstance(validated, rules.Rejected):
        return _rejection(rid, rtype, raw, validated)
    record, model = validated
    business, outlet = device.business_id, device.outlet_id
    item: dict[str, Any] = {"i": record.id, "t": record.type, "h": record.payload_hash}
    try:
        if isinstance(model, SaleData):
            item["rows"] = rules.sale_rows(model, business, device.device_id, outlet, received,
                                           _sale_flags(model, facts))
        elif isinstance(model, ReturnData):
            item["rows"] = rules.return_rows(model, business, device.device_id, outlet,
                                             received, [])
        elif isinstance(model, CustomerPaymentData):
            item["rows"] = rules.payment_rows(model, business, outlet, received)
        elif record.type == "credit_entry":
            item["rows"] = rules.credit_entry_rows(model, business, outlet, received)
        elif record.type in ("stock_movement", "shift_open", "shift_close", "cash_movement",
                             "approval"):
            item["rows"] = rules.simple_rows(model, record.type, business, outlet, received)
        else:
            item["up"], barcodes = rules.upsert_row(model, business, received)
            if barcodes is not None:
                item["barcodes"] = barcodes
    except rules.Rejected as rej:
        return _rejection(rid, rtype, raw, rej)
    return item


def _rejection(rid: Any, rtype: Any, raw: Any, rej: rules.Rejected) -> dict:
    return {"i": str(rid)[:100] if rid is not None else "", "t": str(rtype)[:40] if rtype else "",
            "rej": {"code": rej.code, "message": rej.message[:500]}, "raw": raw}
