"""What each pull collection's change carries in `data` (DESIGN.md §6).

Entities a device also pushes use the push shapes from `records` (the server's version
of a product is a ProductData, barcodes included, so a removed barcode is simply
missing from the next change of its product). A change with `deleted: true` has
`data: null`: the device drops the row (e.g. a cashier moved to another outlet).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .records import (
    AllocationData,
    CustomerData,
    Id,
    OutletData,
    ProductData,
    SupplierData,
    WorkerData,
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CreditEntryPullData(_Model):
    """Udhaar entries of every outlet of the business, with their allocations, so any
    outlet can show a customer's balance and allocate against another outlet's sale."""

    id: Id
    outlet_id: Id
    customer_id: Id
    kind: Literal["sale", "payment", "return", "writeoff", "adjustment"]
    amount_paisa: int
    sale_id: Id | None
    payment_id: Id | None
    reference: str          # receipt number of the sale/return, or the payment's reference
    reason: str
    worker_id: Id
    created_at: datetime
    received_at: datetime
    allocations: list[AllocationData]


class StockLevelData(_Model):
    """Current quantity of one product at one outlet (Σ of its movements on the server)."""

    id: Id                  # stable per (outlet_id, product_id)
    outlet_id: Id
    product_id: Id
    qty_milli: int
    updated_at: datetime


class SubscriptionData(_Model):
    id: Id                  # the business id: one row
    plan: str
    status: Literal["trial", "active", "past_due", "expired", "cancelled"]
    max_outlets: int | None
    max_devices: int | None
    valid_until: datetime | None
    updated_at: datetime


PULL_DATA_MODELS: dict[str, type[BaseModel]] = {
    "outlets": OutletData,
    "workers": WorkerData,
    "suppliers": SupplierData,
    "products": ProductData,
    "customers": CustomerData,
    "credit_entries": CreditEntryPullData,
    "stock_levels": StockLevelData,
    "subscription": SubscriptionData,
}
