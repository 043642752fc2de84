"""Records a device pushes: `{type, id, payload_hash, data}` with `data` validated here.

Documents (sale, return, customer_payment, credit_entry, stock_movement, shift_open,
shift_close, cash_movement, approval) are append-only: `id` is the document id and a
replay is a duplicate. Catalog/people edits (product, supplier, customer, outlet,
worker) are upserts: `id` is the id of this *edit* (a new UUIDv7 per change) and
`data.id` the entity; the server applies them in arrival order.

Child ids inside a document must equal `derived_id(parent, kind, index)`:
  sale lines "line", tenders "tender", stock movements "stock" (one per line),
  the sale's credit entry "credit" 0; return lines "line", refunds "refund",
  stock "stock", credit entry "credit" 0; a payment's credit entry "credit" 0;
  allocations "alloc" i of the entry id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# Device kinds and the owner-only record types live in .devices (no pydantic there:
# the desktop's unit of work imports them); re-exported here for the server.
from .devices import (  # noqa: F401 - re-exported
    CREDIT_LIMIT_KEPT,
    DEVICE_KINDS,
    OWNER_DEVICE_DOCUMENT_TYPES,
    OWNER_DEVICE_REQUIRED,
    OWNER_DEVICE_TYPES,
    DeviceKind,
)

Id = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
Paisa = Annotated[int, Field(ge=-10**13, le=10**13)]
PosPaisa = Annotated[int, Field(gt=0, le=10**13)]
NonNegPaisa = Annotated[int, Field(ge=0, le=10**13)]
Milli = Annotated[int, Field(gt=0, le=10**12)]
Text = Annotated[str, StringConstraints(max_length=500)]
Method = Literal["cash", "card", "jazzcash", "easypaisa", "raast", "bank", "credit"]
PayMethod = Literal["cash", "card", "jazzcash", "easypaisa", "raast", "bank"]
TaxMode = Literal["inclusive", "exclusive", "exempt"]

DOCUMENT_TYPES = (
    "sale", "return", "customer_payment", "credit_entry", "stock_movement",
    "shift_open", "shift_close", "cash_movement", "approval",
)
UPSERT_TYPES = ("product", "supplier", "customer", "outlet", "worker")
RECORD_TYPES = DOCUMENT_TYPES + UPSERT_TYPES



class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SaleLineData(_Model):
    id: Id
    line_no: int = Field(ge=0, le=10_000)
    product_id: Id
    name_en: Text
    name_ur: Text = ""
    unit: str = Field(max_length=10)
    qty_milli: Milli
    unit_price_paisa: NonNegPaisa
    list_price_paisa: NonNegPaisa
    cost_paisa: NonNegPaisa = 0
    discount_paisa: NonNegPaisa = 0
    bill_discount_paisa: NonNegPaisa = 0
    total_paisa: NonNegPaisa
    tax_rate_bp: int = Field(ge=0, le=10_000)
    tax_mode: TaxMode
    tax_paisa: NonNegPaisa
    barcode: str | None = Field(default=None, max_length=32)


class TenderData(_Model):
    id: Id
    line_no: int = Field(ge=0, le=100)
    method: Method
    amount_paisa: PosPaisa
    tendered_paisa: PosPaisa
    reference: str = Field(default="", max_length=80)


class SaleData(_Model):
    id: Id
    outlet_id: Id
    device_id: Id
    worker_id: Id
    shift_id: Id | None = None
    customer_id: Id | None = None
    seq: int = Field(ge=1)
    receipt_no: str = Field(max_length=40)
    subtotal_paisa: NonNegPaisa
    discount_paisa: NonNegPaisa
    tax_paisa: NonNegPaisa
    round_off_paisa: Paisa
    total_paisa: NonNegPaisa
    paid_paisa: NonNegPaisa
    change_paisa: NonNegPaisa
    credit_paisa: NonNegPaisa
    approved_by: Id | None = None
    flags: str = Field(default="", max_length=200)
    note: Text = ""
    created_at: datetime
    lines: list[SaleLineData] = Field(min_length=1, max_length=1000)
    tenders: list[TenderData] = Field(max_length=20)


class AllocationData(_Model):
    id: Id
    sale_id: Id
    amount_paisa: PosPaisa


class CreditEntryData(_Model):
    """A standalone udhaar entry: write-off or adjustment (owner only)."""

    id: Id
    outlet_id: Id
    customer_id: Id
    kind: Literal["writeoff", "adjustment"]
    amount_paisa: Paisa
    reason: Text
    worker_id: Id
    created_at: datetime
    allocations: list[AllocationData] = Field(default_factory=list, max_length=1000)


class ReturnLineData(_Model):
    id: Id
    line_no: int = Field(ge=0)
    sale_line_id: Id
    product_id: Id
    qty_milli: Milli
    amount_paisa: NonNegPaisa
    tax_paisa: NonNegPaisa


class RefundData(_Model):
    id: Id
    line_no: int = Field(ge=0)
    method: Method
    amount_paisa: PosPaisa
    reference: str = Field(default="", max_length=80)


class ReturnData(_Model):
    id: Id
    sale_id: Id
    outlet_id: Id
    device_id: Id
    worker_id: Id
    shift_id: Id | None = None
    customer_id: Id | None = None
    approved_by: Id | None = None
    kind: Literal["return", "void"]
    receipt_no: str = Field(max_length=40)
    total_paisa: NonNegPaisa
    tax_paisa: NonNegPaisa
    reason: Text = ""
    created_at: datetime
    lines: list[ReturnLineData] = Field(min_length=1, max_length=1000)
    refunds: list[RefundData] = Field(max_length=20)
    allocations: list[AllocationData] = Field(default_factory=list, max_length=1000)


class CustomerPaymentData(_Model):
    id: Id
    outlet_id: Id
    customer_id: Id
    shift_id: Id | None = None
    amount_paisa: PosPaisa
    method: PayMethod
    reference: str = Field(default="", max_length=80)
    worker_id: Id
    created_at: datetime
    allocations: list[AllocationData] = Field(default_factory=list, max_length=1000)


class StockMovementData(_Model):
    id: Id
    outlet_id: Id
    product_id: Id
    kind: Literal["receive", "adjust", "transfer_out", "transfer_in"]
    qty_milli: Annotated[int, Field(ge=-10**12, le=10**12)]
    unit_cost_paisa: NonNegPaisa | None = None
    ref_id: Id | None = None
    supplier_id: Id | None = None
    reason: Text = ""
    worker_id: Id
    created_at: datetime


class ShiftOpenData(_Model):
    id: Id
    outlet_id: Id
    device_id: Id
    worker_id: Id
    opening_float_paisa: NonNegPaisa
    opened_at: datetime


class ShiftCloseData(_Model):
    id: Id
    shift_id: Id
    closed_by: Id
    expected_cash_paisa: Paisa
    counted_cash_paisa: NonNegPaisa
    note: Text = ""
    closed_at: datetime


class CashMovementData(_Model):
    id: Id
    outlet_id: Id
    shift_id: Id
    kind: Literal["in", "out"]
    amount_paisa: PosPaisa
    reason: Text = ""
    worker_id: Id
    created_at: datetime


class ApprovalData(_Model):
    id: Id
    outlet_id: Id | None = None
    action: str = Field(max_length=40)
    requested_by: Id
    approved_by: Id
    detail: Text = ""
    created_at: datetime


class ProductData(_Model):
    id: Id
    sku: str | None = Field(default=None, max_length=40)
    name_en: str = Field(min_length=1, max_length=200)
    name_ur: str = Field(default="", max_length=200)
    unit: str = Field(max_length=10)
    price_paisa: NonNegPaisa
    cost_paisa: NonNegPaisa = 0
    tax_rate_bp: int = Field(ge=0, le=10_000)
    tax_mode: TaxMode
    supplier_id: Id | None = None
    reorder_level_milli: int = Field(default=0, ge=0)
    active: bool = True
    barcodes: list[Annotated[str, StringConstraints(min_length=1, max_length=32)]] = Field(
        default_factory=list, max_length=50)
    updated_at: datetime


class SupplierData(_Model):
    id: Id
    name: str = Field(min_length=1, max_length=200)
    contact_person: str = Field(default="", max_length=100)
    phone: str = Field(default="", max_length=40)
    address: Text = ""
    payment_terms_days: int = Field(default=0, ge=0, le=3650)
    notes: Text = ""
    active: bool = True
    updated_at: datetime


class CustomerData(_Model):
    id: Id
    name: str = Field(min_length=1, max_length=200)
    phone: str = Field(default="", max_length=40)
    address: Text = ""
    credit_limit_paisa: NonNegPaisa | None = None
    notes: Text = ""
    active: bool = True
    updated_at: datetime


class OutletData(_Model):
    id: Id
    name: str = Field(min_length=1, max_length=200)
    code: str = Field(min_length=1, max_length=12)
    address: Text = ""
    phone: str = Field(default="", max_length=40)
    active: bool = True
    updated_at: datetime


class WorkerData(_Model):
    id: Id
    name: str = Field(min_length=1, max_length=100)
    phone: str = Field(default="", max_length=40)
    role: Literal["owner", "cashier"]
    outlet_id: Id | None = None
    pin_hash: str = Field(max_length=200)
    active: bool = True
    updated_at: datetime


DATA_MODELS: dict[str, type[_Model]] = {
    "sale": SaleData,
    "return": ReturnData,
    "customer_payment": CustomerPaymentData,
    "credit_entry": CreditEntryData,
    "stock_movement": StockMovementData,
    "shift_open": ShiftOpenData,
    "shift_close": ShiftCloseData,
    "cash_movement": CashMovementData,
    "approval": ApprovalData,
    "product": ProductData,
    "supplier": SupplierData,
    "customer": CustomerData,
    "outlet": OutletData,
    "worker": WorkerData,
}
