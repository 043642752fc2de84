"""POST /v1/sync/push: a device's batch, one transaction, one result per record.

Fast path (a batch of documents with distinct ids, the common case): one statement
writes the whole batch column-wise (`unnest` of one array per column), children only
for records whose `sync_records` row was new (`ON CONFLICT DO NOTHING`), and updates
stock levels. If that statement hits any data error, the transaction is rolled back
and the batch is applied again by `dukan_apply_push` (migration 0002) with one
savepoint per record. Batches with upserts always take that per-record path. Both
paths give the same results.

Who may push what: documents only for the device's own outlet (and shift closes and
cash movements only for a shift of that outlet); catalog, staff and outlet upserts,
stock movements (receive, adjust, transfer) and credit entries (write-off,
adjustment) only from the owner's PC (`kind` 'owner'), which may write those two for
any outlet of the business; customers from any device, but a counter cannot change an
existing customer's credit limit. A transfer_in is accepted only with its
transfer_out (stored, or anywhere in the batch) at another outlet. Migrations 0006,
0007 and 0008 enforce the same in PostgreSQL (all but the pairing).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import orjson
import psycopg
from fastapi import APIRouter, Request
from fastapi.responses import Response
from psycopg.rows import tuple_row
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from dukan_protocol import MAX_BATCH_BYTES, MAX_BATCH_RECORDS, SCHEMA_VERSION
from dukan_protocol.records import (
    CREDIT_LIMIT_KEPT,
    CashMovementData,
    CustomerData,
    CustomerPaymentData,
    ReturnData,
    SaleData,
    ShiftCloseData,
    StockMovementData,
)
from dukan_protocol.sync import PushRecord, PushResponse

from . import push_rules as rules
from .db import lock_business, plan_inactive_reason
from .deps import DevicePrincipal, DeviceToken, device_tx
from .errors import ApiError
from .security import DEVICE_PREFIX, parse_opaque_token

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

# Errors of the data (a constraint, RLS, a bad value) send the batch to the per-record
# path; anything else (deadlock, connection lost) fails the request so the device retries.
_DATA_ERRORS = (psycopg.errors.IntegrityError, psycopg.errors.DataError,
                psycopg.errors.InsufficientPrivilege)
_CONFLICT_MESSAGE = "this id was pushed before with other data; the stored record is unchanged"
_LIMIT_KEPT_MESSAGE = ("Only the owner's PC may change a credit limit; the server kept this"
                       " customer's limit.")


def server_now() -> str:
    return datetime.now(UTC).isoformat()


def json_response(content: Any, status_code: int = 200) -> Response:
    return Response(orjson.dumps(content), status_code=status_code,
                    media_type="application/json")


def _loads(body: bytes | bytearray) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        # orjson refuses what the standard library accepts (integers beyond 64 bits,
        # lone surrogates): give those the old parser, which rejects them per record.
        return json.loads(body)


async def _read_body(request: Request) -> dict:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BATCH_BYTES:
        raise ApiError(413, "batch_too_large", f"a push body is at most {MAX_BATCH_BYTES} bytes")
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BATCH_BYTES:
                raise ApiError(413, "batch_too_large",
                               f"a push body is at most {MAX_BATCH_BYTES} bytes")
    except ClientDisconnect:
        # The body was cut off on the way and nothing was written: answer (nobody
        # reads it) instead of leaving uvicorn to log an ASGI exception.
        raise ApiError(400, "client_disconnected",
                       "the client went away before the body arrived") from None
    try:
        parsed = _loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "invalid_json", "the body is not JSON") from exc
    if not isinstance(parsed, dict):
        raise ApiError(400, "invalid_body", "the body must be a JSON object")
    return parsed


def _envelope(body: dict, device_id: str) -> list:
    version = body.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ApiError(426, "schema_version_mismatch",
                       f"this server speaks schema_version {SCHEMA_VERSION}; got {version!r}")
    if body.get("device_id") != device_id:
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
async def push(request: Request, token: DeviceToken) -> Response:
    body = await _read_body(request)
    # The database work is blocking (psycopg pool): run it off the event loop.
    return await run_in_threadpool(_push_sync, request, token, body)


def _push_sync(request: Request, token: str, body: dict) -> Response:
    received = server_now()
    # The token names its device: the envelope and the records are checked before a
    # connection is taken (the credential itself is checked in the transaction).
    raw_records = _envelope(body, parse_opaque_token(DEVICE_PREFIX, token).entity_id)
    validated = [_validate(raw) for raw in raw_records]
    ids = [raw.get("id") if isinstance(raw, dict) else None for raw in raw_records]
    fast = len(set(ids)) == len(ids) and all(
        isinstance(v, rules.Rejected) or v[0].type in rules._DOCUMENTS for v in validated)
    results = None
    if fast:
        try:
            # Nudges for this transaction are published after commit (migration 0005).
            with device_tx(request, token, defer_notify=True) as (device, conn):
                items = _plan_all(conn, device, raw_records, validated, received)
                results = _apply_fast(conn, device, items, received)
            request.app.state.notifier.publish(device.business_id, _changed(items, results))
        except _DATA_ERRORS:
            results = None  # rolled back as a whole; redo record by record
    if results is None:
        with device_tx(request, token) as (device, conn):
            items = _plan_all(conn, device, raw_records, validated, received)
            results = _apply_per_record(conn, device, items, received)
    results = _with_notes(items, results)
    out = [{"id": str(raw.get("id", "")) if isinstance(raw, dict) else "", "status": status,
            "code": code, "message": message}
           for raw, (status, code, message) in zip(raw_records, results, strict=True)]
    return json_response({"results": out, "server_time": server_now()})


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
    """What the server knows now about the products, customers and shifts a batch
    touches."""

    def __init__(self) -> None:
        self.prices: dict[str, int] = {}
        self.levels: dict[str, int] = defaultdict(int)
        self.customers: dict[str, tuple[int | None, int]] = {}
        self.plan_inactive: str | None = None   # set only when the batch adds outlets
        self.outlets: set[str] = set()
        # shift id -> its outlet: the shifts documents name, plus those this batch opens
        self.shift_outlets: dict[str, str] = {}
        # credit limits the server holds for customers a counter device edits
        self.credit_limits: dict[str, int | None] = {}
        # for the owner's PC: other outlets of the business its documents name, and the
        # stored movements of the transfers the batch moves
        self.business_outlets: set[str] = set()
        self.transfers: list[rules.TransferMove] = []


_SHIFT_REFS = (SaleData, ReturnData, CustomerPaymentData, ShiftCloseData, CashMovementData)


def _load_facts(conn, device: DevicePrincipal, validated: list) -> _Facts:
    facts = _Facts()
    products: set[str] = set()
    customers: set[str] = set()
    shifts: set[str] = set()
    edited_customers: list[str] = []
    for item in validated:
        if not isinstance(item, tuple):
            continue
        model = item[1]
        if isinstance(model, SaleData):
            products.update(ln.product_id for ln in model.lines)
            if model.customer_id and model.credit_paisa:
                customers.add(model.customer_id)
        if isinstance(model, _SHIFT_REFS) and model.shift_id:
            shifts.add(model.shift_id)
        elif isinstance(model, CustomerData) and not device.is_owner_pc:
            edited_customers.append(model.id)
    if products:
        cur = conn.cursor(row_factory=tuple_row)
        for pid, price, level in cur.execute(
                "SELECT x.id::text, p.price_paisa, l.qty_milli"
                " FROM unnest(%s::text[]::uuid[]) AS x(id)"
                " LEFT JOIN products p ON p.business_id = %s AND p.id = x.id"
                " LEFT JOIN stock_levels l ON l.business_id = %s AND l.outlet_id = %s"
                "  AND l.product_id = x.id",
                (sorted(products), device.business_id, device.business_id, device.outlet_id)):
            if price is not None:
                facts.prices[pid] = price
            facts.levels[pid] = level or 0
    if shifts:
        cur = conn.cursor(row_factory=tuple_row)
        facts.shift_outlets.update(cur.execute(
            "SELECT id::text, outlet_id::text FROM shifts WHERE business_id = %s"
            " AND id = ANY(%s::text[]::uuid[])", (device.business_id, sorted(shifts))))
    if edited_customers:
        cur = conn.cursor(row_factory=tuple_row)
        facts.credit_limits.update(cur.execute(
            "SELECT id::text, credit_limit_paisa FROM customers WHERE business_id = %s"
            " AND id = ANY(%s::text[]::uuid[])", (device.business_id, edited_customers)))
    outlets = [item[1].id for item in validated
               if isinstance(item, tuple) and item[0].type == "outlet"]
    if device.is_owner_pc:
        _load_owner_facts(conn, device, validated, outlets, facts)
    if outlets:
        # The outlet limit is counted by dukan_apply_push in this transaction: under the
        # lock POST /v1/outlets takes, so the two cannot both add the last allowed outlet.
        lock_business(conn, device.business_id)
        facts.plan_inactive = plan_inactive_reason(conn, device.business_id)
        facts.outlets = {row["id"] for row in conn.execute(
            "SELECT id::text AS id FROM outlets WHERE business_id = %s"
            " AND id = ANY(%s::text[]::uuid[])", (device.business_id, outlets))}
    if customers:
        for row in conn.execute(
                "SELECT c.id::text AS id, c.credit_limit_paisa, coalesce((SELECT sum(e.amount_paisa)"
                "  FROM credit_entries e WHERE e.business_id = c.business_id"
                "  AND e.customer_id = c.id), 0)::bigint AS balance"
                " FROM customers c WHERE c.business_id = %s AND c.id = ANY(%s::text[]::uuid[])",
                (device.business_id, sorted(customers))):
            facts.customers[row["id"]] = (row["credit_limit_paisa"], row["balance"])
    return facts


def _load_owner_facts(conn, device: DevicePrincipal, validated: list, outlets: list[str],
                      facts: _Facts) -> None:
    models = [item[1] for item in validated
              if isinstance(item, tuple) and item[0].type in rules.ANY_OUTLET_TYPES]
    named = {m.outlet_id for m in models} - {device.outlet_id}
    cur = conn.cursor(row_factory=tuple_row)
    if named:
        facts.business_outlets = {row[0] for row in cur.execute(
            "SELECT id::text FROM outlets WHERE business_id = %s"
            " AND id = ANY(%s::text[]::uuid[])", (device.business_id, sorted(named)))}
        # An outlet this batch creates: the per-record path writes it first.
        facts.business_outlets.update(outlets)
    refs = {m.ref_id for m in models if isinstance(m, StockMovementData)
            and m.kind in rules.TRANSFER_KINDS and m.ref_id}
    if refs:
        facts.transfers = [rules.TransferMove(*row) for row in cur.execute(
            "SELECT id::text, kind, outlet_id::text, ref_id::text, product_id::text, qty_milli"
            " FROM stock_movements WHERE business_id = %s AND ref_id = ANY(%s::text[]::uuid[])"
            " AND kind IN ('transfer_out', 'transfer_in')",
            (device.business_id, sorted(refs)))]


def _sale_flags(sale: SaleData, facts: _Facts, outlet: str) -> list[str]:
    """Business-reason findings: recorded on the sale, never a reason to refuse it."""
    flags = rules.shift_flags(sale.shift_id, facts.shift_outlets, outlet)
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


def _plan_all(conn, device: DevicePrincipal, raw_records: list, validated: list,
              received: str) -> list[dict]:
    facts = _load_facts(conn, device, validated)
    items = [_plan(raw, v, device, received, facts)
             for raw, v in zip(raw_records, validated, strict=True)]
    _pair_transfers(items, raw_records, validated, facts)
    return items


def _pair_transfers(items: list[dict], raw_records: list, validated: list,
                    facts: _Facts) -> None:
    """Over the whole batch, after every record is planned: an in may come before its out."""
    moves = {}
    for i, (item, v) in enumerate(zip(items, validated, strict=True)):
        if "rows" in item and item["t"] == "stock_movement" and v[1].kind in rules.TRANSFER_KINDS:
            m = v[1]
            moves[i] = rules.TransferMove(m.id, m.kind, m.outlet_id, m.ref_id, m.product_id,
                                          m.qty_milli)
    if not moves:
        return
    refused = rules.pair_transfers(facts.transfers, list(moves.values()))
    for i, move in moves.items():
        if move.id in refused:
            raw = raw_records[i]
            items[i] = _rejection(raw.get("id"), raw.get("type"), raw, refused[move.id])


def _plan(raw: Any, validated: Any, device: DevicePrincipal, received: str,
          facts: _Facts) -> dict:
    """One record → {i, t, h, rows} (document), {i, t, h, up[, barcodes]} (upsert) or
    {i, t, rej, raw} (rejected)."""
    rid = raw.get("id") if isinstance(raw, dict) else None
    rtype = raw.get("type") if isinstance(raw, dict) else None
    if isinstance(validated, rules.Rejected):
        return _rejection(rid, rtype, raw, validated)
    record, model = validated
    outlet = device.outlet_id
    item: dict[str, Any] = {"i": record.id, "t": record.type, "h": record.payload_hash}
    shifts = facts.shift_outlets
    try:
        rules.check_device_may_push(record.type, device.kind)
        if record.type in rules.ANY_OUTLET_TYPES:
            outlet = rules.document_outlet(model, device.kind, outlet, facts.business_outlets)
        if isinstance(model, SaleData):
            item["rows"] = rules.sale_rows(model, device.device_id, outlet,
                                           _sale_flags(model, facts, outlet))
        elif isinstance(model, ReturnData):
            item["rows"] = rules.return_rows(model, device.device_id, outlet,
                                             rules.shift_flags(model.shift_id, shifts, outlet))
        elif isinstance(model, CustomerPaymentData):
            item["rows"] = rules.payment_rows(model, outlet,
                                              rules.shift_flags(model.shift_id, shifts, outlet))
        elif record.type == "credit_entry":
            item["rows"] = rules.credit_entry_rows(model, outlet)
        elif record.type in rules._DOCUMENTS:
            item["rows"] = rules.simple_rows(model, record.type, outlet)
            if isinstance(model, ShiftCloseData | CashMovementData):
                rules.check_own_shift(model.shift_id, shifts, outlet)
            elif record.type == "shift_open":
                shifts.setdefault(model.id, outlet)  # later records may name it
        else:
            if isinstance(model, CustomerData) and not device.is_owner_pc:
                # A customer new to the server keeps the limit it is created with.
                kept = facts.credit_limits.setdefault(model.id, model.credit_limit_paisa)
                if kept != model.credit_limit_paisa:
                    item["note"] = (CREDIT_LIMIT_KEPT, _LIMIT_KEPT_MESSAGE)
            if (record.type == "outlet" and facts.plan_inactive
                    and model.id not in facts.outlets):
                raise rules.Rejected("subscription_inactive",
                                     f"{facts.plan_inactive}: renew the plan to add an outlet")
            item["up"], barcodes = rules.upsert_row(model, device.business_id, received)
            if barcodes is not None:
                item["barcodes"] = barcodes
    except rules.Rejected as rej:
        return _rejection(rid, rtype, raw, rej)
    return item


def _with_notes(items: list[dict], results: list[tuple]) -> list[tuple]:
    """An applied record can carry a note (the credit limit a counter could not change)."""
    return [(status, *item["note"]) if status == "created" and "note" in item
            else (status, code, message)
            for item, (status, code, message) in zip(items, results, strict=True)]


def _rejection(rid: Any, rtype: Any, raw: Any, rej: rules.Rejected) -> dict:
    return {"i": str(rid)[:100] if rid is not None else "", "t": str(rtype)[:40] if rtype else "",
            "rej": {"code": rej.code, "message": rej.message[:500]}, "raw": raw}


# ---------------------------------------------------------------- fast path (set-wise)

_FAST_SQL: dict[tuple, tuple[str, list[str]]] = {}
_NAMED = re.compile(r"%\((\w+)\)s")
_SEP, _NULL = "\x1f", "\x1e"


def _packed(values: list) -> str | list:
    """One column as one text parameter (PostgreSQL splits it with string_to_array):
    joining in C is much cheaper than psycopg's per-element array quoting. Falls back
    to the list (a real array parameter) when a value contains a marker character."""
    n = len(values)
    if n == 1:
        return values  # '' would split to an empty array
    nulls = values.count(None)
    if nulls:
        values = [_NULL if v is None else v for v in values]
    try:
        joined = _SEP.join(values)
    except TypeError:  # numbers (or a mix with the NULL marker)
        values = [v if v.__class__ is str else str(v) for v in values]
        joined = _SEP.join(values)
    if joined.count(_SEP) != max(n - 1, 0) or joined.count(_NULL) != nulls:
        return [None if v == _NULL else v for v in values]
    return joined


def _arg(name: str, sql_type: str, packed: bool) -> str:
    if packed:
        return f"string_to_array(%({name})s, chr(31), chr(30))::{sql_type}[]"
    return f"%({name})s::{sql_type}[]"


def _table_cte(table: str, lists: frozenset) -> str:
    cols = rules.COLUMNS[table]
    args = ", ".join(
        _arg(f"{table}_{i}", "text" if c == "server_flags" else rules.column_type(c),
             f"{table}_{i}" not in lists) for i, c in enumerate(cols))
    select = ", ".join("string_to_array(u.server_flags, ',')" if c == "server_flags" else f"u.{c}"
                       for c in cols)
    received = ", received_at" if table not in rules.WITHOUT_RECEIVED else ""
    received_val = ", %(rcv)s::timestamptz" if received else ""
    rec = _arg(f"{table}_rec", "uuid", f"{table}_rec" not in lists)
    # Table and column names come from rules.COLUMNS, never from the request.
    return (f"t_{table} AS (INSERT INTO {table} (business_id, {', '.join(cols)}{received})"  # noqa: S608
            f" SELECT %(b)s::uuid, {select}{received_val}"
            f" FROM unnest({args}, {rec}) AS u({', '.join(cols)}, _rec)"
            f" WHERE u._rec IN (SELECT record_id FROM rec))")


def _fast_sql(tables: tuple[str, ...], rejects: bool, lists: frozenset
              ) -> tuple[str, list[str]]:
    """The statement with native $n placeholders and the parameter names in $n order:
    it is run by a RawCursor, because psycopg does not cache the conversion of
    %(name)s queries this long (over 4 KB or 50 parameters) and redid it per push."""
    key = (tables, rejects, lists)
    found = _FAST_SQL.get(key)
    if found is None:
        ctes = [
            "rec AS (INSERT INTO sync_records (business_id, record_id, type, payload_hash,"  # noqa: S608
            " device_id, outlet_id, received_at)"
            " SELECT %(b)s::uuid, u.i, u.t, u.h, %(dev)s::uuid, %(out)s::uuid, %(rcv)s::timestamptz"
            f" FROM unnest({_arg('ri', 'uuid', 'ri' not in lists)},"
            f" {_arg('rt', 'text', 'rt' not in lists)}, {_arg('rh', 'text', 'rh' not in lists)})"
            " AS u(i, t, h) ON CONFLICT DO NOTHING RETURNING record_id)"]
        if rejects:
            ctes.append(
                "dl AS (INSERT INTO dead_letters (business_id, record_id, type, device_id,"
                " outlet_id, code, message, payload, received_at)"
                " SELECT %(b)s::uuid, u.i, u.t, %(dev)s::uuid, %(out)s::uuid, u.c, u.m,"
                " u.p::jsonb, %(rcv)s::timestamptz FROM unnest(%(di)s::text[], %(dt)s::text[],"
                " %(dc)s::text[], %(dm)s::text[], %(dp)s::text[]) AS u(i, t, c, m, p))")
        ctes += [_table_cte(t, lists) for t in tables]
        if "stock_movements" in tables:
            # One upsert per (outlet, product), in key order: two devices of one outlet
            # pushing at once cannot deadlock on the levels.
            moves = [_arg(name, sql_type, name not in lists) for name, sql_type in (
                ("stock_movements_1", "uuid"), ("stock_movements_2", "uuid"),
                ("stock_movements_4", "bigint"), ("stock_movements_rec", "uuid"))]
            ctes.append(
                "lv AS (INSERT INTO stock_levels (business_id, outlet_id, product_id, qty_milli,"  # noqa: S608
                " updated_at) SELECT %(b)s::uuid, u.o, u.p, sum(u.q), %(rcv)s::timestamptz"
                f" FROM unnest({', '.join(moves)})"
                " AS u(o, p, q, _rec) WHERE u._rec IN (SELECT record_id FROM rec)"
                " GROUP BY u.o, u.p ORDER BY u.o, u.p"
                " ON CONFLICT (business_id, outlet_id, product_id) DO UPDATE"
                " SET qty_milli = stock_levels.qty_milli + EXCLUDED.qty_milli,"
                " updated_at = EXCLUDED.updated_at)")
        sql = "WITH " + ",\n".join(ctes) + "\nSELECT record_id::text FROM rec"
        names: list[str] = []

        def number(match: re.Match) -> str:
            if match.group(1) not in names:
                names.append(match.group(1))
            return f"${names.index(match.group(1)) + 1}"

        found = _FAST_SQL[key] = (_NAMED.sub(number, sql), names)
    return found


def _apply_fast(conn, device: DevicePrincipal, items: list[dict],
                received: str) -> list[tuple[str, str | None, str | None]]:
    params: dict[str, Any] = {"b": device.business_id, "dev": device.device_id,
                              "out": device.outlet_id, "rcv": received}
    rows_of: dict[str, list[tuple]] = {}
    parents: dict[str, list[str]] = {}
    rejects: list[dict] = []
    ri, rt, rh = [], [], []
    for item in items:
        if "rej" in item:
            rejects.append(item)
            continue
        ri.append(item["i"])
        rt.append(item["t"])
        rh.append(item["h"])
        for table, rows in item["rows"].items():
            if table not in rows_of:
                rows_of[table], parents[table] = [], []
            rows_of[table] += rows
            parents[table] += [item["i"]] * len(rows)
    columns: dict[str, list] = {"ri": ri, "rt": rt, "rh": rh}
    tables = tuple(sorted(rows_of))
    for table in tables:
        names = rules.COLUMNS[table]
        for i, values in enumerate(zip(*rows_of[table], strict=True)):
            if names[i] == "server_flags":
                values = [",".join(v) for v in values]
            columns[f"{table}_{i}"] = list(values)
        columns[f"{table}_rec"] = parents[table]
    lists = []
    for name, values in columns.items():
        params[name] = _packed(values)
        if isinstance(params[name], list):
            lists.append(name)
    if rejects:
        params["di"] = [r["i"] for r in rejects]
        params["dt"] = [r["t"] for r in rejects]
        params["dc"] = [r["rej"]["code"] for r in rejects]
        params["dm"] = [r["rej"]["message"] for r in rejects]
        params["dp"] = [_raw_json(r["raw"]) for r in rejects]
    sql, names = _fast_sql(tables, bool(rejects), frozenset(lists))
    raw = psycopg.RawCursor(conn, row_factory=tuple_row)
    created = {row[0] for row in raw.execute(sql, [params[n] for n in names])}
    cur = conn.cursor(row_factory=tuple_row)
    others = [item["i"] for item in items if "rej" not in item and item["i"] not in created]
    hashes: dict[str, str] = {}
    if others:
        # A new statement: sees records a concurrent push committed meanwhile.
        hashes = dict(cur.execute(
            "SELECT record_id::text, payload_hash FROM sync_records"
            " WHERE business_id = %s AND record_id = ANY(%s::text[]::uuid[])",
            (device.business_id, others)).fetchall())
    results = []
    for item in items:
        if "rej" in item:
            results.append(("rejected", item["rej"]["code"], item["rej"]["message"]))
        elif item["i"] in created:
            results.append(("created", None, None))
        elif hashes.get(item["i"]) == item["h"]:
            results.append(("duplicate", None, None))
        else:
            results.append(("conflict", "payload_differs", _CONFLICT_MESSAGE))
    return results


def _changed(items: list[dict], results: list[tuple]) -> set[str]:
    """The pull collections a fast-path batch changed (documents only)."""
    changed: set[str] = set()
    for item, (status, _code, _message) in zip(items, results, strict=True):
        if status == "created":
            rows = item["rows"]
            if "stock_movements" in rows:
                changed.add("stock_levels")
            if "credit_entries" in rows:
                changed.add("credit_entries")
    return changed


def _raw_json(raw: Any) -> str:
    try:
        return orjson.dumps(raw).decode()
    except TypeError:
        return json.dumps(raw, default=str)


# ---------------------------------------------------------------- per-record path

def _apply_per_record(conn, device: DevicePrincipal, items: list[dict],
                      received: str) -> list[tuple[str, str | None, str | None]]:
    for item in items:
        if "rows" in item:
            item["rows"] = rules.row_dicts(item["rows"], device.business_id, received)
    payload = orjson.dumps(items, default=str).decode()
    rows = conn.execute(
        "SELECT record_id, status, code, message"
        " FROM dukan_apply_push(%s, %s, %s, %s::jsonb, false)",
        (device.device_id, device.outlet_id, received, payload)).fetchall()
    return [(row["status"], row["code"], row["message"]) for row in rows]
