"""Returns and voids against a receipt. A void is a full return.

Refunds go back in cash from the drawer or onto the customer's udhaar ("auto":
first against what is still owed on that sale, the rest in cash). What comes back
never exceeds what was paid: a full return or void refunds exactly the sale's total,
round-off included. Cashiers need an owner's approval of exactly that return.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, insert, select

from ..core.checks import check_text
from ..core.errors import InvalidInput, NotFound
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.ids import derived_id, new_id
from ..core.money import round_div
from ..core.permissions import Action, Actor, Approval, require_outlet
from ..core.pricing import spread
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
from .approvals import subject_of, use_approval
from .credit import _insert_allocations, allocated_to_sales
from .shifts import check_shift


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


def _already_returned(uow: UnitOfWork, sale_id: str) -> tuple[dict[str, int], int]:
    """(sale line id -> qty already returned, paisa already refunded on the sale)."""
    rows = uow.session.execute(
        select(ReturnLine.sale_line_id, func.sum(ReturnLine.qty_milli))
        .join(Return, Return.id == ReturnLine.return_id).where(Return.sale_id == sale_id)
        .group_by(ReturnLine.sale_line_id)).all()
    refunded = uow.session.scalar(
        select(func.coalesce(func.sum(Return.total_paisa), 0)).where(Return.sale_id == sale_id))
    return {r[0]: r[1] for r in rows}, refunded


def _net(line: SaleLine, qty: int) -> int:
    """What the first `qty` of a line came to after discounts (whole line: exactly)."""
    return round_div((line.total_paisa - line.bill_discount_paisa) * qty, line.qty_milli)


def _tax(line: SaleLine, qty: int) -> int:
    return round_div(line.tax_paisa * qty, line.qty_milli)


def _refund_plan(sale: Sale, sale_lines: dict[str, SaleLine], done: dict[str, int],
                 refunded: int, wanted: dict[str, int]) -> tuple[int, list[tuple[str, int, int, int]]]:
    """(refund total, [(line id, qty, amount, tax)]) for returning `wanted` now.

    Everything is prorated cumulatively, so returns made piece by piece add up to the
    same as one return of the lot. The sale's round-off is shared out too: what comes
    back is the paid total in proportion to the goods back so far, so a full return
    (or void) refunds exactly what was paid and returns never add up to more.
    """
    items = [(lid, qty, _net(ln, done.get(lid, 0) + qty) - _net(ln, done.get(lid, 0)),
              _tax(ln, done.get(lid, 0) + qty) - _tax(ln, done.get(lid, 0)))
             for lid, qty in wanted.items() for ln in (sale_lines[lid],)]
    goods = sale.subtotal_paisa - sale.discount_paisa  # Σ line nets
    back = sum(_net(ln, done.get(lid, 0)) for lid, ln in sale_lines.items()) + sum(i[2] for i in items)
    target = round_div(sale.total_paisa * back, goods) if goods > 0 else 0
    total = max(0, min(target, sale.total_paisa) - refunded)
    amounts = [i[2] for i in items]
    diff = total - sum(amounts)  # the round-off's share (a few paisa either way)
    if diff and sum(amounts) == 0:
        amounts[0] += diff
    elif diff:
        shares = spread(abs(diff), amounts)
        amounts = [a + (sh if diff > 0 else -sh) for a, sh in zip(amounts, shares, strict=True)]
    return total, [(lid, qty, amount, tax) for (lid, qty, _, tax), amount in zip(items, amounts, strict=True)]


def _sale(uow: UnitOfWork, sale_id: str) -> Sale:
    sale = uow.session.get(Sale, sale_id) if isinstance(sale_id, str) else None
    if sale is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such sale."))
    return sale


def _sale_lines(uow: UnitOfWork, sale_id: str) -> dict[str, SaleLine]:
    return {ln.id: ln for ln in uow.session.scalars(
        select(SaleLine).where(SaleLine.sale_id == sale_id).order_by(SaleLine.line_no))}


def returnable_lines(uow: UnitOfWork, sale_id: str) -> list[ReturnableLine]:
    sale = _sale(uow, sale_id)
    sale_lines = _sale_lines(uow, sale_id)
    done, refunded = _already_returned(uow, sale_id)
    result = []
    for ln in sale_lines.values():
        returned = done.get(ln.id, 0)
        remaining = ln.qty_milli - returned
        amount = _refund_plan(sale, sale_lines, done, refunded, {ln.id: remaining})[0] if remaining else 0
        result.append(ReturnableLine(ln.id, ln.product_id, ln.name_en, ln.name_ur, ln.unit,
                                     ln.qty_milli, returned, remaining, amount))
    return result


def create_return(uow: UnitOfWork, actor: Actor, sale_id: str,
                  lines: list[tuple[str, int]] | None = None, *, refund: str = "auto",
                  reason: str = "", approval: Approval | Sequence[Approval] | None = None,
                  shift_id: str | None = None, _kind: str = "return") -> ReturnResult:
    """Take goods back against a sale (`lines`: (sale line id, qty milli); None: all
    that is left). A cashier needs an owner's approval for exactly this return."""
    outlet_id, device_id, business_id = (settings.get(uow, k) for k in ("outlet_id", "device_id", "business_id"))
    action = Action.VOID if _kind == "void" else Action.RETURN
    require_outlet(actor, outlet_id)
    sale = _sale(uow, sale_id)
    if refund not in ("auto", "cash", "credit"):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Choose how to refund."))
    if refund == "credit" and sale.customer_id is None:
        raise InvalidInput(QT_TRANSLATE_NOOP(
            "errors", "This sale had no customer, so nothing can go back to udhaar."))
    reason = check_text(reason)
    sale_lines = _sale_lines(uow, sale_id)
    done, refunded = _already_returned(uow, sale_id)
    if lines is None:
        lines = [(lid, ln.qty_milli - done.get(lid, 0)) for lid, ln in sale_lines.items()]
        lines = [(lid, q) for lid, q in lines if q > 0]
        if not lines:
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Everything on this receipt was already returned."))
    if not isinstance(lines, (list, tuple)) or not lines:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Type how many of an item come back."))
    wanted: dict[str, int] = {}
    for item in lines:
        if not isinstance(item, (list, tuple)) or len(item) != 2 or item[0] not in sale_lines:
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "That item is not on this receipt."))
        lid, qty = item
        if isinstance(qty, bool) or not isinstance(qty, int) or qty <= 0:
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The quantity must be more than zero."))
        wanted[lid] = wanted.get(lid, 0) + qty
    for lid, qty in wanted.items():
        ln = sale_lines[lid]
        if done.get(lid, 0) + qty > ln.qty_milli:
            raise InvalidInput(QT_TRANSLATE_NOOP(
                "errors", "You cannot return more {name} than was sold."), name=ln.name_en)
    wanted = dict(sorted(wanted.items(), key=lambda kv: sale_lines[kv[0]].line_no))
    check_shift(uow, actor, shift_id)
    return_id, now = new_id(), uow.now()
    approved_by = use_approval(uow, actor, action, subject_of(_kind, sale_id, list(wanted.items()), refund),
                               approval, document_id=return_id)
    total, plan = _refund_plan(sale, sale_lines, done, refunded, wanted)
    line_rows = [dict(id=derived_id(return_id, "line", i), return_id=return_id, line_no=i,
                      sale_line_id=lid, product_id=sale_lines[lid].product_id, qty_milli=qty,
                      amount_paisa=amount, tax_paisa=tax)
                 for i, (lid, qty, amount, tax) in enumerate(plan)]
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
        tax_paisa=sum(r["tax_paisa"] for r in line_rows), reason=reason, created_at=now)])
    uow.session.execute(insert(ReturnLine), line_rows)
    if refund_rows:
        uow.session.execute(insert(ReturnRefund), refund_rows)
    uow.session.execute(insert(StockMovement), [dict(
        id=derived_id(return_id, "stock", i), business_id=business_id, outlet_id=outlet_id,
        product_id=r["product_id"], kind="return", qty_milli=r["qty_milli"],
        unit_cost_paisa=sale_lines[r["sale_line_id"]].cost_paisa, ref_id=return_id,
        supplier_id=None, reason=reason, worker_id=actor.worker_id, created_at=now)
        for i, r in enumerate(line_rows)])
    allocs = []
    if to_credit:
        entry_id = derived_id(return_id, "credit", 0)
        uow.session.execute(insert(CreditEntry), [dict(
            id=entry_id, business_id=business_id, outlet_id=outlet_id, customer_id=sale.customer_id,
            kind="return", amount_paisa=-to_credit, sale_id=sale_id, payment_id=None,
            reference=receipt_no, reason=reason, worker_id=actor.worker_id, created_at=now)])
        alloc = min(to_credit, max(open_on_sale, 0))
        allocs = _insert_allocations(uow, business_id, entry_id, [(sale_id, alloc)] if alloc else [])
    wire = dict(id=return_id, sale_id=sale_id, outlet_id=outlet_id, device_id=device_id,
                worker_id=actor.worker_id, shift_id=shift_id, customer_id=sale.customer_id,
                approved_by=approved_by, kind=_kind, receipt_no=receipt_no, total_paisa=total,
                tax_paisa=sum(r["tax_paisa"] for r in line_rows), reason=reason,
                created_at=now,
                lines=[{k: v for k, v in r.items() if k != "return_id"} for r in line_rows],
                refunds=[{k: v for k, v in r.items() if k != "return_id"} for r in refund_rows],
                allocations=allocs)
    uow.outbox("return", return_id, wire)
    return ReturnResult(return_id, receipt_no, total, to_cash, to_credit)


def void_sale(uow: UnitOfWork, actor: Actor, sale_id: str, *, reason: str,
              approval: Approval | Sequence[Approval] | None = None, shift_id: str | None = None) -> ReturnResult:
    """Cancel a whole sale (everything not yet returned), refunding as 'auto'."""
    check_text(reason, required=QT_TRANSLATE_NOOP("errors", "Give a reason for the void."))
    return create_return(uow, actor, sale_id, None, refund="auto", reason=reason,
                         approval=approval, shift_id=shift_id, _kind="void")
