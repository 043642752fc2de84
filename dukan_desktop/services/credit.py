"""Udhaar: payments allocated to credit sales, write-offs, adjustments, aging, statements.

A balance is Σ credit entries. A credit sale is "open" while its credit is not fully
covered by allocations (from payments, credit returns and write-offs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select

from ..core.checks import check_text
from ..core.errors import BusinessRuleViolation, InvalidInput, NotFound
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.ids import derived_id, new_id
from ..core.money import check_paisa, format_money
from ..core.permissions import Action, Actor, require
from ..ledger.models import CreditAllocation, CreditEntry, Customer, CustomerPayment, SaleLine
from ..ledger.uow import UnitOfWork
from . import settings
from .customers import balance_of
from .shifts import check_shift

PAY_METHODS = ("cash", "card", "jazzcash", "easypaisa", "raast", "bank")
AGING_BUCKETS = ((0, 30), (31, 60), (61, 90), (91, None))


@dataclass(frozen=True, slots=True)
class OpenCreditSale:
    sale_id: str
    reference: str        # receipt number
    outlet_id: str
    created_at: datetime
    credit_paisa: int     # put on udhaar by the sale
    open_paisa: int       # still owed on it


@dataclass(frozen=True, slots=True)
class PaymentResult:
    payment_id: str
    entry_id: str
    allocations: tuple[tuple[str, int], ...]  # (sale id, paisa)
    unallocated_paisa: int
    new_balance_paisa: int


def _customer(uow: UnitOfWork, customer_id: str) -> Customer:
    c = uow.session.get(Customer, customer_id) if isinstance(customer_id, str) else None
    if c is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such customer."))
    return c


def allocated_to_sales(uow: UnitOfWork, sale_ids: list[str]) -> dict[str, int]:
    if not sale_ids:
        return {}
    return dict(uow.session.execute(
        select(CreditAllocation.sale_id, func.sum(CreditAllocation.amount_paisa))
        .where(CreditAllocation.sale_id.in_(sale_ids)).group_by(CreditAllocation.sale_id)).all())


def open_credit_sales(uow: UnitOfWork, customer_id: str) -> list[OpenCreditSale]:
    """Credit sales of a customer (any outlet) with something still owed, oldest first."""
    entries = uow.session.execute(
        select(CreditEntry.sale_id, CreditEntry.reference, CreditEntry.outlet_id,
               CreditEntry.created_at, CreditEntry.amount_paisa)
        .where(CreditEntry.customer_id == customer_id, CreditEntry.kind == "sale")
        .order_by(CreditEntry.created_at, CreditEntry.id)).all()
    covered = allocated_to_sales(uow, [e.sale_id for e in entries])
    result = []
    for e in entries:
        left = e.amount_paisa - covered.get(e.sale_id, 0)
        if left > 0:
            result.append(OpenCreditSale(e.sale_id, e.reference, e.outlet_id, e.created_at,
                                         e.amount_paisa, left))
    return result


def plan_allocations(open_sales: list[OpenCreditSale], amount: int,
                     chosen: list[tuple[str, int]] | None) -> list[tuple[str, int]]:
    """Oldest first by default; chosen allocations are checked against each sale's open credit."""
    if chosen is None:
        plan, left = [], amount
        for s in open_sales:
            if left <= 0:
                break
            take = min(left, s.open_paisa)
            plan.append((s.sale_id, take))
            left -= take
        return plan
    open_by_id = {s.sale_id: s.open_paisa for s in open_sales}
    merged: dict[str, int] = {}
    if not isinstance(chosen, (list, tuple)):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "That sale has nothing owed on it."))
    for item in chosen:
        if not isinstance(item, (list, tuple)) or len(item) != 2 or not isinstance(item[0], str):
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "That sale has nothing owed on it."))
        sale_id, paisa = item
        check_paisa(paisa, allow_zero=False)
        merged[sale_id] = merged.get(sale_id, 0) + paisa
    for sale_id, paisa in merged.items():
        if sale_id not in open_by_id:
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "That sale has nothing owed on it."))
        if paisa > open_by_id[sale_id]:
            raise InvalidInput(QT_TRANSLATE_NOOP(
                "errors", "The allocation is more than what is owed on that sale."))
    if sum(merged.values()) > amount:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The allocations add up to more than the payment."))
    return list(merged.items())


def _insert_allocations(uow: UnitOfWork, business_id: str, entry_id: str,
                        plan: list[tuple[str, int]]) -> list[dict]:
    rows = [dict(id=derived_id(entry_id, "alloc", i), business_id=business_id, entry_id=entry_id,
                 sale_id=sale_id, amount_paisa=paisa, created_at=uow.now())
            for i, (sale_id, paisa) in enumerate(plan)]
    if rows:
        uow.session.execute(insert(CreditAllocation), rows)
    return [dict(id=r["id"], sale_id=r["sale_id"], amount_paisa=r["amount_paisa"]) for r in rows]


