"""Turn one pushed record into the rows it implies, or a rejection with a code.

Rejections are for records that are malformed or break a ledger invariant (DESIGN.md
§4); business-reason problems (negative stock, price mismatch, over credit limit) are
never rejections: `sync_push` flags them.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from dukan_protocol import derived_id, payload_hash
from dukan_protocol.records import (
    DATA_MODELS,
    CreditEntryData,
    CustomerPaymentData,
    ReturnData,
    SaleData,
    ShiftCloseData,
    StockMovementData,
)
from dukan_protocol.sync import PushRecord


class Rejected(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def validate(record: PushRecord) -> Any:
    if payload_hash(record.data) != record.payload_hash:
        raise Rejected("bad_hash", "payload_hash does not match the canonical JSON of data")
    try:
        model = DATA_MODELS[record.type].model_validate(record.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise Rejected("invalid_data", f"{where}: {first['msg']}") from None
    if record.type in DATA_MODELS and hasattr(model, "id") and record.type in _DOCUMENTS:
        if model.id != record.id:
            raise Rejected("id_mismatch", "a document's record id must equal data.id")
    return model


_DOCUMENTS = {"sale", "return", "customer_payment", "credit_entry", "stock_movement",
              "shift_open", "shift_close", "cash_movement", "approval"}


def _check(cond: bool, code: str, message: str) -> None:
    if not cond:
        raise Rejected(code, message)


def _check_outlet(data: Any, outlet_id: str) -> None:
    _check(data.outlet_id == outlet_id, "wrong_outlet",
           "a device may push documents only for its own outlet")


def _check_child_ids(parent: str, kind: str, children: list, what: str) -> None:
    for i, child in enumerate(children):
        # Index is the position in the list (equal to line_no when numbered from 0).
        allowed = {derived_id(parent, kind, i)}
        if hasattr(child, "line_no"):
            allowed.add(derived_id(parent, kind, child.line_no))
        _check(child.id in allowed, "bad_child_id",
               f"{what} {i}: id must be derived_id(parent, '{kind}', index)")


def _allocations(entry_id: str, allocations: list, limit: int, business: str,
                 created_at: str) -> list[dict]:
    _check_child_ids(entry_id, "alloc", allocations, "allocation")
    _check(sum(a.amount_paisa for a in allocations) <= limit, "over_allocated",
           "allocations exceed the amount they allocate")
    return [{"business_id": business, "id": a.id, "entry_id": entry_id, "sale_id": a.sale_id,
             "amount_paisa": a.amount_paisa, "created_at": created_at} for a in allocations]


def _dump(model: Any, exclude: set[str]) -> dict:
    # Python mode is several times faster than mode="json"; json.dumps(default=str)
    # renders datetimes in a form PostgreSQL parses.
    return model.model_dump(exclude=exclude)


def sale_rows(s: SaleData, business: str, device: str, outlet: str, received: str,
              server_flags: list[str]) -> dict[str, list[dict]]:
    _check_outlet(s, outlet)
    _check(s.device_id == device, "wrong_device", "data.device_id is not this device")
    _check(s.total_paisa == s.subtotal_paisa - s.discount_paisa + s.round_off_paisa,
           "bad_total", "total must equal subtotal - discount + round_off")
    _check(s.paid_paisa + s.credit_paisa == s.total_paisa, "bad_paid",
           "paid + credit must equal total")
    _check(sum(t.amount_paisa for t in s.tenders) == s.total_paisa, "bad_tenders",
           "tender amounts must add up to the total")
    _check(s.credit_paisa == 0 or s.customer_id is not None, "credit_needs_customer",
           "a credit sale needs a customer")
    _check_child_ids(s.id, "line", s.lines, "line")
    _check_child_ids(s.id, "tender", s.tenders, "tender")
    created = s.created_at.isoformat()
    head = _dump(s, {"lines", "tenders"})
    head.update(business_id=business, server_flags=server_flags, received_at=received)
    rows: dict[str, list[dict]] = {
        "sales": [head],
        "sale_lines": [{**_dump(ln, set()), "business_id": business, "sale_id": s.id}
                       for ln in s.lines],
        "stock_movements": [{
            "business_id": business, "id": derived_id(s.id, "stock", i), "outlet_id": outlet,
            "product_id": ln.product_id, "kind": "sale", "qty_milli": -ln.qty_milli,
            "unit_cost_paisa": ln.cost_paisa, "ref_id": s.id, "supplier_id": None,
            "reason": "", "worker_id": s.worker_id, "created_at": created,
            "received_at": received} for i, ln in enumerate(s.lines)],
    }
    if s.tenders:
        rows["sale_tenders"] = [{**_dump(t, set()), "business_id": business, "sale_id": s.id}
                                for t in s.tenders]
    if s.credit_paisa > 0:
        rows["credit_entries"] = [{
            "business_id": business, "id": derived_id(s.id, "credit", 0), "outlet_id": outlet,
            "customer_id": s.customer_id, "kind": "sale", "amount_paisa": s.credit_paisa,
            "sale_id": s.id, "payment_id": None, "reference": s.receipt_no, "reason": "",
            "worker_id": s.worker_id, "created_at": created, "received_at": received}]
    return rows


def return_rows(r: ReturnData, business: str, device: str, outlet: str, received: str,
                server_flags: list[str]) -> dict[str, list[dict]]:
    _check_outlet(r, outlet)
    _check(r.device_id == device, "wrong_device", "data.device_id is not this device")
    _check(sum(f.amount_paisa for f in r.refunds) == r.total_paisa, "bad_refunds",
           "refund amounts must add up to the total")
    credit_refund = sum(f.amount_paisa for f in r.refunds if f.method == "credit")
    _check(credit_refund == 0 or r.customer_id is not None, "credit_needs_customer",
           "a refund to udhaar needs a customer")
    _check(credit_refund > 0 or not r.allocations, "over_allocated",
           "allocations need a refund to udhaar")
    _check_child_ids(r.id, "line", r.lines, "line")
    _check_child_ids(r.id, "refund", r.refunds, "refund")
    created = r.created_at.isoformat()
    head = _dump(r, {"lines", "refunds", "allocations"})
    head.update(business_id=business, server_flags=server_flags, received_at=received)
    rows: dict[str, list[dict]] = {
        "returns": [head],
        "return_lines": [{**_dump(ln, set()), "business_id": business, "return_id": r.id}
                         for ln in r.lines],
        "stock_movements": [{
            "business_id": business, "id": derived_id(r.id, "stock", i), "outlet_id": outlet,
            "product_id": ln.product_id, "kind": "return", "qty_milli": ln.qty_milli,
            "unit_cost_paisa": None, "ref_id": r.id, "supplier_id": None, "reason": r.reason,
            "worker_id": r.worker_id, "created_at": created, "received_at": received}
            for i, ln in enumerate(r.lines)],
    }
    if r.refunds:
        rows["return_refunds"] = [{**_dump(f, set()), "business_id": business, "return_id": r.id}
                                  for f in r.refunds]
    if credit_refund:
        entry_id = derived_id(r.id, "credit", 0)
        rows["credit_entries"] = [{
            "business_id": business, "id": entry_id, "outlet_id": outlet,
            "customer_id": r.customer_id, "kind": "return", "amount_paisa": -credit_refund,
            "sale_id": r.sale_id, "payment_id": None, "reference": r.receipt_no,
            "reason": r.reason, "worker_id": r.worker_id, "created_at": created,
            "received_at": received}]
        if r.allocations:
            rows["credit_allocations"] = _allocations(entry_id, r.allocations, credit_refund,
                                                      business, created)
    return rows


def payment_rows(p: CustomerPaymentData, business: str, outlet: str,
                 received: str) -> dict[str, list[dict]]:
    _check_outlet(p, outlet)
    created = p.created_at.isoformat()
    entry_id = derived_id(p.id, "credit", 0)
    head = _dump(p, {"allocations"})
    head.update(business_id=business, received_at=received)
    rows = {
        "customer_payments": [head],
        "credit_entries": [{
            "business_id": business, "id": entry_id, "outlet_id": outlet,
            "customer_id": p.customer_id, "kind": "payment", "amount_paisa": -p.amount_paisa,
            "sale_id": None, "payment_id": p.id, "reference": p.reference, "reason": "",
            "worker_id": p.worker_id, "created_at": created, "received_at": received}],
    }
    if p.allocations:
        rows["credit_allocations"] = _allocations(entry_id, p.allocations, p.amount_paisa,
                                                  business, created)
    return rows


def credit_entry_rows(e: CreditEntryData, business: str, outlet: str,
                      received: str) -> dict[str, list[dict]]:
    _check_outlet(e, outlet)
    _check(e.amount_paisa < 0 if e.kind == "writeoff" else e.amount_paisa != 0, "bad_sign",
           "a write-off is negative; an adjustment is not zero")
    created = e.created_at.isoformat()
    head = _dump(e, {"allocations"})
    head.update(business_id=business, sale_id=None, payment_id=None, reference="",
                received_at=received)
    rows = {"credit_entries": [head]}
    if e.allocations:
        _check(e.amount_paisa < 0, "over_allocated", "only a reducing entry allocates")
        rows["credit_allocations"] = _allocations(e.id, e.allocations, -e.amount_paisa,
                                                  business, created)
    return rows


def simple_rows(model: Any, rtype: str, business: str, outlet: str,
                received: str) -> dict[str, list[dict]]:
    if isinstance(model, ShiftCloseData):
        row = {**_dump(model, set()), "outlet_id": outlet}
        table = "shift_closes"
    else:
        row = _dump(model, set())
        if rtype == "approval" and model.outlet_id is None:
            row["outlet_id"] = outlet  # an approval happens at the device's counter
        else:
            _check_outlet(model, outlet)
        table = {"stock_movement": "stock_movements", "shift_open": "shifts",
                 "cash_movement": "cash_movements", "approval": "approvals"}[rtype]
    if isinstance(model, StockMovementData):
        _check(model.qty_milli != 0, "bad_qty", "a stock movement moves something")
    row.update(business_id=business, received_at=received)
    return {table: [row]}


def upsert_row(model: Any, business: str, received: str) -> tuple[dict, list[str] | None]:
    row = _dump(model, {"barcodes"})
    row.update(business_id=business, created_at=received)
    barcodes = list(dict.fromkeys(model.barcodes)) if hasattr(model, "barcodes") else None
    return row, barcodes
