"""Documents from the ledger: receipts, credit statements and Z reports.

Each builder reads inside the caller's unit of work (a read-only one will do) through
the services' plain-data functions, and returns a frozen document that can be handed
to a printing job on another thread.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from ..core.clock import local_day_bounds, to_local
from ..core.errors import NotFound
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.money import round_div
from ..core.permissions import Action, Actor, require
from ..core.quantity import extend_price
from ..ledger.credit import CreditAllocation, CreditEntry, CustomerPayment
from ..ledger.org import Outlet, Worker
from ..ledger.sales import Return, ReturnLine, ReturnRefund, Sale, SaleLine
from ..ledger.uow import UnitOfWork
from ..services import credit, customers, sales, settings, shifts, shop
from .document import (
    Aging,
    Allocation,
    Language,
    ReceiptDoc,
    ReceiptLine,
    ShopHeader,
    StatementDoc,
    StatementEntry,
    StatementItem,
    Tender,
    TenderTotal,
    ZReportDoc,
)


def _utc(ts: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; they are UTC."""
    if ts is None:
        return None
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


def _language(uow: UnitOfWork) -> Language:
    values = settings.get_all(uow)
    lang = values.get("receipt_language") or values.get("language") or "en"
    return "ur" if lang == "ur" else "en"


def shop_header(uow: UnitOfWork, outlet_id: str | None = None) -> ShopHeader:
    """The business and the outlet (this PC's, unless given) as printed at the top."""
    ctx = shop.context(uow)
    profile = shop.business_profile(uow)
    outlet = uow.session.get(Outlet, outlet_id or ctx.outlet_id)
    tagline = settings.get(uow, "receipt_header") or ""
    return ShopHeader(
        name=profile["name"],
        address=(outlet.address if outlet and outlet.address else profile["address"]),
        phone=(outlet.phone if outlet and outlet.phone else profile["phone"]),
        ntn=profile["ntn"],
        strn=profile["strn"],
        outlet=" · ".join(part for part in (outlet.name if outlet else "", tagline) if part),
    )


def _worker_name(uow: UnitOfWork, worker_id: str) -> str:
    worker = uow.session.get(Worker, worker_id)
    return worker.name if worker else ""


def _balance_as_of(uow: UnitOfWork, customer_id: str, at: datetime) -> int:
    """The customer's balance right after a document: the same on every reprint."""
    return uow.session.scalar(
        select(func.coalesce(func.sum(CreditEntry.amount_paisa), 0))
        .where(CreditEntry.customer_id == customer_id, CreditEntry.created_at <= at))


def _sale_line(ln: dict) -> ReceiptLine:
    """A sold line; an exclusive-tax line shows the GST added to qty × price − discount."""
    added = 0
    if ln["tax_mode"] == "exclusive":
        added = ln["total_paisa"] - (extend_price(ln["unit_price_paisa"], ln["qty_milli"]) - ln["discount_paisa"])
    return ReceiptLine(ln["name_en"], ln["qty_milli"], ln["unit"], ln["unit_price_paisa"],
                       ln["total_paisa"], ln["discount_paisa"], ln["name_ur"] or "",
                       added_tax_paisa=added, added_tax_bp=ln["tax_rate_bp"] if added else 0)


def _returned_line(rl: ReturnLine, sl: SaleLine) -> ReceiptLine:
    """A returned line: qty × price − discount (its own and its share of the bill's)
    + added GST = the refund."""
    gross = extend_price(sl.unit_price_paisa, rl.qty_milli)
    added = 0
    if sl.tax_mode == "exclusive":
        added_on_sale = sl.total_paisa - (extend_price(sl.unit_price_paisa, sl.qty_milli) - sl.discount_paisa)
        added = round_div(added_on_sale * rl.qty_milli, sl.qty_milli)
    discount = gross + added - rl.amount_paisa
    if discount < 0:  # paisa of rounding: the tax line takes them
        added, discount = added - discount, 0
    return ReceiptLine(sl.name_en, rl.qty_milli, sl.unit, sl.unit_price_paisa, rl.amount_paisa, discount,
                       sl.name_ur or "", added_tax_paisa=added, added_tax_bp=sl.tax_rate_bp if added else 0)