def record_payment(uow: UnitOfWork, actor: Actor, customer_id: str, amount_paisa: int, *,
                   method: str = "cash", reference: str = "",
                   allocations: list[tuple[str, int]] | None = None,
                   shift_id: str | None = None) -> PaymentResult:
    """A customer pays towards their udhaar (at the counter or by the owner)."""
    outlet_id = settings.get(uow, "outlet_id")
    require(actor, Action.TAKE_CREDIT_PAYMENT, outlet_id=outlet_id)
    customer = _customer(uow, customer_id)
    check_paisa(amount_paisa, allow_zero=False)
    if method not in PAY_METHODS:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Choose how the customer paid."))
    reference = check_text(reference, max_length=100)
    if method in ("bank", "raast", "jazzcash", "easypaisa") and not reference:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Enter the transaction reference."))
    check_shift(uow, actor, shift_id)
    balance = balance_of(uow, customer_id)
    if amount_paisa > balance:
        raise BusinessRuleViolation(QT_TRANSLATE_NOOP(
            "errors", "The payment is more than what the customer owes ({balance})."),
            balance=format_money(balance))
    plan = plan_allocations(open_credit_sales(uow, customer_id), amount_paisa, allocations)
    now, payment_id = uow.now(), new_id()
    entry_id = derived_id(payment_id, "credit", 0)
    uow.session.execute(insert(CustomerPayment), [dict(
        id=payment_id, business_id=customer.business_id, outlet_id=outlet_id,
        customer_id=customer_id, shift_id=shift_id, amount_paisa=amount_paisa, method=method,
        reference=reference.strip(), worker_id=actor.worker_id, created_at=now)])
    uow.session.execute(insert(CreditEntry), [dict(
        id=entry_id, business_id=customer.business_id, outlet_id=outlet_id,
        customer_id=customer_id, kind="payment", amount_paisa=-amount_paisa, sale_id=None,
        payment_id=payment_id, reference=reference.strip(), reason="",
        worker_id=actor.worker_id, created_at=now)])
    allocs = _insert_allocations(uow, customer.business_id, entry_id, plan)
    uow.outbox("customer_payment", payment_id, dict(
        id=payment_id, outlet_id=outlet_id, customer_id=customer_id, shift_id=shift_id,
        amount_paisa=amount_paisa, method=method, reference=reference.strip(),
        worker_id=actor.worker_id, created_at=now, allocations=allocs))
    allocated = sum(p for _, p in plan)
    return PaymentResult(payment_id, entry_id, tuple(plan), amount_paisa - allocated,
                         balance - amount_paisa)


_REASON_REQUIRED = QT_TRANSLATE_NOOP("errors", "Give a reason; it is kept with the entry.")


def _owner_entry(uow: UnitOfWork, actor: Actor, action: Action, customer_id: str, kind: str,
                 amount_paisa: int, reason: str, allocate: bool) -> str:
    require(actor, action)
    customer = _customer(uow, customer_id)
    reason = check_text(reason, required=_REASON_REQUIRED)
    now, entry_id = uow.now(), new_id()
    outlet_id = settings.get(uow, "outlet_id")
    uow.session.execute(insert(CreditEntry), [dict(
        id=entry_id, business_id=customer.business_id, outlet_id=outlet_id,
        customer_id=customer_id, kind=kind, amount_paisa=amount_paisa, sale_id=None,
        payment_id=None, reference="", reason=reason.strip(), worker_id=actor.worker_id,
        created_at=now)])
    allocs = []
    if allocate:
        plan = plan_allocations(open_credit_sales(uow, customer_id), -amount_paisa, None)
        allocs = _insert_allocations(uow, customer.business_id, entry_id, plan)
    uow.outbox("credit_entry", entry_id, dict(
        id=entry_id, outlet_id=outlet_id, customer_id=customer_id, kind=kind,
        amount_paisa=amount_paisa, reason=reason.strip(), worker_id=actor.worker_id,
        created_at=now, allocations=allocs))
    uow.audit(business_id=customer.business_id, worker_id=actor.worker_id, action=f"credit.{kind}",
              entity="customer", entity_id=customer_id, amount_paisa=amount_paisa, reason=reason)
    return entry_id


