"""Local reports over this ledger (the server has the cross-outlet ones)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from ..core.clock import local_day_bounds
from ..core.money import round_div
from ..core.permissions import Action, Actor, require
from ..core.quantity import MILLI
from ..ledger.models import Product, Return, Sale, SaleLine, SaleTender, StockMovement, Worker
from ..ledger.uow import UnitOfWork

# SQLite keeps times as naive UTC text; Pakistan is UTC+5 all year (no DST), so a local
# calendar day is the UTC timestamp shifted by five hours.
_LOCAL_DAY = func.date(Sale.created_at, "+5 hours")


@dataclass(frozen=True, slots=True)
class SalesRow:
    key: str           # day (YYYY-MM-DD), outlet id or worker name
    sales_count: int
    total_paisa: int
    tax_paisa: int
    discount_paisa: int
    credit_paisa: int


@dataclass(frozen=True, slots=True)
class TopProduct:
    product_id: str
    name_en: str
    name_ur: str
    qty_milli: int
    revenue_paisa: int
    profit_paisa: int
    unit: str = "pc"


def _range(start: date, end: date) -> tuple[datetime, datetime]:
    """UTC bounds of local days [start, end] inclusive."""
    return local_day_bounds(start)[0], local_day_bounds(end)[1]


def sales_by(uow: UnitOfWork, actor: Actor, start: date, end: date, *, by: str = "day",
             outlet_id: str | None = None) -> list[SalesRow]:
    """Sales totals grouped by 'day', 'outlet' or 'worker' over local days [start, end]."""
    require(actor, Action.VIEW_REPORTS)
    lo, hi = _range(start, end)
    key = {"day": _LOCAL_DAY, "outlet": Sale.outlet_id, "worker": Worker.name}[by]
    q = (select(key, func.count(), func.sum(Sale.total_paisa), func.sum(Sale.tax_paisa),
                func.sum(Sale.discount_paisa), func.sum(Sale.credit_paisa))
         .where(Sale.created_at >= lo, Sale.created_at < hi).group_by(key).order_by(key))
    if by == "worker":
        q = q.join(Worker, Worker.id == Sale.worker_id)
    if outlet_id:
        q = q.where(Sale.outlet_id == outlet_id)
    return [SalesRow(str(r[0]), r[1], r[2], r[3], r[4], r[5]) for r in uow.session.execute(q)]


def payment_mix(uow: UnitOfWork, actor: Actor, start: date, end: date,
                outlet_id: str | None = None) -> dict[str, int]:
    require(actor, Action.VIEW_REPORTS)
    lo, hi = _range(start, end)
    q = (select(SaleTender.method, func.sum(SaleTender.amount_paisa))
         .join(Sale, Sale.id == SaleTender.sale_id)
         .where(Sale.created_at >= lo, Sale.created_at < hi).group_by(SaleTender.method))
    if outlet_id:
        q = q.where(Sale.outlet_id == outlet_id)
    return dict(uow.session.execute(q).all())


def top_products(uow: UnitOfWork, actor: Actor, start: date, end: date, *, limit: int = 20,
                 outlet_id: str | None = None) -> list[TopProduct]:
    require(actor, Action.VIEW_REPORTS)
    lo, hi = _range(start, end)
    revenue = func.sum(SaleLine.total_paisa - SaleLine.bill_discount_paisa)
    # Integers all the way: cost × milli-units summed in SQL, rounded once here.
    cost = func.sum(SaleLine.cost_paisa * SaleLine.qty_milli)
    q = (select(SaleLine.product_id, SaleLine.name_en, SaleLine.name_ur,
                func.sum(SaleLine.qty_milli), revenue, cost, func.max(SaleLine.unit))
         .join(Sale, Sale.id == SaleLine.sale_id)
         .where(Sale.created_at >= lo, Sale.created_at < hi)
         .group_by(SaleLine.product_id).order_by(revenue.desc()).limit(limit))
    if outlet_id:
        q = q.where(Sale.outlet_id == outlet_id)
    return [TopProduct(r[0], r[1], r[2], r[3], r[4], r[4] - round_div(r[5] or 0, MILLI), r[6] or "pc")
            for r in uow.session.execute(q)]


def product_units(uow: UnitOfWork, actor: Actor, product_ids: list[str]) -> dict[str, str]:
    """Each product's unit (for quantities in the server's reports, which carry none)."""
    require(actor, Action.VIEW_REPORTS)
    out: dict[str, str] = {}
    for i in range(0, len(product_ids), 500):
        chunk = product_ids[i:i + 500]
        out.update(uow.session.execute(
            select(Product.id, Product.unit).where(Product.id.in_(chunk))).all())
    return out


@dataclass(frozen=True, slots=True)
class DayReport:
    day: date
    sales_count: int
    sales_total_paisa: int
    tax_paisa: int
    discount_paisa: int
    credit_given_paisa: int
    returns_total_paisa: int
    by_tender: dict[str, int]
    top: list[TopProduct]


def day_report(uow: UnitOfWork, actor: Actor, day: date, outlet_id: str | None = None) -> DayReport:
    require(actor, Action.VIEW_REPORTS)
    rows = sales_by(uow, actor, day, day, outlet_id=outlet_id)
    row = rows[0] if rows else SalesRow(str(day), 0, 0, 0, 0, 0)
    lo, hi = _range(day, day)
    q = select(func.coalesce(func.sum(Return.total_paisa), 0)).where(
        Return.created_at >= lo, Return.created_at < hi)
    if outlet_id:
        q = q.where(Return.outlet_id == outlet_id)
    returns_total = uow.session.scalar(q)
    return DayReport(day, row.sales_count, row.total_paisa, row.tax_paisa, row.discount_paisa,
                     row.credit_paisa, returns_total, payment_mix(uow, actor, day, day, outlet_id),
                     top_products(uow, actor, day, day, limit=10, outlet_id=outlet_id))


@dataclass(frozen=True, slots=True)
class StockValuation:
    outlet_id: str
    items: int
    cost_value_paisa: int
    retail_value_paisa: int
    negative_items: int


def stock_valuation(uow: UnitOfWork, actor: Actor, outlet_id: str) -> StockValuation:
    """What the stock on hand cost and would sell for (negative levels count as zero)."""
    require(actor, Action.VIEW_REPORTS)
    sums = (select(StockMovement.product_id, func.sum(StockMovement.qty_milli).label("qty"))
            .where(StockMovement.outlet_id == outlet_id).group_by(StockMovement.product_id).subquery())
    rows = uow.session.execute(
        select(sums.c.qty, Product.cost_paisa, Product.price_paisa)
        .join(Product, Product.id == sums.c.product_id)).all()
    cost = retail = items = negative = 0  # in paisa × milli-units until the end
    for qty, unit_cost, price in rows:
        if qty < 0:
            negative += 1
            continue
        if qty:
            items += 1
            cost += unit_cost * qty
            retail += price * qty
    return StockValuation(outlet_id, items, round_div(cost, MILLI), round_div(retail, MILLI), negative)


def last_days(today: date, n: int) -> tuple[date, date]:
    return today - timedelta(days=n - 1), today