def receipt_for_sale(uow: UnitOfWork, *, sale_id: str | None = None, receipt_no: str | None = None,
                     reprint: bool = False) -> ReceiptDoc:
    view = sales.get_sale(uow, sale_id=sale_id, receipt_no=receipt_no)
    lines = tuple(_sale_line(ln) for ln in view.lines)
    # Cash shows what was handed over, so "Cash − Change" reads as on the counter.
    tenders = tuple(
        Tender(t["method"], t["tendered_paisa"] if t["method"] == "cash" else t["amount_paisa"],
               t["reference"] or "")
        for t in view.tenders
    )
    customer_name, balance = "", None
    if view.customer_id:
        customer_name = customers.get_customer(uow, view.customer_id).name
        balance = _balance_as_of(uow, view.customer_id, view.created_at)
    values = settings.get_all(uow)
    return ReceiptDoc(
        shop=shop_header(uow, view.outlet_id),
        receipt_no=view.receipt_no,
        created_at=_utc(view.created_at),
        cashier=_worker_name(uow, view.worker_id),
        lines=lines,
        subtotal_paisa=sum(line.total_paisa for line in lines),
        bill_discount_paisa=view.discount_paisa,
        tax_paisa=view.tax_paisa,
        round_off_paisa=view.round_off_paisa,
        total_paisa=view.total_paisa,
        tenders=tenders,
        change_paisa=view.change_paisa,
        credit_paisa=view.credit_paisa,
        customer_name=customer_name,
        customer_balance_paisa=balance,
        footer=values.get("receipt_footer") or "",
        is_reprint=reprint,
        language=_language(uow),
        money_format=settings.money_format(uow),
    )


def receipt_for_return(uow: UnitOfWork, return_id: str, *, reprint: bool = False) -> ReceiptDoc:
    """A return (or void) slip: what came back and how it was refunded."""
    ret = uow.session.get(Return, return_id)
    if ret is None:
        raise ValueError(f"no return {return_id}")
    sale = uow.session.get(Sale, ret.sale_id)
    rows = uow.session.execute(
        select(ReturnLine, SaleLine).join(SaleLine, SaleLine.id == ReturnLine.sale_line_id)
        .where(ReturnLine.return_id == return_id).order_by(ReturnLine.line_no)).all()
    lines = tuple(_returned_line(rl, sl) for rl, sl in rows)
    refunds = uow.session.scalars(
        select(ReturnRefund).where(ReturnRefund.return_id == return_id).order_by(ReturnRefund.line_no)).all()
    credit_back = sum(r.amount_paisa for r in refunds if r.method == "credit")
    customer_name, balance = "", None
    if ret.customer_id:
        customer_name = customers.get_customer(uow, ret.customer_id).name
        balance = _balance_as_of(uow, ret.customer_id, ret.created_at)
    return ReceiptDoc(
        shop=shop_header(uow, ret.outlet_id),
        receipt_no=ret.receipt_no,
        created_at=_utc(ret.created_at),
        cashier=_worker_name(uow, ret.worker_id),
        lines=lines,
        subtotal_paisa=sum(line.total_paisa for line in lines),
        tax_paisa=ret.tax_paisa,
        total_paisa=ret.total_paisa,
        tenders=tuple(Tender(r.method, r.amount_paisa, r.reference or "") for r in refunds),
        credit_paisa=credit_back,
        customer_name=customer_name,
        customer_balance_paisa=balance,
        footer=ret.reason or "",
        original_receipt_no=sale.receipt_no if sale else "",
        is_return=ret.kind == "return",
        is_void=ret.kind == "void",
        is_reprint=reprint,
        language=_language(uow),
        money_format=settings.money_format(uow),
    )


