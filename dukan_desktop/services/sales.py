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

from ..core.barcode import EmbeddedLayout, parse_embedded, price_label_line
from ..core.checks import check_text
from ..core.errors import BusinessRuleViolation, InvalidInput, NotFound
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.ids import new_id
from ..core.money import check_paisa, format_money
from ..core.permissions import Action, Actor, Approval, needs_approval, require
from ..core.pricing import BillAmounts, LineInput, RoundOff, TaxMode, price_bill
from ..core.quantity import Unit, check_quantity
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
from .approvals import subject_of, use_approvals
from .customers import balance_of
from .shifts import check_shift

WALLET_METHODS = ("jazzcash", "easypaisa", "raast", "bank")
NON_CASH_METHODS = ("card", *WALLET_METHODS, "credit")


@dataclass(frozen=True, slots=True)
class CartLine:
    product_id: str
    qty_milli: int
    unit_price_paisa: int | None = None  # None: the catalog price (or a price label's)
    discount_paisa: int = 0
    # What was scanned. A scale label that carries a price prices its pack: the service
    # reads the label itself (a caller cannot claim a price came from a label).
    barcode: str | None = None


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
    price_overridden: bool = False   # not the catalog's price, nor a price label's


@dataclass(frozen=True, slots=True)
class Quote:
    lines: tuple[QuotedLine, ...]
    amounts: BillAmounts
    needs_approval: tuple[str, ...]  # actions a cashier needs an owner PIN for
    products: dict = field(default_factory=dict, repr=False, compare=False)
    # action -> what an owner's approval of it must be bound to (services.approvals)
    approval_subjects: dict = field(default_factory=dict, repr=False, compare=False)

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
    active: int


_NOT_A_BILL = QT_TRANSLATE_NOOP("errors", "The bill is not made up right; start it again.")


def _check_cart(cart: Cart) -> None:
    """The shape of what the caller hands over; values are checked as they are priced."""
    if not isinstance(cart, Cart) or not isinstance(cart.lines, (tuple, list)) \
            or not all(isinstance(ln, CartLine) for ln in cart.lines):
        raise InvalidInput(_NOT_A_BILL)
    if not cart.lines:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The bill has no items."))
    for ln in cart.lines:
        if not isinstance(ln.product_id, str) or not (ln.barcode is None or isinstance(ln.barcode, str)):
            raise InvalidInput(_NOT_A_BILL)
    if not (cart.customer_id is None or isinstance(cart.customer_id, str)):
        raise InvalidInput(_NOT_A_BILL)
    check_text(cart.note)


def _products(uow: UnitOfWork, cart: Cart) -> dict[str, _ProductRow]:
    ids = list({ln.product_id for ln in cart.lines})
    # Plain SQL: this runs on every scan and every sale.
    rows = uow.sql(
        "SELECT id, name_en, name_ur, unit, price_paisa, cost_paisa, tax_rate_bp, tax_mode, active "  # noqa: S608 - only column names / '?' placeholders
        f"FROM products WHERE id IN ({','.join('?' * len(ids))})", tuple(ids))
    found = {r[0]: _ProductRow(*r) for r in rows}
    if len(found) != len(ids):
        raise NotFound(QT_TRANSLATE_NOOP("errors", "A product on the bill no longer exists."))
    for p in found.values():
        if not p.active:
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "{name} is no longer sold."), name=p.name_en)
    return found


def _price_label(uow: UnitOfWork, line: CartLine, p: _ProductRow) -> tuple[int, int, int] | None:
    """(qty, unit price, pack price) when the line's barcode is a scale label carrying the
    price of a pack of this very product; read from the barcode, never from the caller."""
    code = line.barcode
    if not code or len(code) != 13 or code[0] != "2":  # scale labels: EAN-13, prefixes 20–29
        return None
    label = parse_embedded(code, EmbeddedLayout.from_setting(settings.get(uow, "embedded_barcode_layout")))
    if label is None or label.price_paisa is None:
        return None
    owners = dict(uow.sql("SELECT code, product_id FROM barcodes WHERE code IN (?, ?)",
                          (code, label.item_code)))
    if code in owners or owners.get(label.item_code) != p.id:  # a full barcode is never a label
        return None
    qty, unit_price = price_label_line(label.price_paisa, p.price_paisa, Unit(p.unit).loose)
    return qty, unit_price, label.price_paisa


def _bill_digest_parts(cart: Cart, lines: tuple[QuotedLine, ...]) -> list:
    """What a bill is, for binding an approval to it: every line as priced, the bill
    discount and the customer."""
    return [[[ql.product_id, ql.qty_milli, ql.unit_price_paisa, ql.discount_paisa, ql.total_paisa]
             for ql in lines], cart.bill_discount_paisa, cart.customer_id]