def write_off(uow: UnitOfWork, actor: Actor, customer_id: str, amount_paisa: int | None = None,
              *, reason: str) -> str:
    """Forgive (part of) a debt. Owner only. Default: the whole balance."""
    require(actor, Action.WRITE_OFF_CREDIT)
    _customer(uow, customer_id)
    balance = balance_of(uow, customer_id)
    amount = balance if amount_paisa is None else check_paisa(amount_paisa, allow_zero=False)
    if amount <= 0:
        raise BusinessRuleViolation(QT_TRANSLATE_NOOP("errors", "The customer owes nothing."))
    if amount > balance:
        raise BusinessRuleViolation(QT_TRANSLATE_NOOP(
            "errors", "You cannot write off more than the customer owes ({balance})."), balance=format_money(balance))
    return _owner_entry(uow, actor, Action.WRITE_OFF_CREDIT, customer_id, "writeoff", -amount,
                        reason, allocate=True)


def adjust(uow: UnitOfWork, actor: Actor, customer_id: str, amount_paisa: int, *, reason: str) -> str:
    """Correct a balance up (+) or down (−) with a reason. Owner only."""
    require(actor, Action.ADJUST_CREDIT)
    _customer(uow, customer_id)
    check_paisa(amount_paisa, allow_negative=True, allow_zero=False)
    if amount_paisa < 0 and -amount_paisa > balance_of(uow, customer_id):
        raise BusinessRuleViolation(QT_TRANSLATE_NOOP(
            "errors", "A downward adjustment cannot take the balance below zero."))
    return _owner_entry(uow, actor, Action.ADJUST_CREDIT, customer_id, "adjustment", amount_paisa,
                        reason, allocate=amount_paisa < 0)


def settle(uow: UnitOfWork, actor: Actor, customer_id: str, received_paisa: int, *,
           method: str = "cash", reference: str = "", reason: str) -> tuple[str | None, str | None]:
    """Close an account: take what the customer pays now and write off the rest. Owner only.

    Everything is checked before the payment is recorded: a refused settlement leaves
    no payment behind in the caller's unit of work.
    """
    require(actor, Action.SETTLE_CREDIT)
    _customer(uow, customer_id)
    reason = check_text(reason, required=_REASON_REQUIRED)
    balance = balance_of(uow, customer_id)
    if balance <= 0:
        raise BusinessRuleViolation(QT_TRANSLATE_NOOP("errors", "The customer owes nothing."))
    check_paisa(received_paisa)
    if received_paisa > balance:
        raise BusinessRuleViolation(QT_TRANSLATE_NOOP(
            "errors", "The payment is more than what the customer owes ({balance})."),
            balance=format_money(balance))
    if method not in PAY_METHODS:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Choose how the customer paid."))
    reference = check_text(reference, max_length=100)
    if received_paisa and method in ("bank", "raast", "jazzcash", "easypaisa") and not reference:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Enter the transaction reference."))
    payment_id = writeoff_id = None
    if received_paisa:
        payment_id = record_payment(uow, actor, customer_id, received_paisa, method=method,
                                    reference=reference).payment_id
    rest = balance - received_paisa
    if rest > 0:
        writeoff_id = write_off(uow, actor, customer_id, rest, reason=reason)
    return payment_id, writeoff_id


# -- reading -----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Aging:
    buckets: tuple[int, int, int, int]  # 0–30, 31–60, 61–90, 90+ days, in paisa
    oldest_due: datetime | None

    @property
    def total(self) -> int:
        return sum(self.buckets)


def aging(uow: UnitOfWork, customer_id: str, as_of: datetime | None = None) -> Aging:
    """What is owed, by age of the debt it comes from. Sums to the balance when it is positive."""
    as_of = as_of or uow.now()
    items = [(s.created_at, s.open_paisa) for s in open_credit_sales(uow, customer_id)]
    rows = uow.session.execute(
        select(CreditEntry.id, CreditEntry.kind, CreditEntry.amount_paisa, CreditEntry.created_at)
        .where(CreditEntry.customer_id == customer_id, CreditEntry.kind != "sale")).all()
    allocated = dict(uow.session.execute(
        select(CreditAllocation.entry_id, func.sum(CreditAllocation.amount_paisa))
        .where(CreditAllocation.entry_id.in_([r.id for r in rows]))
        .group_by(CreditAllocation.entry_id)).all()) if rows else {}
    unallocated_credit = 0
    for r in rows:
        if r.amount_paisa > 0:
            items.append((r.created_at, r.amount_paisa))  # an upward adjustment is a debt too
        else:
            unallocated_credit += -r.amount_paisa - allocated.get(r.id, 0)
    items.sort()
    buckets = [0, 0, 0, 0]
    oldest = None
    for created, paisa in items:
        use = min(unallocated_credit, paisa)  # free credit pays the oldest debts first
        unallocated_credit -= use
        paisa -= use
        if paisa <= 0:
            continue
        oldest = oldest or created
        days = (as_of - created).days
        idx = 0 if days <= 30 else 1 if days <= 60 else 2 if days <= 90 else 3
        buckets[idx] += paisa
    return Aging(tuple(buckets), oldest)