def find_receipt(uow: UnitOfWork, actor: Actor, receipt_no: str) -> tuple[str, str, str]:
    """(kind "sale" | "return", id, receipt number) of a receipt or return slip.

    For a reprint at the counter: anyone who may sell at this outlet may reprint its
    receipts (a copy is marked as one and never opens the drawer).
    """
    require(actor, Action.SELL, outlet_id=settings.get(uow, "outlet_id"))
    number = (receipt_no or "").strip().upper()
    if number:
        sale_id = uow.session.scalar(select(Sale.id).where(Sale.receipt_no == number))
        if sale_id:
            return "sale", sale_id, number
        return_id = uow.session.scalar(select(Return.id).where(Return.receipt_no == number))
        if return_id:
            return "return", return_id, number
    raise NotFound(QT_TRANSLATE_NOOP("errors", "No receipt or return slip with number “{receipt}”."),
                   receipt=receipt_no.strip())


def last_receipt_no(uow: UnitOfWork) -> str | None:
    """This PC's latest receipt or return slip: what the reprint key offers first."""
    device_id = settings.get(uow, "device_id")
    sale = uow.session.execute(select(Sale.receipt_no, Sale.created_at).where(Sale.device_id == device_id)
                               .order_by(Sale.seq.desc()).limit(1)).first()
    ret = uow.session.execute(select(Return.receipt_no, Return.created_at).where(Return.device_id == device_id)
                              .order_by(Return.created_at.desc(), Return.id.desc()).limit(1)).first()
    if sale and ret:
        return ret.receipt_no if ret.created_at >= sale.created_at else sale.receipt_no
    return (sale or ret).receipt_no if (sale or ret) else None


def receipt_by_number(uow: UnitOfWork, actor: Actor, receipt_no: str, *, reprint: bool = True) -> ReceiptDoc:
    """A receipt or return slip by its number (marked REPRINT unless told otherwise)."""
    kind, doc_id, _ = find_receipt(uow, actor, receipt_no)
    if kind == "sale":
        return receipt_for_sale(uow, sale_id=doc_id, reprint=reprint)
    return receipt_for_return(uow, doc_id, reprint=reprint)


def statement_for(uow: UnitOfWork, actor: Actor, customer_id: str, period_from: date,
                  period_to: date) -> StatementDoc:
    """A customer's statement for local calendar days period_from..period_to inclusive."""
    start, _ = local_day_bounds(period_from)
    _, end = local_day_bounds(period_to)
    st = credit.statement(uow, actor, customer_id, start, end)
    customer = customers.get_customer(uow, customer_id)
    payment_ids = [e.entry_id for e in st.entries if e.kind == "payment"]
    methods = dict(uow.session.execute(
        select(CreditEntry.id, CustomerPayment.method)
        .join(CustomerPayment, CustomerPayment.id == CreditEntry.payment_id)
        .where(CreditEntry.id.in_(payment_ids))).all()) if payment_ids else {}
    entries = tuple(
        StatementEntry(
            at=_utc(e.created_at), kind=e.kind, reference=e.reference, amount_paisa=e.amount_paisa,
            balance_paisa=e.running_balance_paisa,
            items=tuple(StatementItem(i.name_en, i.qty_milli, i.unit, i.total_paisa, i.name_ur or "")
                        for i in e.items),
            allocations=tuple(Allocation(ref, paisa) for ref, paisa in e.allocations),
            method=methods.get(e.entry_id, ""), note=e.reason or "",
        )
        for e in st.entries
    )
    return StatementDoc(
        shop=shop_header(uow), customer_name=customer.name, period_from=period_from,
        period_to=period_to, opening_balance_paisa=st.opening_balance_paisa, entries=entries,
        closing_balance_paisa=st.closing_balance_paisa, aging=aging_at(uow, customer_id, end, period_to),
        customer_phone=customer.phone, customer_address=customer.address,
        generated_at=_utc(uow.now()), language=_language(uow), money_format=settings.money_format(uow),
    )


