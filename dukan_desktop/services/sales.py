"""Selling: a cart becomes a sale, with its lines, tenders, stock movements, credit
entry and outbox record in one transaction.

A sale is never refused for stock: negative stock is allowed and flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select

from dukan_protocol.ids import Derived

from ..core.errors import BusinessRuleViolation, InvalidInput, NotFound
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.ids import new_id
from ..core.money import check_paisa, format_money
from ..core.permissions import Action, Actor, Approval, require
from ..core.pricing import BillAmounts, LineInput, RoundOff, TaxMode, price_bill
from ..core.quantity import check_quantity
from ..ledger.models import (
    CreditEntry,
    Device,
    Outlet,
    Sale,
    SaleLine,
    SaleTender,
    StockMovement,
)
from ..ledger.uow import UnitOfWork
from . import settings
from .customers import balance_of

WALLET_METHODS = ("jazzcash", "easypaisa", "raast", "bank")
NON_CASH_METHODS = ("card", *WALLET_METHODS, "credit")


@dataclass(frozen=True, slots=True)
class CartLine:
    product_id: str
    qty_milli: int
    unit_price_paisa: int | None = None  # None: the catalog price
    discount_paisa: int = 0
    barcode: str | None = None
    embedded_price: bool = False         # price came from a scale label, not typed


@dataclass(frozen=True, slots=True)
class Cart:
    lines: tuple[CartLine, ...]
    customer_id: str | None = None
    bill_discount_paisa: int = 0
    note: str = ""


@dataclass(frozen=True, slots=True)
class TenderInput:
    method: str
    amount_paisa: int      # for cash: what the customer handed over
    reference: str = ""


@dataclass(frozen=True, slots=True)
class QuotedLine:
    product_id: str
    name_en: str
    name_ur: str
    unit: str
    qty_milli: int
    unit_price_paisa: int
    list_price_paisa: int
    discount_paisa: int
    total_paisa: int
    tax_paisa: int


@dataclass(frozen=True, slots=True)
class Quote:
    lines: tuple[QuotedLine, ...]
    amounts: BillAmounts
    needs_approval: tuple[str, ...]  # actions a cashier needs an owner PIN for
    products: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def total_paisa(self) -> int:
        return self.amounts.total_paisa


@dataclass(frozen=True, slots=True)
class SaleResult:
    sale_id: str
    receipt_no: str
    total_paisa: int
    paid_paisa: int
    change_paisa: int
    credit_paisa: int
    flags: tuple[str, ...]
    customer_balance_paisa: int | None = None
    created_at: datetime | None = field(default=None)


class _CustomerRow(NamedTuple):
    id: str
    credit_limit_paisa: int | None


class _ProductRow(NamedTuple):
    id: str
    name_en: str
    name_ur: str
    unit: str
    price_paisa: int
    cost_paisa: int
    tax_rate_bp: int
    tax_mode: str


def _products(uow: UnitOfWork, cart: Cart) -> dict[str, _ProductRow]:
    ids = list({ln.product_id for ln in cart.lines})
    # Plain SQL: this runs on every scan and every sale.
    rows = uow.sql(
        "SELECT id, name_en, name_ur, unit, price_paisa, cost_paisa, tax_rate_bp, tax_mode "  # noqa: S608 - only column names / '?' placeholders
        f"FROM products WHERE id IN ({','.join('?' * len(ids))})", tuple(ids))
    found = {r[0]: _ProductRow(*r) for r in rows}
    if len(found) != len(ids):
        raise NotFound(QT_TRANSLATE_NOOP("errors", "A product on the bill no longer exists."))
    return found


def quote(uow: UnitOfWork, cart: Cart) -> Quote:
    """Price a cart (no write). Raises InvalidInput for bad quantities, prices, discounts."""
    if not cart.lines:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The bill has no items."))
    products = _products(uow, cart)
    inputs, approvals = [], set()
    for ln in cart.lines:
        p = products[ln.product_id]
        check_quantity(ln.qty_milli, p.unit)
        price = p.price_paisa if ln.unit_price_paisa is None else check_paisa(ln.unit_price_paisa)
        if price != p.price_paisa and not ln.embedded_price:
            approvals.add(Action.PRICE_OVERRIDE.value)
        check_paisa(ln.discount_paisa)
        inputs.append(LineInput(price, ln.qty_milli, p.tax_rate_bp, TaxMode(p.tax_mode),
                                ln.discount_paisa))
    amounts = price_bill(inputs, check_paisa(cart.bill_discount_paisa),
                         RoundOff(settings.get(uow, "round_off")))
    discount = amounts.discount_paisa + amounts.line_discounts_paisa
    limit_bp = int(settings.get(uow, "cashier_discount_limit_bp"))
    if discount and discount * 10_000 > limit_bp * (amounts.subtotal_paisa + amounts.line_discounts_paisa):
        approvals.add(Action.DISCOUNT_ABOVE_LIMIT.value)
    lines = tuple(
        QuotedLine(ln.product_id, products[ln.product_id].name_en, products[ln.product_id].name_ur,
                   products[ln.product_id].unit, ln.qty_milli, inp.unit_price_paisa,
                   products[ln.product_id].price_paisa, ln.discount_paisa, a.total_paisa, a.tax_paisa)
        for ln, inp, a in zip(cart.lines, inputs, amounts.lines, strict=True))
    return Quote(lines, amounts, tuple(sorted(approvals)), products)


@dataclass(frozen=True, slots=True)
class _Settlement:
    tenders: list[dict]
    paid: int
    change: int
    credit: int


def settle_tenders(total: int, tenders: list[TenderInput], has_customer: bool) -> _Settlement:
    """Apply what the customer handed over to the bill. Change comes from cash only."""
    non_cash = cash_given = credit = 0
    rows = []
    for t in tenders:
        if t.method not in ("cash", *NON_CASH_METHODS):
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Unknown payment method."))
        check_paisa(t.amount_paisa, allow_zero=False)
        if t.method in WALLET_METHODS and not t.reference.strip():
            raise InvalidInput(QT_TRANSLATE_NOOP(
                "errors", "Enter the transaction reference for the {method} payment."), method=t.method)
        if t.method == "cash":
            cash_given += t.amount_paisa
        else:
            non_cash += t.amount_paisa
            if t.method == "credit":
                credit += t.amount_paisa
            rows.append(dict(method=t.method, amount_paisa=t.amount_paisa,
                             tendered_paisa=t.amount_paisa, reference=t.reference.strip()))
    if credit and not has_customer:
        raise BusinessRuleViolation(QT_TRANSLATE_NOOP(
            "errors", "Choose the customer before putting anything on credit."))
    if non_cash > total:
        raise InvalidInput(QT_TRANSLATE_NOOP(
            "errors", "Card, wallet and credit amounts are more than the bill; change is given in cash only."))
    cash_due = total - non_cash
    if cash_given < cash_due:
        raise BusinessRuleViolation(QT_TRANSLATE_NOOP("errors", "{due} is still due."),
                                    due=format_money(cash_due - cash_given))
    if cash_given:
        if cash_due:
            rows.insert(0, dict(method="cash", amount_paisa=cash_due, tendered_paisa=cash_given,
                                reference=""))
        elif cash_given:
            raise InvalidInput(QT_TRANSLATE_NOOP(
                "errors", "The bill is already paid; no cash is needed."))
    return _Settlement(rows, total - credit, cash_given - cash_due, credit)


def next_receipt(uow: UnitOfWork, device_id: str) -> tuple[int, str]:
    seq = (uow.sql("SELECT MAX(seq) FROM sales WHERE device_id = ?", (device_id,))[0][0] or 0) + 1
    key = ("receipt_prefix", device_id)
    prefix = uow.ledger.cache.get(key)
    if prefix is None:  # an outlet's code never changes once receipts carry it
        code, number = uow.session.execute(
            select(Outlet.code, Device.number).join(Device, Device.outlet_id == Outlet.id)
            .where(Device.id == device_id)).one()
        prefix = uow.ledger.cache[key] = f"{code}-{number}"
    return seq, f"{prefix}-{seq:06d}"


def stock_levels(uow: UnitOfWork, outlet_id: str, product_ids: list[str]) -> dict[str, int]:
    return dict(uow.sql(
        "SELECT product_id, SUM(qty_milli) FROM stock_movements WHERE outlet_id = ? "  # noqa: S608 - only column names / '?' placeholders
        f"AND product_id IN ({','.join('?' * len(product_ids))}) GROUP BY product_id",
        (outlet_id, *product_ids)))


def complete_sale(uow: UnitOfWork, actor: Actor, cart: Cart, tenders: list[TenderInput], *,
                  approval: Approval | Sequence[Approval] | None = None, shift_id: str | None = None) -> SaleResult:
    """Save a sale. The caller commits; nothing is written if this raises."""
    business_id, outlet_id, device_id = (settings.get(uow, k) for k in ("business_id", "outlet_id", "device_id"))
    require(actor, Action.SELL, outlet_id=outlet_id)
    q = quote(uow, cart)
    approved_by = None
    for needed in q.needs_approval:
        approved_by = require(actor, Action(needed), approval=approval) or approved_by
    customer = None
    if cart.customer_id is not None:
        found = uow.sql("SELECT id, credit_limit_paisa FROM customers WHERE id = ?", (cart.customer_id,))
        customer = _CustomerRow(*found[0]) if found else None
        if customer is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "No such customer."))
    s = settle_tenders(q.total_paisa, tenders, customer is not None)
    flags = set()
    balance = balance_of(uow, customer.id) if customer is not None else None
    if s.credit and customer.credit_limit_paisa is not None \
            and balance + s.credit > customer.credit_limit_paisa:
        approved_by = require(actor, Action.OVER_CREDIT_LIMIT, approval=approval) or approved_by
        flags.add("over_credit_limit")
    if any(ql.unit_price_paisa != ql.list_price_paisa for ql in q.lines):
        flags.add("price_override")
    products = q.products
    levels = stock_levels(uow, outlet_id, list(products))
    sold: dict[str, int] = {}
    for ln in cart.lines:
        sold[ln.product_id] = sold.get(ln.product_id, 0) + ln.qty_milli
    if any(levels.get(pid, 0) - qty < 0 for pid, qty in sold.items()):
        flags.add("negative_stock")

    now, sale_id = uow.now(), new_id()
    derive = Derived(sale_id)
    seq, receipt_no = next_receipt(uow, device_id)
    a = q.amounts
    sale_row = dict(
        id=sale_id, business_id=business_id, outlet_id=outlet_id, device_id=device_id,
        worker_id=actor.worker_id, shift_id=shift_id, customer_id=cart.customer_id, seq=seq,
        receipt_no=receipt_no, subtotal_paisa=a.subtotal_paisa, discount_paisa=a.discount_paisa,
        tax_paisa=a.tax_paisa, round_off_paisa=a.round_off_paisa, total_paisa=a.total_paisa,
        paid_paisa=s.paid, change_paisa=s.change, credit_paisa=s.credit, approved_by=approved_by,
        flags=",".join(sorted(flags)), note=cart.note, created_at=now)
    line_rows = [dict(
        id=derive("line", i), sale_id=sale_id, line_no=i, product_id=ln.product_id,
        name_en=products[ln.product_id].name_en, name_ur=products[ln.product_id].name_ur,
        unit=products[ln.product_id].unit, qty_milli=ln.qty_milli,
        unit_price_paisa=ql.unit_price_paisa, list_price_paisa=ql.list_price_paisa,
        cost_paisa=products[ln.product_id].cost_paisa, discount_paisa=ln.discount_paisa,
        bill_discount_paisa=la.bill_discount_paisa, total_paisa=la.total_paisa,
        tax_rate_bp=products[ln.product_id].tax_rate_bp, tax_mode=products[ln.product_id].tax_mode,
        tax_paisa=la.tax_paisa, barcode=ln.barcode)
        for i, (ln, ql, la) in enumerate(zip(cart.lines, q.lines, a.lines, strict=True))]
    tender_rows = [dict(id=derive("tender", i), sale_id=sale_id, line_no=i, **t)
                   for i, t in enumerate(s.tenders)]
    stock_rows = [dict(
        id=derive("stock", i), business_id=business_id, outlet_id=outlet_id,
        product_id=ln["product_id"], kind="sale", qty_milli=-ln["qty_milli"],
        unit_cost_paisa=ln["cost_paisa"], ref_id=sale_id, supplier_id=None, reason="",
        worker_id=actor.worker_id, created_at=now) for i, ln in enumerate(line_rows)]

    uow.insert(Sale, [sale_row])
    uow.insert(SaleLine, line_rows)
    uow.insert(SaleTender, tender_rows)
    uow.insert(StockMovement, stock_rows)
    if s.credit:
        uow.insert(CreditEntry, [dict(
            id=derive("credit", 0), business_id=business_id, outlet_id=outlet_id,
            customer_id=customer.id, kind="sale", amount_paisa=s.credit, sale_id=sale_id,
            payment_id=None, reference=receipt_no, reason="", worker_id=actor.worker_id,
            created_at=now)])
    new_balance = balance + s.credit if customer is not None else None  # the one entry above
    wire = {k: v for k, v in sale_row.items() if k != "business_id"}
    wire["lines"] = [{k: v for k, v in r.items() if k != "sale_id"} for r in line_rows]
    wire["tenders"] = [{k: v for k, v in r.items() if k != "sale_id"} for r in tender_rows]
    uow.outbox("sale", sale_id, wire)
    return SaleResult(sale_id, receipt_no, a.total_paisa, s.paid, s.change, s.credit,
                      tuple(sorted(flags)), new_balance, now)


# -- reading a sale back -------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SaleView:
    id: str
    receipt_no: str
    outlet_id: str
    worker_id: str
    customer_id: str | None
    created_at: datetime
    subtotal_paisa: int
    discount_paisa: int
    tax_paisa: int
    round_off_paisa: int
    total_paisa: int
    paid_paisa: int
    change_paisa: int
    credit_paisa: int
    flags: tuple[str, ...]
    lines: tuple[dict, ...]
    tenders: tuple[dict, ...]


def get_sale(uow: UnitOfWork, *, sale_id: str | None = None, receipt_no: str | None = None) -> SaleView:
    q = select(Sale)
    q = q.where(Sale.id == sale_id) if sale_id else q.where(Sale.receipt_no == (receipt_no or "").strip().upper())
    sale = uow.session.scalar(q)
    if sale is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No sale with receipt number {receipt}."),
                       receipt=receipt_no or sale_id)
    lines = uow.session.scalars(select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.line_no))
    tenders = uow.session.scalars(select(SaleTender).where(SaleTender.sale_id == sale.id).order_by(SaleTender.line_no))
    cols = lambda row: {c.key: getattr(row, c.key) for c in row.__table__.columns}  # noqa: E731
    return SaleView(sale.id, sale.receipt_no, sale.outlet_id, sale.worker_id, sale.customer_id,
                    sale.created_at, sale.subtotal_paisa, sale.discount_paisa, sale.tax_paisa,
                    sale.round_off_paisa, sale.total_paisa, sale.paid_paisa, sale.change_paisa,
                    sale.credit_paisa, tuple(f for f in sale.flags.split(",") if f),
                    tuple(cols(ln) for ln in lines), tuple(cols(t) for t in tenders))


def last_sale_id(uow: UnitOfWork) -> str | None:
    device_id = settings.get(uow, "device_id")
    return uow.session.scalar(select(Sale.id).where(Sale.device_id == device_id)
                              .order_by(Sale.seq.desc()).limit(1))