def quote(uow: UnitOfWork, cart: Cart) -> Quote:
    """Price a cart (no write). Raises InvalidInput for bad quantities, prices, discounts."""
    _check_cart(cart)
    products = _products(uow, cart)
    inputs, overridden = [], []
    for ln in cart.lines:
        p = products[ln.product_id]
        check_quantity(ln.qty_milli, p.unit)
        label = _price_label(uow, ln, p) if ln.barcode else None
        if label is not None and ln.qty_milli == label[0] and ln.unit_price_paisa in (None, label[1]):
            price, gross, changed = label[1], label[2], False
        else:
            price = p.price_paisa if ln.unit_price_paisa is None else check_paisa(ln.unit_price_paisa)
            gross, changed = None, price != p.price_paisa
        check_paisa(ln.discount_paisa)
        inputs.append(LineInput(price, ln.qty_milli, p.tax_rate_bp, TaxMode(p.tax_mode),
                                ln.discount_paisa, gross))
        overridden.append(changed)
    amounts = price_bill(inputs, check_paisa(cart.bill_discount_paisa),
                         RoundOff(settings.get(uow, "round_off")))
    lines = tuple(
        QuotedLine(ln.product_id, products[ln.product_id].name_en, products[ln.product_id].name_ur,
                   products[ln.product_id].unit, ln.qty_milli, inp.unit_price_paisa,
                   products[ln.product_id].price_paisa, ln.discount_paisa, a.total_paisa, a.tax_paisa,
                   changed)
        for ln, inp, a, changed in zip(cart.lines, inputs, amounts.lines, overridden, strict=True))
    # Digests only when something needs approving: the common bill pays nothing for this.
    subjects = {}
    if any(overridden):
        subjects[Action.PRICE_OVERRIDE.value] = subject_of("price_override", sorted(
            [ql.product_id, ql.qty_milli, ql.unit_price_paisa] for ql in lines if ql.price_overridden))
    discount = amounts.discount_paisa + amounts.line_discounts_paisa
    limit_bp = settings.get(uow, "cashier_discount_limit_bp")
    if discount and discount * 10_000 > limit_bp * (amounts.subtotal_paisa + amounts.line_discounts_paisa):
        subjects[Action.DISCOUNT_ABOVE_LIMIT.value] = subject_of(
            "discount_above_limit", _bill_digest_parts(cart, lines))
    return Quote(lines, amounts, tuple(sorted(subjects)), products, subjects)


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
    if not isinstance(tenders, (list, tuple)):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Unknown payment method."))
    for t in tenders:
        if not isinstance(t, TenderInput) or t.method not in ("cash", *NON_CASH_METHODS):
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Unknown payment method."))
        check_paisa(t.amount_paisa, allow_zero=False)
        check_text(t.reference, max_length=100)
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
    """Save a sale. The caller commits; nothing is written if this raises.

    A cashier's price override, big discount or credit over the limit needs an owner's
    approval for exactly this bill (`approval`, from workers.approve); it is spent here.
    `shift_id` is the actor's own open shift on this PC, or None.
    """
    business_id, outlet_id, device_id = (settings.get(uow, k) for k in ("business_id", "outlet_id", "device_id"))
    require(actor, Action.SELL, outlet_id=outlet_id)
    q = quote(uow, cart)
    customer = None
    if cart.customer_id is not None:
        found = uow.sql("SELECT id, credit_limit_paisa FROM customers WHERE id = ?", (cart.customer_id,))
        customer = _CustomerRow(*found[0]) if found else None
        if customer is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "No such customer."))
    s = settle_tenders(q.total_paisa, tenders, customer is not None)
    check_shift(uow, actor, shift_id)
    flags = set()
    balance = balance_of(uow, customer.id) if customer is not None else None
    over_limit = bool(s.credit) and customer.credit_limit_paisa is not None \
        and balance + s.credit > customer.credit_limit_paisa
    if over_limit:
        flags.add("over_credit_limit")
    if any(ql.price_overridden for ql in q.lines):
        flags.add("price_override")
    sale_id = new_id()
    approved_by = None
    if q.needs_approval or over_limit:
        needed = {Action(a): subject for a, subject in q.approval_subjects.items()}
        if over_limit and needs_approval(actor, Action.OVER_CREDIT_LIMIT):
            needed[Action.OVER_CREDIT_LIMIT] = subject_of(
                "over_credit_limit", _bill_digest_parts(cart, q.lines), s.credit, balance)
        approved_by = use_approvals(uow, actor, needed, approval, document_id=sale_id)
    products = q.products
    levels = stock_levels(uow, outlet_id, list(products))
    sold: dict[str, int] = {}
    for ln in cart.lines:
        sold[ln.product_id] = sold.get(ln.product_id, 0) + ln.qty_milli
    if any(levels.get(pid, 0) - qty < 0 for pid, qty in sold.items()):
        flags.add("negative_stock")

    now = uow.now()
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
    if not isinstance(sale_id, (str, type(None))) or not isinstance(receipt_no, (str, type(None))):
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No sale with receipt number {receipt}."), receipt="?")
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