@dataclass(frozen=True, slots=True)
class StatementItem:
    name_en: str
    name_ur: str
    qty_milli: int
    unit: str
    total_paisa: int


@dataclass(frozen=True, slots=True)
class StatementEntry:
    entry_id: str
    created_at: datetime
    kind: str
    reference: str
    reason: str
    amount_paisa: int
    running_balance_paisa: int
    items: tuple[StatementItem, ...]
    allocations: tuple[tuple[str, int], ...]  # (receipt no or sale id, paisa)


@dataclass(frozen=True, slots=True)
class Statement:
    customer_id: str
    customer_name: str
    customer_phone: str
    period_start: datetime
    period_end: datetime
    opening_balance_paisa: int
    entries: tuple[StatementEntry, ...]
    closing_balance_paisa: int
    aging: Aging


def statement(uow: UnitOfWork, actor: Actor, customer_id: str, start: datetime,
              end: datetime) -> Statement:
    """Entries in [start, end) with running balance; each credit sale with its items."""
    require(actor, Action.VIEW_CUSTOMERS)
    c = _customer(uow, customer_id)
    opening = uow.session.scalar(
        select(func.coalesce(func.sum(CreditEntry.amount_paisa), 0))
        .where(CreditEntry.customer_id == customer_id, CreditEntry.created_at < start))
    rows = uow.session.scalars(
        select(CreditEntry).where(CreditEntry.customer_id == customer_id,
                                  CreditEntry.created_at >= start, CreditEntry.created_at < end)
        .order_by(CreditEntry.created_at, CreditEntry.id)).all()
    sale_ids = [r.sale_id for r in rows if r.kind == "sale" and r.sale_id]
    items: dict[str, list[StatementItem]] = {}
    if sale_ids:
        for ln in uow.session.scalars(select(SaleLine).where(SaleLine.sale_id.in_(sale_ids))
                                      .order_by(SaleLine.sale_id, SaleLine.line_no)):
            items.setdefault(ln.sale_id, []).append(StatementItem(
                ln.name_en, ln.name_ur, ln.qty_milli, ln.unit,
                ln.total_paisa - ln.bill_discount_paisa))
    refs = dict(uow.session.execute(
        select(CreditEntry.sale_id, CreditEntry.reference)
        .where(CreditEntry.customer_id == customer_id, CreditEntry.kind == "sale")).all())
    allocs: dict[str, list[tuple[str, int]]] = {}
    entry_ids = [r.id for r in rows]
    if entry_ids:
        for a in uow.session.scalars(select(CreditAllocation)
                                     .where(CreditAllocation.entry_id.in_(entry_ids))):
            allocs.setdefault(a.entry_id, []).append((refs.get(a.sale_id, a.sale_id), a.amount_paisa))
    running = opening
    entries = []
    for r in rows:
        running += r.amount_paisa
        entries.append(StatementEntry(
            r.id, r.created_at, r.kind, r.reference, r.reason, r.amount_paisa, running,
            tuple(items.get(r.sale_id, ())) if r.kind == "sale" else (),
            tuple(allocs.get(r.id, ()))))
    return Statement(c.id, c.name, c.phone, start, end, opening, tuple(entries), running,
                     aging(uow, customer_id, end))


@dataclass(frozen=True, slots=True)
class CustomerBalance:
    customer_id: str
    name: str
    phone: str
    credit_limit_paisa: int | None
    balance_paisa: int
    oldest_due: datetime | None


def outstanding(uow: UnitOfWork, actor: Actor) -> list[CustomerBalance]:
    """Every customer who owes something, largest balance first (the owner's udhaar list)."""
    require(actor, Action.MANAGE_CUSTOMERS)
    balances = uow.session.execute(
        select(CreditEntry.customer_id, func.sum(CreditEntry.amount_paisa).label("bal"))
        .group_by(CreditEntry.customer_id).having(func.sum(CreditEntry.amount_paisa) != 0)).all()
    customers = {c.id: c for c in uow.session.scalars(
        select(Customer).where(Customer.id.in_([b.customer_id for b in balances])))} if balances else {}
    result = []
    for b in balances:
        c = customers[b.customer_id]
        oldest = next(iter(open_credit_sales(uow, c.id)), None)
        result.append(CustomerBalance(c.id, c.name, c.phone, c.credit_limit_paisa, b.bal,
                                      oldest.created_at if oldest else None))
    result.sort(key=lambda x: -x.balance_paisa)
    return result
