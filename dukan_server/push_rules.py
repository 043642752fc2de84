"""Turn one pushed record into the rows it implies, or a rejection with a code.

Rejections are for records that are malformed or break a ledger invariant (DESIGN.md
§4); business-reason problems (negative stock, price mismatch, over credit limit) are
never rejections: `sync_push` flags them.

Document rows are plain tuples in the column order of `COLUMNS` (without
`business_id` and `received_at`, which are the same for a whole batch and are sent
once). `sync_push` sends them column-wise (one array per column) on the fast path,
and as JSON objects (`row_dicts`) to the per-record path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from dukan_protocol import payload_hash
from dukan_protocol.ids import Derived, derived_id
from dukan_protocol.records import (
    DATA_MODELS,
    OWNER_DEVICE_DOCUMENT_TYPES,
    OWNER_DEVICE_REQUIRED,
    OWNER_DEVICE_TYPES,
    CreditEntryData,
    CustomerPaymentData,
    ReturnData,
    SaleData,
    ShiftCloseData,
    StockMovementData,
)
from dukan_protocol.sync import PushRecord

# Per-row columns of each document table, in tuple order. Every table also has
# business_id; those marked in WITH_RECEIVED also have received_at.
COLUMNS: dict[str, tuple[str, ...]] = {t: tuple(c.split()) for t, c in {
    "sales": "id outlet_id device_id worker_id shift_id customer_id seq receipt_no"
             " subtotal_paisa discount_paisa tax_paisa round_off_paisa total_paisa paid_paisa"
             " change_paisa credit_paisa approved_by flags server_flags note created_at",
    "sale_lines": "id sale_id line_no product_id name_en name_ur unit qty_milli"
                  " unit_price_paisa list_price_paisa cost_paisa discount_paisa"
                  " bill_discount_paisa total_paisa tax_rate_bp tax_mode tax_paisa barcode",
    "sale_tenders": "id sale_id line_no method amount_paisa tendered_paisa reference",
    "returns": "id sale_id outlet_id device_id worker_id shift_id customer_id approved_by kind"
               " receipt_no total_paisa tax_paisa reason server_flags created_at",
    "return_lines": "id return_id line_no sale_line_id product_id qty_milli amount_paisa"
                    " tax_paisa",
    "return_refunds": "id return_id line_no method amount_paisa reference",
    "customer_payments": "id outlet_id customer_id shift_id amount_paisa method reference"
                         " worker_id server_flags created_at",
    "credit_entries": "id outlet_id customer_id kind amount_paisa sale_id payment_id reference"
                      " reason worker_id created_at",
    "credit_allocations": "id entry_id sale_id amount_paisa created_at",
    "stock_movements": "id outlet_id product_id kind qty_milli unit_cost_paisa ref_id"
                       " supplier_id reason worker_id created_at",
    "shifts": "id outlet_id device_id worker_id opening_float_paisa opened_at",
    "shift_closes": "id shift_id outlet_id closed_by expected_cash_paisa counted_cash_paisa"
                    " note closed_at",
    "cash_movements": "id outlet_id shift_id kind amount_paisa reason worker_id created_at",
    "approvals": "id outlet_id action requested_by approved_by detail created_at",
}.items()}
WITHOUT_RECEIVED = frozenset({"sale_lines", "sale_tenders", "return_lines", "return_refunds",
                              "credit_allocations"})

Rows = dict[str, list[tuple]]


def column_type(column: str) -> str:
    """The PostgreSQL type of a document column (checked against the schema in tests)."""
    if column == "server_flags":
        return "text[]"
    if column == "id" or column.endswith("_id") or column.endswith("_by"):
        return "uuid"
    if column.endswith(("_paisa", "_milli")) or column == "seq":
        return "bigint"
    if column in ("line_no", "tax_rate_bp"):
        return "integer"
    if column.endswith("_at"):
        return "timestamptz"
    return "text"


def row_dicts(rows: Rows, business: str, received: str) -> dict[str, list[dict]]:
    """The same rows as JSON objects, for the per-record path (`dukan_apply_push`)."""
    out: dict[str, list[dict]] = {}
    for table, items in rows.items():
        cols = COLUMNS[table]
        extra = {"business_id": business}
        if table not in WITHOUT_RECEIVED:
            extra["received_at"] = received
        out[table] = [{**dict(zip(cols, row, strict=True)), **extra} for row in items]
    return out


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


# The owner's PC receives, adjusts and transfers stock and writes off or adjusts udhaar
# for any outlet of the business (its back office runs them all): exactly the documents
# only it may push. Everything else it pushes is of its own outlet, like a counter's.
ANY_OUTLET_TYPES = frozenset(OWNER_DEVICE_DOCUMENT_TYPES)
TRANSFER_KINDS = ("transfer_out", "transfer_in")
UNPAIRED_TRANSFER = "unpaired_transfer"
SAME_OUTLET_TRANSFER = "same_outlet_transfer"


def document_outlet(model: Any, device_kind: str, device_outlet: str,
                    business_outlets: set[str]) -> str:
    """The outlet an ANY_OUTLET_TYPES document may name. For the owner's PC, any
    existing outlet of the business, active or not: the desktop let the owner write it
    already, and a closed outlet's stock still has to be moved out."""
    named = model.outlet_id
    if device_kind != "owner" or named == device_outlet:
        return device_outlet
    _check(named in business_outlets, "wrong_outlet",
           f"outlet {named} is not an outlet of this business")
    return named


