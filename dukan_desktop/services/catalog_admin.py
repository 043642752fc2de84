"""The owner's product list: every product as one compact row, loaded once.

The back office filters and sorts these rows in memory (100k rows load in a few
hundred ms; a substring scan over them takes a few ms per keystroke), so the screen
never builds SQL and never holds ORM objects. Also: suppliers by name for pickers,
and a bulk seeding helper for benchmarks.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import insert, select

from ..core.ids import new_id
from ..core.permissions import Action, Actor, require
from ..ledger.models import Barcode, Product, Supplier
from ..ledger.uow import UnitOfWork
from . import settings


class ProductRow(NamedTuple):
    """One product for the owner's table (cost included: the owner may see it)."""

    id: str
    name_en: str
    name_ur: str
    sku: str
    barcodes: str         # space separated
    unit: str
    price_paisa: int
    cost_paisa: int
    tax_rate_bp: int
    tax_mode: str
    supplier_id: str | None
    supplier_name: str
    reorder_level_milli: int
    active: bool


def product_rows(uow: UnitOfWork, actor: Actor, *, supplier_id: str | None = None,
                 limit: int | None = None) -> list[ProductRow]:
    """Products (active or not) by English name; `limit`: just the first page, fast."""
    require(actor, Action.MANAGE_CATALOG)
    q = select(Product.id, Product.name_en, Product.name_ur, Product.sku, Product.unit,
               Product.price_paisa, Product.cost_paisa, Product.tax_rate_bp, Product.tax_mode,
               Product.supplier_id, Product.reorder_level_milli, Product.active)
    if supplier_id is not None:
        q = q.where(Product.supplier_id == supplier_id)
    if limit is not None:
        q = q.order_by(Product.name_en).limit(limit)
    conn = uow.session.connection()
    products = conn.execute(q).all()
    # Barcodes in one pass and merged here: faster than a per-row sub-select or a join.
    bq = select(Barcode.product_id, Barcode.code)
    if limit is not None or supplier_id is not None:
        bq = bq.where(Barcode.product_id.in_([p[0] for p in products]))
    codes: dict[str, str] = {}
    for pid, code in conn.execute(bq):
        codes[pid] = f"{codes[pid]} {code}" if pid in codes else code
    names = dict(conn.execute(select(Supplier.id, Supplier.name)).all())
    rows = [ProductRow(r[0], r[1], r[2], r[3] or "", codes.get(r[0], ""), r[4], r[5], r[6], r[7],
                       r[8], r[9], names.get(r[9], "") if r[9] else "", r[10], bool(r[11]))
            for r in products]
    if limit is None:
        rows.sort(key=lambda r: r.name_en)  # code-point order, the same as SQLite's BINARY
    return rows


def product_row(uow: UnitOfWork, actor: Actor, product_id: str) -> ProductRow | None:
    """One row again after an edit (the screen patches it in place)."""
    require(actor, Action.MANAGE_CATALOG)
    p = uow.session.get(Product, product_id)
    if p is None:
        return None
    codes = " ".join(uow.session.scalars(
        select(Barcode.code).where(Barcode.product_id == product_id).order_by(Barcode.code)))
    supplier = uow.session.get(Supplier, p.supplier_id) if p.supplier_id else None
    return ProductRow(p.id, p.name_en, p.name_ur, p.sku or "", codes, p.unit, p.price_paisa,
                      p.cost_paisa, p.tax_rate_bp, p.tax_mode, p.supplier_id,
                      supplier.name if supplier else "", p.reorder_level_milli, p.active)


def supplier_choices(uow: UnitOfWork, actor: Actor) -> list[tuple[str, str]]:
    """(id, name) of active suppliers, for a product's supplier picker."""
    require(actor, Action.MANAGE_CATALOG)
    return [tuple(r) for r in uow.session.execute(
        select(Supplier.id, Supplier.name).where(Supplier.active.is_(True)).order_by(Supplier.name))]


def seed_products(uow: UnitOfWork, actor: Actor, n: int, *, prefix: str = "Item") -> None:
    """Insert `n` synthetic products fast (benchmarks and load tests only; no outbox)."""
    require(actor, Action.MANAGE_CATALOG)
    business_id, now = settings.get(uow, "business_id"), uow.now()
    words = ("Rice", "Sugar", "Tea", "Soap", "Oil", "Flour", "Milk", "Salt", "Biscuit", "Juice")
    conn = uow.session.connection()
    batch: list[dict] = []
    codes: list[dict] = []
    for i in range(n):
        pid = new_id()
        batch.append(dict(
            id=pid, business_id=business_id, sku=f"{prefix[:3].upper()}{i:06d}",
            name_en=f"{prefix} {words[i % 10]} {i}", name_ur=f"آئٹم {i}", unit="pc",
            price_paisa=1000 + (i * 37) % 90000, cost_paisa=800 + (i * 29) % 70000,
            tax_rate_bp=1800, tax_mode="inclusive", supplier_id=None, reorder_level_milli=0,
            active=True, created_at=now, updated_at=now))
        codes.append(dict(code=f"29{i:011d}", product_id=pid))
        if len(batch) == 5000:
            conn.execute(insert(Product), batch)
            conn.execute(insert(Barcode), codes)
            batch, codes = [], []
    if batch:
        conn.execute(insert(Product), batch)
        conn.execute(insert(Barcode), codes)