def aging_at(uow: UnitOfWork, customer_id: str, end: datetime, as_of: date) -> Aging:
    """What the customer owed at `end`, by the age (in days up to `as_of`) of the debt it
    comes from, from the ledger's entries before `end` only.

    A credit sale (or upward adjustment) is owed less what was allocated to it by then;
    credit not allocated to any sale (a return to credit beyond what the sale owed, an
    unallocated payment) pays the oldest debts first. The buckets add up to the balance
    at `end` whenever it is positive — for a statement of any period, not just today's.
    """
    entries = uow.session.execute(
        select(CreditEntry.id, CreditEntry.kind, CreditEntry.sale_id, CreditEntry.amount_paisa,
               CreditEntry.created_at)
        .where(CreditEntry.customer_id == customer_id, CreditEntry.created_at < end)
        .order_by(CreditEntry.created_at, CreditEntry.id)).all()
    allocations = uow.session.execute(
        select(CreditAllocation.entry_id, CreditAllocation.sale_id, CreditAllocation.amount_paisa)
        .join(CreditEntry, CreditEntry.id == CreditAllocation.entry_id)
        .where(CreditEntry.customer_id == customer_id, CreditEntry.created_at < end)).all()
    to_sale: dict[str, int] = {}
    from_entry: dict[str, int] = {}
    for entry_id, sale_id, paisa in allocations:
        to_sale[sale_id] = to_sale.get(sale_id, 0) + paisa
        from_entry[entry_id] = from_entry.get(entry_id, 0) + paisa
    debts: list[tuple[datetime, int]] = []
    free_credit = 0
    for e in entries:
        if e.amount_paisa > 0:  # a credit sale or an upward adjustment
            owed = e.amount_paisa - (to_sale.get(e.sale_id, 0) if e.kind == "sale" else 0)
            debts.append((e.created_at, owed))
        else:
            free_credit += -e.amount_paisa - from_entry.get(e.id, 0)
    buckets = [0, 0, 0, 0]
    for created, owed in debts:
        use = min(free_credit, owed)
        free_credit -= use
        owed -= use
        if owed <= 0:
            continue
        days = (as_of - to_local(created).date()).days
        buckets[0 if days <= 30 else 1 if days <= 60 else 2 if days <= 90 else 3] += owed
    return Aging(*buckets)


def z_report_for(uow: UnitOfWork, actor: Actor, shift_id: str, *, reprint: bool = False) -> ZReportDoc:
    z = shifts.z_report(uow, actor, shift_id)
    outlet = uow.session.get(Outlet, z.outlet_id)
    opened = _utc(z.opened_at)
    label = f"{outlet.code if outlet else ''} · {to_local(opened):%d/%m/%Y %I:%M %p}".strip(" ·")
    order = ("cash", "card", "jazzcash", "easypaisa", "raast", "bank", "credit")
    def in_order(methods):
        return sorted(methods, key=lambda m: order.index(m) if m in order else len(order))

    by_tender = tuple(TenderTotal(m, None, z.by_tender[m]) for m in in_order(z.by_tender))
    # The shift service counts bill discounts; what was taken off single items counts too.
    line_discounts = uow.session.scalar(
        select(func.coalesce(func.sum(SaleLine.discount_paisa), 0))
        .join(Sale, Sale.id == SaleLine.sale_id).where(Sale.shift_id == shift_id))
    paid = dict(uow.session.execute(
        select(CustomerPayment.method, func.sum(CustomerPayment.amount_paisa))
        .where(CustomerPayment.shift_id == shift_id).group_by(CustomerPayment.method)).all())
    credit_payments = tuple(TenderTotal(m, None, paid[m]) for m in in_order(paid))
    return ZReportDoc(
        shop=shop_header(uow, z.outlet_id), shift_label=label, cashier=z.worker_name,
        opened_at=opened, closed_at=_utc(z.closed_at), sales_count=z.sales_count,
        sales_total_paisa=z.sales_total_paisa, by_tender=by_tender, returns_count=z.returns_count,
        returns_total_paisa=z.returns_total_paisa, cash_refunds_paisa=z.cash_refunds_paisa,
        cash_in_paisa=z.cash_in_paisa, cash_out_paisa=z.cash_out_paisa,
        opening_float_paisa=z.opening_float_paisa, expected_cash_paisa=z.expected_cash_paisa,
        counted_cash_paisa=z.counted_cash_paisa, tax_paisa=z.tax_paisa,
        discounts_paisa=z.discounts_paisa + line_discounts, line_discounts_paisa=line_discounts,
        credit_payments_cash_paisa=z.credit_payments_cash_paisa, credit_payments=credit_payments,
        is_reprint=reprint, language=_language(uow), money_format=settings.money_format(uow),
    )