def _check_child_ids(derive: Derived, kind: str, children: list, what: str) -> None:
    for i, child in enumerate(children):
        # Index is the position in the list (equal to line_no when numbered from 0).
        if child.id == derive(kind, i):
            continue
        line_no = getattr(child, "line_no", None)
        _check(line_no is not None and line_no != i and child.id == derive(kind, line_no),
               "bad_child_id", f"{what} {i}: id must be derived_id(parent, '{kind}', index)")


def _allocations(entry_id: str, allocations: list, limit: int, created_at: str) -> list[tuple]:
    _check_child_ids(Derived(entry_id), "alloc", allocations, "allocation")
    _check(sum(a.amount_paisa for a in allocations) <= limit, "over_allocated",
           "allocations exceed the amount they allocate")
    return [(a.id, entry_id, a.sale_id, a.amount_paisa, created_at) for a in allocations]


def sale_rows(s: SaleData, device: str, outlet: str, server_flags: list[str]) -> Rows:
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
    derive = Derived(s.id)
    _check_child_ids(derive, "line", s.lines, "line")
    _check_child_ids(derive, "tender", s.tenders, "tender")
    created = s.created_at.isoformat()
    sid, worker = s.id, s.worker_id
    rows: Rows = {
        "sales": [(sid, s.outlet_id, s.device_id, worker, s.shift_id, s.customer_id, s.seq,
                   s.receipt_no, s.subtotal_paisa, s.discount_paisa, s.tax_paisa,
                   s.round_off_paisa, s.total_paisa, s.paid_paisa, s.change_paisa,
                   s.credit_paisa, s.approved_by, s.flags, server_flags, s.note, created)],
        "sale_lines": [(ln.id, sid, ln.line_no, ln.product_id, ln.name_en, ln.name_ur, ln.unit,
                        ln.qty_milli, ln.unit_price_paisa, ln.list_price_paisa, ln.cost_paisa,
                        ln.discount_paisa, ln.bill_discount_paisa, ln.total_paisa,
                        ln.tax_rate_bp, ln.tax_mode, ln.tax_paisa, ln.barcode)
                       for ln in s.lines],
        "stock_movements": [(derive("stock", i), outlet, ln.product_id, "sale", -ln.qty_milli,
                             ln.cost_paisa, sid, None, "", worker, created)
                            for i, ln in enumerate(s.lines)],
    }
    if s.tenders:
        rows["sale_tenders"] = [(t.id, sid, t.line_no, t.method, t.amount_paisa,
                                 t.tendered_paisa, t.reference) for t in s.tenders]
    if s.credit_paisa > 0:
        rows["credit_entries"] = [(derive("credit", 0), outlet, s.customer_id, "sale",
                                   s.credit_paisa, sid, None, s.receipt_no, "", worker, created)]
    return rows


def return_rows(r: ReturnData, device: str, outlet: str, server_flags: list[str]) -> Rows:
    _check_outlet(r, outlet)
    _check(r.device_id == device, "wrong_device", "data.device_id is not this device")
    _check(sum(f.amount_paisa for f in r.refunds) == r.total_paisa, "bad_refunds",
           "refund amounts must add up to the total")
    credit_refund = sum(f.amount_paisa for f in r.refunds if f.method == "credit")
    _check(credit_refund == 0 or r.customer_id is not None, "credit_needs_customer",
           "a refund to udhaar needs a customer")
    _check(credit_refund > 0 or not r.allocations, "over_allocated",
           "allocations need a refund to udhaar")
    derive = Derived(r.id)
    _check_child_ids(derive, "line", r.lines, "line")
    _check_child_ids(derive, "refund", r.refunds, "refund")
    created = r.created_at.isoformat()
    rows: Rows = {
        "returns": [(r.id, r.sale_id, r.outlet_id, r.device_id, r.worker_id, r.shift_id,
                     r.customer_id, r.approved_by, r.kind, r.receipt_no, r.total_paisa,
                     r.tax_paisa, r.reason, server_flags, created)],
        "return_lines": [(ln.id, r.id, ln.line_no, ln.sale_line_id, ln.product_id,
                          ln.qty_milli, ln.amount_paisa, ln.tax_paisa) for ln in r.lines],
        "stock_movements": [(derive("stock", i), outlet, ln.product_id, "return", ln.qty_milli,
                             None, r.id, None, r.reason, r.worker_id, created)
                            for i, ln in enumerate(r.lines)],
    }
    if r.refunds:
        rows["return_refunds"] = [(f.id, r.id, f.line_no, f.method, f.amount_paisa, f.reference)
                                  for f in r.refunds]
    if credit_refund:
        entry_id = derive("credit", 0)
        rows["credit_entries"] = [(entry_id, outlet, r.customer_id, "return", -credit_refund,
                                   r.sale_id, None, r.receipt_no, r.reason, r.worker_id,
                                   created)]
        if r.allocations:
            rows["credit_allocations"] = _allocations(entry_id, r.allocations, credit_refund,
                                                      created)
    return rows


