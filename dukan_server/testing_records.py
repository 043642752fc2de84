"""Well-formed push records for tests and benchmarks (ids derived as the protocol says)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from dukan_protocol import SCHEMA_VERSION, derived_id, payload_hash
from dukan_protocol.records import OWNER_DEVICE_DOCUMENT_TYPES


def new_id() -> str:
    return str(uuid.uuid4())


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def record(rtype: str, data: dict, record_id: str | None = None) -> dict:
    return {"type": rtype, "id": record_id or data["id"], "payload_hash": payload_hash(data),
            "data": data}


def batch(device_id: str, records: list[dict]) -> dict:
    return {"device_id": device_id, "schema_version": SCHEMA_VERSION, "records": records}


def sale(outlet_id: str, device_id: str, *, worker_id: str | None = None,
         products: list[tuple[str, int, int]] | None = None, seq: int = 1,
         customer_id: str | None = None, credit_paisa: int = 0,
         sale_id: str | None = None) -> dict:
    """A sale of (product_id, qty_milli, unit_price_paisa) lines, paid cash (and credit)."""
    sale_id = sale_id or new_id()
    products = products or [(new_id(), 1000, 10000)]
    lines = []
    subtotal = 0
    for i, (product_id, qty, price) in enumerate(products):
        total = price * qty // 1000
        subtotal += total
        lines.append({
            "id": derived_id(sale_id, "line", i), "line_no": i, "product_id": product_id,
            "name_en": f"Item {i}", "unit": "pc", "qty_milli": qty, "unit_price_paisa": price,
            "list_price_paisa": price, "total_paisa": total, "tax_rate_bp": 1800,
            "tax_mode": "inclusive", "tax_paisa": total * 1800 // 11800})
    tenders = []
    cash = subtotal - credit_paisa
    if cash > 0:
        tenders.append({"id": derived_id(sale_id, "tender", len(tenders)),
                        "line_no": len(tenders), "method": "cash", "amount_paisa": cash,
                        "tendered_paisa": cash})
    if credit_paisa > 0:
        tenders.append({"id": derived_id(sale_id, "tender", len(tenders)),
                        "line_no": len(tenders), "method": "credit",
                        "amount_paisa": credit_paisa, "tendered_paisa": credit_paisa})
    return {
        "id": sale_id, "outlet_id": outlet_id, "device_id": device_id,
        "worker_id": worker_id or derived_id(outlet_id, "worker", 0), "customer_id": customer_id,
        "seq": seq, "receipt_no": f"T-1-{seq}", "subtotal_paisa": subtotal, "discount_paisa": 0,
        "tax_paisa": sum(ln["tax_paisa"] for ln in lines), "round_off_paisa": 0,
        "total_paisa": subtotal, "paid_paisa": subtotal - credit_paisa, "change_paisa": 0,
        "credit_paisa": credit_paisa, "created_at": now_iso(), "lines": lines,
        "tenders": tenders,
    }


def product(product_id: str | None = None, *, price_paisa: int = 10000,
            barcodes: list[str] | None = None, name: str = "Product") -> dict:
    return {"id": product_id or new_id(), "name_en": name, "unit": "pc",
            "price_paisa": price_paisa, "tax_rate_bp": 1800, "tax_mode": "inclusive",
            "barcodes": barcodes or [], "updated_at": now_iso()}


def customer(customer_id: str | None = None, *, name: str = "Customer",
             credit_limit_paisa: int | None = None) -> dict:
    return {"id": customer_id or new_id(), "name": name, "credit_limit_paisa": credit_limit_paisa,
            "updated_at": now_iso()}


def customer_payment(outlet_id: str, customer_id: str, amount_paisa: int, *,
                     allocations: list[tuple[str, int]] = (), worker_id: str | None = None,
                     payment_id: str | None = None) -> dict:
    payment_id = payment_id or new_id()
    entry_id = derived_id(payment_id, "credit", 0)
    return {"id": payment_id, "outlet_id": outlet_id, "customer_id": customer_id,
            "amount_paisa": amount_paisa, "method": "cash",
            "worker_id": worker_id or derived_id(outlet_id, "worker", 0),
            "created_at": now_iso(),
            "allocations": [{"id": derived_id(entry_id, "alloc", i), "sale_id": sale_id,
                             "amount_paisa": amount} for i, (sale_id, amount) in
                            enumerate(allocations)]}


def every_document(outlet_id: str, device_id: str, product_id: str, customer_id: str
                   ) -> list[dict]:
    """One record of every type (for RLS coverage): returns a list of push records."""
    worker = derived_id(outlet_id, "worker", 0)
    shift_id = new_id()
    s = sale(outlet_id, device_id, products=[(product_id, 2000, 5000)], customer_id=customer_id,
             credit_paisa=4000, seq=900)
    s["shift_id"] = shift_id
    ret_id = new_id()
    ret = {"id": ret_id, "sale_id": s["id"], "outlet_id": outlet_id, "device_id": device_id,
           "worker_id": worker, "customer_id": customer_id, "kind": "return",
           "receipt_no": "R-1", "total_paisa": 5000, "tax_paisa": 762, "created_at": now_iso(),
           "lines": [{"id": derived_id(ret_id, "line", 0), "line_no": 0,
                      "sale_line_id": s["lines"][0]["id"], "product_id": product_id,
                      "qty_milli": 1000, "amount_paisa": 5000, "tax_paisa": 762}],
           "refunds": [{"id": derived_id(ret_id, "refund", 0), "line_no": 0, "method": "credit",
                        "amount_paisa": 5000}],
           "allocations": [{"id": derived_id(derived_id(ret_id, "credit", 0), "alloc", 0),
                            "sale_id": s["id"], "amount_paisa": 1000}]}
    writeoff_id = new_id()
    records = [
        record("shift_open", {"id": shift_id, "outlet_id": outlet_id, "device_id": device_id,
                              "worker_id": worker, "opening_float_paisa": 50000,
                              "opened_at": now_iso()}),
        record("sale", s),
        record("return", ret),
        record("customer_payment", customer_payment(outlet_id, customer_id, 1000,
                                                    allocations=[(s["id"], 500)])),
        record("credit_entry", {"id": writeoff_id, "outlet_id": outlet_id,
                                "customer_id": customer_id, "kind": "writeoff",
                                "amount_paisa": -100, "reason": "bad debt", "worker_id": worker,
                                "created_at": now_iso(), "allocations": []}),
        record("stock_movement", {"id": new_id(), "outlet_id": outlet_id,
                                  "product_id": product_id, "kind": "receive",
                                  "qty_milli": 50000, "unit_cost_paisa": 4000,
                                  "worker_id": worker, "created_at": now_iso()}),
        record("cash_movement", {"id": new_id(), "outlet_id": outlet_id, "shift_id": shift_id,
                                 "kind": "out", "amount_paisa": 2000, "reason": "tea",
                                 "worker_id": worker, "created_at": now_iso()}),
        record("approval", {"id": new_id(), "outlet_id": outlet_id, "action": "return",
                            "requested_by": worker, "approved_by": worker,
                            "created_at": now_iso()}),
        record("shift_close", {"id": new_id(), "shift_id": shift_id, "closed_by": worker,
                               "expected_cash_paisa": 48000, "counted_cash_paisa": 48000,
                               "closed_at": now_iso()}),
    ]
    return records


def counter_documents(outlet_id: str, device_id: str, product_id: str, customer_id: str
                      ) -> list[dict]:
    """`every_document` without the owner's own documents (stock receipts and
    adjustments, udhaar write-offs): what a counter may push."""
    return [r for r in every_document(outlet_id, device_id, product_id, customer_id)
            if r["type"] not in OWNER_DEVICE_DOCUMENT_TYPES]


def upserts(outlet_id: str, product_id: str, customer_id: str) -> list[dict[str, Any]]:
    """Catalog and people edits: each record id is a fresh change id."""
    supplier_id = new_id()
    return [
        record("supplier", {"id": supplier_id, "name": "Supplier", "updated_at": now_iso()},
               new_id()),
        record("product", product(product_id, barcodes=[f"89{uuid.uuid4().int % 10**11:011d}"]),
               new_id()),
        record("customer", customer(customer_id, credit_limit_paisa=100000), new_id()),
        record("worker", {"id": derived_id(outlet_id, "worker", 0), "name": "Cashier",
                          "role": "cashier", "outlet_id": outlet_id, "pin_hash": "x",
                          "updated_at": now_iso()}, new_id()),
    ]
