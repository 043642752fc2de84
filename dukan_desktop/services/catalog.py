"""Catalog: products with several barcodes, suppliers, barcode lookup and search."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple

from sqlalchemy import delete, func, insert, select

from ..core.barcode import EmbeddedLayout, parse_embedded, price_label_line
from ..core.checks import check_bool, check_int, check_text
from ..core.errors import InvalidInput, NotFound
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.ids import new_id
from ..core.money import check_paisa
from ..core.permissions import Action, Actor, require
from ..core.pricing import TaxMode
from ..core.quantity import Unit
from ..ledger.models import Barcode, Product, Supplier
from ..ledger.uow import UnitOfWork
from . import settings


class UnknownBarcode(NotFound):
    code = "unknown_barcode"
    template = QT_TRANSLATE_NOOP("errors", "No product has the barcode {code}.")


@dataclass(frozen=True, slots=True)
class ProductInput:
    name_en: str
    price_paisa: int
    name_ur: str = ""
    sku: str | None = None
    unit: str = "pc"
    cost_paisa: int = 0
    tax_rate_bp: int = 1800
    tax_mode: str = "inclusive"
    supplier_id: str | None = None
    reorder_level_milli: int = 0
    active: bool = True
    barcodes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ProductView:
    id: str
    name_en: str
    name_ur: str
    sku: str | None
    unit: str
    price_paisa: int
    cost_paisa: int | None  # None when the actor may not see costs
    tax_rate_bp: int
    tax_mode: str
    supplier_id: str | None
    reorder_level_milli: int
    active: bool
    barcodes: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class ScanResult:
    product: ProductView
    barcode: str
    qty_milli: int | None    # from a scale label: its weight, or what its price buys
    price_paisa: int | None  # from a scale label (price of this pack)


# No ORDER BY rank: ranking every match of a broad word ("rice") costs tens of ms at
# 100k products. We take the first few hundred matches and order those ourselves.
_SEARCH_ALL = (
    "SELECT p.id, p.name_en, p.name_ur, p.sku, p.unit, p.price_paisa, p.cost_paisa, p.tax_rate_bp, "
    "p.tax_mode, p.supplier_id, p.reorder_level_milli, p.active "
    "FROM product_search s JOIN products p ON p.rowid = s.rowid "
    "WHERE product_search MATCH ? LIMIT ?")
_SEARCH_ACTIVE = (
    "SELECT p.id, p.name_en, p.name_ur, p.sku, p.unit, p.price_paisa, p.cost_paisa, p.tax_rate_bp, "
    "p.tax_mode, p.supplier_id, p.reorder_level_milli, p.active "
    "FROM product_search s JOIN products p ON p.rowid = s.rowid "
    "WHERE product_search MATCH ? AND p.active = 1 LIMIT ?")
_SEARCH_POOL = 400


def _view(p: Product, barcodes: tuple[str, ...], show_cost: bool) -> ProductView:
    return ProductView(p.id, p.name_en, p.name_ur, p.sku, p.unit, p.price_paisa,
                       p.cost_paisa if show_cost else None, p.tax_rate_bp, p.tax_mode,
                       p.supplier_id, p.reorder_level_milli, p.active, barcodes)


def _can_see_cost(actor: Actor | None) -> bool:
    return actor is not None and actor.is_owner


def _barcodes_of(uow: UnitOfWork, product_id: str) -> tuple[str, ...]:
    return tuple(uow.session.scalars(
        select(Barcode.code).where(Barcode.product_id == product_id).order_by(Barcode.code)))


def get_product(uow: UnitOfWork, actor: Actor | None, product_id: str) -> ProductView:
    p = uow.session.get(Product, product_id)
    if p is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such product."))
    return _view(p, _barcodes_of(uow, product_id), _can_see_cost(actor))


_LOOKUP_SQL = (
    "SELECT p.id, p.name_en, p.name_ur, p.sku, p.unit, p.price_paisa, p.cost_paisa, p.tax_rate_bp, "
    "p.tax_mode, p.supplier_id, p.reorder_level_milli, p.active "
    "FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?")


class _LookupRow(NamedTuple):
    id: str
    name_en: str
    name_ur: str
    sku: str | None
    unit: str
    price_paisa: int
    cost_paisa: int
    tax_rate_bp: int
    tax_mode: str
    supplier_id: str | None
    reorder_level_milli: int
    active: int


def _first(rows: list[tuple]) -> _LookupRow | None:
    return _LookupRow(*rows[0]) if rows else None


def lookup_barcode(uow: UnitOfWork, actor: Actor | None, code: str) -> ScanResult:
    """What a scan means: a product by its barcode, or a scale label with weight/price.

    Plain SQL on purpose: a scanner fires this for every item on every bill.
    """
    code = code.strip() if isinstance(code, str) else ""
    if not code:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Scan or type a barcode."))
    row = _first(uow.sql(_LOOKUP_SQL, (code,)))
    qty = price = None
    if row is None:
        embedded = parse_embedded(code, EmbeddedLayout.from_setting(
            settings.get(uow, "embedded_barcode_layout")))
        if embedded is not None:
            row = _first(uow.sql(_LOOKUP_SQL, (embedded.item_code,)))
            qty, price = embedded.qty_milli, embedded.price_paisa
    if row is None:
        raise UnknownBarcode(code=code)
    if not row.active:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "{name} is no longer sold."), name=row.name_en)
    if price is not None:  # the weight a price label's pack has (services.sales prices it so)
        qty = price_label_line(price, row.price_paisa, Unit(row.unit).loose)[0]
    return ScanResult(_row_view(row, _can_see_cost(actor)), code, qty, price)


def search_products(uow: UnitOfWork, actor: Actor | None, query: str, *, limit: int = 50,
                    include_inactive: bool = False) -> list[ProductView]:
    """Type-ahead over English name, Urdu name and SKU (substring, any script)."""
    query = " ".join(query.split()) if isinstance(query, str) else ""
    if not query:
        return []
    show_cost = _can_see_cost(actor)
    if len(query) >= 3:
        # Trigram FTS: every term must appear somewhere in the row.
        terms = [t for t in query.split(" ") if len(t) >= 3] or [query]
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
        # Plain tuples, not ORM objects: a broad word matches hundreds of rows.
        pool = [_LookupRow(*r) for r in uow.sql(_SEARCH_ALL if include_inactive else _SEARCH_ACTIVE,
                                                 (match, max(limit, _SEARCH_POOL)))]
        pool.sort(key=lambda p: _relevance(p, query))
        return [_row_view(p, show_cost) for p in pool[:limit]]
    else:
        like = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        q = select(Product).where(
            (Product.name_en.ilike(like, escape="\\")) | (Product.name_ur.like(like, escape="\\"))
            | (Product.sku.ilike(like, escape="\\")))
        if not include_inactive:
            q = q.where(Product.active.is_(True))
        products = uow.session.scalars(q.order_by(Product.name_en).limit(limit)).all()
    return [_view(p, (), show_cost) for p in products]


def _row_view(row: _LookupRow, show_cost: bool) -> ProductView:
    return ProductView(row.id, row.name_en, row.name_ur, row.sku, row.unit, row.price_paisa,
                       row.cost_paisa if show_cost else None, row.tax_rate_bp, row.tax_mode,
                       row.supplier_id, row.reorder_level_milli, bool(row.active), ())


def _relevance(p, query: str) -> tuple:
    """Names that start with what was typed first, then words that do, then the rest."""
    q = query.casefold()
    names = (p.name_en.casefold(), p.name_ur, (p.sku or "").casefold())
    starts = any(n.startswith(q) for n in names)
    word = any(w.startswith(q) for n in names for w in n.split())
    return (not starts, not word, len(p.name_en), p.name_en)


def _validate(uow: UnitOfWork, data: ProductInput, product_id: str | None) -> ProductInput:
    if not isinstance(data, ProductInput):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Enter the product's English name."))
    name = check_text(data.name_en, max_length=200,
                      required=QT_TRANSLATE_NOOP("errors", "Enter the product's English name."))
    name_ur = check_text(data.name_ur, max_length=200)
    for value in (data.price_paisa, data.cost_paisa, data.reorder_level_milli):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Prices and levels must be whole, non-negative amounts."))
        check_paisa(value)
    try:
        Unit(data.unit)
        TaxMode(data.tax_mode)
    except ValueError:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Unknown unit or tax mode.")) from None
    check_int(data.tax_rate_bp, 0, 10_000,
              QT_TRANSLATE_NOOP("errors", "The tax rate must be between 0% and 100%."))
    check_bool(data.active)
    if not (data.supplier_id is None or isinstance(data.supplier_id, str)):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "No such supplier."))
    if not isinstance(data.barcodes, (tuple, list)) or not all(isinstance(c, str) for c in data.barcodes):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "“{code}” is not a valid barcode."),
                           code=str(data.barcodes)[:40])
    sku = check_text(data.sku, max_length=40) if data.sku is not None else None
    sku = sku or None
    if sku is not None:
        clash = uow.session.scalar(select(Product.id).where(Product.sku == sku))
        if clash is not None and clash != product_id:
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Another product already has SKU {sku}."), sku=sku)
    if data.supplier_id is not None and uow.session.get(Supplier, data.supplier_id) is None:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "No such supplier."))
    codes = tuple(dict.fromkeys(c.strip() for c in data.barcodes if c.strip()))
    for code in codes:
        if len(code) > 32 or not code.isprintable():
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "“{code}” is not a valid barcode."), code=code)
        owner = uow.session.scalar(select(Barcode.product_id).where(Barcode.code == code))
        if owner is not None and owner != product_id:
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Barcode {code} already belongs to another product."), code=code)
    return replace(data, name_en=name, name_ur=name_ur, sku=sku, barcodes=codes)


def _outbox_product(uow: UnitOfWork, product_id: str) -> None:
    p = uow.session.get(Product, product_id)
    uow.outbox("product", new_id(), dict(
        id=p.id, sku=p.sku, name_en=p.name_en, name_ur=p.name_ur, unit=p.unit,
        price_paisa=p.price_paisa, cost_paisa=p.cost_paisa, tax_rate_bp=p.tax_rate_bp,
        tax_mode=p.tax_mode, supplier_id=p.supplier_id, reorder_level_milli=p.reorder_level_milli,
        active=p.active, barcodes=list(_barcodes_of(uow, product_id)), updated_at=p.updated_at))


def _columns(data: ProductInput) -> dict:
    return dict(sku=data.sku, name_en=data.name_en, name_ur=data.name_ur, unit=data.unit,
                price_paisa=data.price_paisa, cost_paisa=data.cost_paisa,
                tax_rate_bp=data.tax_rate_bp, tax_mode=data.tax_mode,
                supplier_id=data.supplier_id, reorder_level_milli=data.reorder_level_milli,
                active=data.active)


def create_product(uow: UnitOfWork, actor: Actor, data: ProductInput, *, audit: bool = True) -> str:
    require(actor, Action.MANAGE_CATALOG)
    data = _validate(uow, data, None)
    product_id, now = new_id(), uow.now()
    uow.session.execute(insert(Product), [dict(
        id=product_id, business_id=settings.get(uow, "business_id"), created_at=now,
        updated_at=now, **_columns(data))])
    if data.barcodes:
        uow.session.execute(insert(Barcode), [dict(code=c, product_id=product_id) for c in data.barcodes])
    _outbox_product(uow, product_id)
    if audit:
        uow.audit(business_id=settings.get(uow, "business_id"), worker_id=actor.worker_id,
                  action="product.create", entity="product", entity_id=product_id)
    return product_id


def update_product(uow: UnitOfWork, actor: Actor, product_id: str, data: ProductInput) -> None:
    require(actor, Action.MANAGE_CATALOG)
    p = uow.session.get(Product, product_id) if isinstance(product_id, str) else None
    if p is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such product."))
    data = _validate(uow, data, product_id)
    before = dict(price_paisa=p.price_paisa, cost_paisa=p.cost_paisa, active=p.active)
    for key, value in _columns(data).items():
        setattr(p, key, value)
    p.updated_at = uow.now()
    uow.session.flush()
    uow.session.execute(delete(Barcode).where(Barcode.product_id == product_id))
    if data.barcodes:
        uow.session.execute(insert(Barcode), [dict(code=c, product_id=product_id) for c in data.barcodes])
    _outbox_product(uow, product_id)
    uow.audit(business_id=p.business_id, worker_id=actor.worker_id, action="product.update",
              entity="product", entity_id=product_id, before=before,
              after=dict(price_paisa=p.price_paisa, cost_paisa=p.cost_paisa, active=p.active))


def count_products(uow: UnitOfWork) -> int:
    return uow.session.scalar(select(func.count()).select_from(Product))


# -- suppliers -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SupplierView:
    id: str
    name: str
    contact_person: str
    phone: str
    address: str
    payment_terms_days: int
    notes: str
    active: bool


def _outbox_supplier(uow: UnitOfWork, s: Supplier) -> None:
    uow.outbox("supplier", new_id(), dict(
        id=s.id, name=s.name, contact_person=s.contact_person, phone=s.phone, address=s.address,
        payment_terms_days=s.payment_terms_days, notes=s.notes, active=s.active,
        updated_at=s.updated_at))


def save_supplier(uow: UnitOfWork, actor: Actor, *, supplier_id: str | None = None, name: str,
                  contact_person: str = "", phone: str = "", address: str = "",
                  payment_terms_days: int = 0, notes: str = "", active: bool = True) -> str:
    """Create (no id) or update a supplier."""
    require(actor, Action.MANAGE_SUPPLIERS)
    name = check_text(name, max_length=200,
                      required=QT_TRANSLATE_NOOP("errors", "Enter the supplier's name."))
    contact_person, phone = check_text(contact_person, max_length=100), check_text(phone, max_length=40)
    address, notes = check_text(address), check_text(notes, max_length=2000)
    active = check_bool(active)
    check_int(payment_terms_days, 0, 3650, QT_TRANSLATE_NOOP("errors", "Payment terms are a number of days."))
    now = uow.now()
    if supplier_id is None:
        s = Supplier(id=new_id(), business_id=settings.get(uow, "business_id"), created_at=now)
        uow.session.add(s)
    else:
        s = uow.session.get(Supplier, supplier_id) if isinstance(supplier_id, str) else None
        if s is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "No such supplier."))
    s.name, s.contact_person, s.phone, s.address = name.strip(), contact_person, phone, address
    s.payment_terms_days, s.notes, s.active, s.updated_at = payment_terms_days, notes, active, now
    uow.session.flush()
    _outbox_supplier(uow, s)
    uow.audit(business_id=s.business_id, worker_id=actor.worker_id,
              action="supplier.create" if supplier_id is None else "supplier.update",
              entity="supplier", entity_id=s.id)
    return s.id


def list_suppliers(uow: UnitOfWork, actor: Actor) -> list[SupplierView]:
    require(actor, Action.MANAGE_SUPPLIERS)
    rows = uow.session.scalars(select(Supplier).order_by(Supplier.name)).all()
    return [SupplierView(s.id, s.name, s.contact_person, s.phone, s.address,
                         s.payment_terms_days, s.notes, s.active) for s in rows]


def products_of_supplier(uow: UnitOfWork, actor: Actor, supplier_id: str) -> list[ProductView]:
    require(actor, Action.MANAGE_SUPPLIERS)
    rows = uow.session.scalars(
        select(Product).where(Product.supplier_id == supplier_id).order_by(Product.name_en)).all()
    return [_view(p, (), True) for p in rows]