def payment_rows(p: CustomerPaymentData, outlet: str,
                 server_flags: list[str] | tuple[str, ...] = ()) -> Rows:
    _check_outlet(p, outlet)
    created = p.created_at.isoformat()
    entry_id = derived_id(p.id, "credit", 0)
    rows: Rows = {
        "customer_payments": [(p.id, p.outlet_id, p.customer_id, p.shift_id, p.amount_paisa,
                               p.method, p.reference, p.worker_id, list(server_flags),
                               created)],
        "credit_entries": [(entry_id, outlet, p.customer_id, "payment", -p.amount_paisa, None,
                            p.id, p.reference, "", p.worker_id, created)],
    }
    if p.allocations:
        rows["credit_allocations"] = _allocations(entry_id, p.allocations, p.amount_paisa,
                                                  created)
    return rows


def credit_entry_rows(e: CreditEntryData, outlet: str) -> Rows:
    _check_outlet(e, outlet)
    _check(e.amount_paisa < 0 if e.kind == "writeoff" else e.amount_paisa != 0, "bad_sign",
           "a write-off is negative; an adjustment is not zero")
    created = e.created_at.isoformat()
    rows: Rows = {"credit_entries": [(e.id, e.outlet_id, e.customer_id, e.kind, e.amount_paisa,
                                      None, None, "", e.reason, e.worker_id, created)]}
    if e.allocations:
        _check(e.amount_paisa < 0, "over_allocated", "only a reducing entry allocates")
        rows["credit_allocations"] = _allocations(e.id, e.allocations, -e.amount_paisa, created)
    return rows


def simple_rows(model: Any, rtype: str, outlet: str) -> Rows:
    if isinstance(model, ShiftCloseData):
        m = model
        return {"shift_closes": [(m.id, m.shift_id, outlet, m.closed_by, m.expected_cash_paisa,
                                  m.counted_cash_paisa, m.note, m.closed_at.isoformat())]}
    if rtype == "approval":
        m = model
        if m.outlet_id is not None:
            _check_outlet(m, outlet)
        # An approval without an outlet happens at the device's counter.
        return {"approvals": [(m.id, m.outlet_id or outlet, m.action, m.requested_by,
                               m.approved_by, m.detail, m.created_at.isoformat())]}
    _check_outlet(model, outlet)
    m = model
    if isinstance(m, StockMovementData):
        _check(m.qty_milli != 0, "bad_qty", "a stock movement moves something")
        if m.kind in TRANSFER_KINDS:
            _check(m.ref_id is not None, UNPAIRED_TRANSFER,
                   "a transfer movement names its transfer (ref_id)")
            _check((m.qty_milli < 0) == (m.kind == "transfer_out"), "bad_sign",
                   "a transfer takes stock out at one outlet and puts it in at another")
        return {"stock_movements": [(m.id, m.outlet_id, m.product_id, m.kind, m.qty_milli,
                                     m.unit_cost_paisa, m.ref_id, m.supplier_id, m.reason,
                                     m.worker_id, m.created_at.isoformat())]}
    if rtype == "shift_open":
        return {"shifts": [(m.id, m.outlet_id, m.device_id, m.worker_id, m.opening_float_paisa,
                            m.opened_at.isoformat())]}
    if rtype == "cash_movement":
        return {"cash_movements": [(m.id, m.outlet_id, m.shift_id, m.kind, m.amount_paisa,
                                    m.reason, m.worker_id, m.created_at.isoformat())]}
    raise Rejected("invalid_record", f"unknown document type {rtype}")


OWNER_DEVICE_MESSAGE = ("Only the owner's PC may change products, prices, staff and outlets;"
                        " this PC is a counter.")
