"""Stock per outlet, derived from movements: receive, adjust, transfer, low-stock list."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, insert, literal_column, select

from ..core.checks import check_text
from ..core.errors import InvalidInput, NotFound
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.ids import new_id
from ..core.money import check_paisa
from ..core.permissions import Action, Actor, require
from ..core.quantity import check_quantity
from ..ledger.models import Outlet, Product, StockMovement, Supplier
from ..ledger.uow import UnitOfWork
from . import settings


@dataclass(frozen=True, slots=True)
class StockLevel:
    product_id: str
    name_en: str
    name_ur: str
    unit: str
    qty_milli: int
    reorder_level_milli: int
    cost_paisa: int


def _movement(uow: UnitOfWork, actor: Actor, outlet_id: str, product_id: str, kind: str,
              qty_milli: int, *, unit_cost_paisa: int | None = None, ref_id: str | None = None,
              supplier_id: str | None = None, reason: str = "") -> str:
    movement_id, now = new_id(), uow.now()
    row = dict(id=movement_id, business_id=settings.get(uow, "business_id"), outlet_id=outlet_id,
               product_id=product_id, kind=kind, qty_milli=qty_milli,
               unit_cost_paisa=unit_cost_paisa, ref_id=ref_id, supplier_id=supplier_id,
               reason=reason, worker_id=actor.worker_id, created_at=now)
    uow.session.execute(insert(StockMovement), [row])
    uow.outbox("stock_movement", movement_id, {k: v for k, v in row.items() if k != "business_id"})
    return movement_id


def _check_outlet(uow: UnitOfWork, outlet_id: str) -> None:
    if not isinstance(outlet_id, str) or uow.session.get(Outlet, outlet_id) is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such outlet."))


def _product(uow: UnitOfWork, product_id: str) -> Product:
    p = uow.session.get(Product, product_id) if isinstance(product_id, str) else None
    if p is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such product."))
    return p


def _check_items(items: object, size: int) -> None:
    if not isinstance(items, (list, tuple)) or not items:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Add at least one item."))
    if not all(isinstance(item, (list, tuple)) and len(item) == size for item in items):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "No such product."))


def receive(uow: UnitOfWork, actor: Actor, outlet_id: str,
            items: list[tuple[str, int, int | None]], *, supplier_id: str | None,
            reference: str = "") -> list[str]:
    """Goods in from a supplier: (product id, qty milli, unit cost paisa or None) each."""
    require(actor, Action.MANAGE_STOCK)
    _check_outlet(uow, outlet_id)
    _check_items(items, 3)
    if supplier_id is not None and (not isinstance(supplier_id, str)
                                    or uow.session.get(Supplier, supplier_id) is None):
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such supplier."))
    reference = check_text(reference, max_length=100)
    ids = []
    for product_id, qty, cost in items:
        p = _product(uow, product_id)
        check_quantity(qty, p.unit)
        if cost is not None:
            check_paisa(cost)
        ids.append(_movement(uow, actor, outlet_id, product_id, "receive", qty,
                             unit_cost_paisa=cost, supplier_id=supplier_id, reason=reference))
    return ids


def adjust(uow: UnitOfWork, actor: Actor, outlet_id: str, product_id: str, delta_milli: int, *,
           reason: str) -> str:
    """Correct a count (damage, theft, a recount). A reason is required."""
    require(actor, Action.MANAGE_STOCK)
    _check_outlet(uow, outlet_id)
    p = _product(uow, product_id)
    reason = check_text(reason, required=QT_TRANSLATE_NOOP("errors", "Give a reason for the adjustment."))
    if isinstance(delta_milli, bool) or not isinstance(delta_milli, int):
        check_quantity(delta_milli, p.unit)  # the typed "not a quantity" error
    check_quantity(abs(delta_milli), p.unit)
    return _movement(uow, actor, outlet_id, product_id, "adjust", delta_milli, reason=reason)


def transfer(uow: UnitOfWork, actor: Actor, from_outlet: str, to_outlet: str,
             items: list[tuple[str, int]], *, reason: str = "") -> str:
    """Move goods between outlets: one out and one in movement per item, one transfer id."""
    require(actor, Action.MANAGE_STOCK)
    if from_outlet == to_outlet:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Choose two different outlets."))
    _check_outlet(uow, from_outlet)
    _check_outlet(uow, to_outlet)
    _check_items(items, 2)
    reason = check_text(reason)
    transfer_id = new_id()
    for product_id, qty in items:
        p = _product(uow, product_id)
        check_quantity(qty, p.unit)
        _movement(uow, actor, from_outlet, product_id, "transfer_out", -qty, ref_id=transfer_id,
                  reason=reason, unit_cost_paisa=p.cost_paisa)
        _movement(uow, actor, to_outlet, product_id, "transfer_in", qty, ref_id=transfer_id,
                  reason=reason, unit_cost_paisa=p.cost_paisa)
    return transfer_id


def level(uow: UnitOfWork, outlet_id: str, product_id: str) -> int:
    return uow.session.scalar(
        select(func.coalesce(func.sum(StockMovement.qty_milli), 0))
        .where(StockMovement.outlet_id == outlet_id, StockMovement.product_id == product_id))


# Movements are append-only, so their rowid only grows: "every movement up to rowid N" is a
# consistent cut, and what came after it is a cheap range scan (the back office's live list).
_ROWID = literal_column("stock_movements.rowid")


def movement_mark(uow: UnitOfWork) -> int:
    """The newest stock movement so far (0: none), for `levels(upto=)` / `level_changes`."""
    return uow.session.scalar(select(func.coalesce(func.max(_ROWID), 0)).select_from(StockMovement))


def levels(uow: UnitOfWork, actor: Actor, outlet_id: str, *, low_only: bool = False,
           limit: int | None = None, upto: int | None = None) -> list[StockLevel]:
    """Every active product's level at an outlet, by English name; `low_only`: at or below
    its reorder level; `limit`: the first page only (fast); `upto`: counting movements up
    to that `movement_mark` only."""
    require(actor, Action.MANAGE_STOCK)
    counted = [StockMovement.outlet_id == outlet_id] + ([_ROWID <= upto] if upto is not None else [])
    if limit is not None:  # a page: one index range per product instead of the whole outlet
        qty = (select(func.coalesce(func.sum(StockMovement.qty_milli), 0))
               .where(*counted, StockMovement.product_id == Product.id).scalar_subquery())
        q = select(Product.id, Product.name_en, Product.name_ur, Product.unit, qty,
                   Product.reorder_level_milli, Product.cost_paisa)
    else:
        sums = (select(StockMovement.product_id, func.sum(StockMovement.qty_milli).label("qty"))
                .where(*counted).group_by(StockMovement.product_id).subquery())
        qty = func.coalesce(sums.c.qty, 0)
        q = (select(Product.id, Product.name_en, Product.name_ur, Product.unit, qty,
                    Product.reorder_level_milli, Product.cost_paisa)
             .outerjoin(sums, sums.c.product_id == Product.id))
    q = q.where(Product.active.is_(True))
    if low_only:
        q = q.where(qty <= Product.reorder_level_milli, Product.reorder_level_milli > 0)
    q = q.order_by(Product.name_en)
    if limit is not None:
        q = q.limit(limit)
    return [StockLevel(*row) for row in uow.session.execute(q)]


@dataclass(frozen=True, slots=True)
class LevelChanges:
    deltas: dict[str, int]   # product id -> qty milli added (or taken) at the outlet
    mark: int                # pass it as `since` next time


def level_changes(uow: UnitOfWork, actor: Actor, outlet_id: str, since: int) -> LevelChanges:
    """How levels at an outlet moved after `since` (a movement_mark): a few rows per sale."""
    require(actor, Action.MANAGE_STOCK)
    mark = movement_mark(uow)
    # By rowid range only, summed here: with the outlet in the WHERE, SQLite picks the
    # outlet's index and reads every movement the outlet ever had.
    deltas: dict[str, int] = {}
    for pid, where, qty in uow.session.execute(
            select(StockMovement.product_id, StockMovement.outlet_id, StockMovement.qty_milli)
            .where(_ROWID > since, _ROWID <= mark)):
        if where == outlet_id:
            deltas[pid] = deltas.get(pid, 0) + qty
    return LevelChanges({pid: qty for pid, qty in deltas.items() if qty}, mark)


def low_stock(uow: UnitOfWork, actor: Actor, outlet_id: str) -> list[StockLevel]:
    return levels(uow, actor, outlet_id, low_only=True)
