"""Returns and voids against a receipt. A void is a full return.

Refunds go back in cash from the drawer or onto the customer's udhaar ("auto":
first against what is still owed on that sale, the rest in cash). Cashiers need an
owner's approval.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, insert, select

from ..core.errors import InvalidInput, NotFound
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.ids import derived_id, new_id
from ..core.money import round_div
from ..core.permissions import Action, Actor, Approval, require
from ..ledger.models import (
    CreditEntry,
    Return,
    ReturnLine,
    ReturnRefund,
    Sale,
    SaleLine,
    StockMovement,
)
from ..ledger.uow import UnitOfWork
from . import settings
from .credit import _insert_allocations, allocated_to_sales


@dataclass(frozen=True, slots=True)
class ReturnableLine:
    sale_line_id: str
    product_id: str
    name_en: str
    name_ur: str
    unit: str
    sold_milli: int
    returned_milli: int
    remaining_milli: int
    amount_paisa: int  # what the whole remaining quantity refunds


@dataclass(frozen=True, slots=True)
class ReturnResult:
    return_id: str
    receipt_no: str
    total_paisa: int
    refund_cash_paisa: int
    refund_credit_paisa: int


def _already_returned(uow: UnitOfWork, sale_id: str) -> dict[str, tuple[int, int, int]]:
    """sale line id -> (qty, amount, tax) already returned."""
    rows = uow.session.execute(
        select(ReturnLine.sale_line_id, func.sum(ReturnLine.qty_milli),
               func.sum(ReturnLine.amount_paisa), func.sum(ReturnLine.tax_paisa))
        .join(Return, Return.id == ReturnLine.return_id).where(Return.sale_id == sale_id)
        .group_by(ReturnLine.sale_line_id)).all()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def _refund_for(line: SaleLine, done: tuple[int, int, int], qty: int) -> tuple[int, int]:
    """(amount, tax) for returning `qty` of a line; the last unit takes what is left."""
    net = line.total_paisa - line.bill_discount_paisa
    done_qty, done_amount, done_tax = done
    if done_qty + qty == line.qty_milli:
        return net - done_amount, line.tax_paisa - done_tax
    return round_div(net * qty, line.qty_milli), round_div(line.tax_paisa * qty, line.qty_milli)


def _sale(uow: UnitOfWork, sale_id: str) -> Sale:
    sale = uow.session.get(Sale, sale_id)
    if sale is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such sale."))
    return sale


def returnable_lines(uow: UnitOfWork, sale_id: str) -> list[ReturnableLine]:
    _sale(uow, sale_id)
    done = _already_returned(uow, sale_id)
    result = []
    for ln in uow.session.scalars(select(SaleLine).where(SaleLine.sale_id == sale_id)
                                  .order_by(SaleLine.line_no)):
        d = done.get(ln.id, (0, 0, 0))
        remaining = ln.qty_milli - d[0]
        amount = _refund_for(ln, d, remaining)[0] if remaining else 0
        result.append(ReturnableLine(ln.id, ln.product_id, ln.name_en, ln.name_ur, ln.unit,
                                     ln.qty_milli, d[0], remaining, amount))
    return result


def create_return(uow: UnitOfWork, actor: Actor, sale_id: str,
                  lines: list[tuple[str, int]] | None = None, *, refund: str = "auto",
                  reason: str = "", approval: Approval | Sequence[Approval] | None = None,
                  shift_id: str | None = None, _kind: str = "return") -> ReturnResult:
    outlet_id, device_id, business_id = (settings.get(uow, k) for k in ("outlet_id", "device_id", "business_id"))
    action = Action.VOID if _kind == "void" else Action.RETURN
    approved_by = require(actor, action, outlet_id=outlet_id, approval=approval)
    sale = _sale(uow, sale_id)
    if refund not in ("auto", "cash", "credit"):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Choose how to refund."))
    if refund == "credit" and sale.customer_id is None:
        raise InvalidInput(QT_TRANSLATE_NOOP(
            "errors", "This sale had no customer, so nothing can go back to udhaar."))
    sale_lines = {ln.id: ln for ln in uow.session.scalars(
        select(SaleLine).where(SaleLine.sale_id == sale_id))}
    done = _already_returned(uow, sale_id)
    if lines is None:
        lines = [(lid, ln.qty_milli - done.get(lid, (0, 0, 0))[0]) for lid, ln in sale_lines.items()]
        lines = [(lid, q) for lid, q in lines if q > 0]
        if not lines:
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Everything on this receipt was already returned."))
    wanted: dict[str, int] = {}
    for lid, qty in lines:
        if lid not in sale_lines:
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "That item is not on this receipt."))
        if isinstance(qty, bool) or not isinstance(qty, int) or qty <= 0:
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The quantity must be more than zero."))
        wanted[lid] = wanted.get(lid, 0) + qty
    return_id, now = new_id(), uow.now()
    line_rows = []
    for i, (lid, qty) in enumerate(sorted(wanted.items(), key=lambda kv: sale_lines[kv[0]].line_no)):
        ln, d = sale_lines[lid], done.get(lid, (0, 0, 0))
        if d[0] + qty > ln.qty_milli:
            raise InvalidInput(QT_TRANSLATE_NOOP(
                "errors", "You cannot return more {name} than was sold."), name=ln.name_en)
        amount, tax = _refund_for(ln, d, qty)
        line_rows.append(dict(id=derived_id(return_id, "line", i), return_id=return_id, line_no=i,
                              sale_line_id=lid, product_id=ln.product_id, qty_milli=qty,
                              amount_paisa=amount, tax_paisa=tax))
    total = sum(r["amount_paisa"] for r in line_rows)
    open_on_sale = 0
    if sale.customer_id is not None and sale.credit_paisa:
        open_on_sale = sale.credit_paisa - allocated_to_sales(uow, [sale_id]).get(sale_id, 0)
    to_credit = {"cash": 0, "credit": total, "auto": min(total, max(open_on_sale, 0))}[refund]
    to_cash = total - to_credit
    refund_rows = []
    for method, paisa in (("credit", to_credit), ("cash", to_cash)):
        if paisa > 0:
            refund_rows.append(dict(id=derived_id(return_id, "refund", len(refund_rows)),
                                    return_id=return_id, line_no=len(refund_rows), method=method,
                                    amount_paisa=paisa, reference=""))
    n = uow.session.scalar(select(func.count()).select_from(Return).where(Return.sale_id == sale_id))
    receipt_no = f"{sale.receipt_no}-R{n + 1}"
    uow.session.execute(insert(Return), [dict(
        id=return_id, business_id=business_id, outlet_id=outlet_id, device_id=device_id,
        sale_id=sale_id, worker_id=actor.worker_id, shift_id=shift_id, customer_id=sale.customer_id,
        approved_by=approved_by, kind=_kind, receipt_no=receipt_no, total_paisa=total,
        tax_paisa=sum(r["tax_paisa"] for r in line_rows), reason=reason.strip(), created_at=now)])
    uow.session.execute(insert(ReturnLine), line_rows)
    if refund_rows:
        uow.session.execute(insert(ReturnRefund), refund_rows)
    uow.session.execute(insert(StockMovement), [dict(
        id=derived_id(return_id, "stock", i), business_id=business_id, outlet_id=outlet_id,
        product_id=r["product_id"], kind="return", qty_milli=r["qty_milli"],
        unit_cost_paisa=sale_lines[r["sale_line_id"]].cost_paisa, ref_id=return_id,
        supplier_id=None, reason=reason.strip(), worker_id=actor.worker_id, created_at=now)
        for i, r in enumerate(line_rows)])
    allocs = []
    if to_credit:
        entry_id = derived_id(return_id, "credit", 0)
        uow.session.execute(insert(CreditEntry), [dict(
            id=entry_id, business_id=business_id, outlet_id=outlet_id, customer_id=sale.customer_id,
            kind="return", amount_paisa=-to_credit, sale_id=sale_id, payment_id=None,
            reference=receipt_no, reason=reason.strip(), worker_id=actor.worker_id, created_at=now)])
        alloc = min(to_credit, max(open_on_sale, 0))
        allocs = _insert_allocations(uow, business_id, entry_id, [(sale_id, alloc)] if alloc else [])
    wire = dict(id=return_id, sale_id=sale_id, outlet_id=outlet_id, device_id=device_id,
                worker_id=actor.worker_id, shift_id=shift_id, customer_id=sale.customer_id,
                approved_by=approved_by, kind=_kind, receipt_no=receipt_no, total_paisa=total,
                tax_paisa=sum(r["tax_paisa"] for r in line_rows), reason=reason.strip(),
                created_at=now,
                lines=[{k: v for k, v in r.items() if k != "return_id"} for r in line_rows],
                refunds=[{k: v for k, v in r.items() if k != "return_id"} for r in refund_rows],
                allocations=allocs)
    uow.outbox("return", return_id, wire)
    return ReturnResult(return_id, receipt_no, total, to_cash, to_credit)


def void_sale(uow: UnitOfWork, actor: Actor, sale_id: str, *, reason: str,
              approval: Approval | Sequence[Approval] | None = None, shift_id: str | None = None) -> ReturnResult:
    """Cancel a whole sale (everything not yet returned), refunding as 'auto'."""
    if not reason.strip():
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Give a reason for the void."))
    return create_return(uow, actor, sale_id, None, refund="auto", reason=reason,
                         approval=approval, shift_id=shift_id, _kind="void")