OWNER_DOCUMENT_MESSAGE = ("Only the owner's PC may receive, adjust or transfer stock and write"
                          " off or adjust udhaar; this PC is a counter.")


def check_device_may_push(rtype: str, device_kind: str) -> None:
    """Catalog, staff and outlet edits, and the owner's stock and udhaar documents, come
    from the owner's PC only (migrations 0006 and 0007 refuse them again in PostgreSQL).
    Customers, sales, returns and payments are open to counters."""
    if device_kind == "owner":
        return
    if rtype in OWNER_DEVICE_TYPES:
        raise Rejected(OWNER_DEVICE_REQUIRED, OWNER_DEVICE_MESSAGE)
    if rtype in OWNER_DEVICE_DOCUMENT_TYPES:
        raise Rejected(OWNER_DEVICE_REQUIRED, OWNER_DOCUMENT_MESSAGE)


@dataclass(frozen=True, slots=True)
class TransferMove:
    id: str
    kind: str          # transfer_out or transfer_in
    outlet_id: str
    ref_id: str        # the transfer
    product_id: str
    qty_milli: int


def pair_transfers(stored: list[TransferMove], batch: list[TransferMove]
                   ) -> dict[str, Rejected]:
    """Refusals for the batch's transfer movements (by id). A transfer_in needs a
    transfer_out of the same transfer and product with the opposite quantity at another
    outlet, stored already or anywhere in this batch (records of a batch come in any
    order; one out pairs with one in). No movement of a transfer may be at an outlet
    where the transfer has a movement of the other kind. A replayed movement is the
    stored one. An out alone is kept: its in comes in this batch or a later one."""
    seen = {m.id for m in stored}
    new = []
    for m in batch:  # a record twice in one batch is written once (then a duplicate)
        if m.id not in seen:
            seen.add(m.id)
            new.append(m)
    groups: dict[tuple[str, str], list[TransferMove]] = {}
    for m in stored + new:
        groups.setdefault((m.ref_id, m.product_id), []).append(m)
    new_ids = {m.id for m in new}
    refused: dict[str, Rejected] = {}
    for moves in groups.values():
        at = {kind: {m.outlet_id for m in moves if m.kind == kind} for kind in TRANSFER_KINDS}
        for m in moves:
            other = "transfer_in" if m.kind == "transfer_out" else "transfer_out"
            if m.id in new_ids and m.outlet_id in at[other]:
                refused[m.id] = Rejected(SAME_OUTLET_TRANSFER, (
                    f"transfer {m.ref_id} moves product {m.product_id} out of and into"
                    f" the same outlet"))
        # Outs free to pair, by quantity; stored ins hold theirs, then the batch's in order.
        free: dict[int, int] = {}
        for m in moves:
            if m.kind == "transfer_out" and m.id not in refused:
                free[-m.qty_milli] = free.get(-m.qty_milli, 0) + 1
        for m in sorted((m for m in moves if m.kind == "transfer_in" and m.id not in refused),
                        key=lambda m: m.id in new_ids):
            if free.get(m.qty_milli, 0) > 0:
                free[m.qty_milli] -= 1
            elif m.id in new_ids:
                refused[m.id] = Rejected(UNPAIRED_TRANSFER, (
                    f"transfer {m.ref_id}: no transfer_out of product {m.product_id} for"
                    f" {m.qty_milli} milli-units at another outlet (it must reach the server first, or in the same push)"))
    return refused


def check_own_shift(shift_id: str, shift_outlets: dict[str, str], outlet: str) -> None:
    """A shift close or cash movement changes the shift's cash: only for a shift the
    server knows (or that this batch opened) at the device's own outlet."""
    known = shift_outlets.get(shift_id)
    if known is None:
        raise Rejected("wrong_outlet", f"shift {shift_id} is not known to the server:"
                                       " push its shift_open first")
    _check(known == outlet, "wrong_outlet", f"shift {shift_id} is another outlet's shift")


def shift_flags(shift_id: str | None, shift_outlets: dict[str, str], outlet: str) -> list[str]:
    """A sale, return or payment naming another outlet's shift is kept (money changed
    hands) but flagged, and the cash report does not count it in that shift."""
    known = shift_outlets.get(shift_id) if shift_id else None
    return ["foreign_shift"] if known is not None and known != outlet else []


def upsert_row(model: Any, business: str, received: str) -> tuple[dict, list[str] | None]:
    row = model.model_dump(mode="json", exclude={"barcodes"})
    row.update(business_id=business, created_at=received)
    barcodes = list(dict.fromkeys(model.barcodes)) if hasattr(model, "barcodes") else None
    return row, barcodes
