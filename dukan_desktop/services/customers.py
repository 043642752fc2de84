"""Customers: who buys on udhaar. Balances come from services.credit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from ..core.checks import check_bool, check_text
from ..core.errors import InvalidInput, NotFound
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.ids import new_id
from ..core.money import check_paisa
from ..core.permissions import Action, Actor, require
from ..ledger.models import CreditEntry, Customer
from ..ledger.uow import UnitOfWork
from . import settings


@dataclass(frozen=True, slots=True)
class CustomerView:
    id: str
    name: str
    phone: str
    address: str
    credit_limit_paisa: int | None
    notes: str
    active: bool
    balance_paisa: int


def _outbox(uow: UnitOfWork, c: Customer) -> None:
    uow.outbox("customer", new_id(), dict(
        id=c.id, name=c.name, phone=c.phone, address=c.address,
        credit_limit_paisa=c.credit_limit_paisa, notes=c.notes, active=c.active,
        updated_at=c.updated_at))


def _clean_phone(phone: str) -> str:
    phone = "".join(ch for ch in check_text(phone, max_length=40) if ch.isdigit() or ch == "+")
    if phone and not 7 <= len(phone.lstrip("+")) <= 15:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "“{phone}” is not a phone number."), phone=phone)
    return phone


class _ShopDefault:
    def __repr__(self) -> str:
        return "SHOP_DEFAULT"


# `credit_limit_paisa` not given: a new customer gets the shop's default limit
# (setting "default_credit_limit_paisa"), an existing one keeps theirs.
SHOP_DEFAULT = _ShopDefault()


def save_customer(uow: UnitOfWork, actor: Actor, *, customer_id: str | None = None, name: str,
                  phone: str = "", address: str = "",
                  credit_limit_paisa: int | None | _ShopDefault = SHOP_DEFAULT,
                  notes: str = "", active: bool = True) -> str:
    """A cashier may add a customer at the counter (with the shop's default credit limit,
    Rs 0 unless the owner chose otherwise: any udhaar then needs the owner's PIN).
    Changing a customer, and setting or removing (None) a limit, is the owner's."""
    if customer_id is None and credit_limit_paisa is SHOP_DEFAULT:
        require(actor, Action.ADD_CUSTOMER)
    else:
        require(actor, Action.MANAGE_CUSTOMERS)
    name = check_text(name, max_length=200,
                      required=QT_TRANSLATE_NOOP("errors", "Enter the customer's name."))
    if credit_limit_paisa is not SHOP_DEFAULT and credit_limit_paisa is not None:
        if isinstance(credit_limit_paisa, bool) or not isinstance(credit_limit_paisa, int) \
                or credit_limit_paisa < 0:
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The credit limit must be an amount of zero or more."))
        check_paisa(credit_limit_paisa)
    phone = _clean_phone(phone)
    address, notes = check_text(address), check_text(notes, max_length=2000)
    active = check_bool(active)
    now = uow.now()
    if customer_id is None:
        c = Customer(id=new_id(), business_id=settings.get(uow, "business_id"), created_at=now)
        if credit_limit_paisa is SHOP_DEFAULT:
            credit_limit_paisa = settings.get(uow, "default_credit_limit_paisa")
        uow.session.add(c)
    else:
        c = uow.session.get(Customer, customer_id) if isinstance(customer_id, str) else None
        if c is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "No such customer."))
        if credit_limit_paisa is SHOP_DEFAULT:
            credit_limit_paisa = c.credit_limit_paisa
    c.name, c.phone, c.address, c.notes, c.active = name, phone, address, notes, active
    c.credit_limit_paisa, c.updated_at = credit_limit_paisa, now
    uow.session.flush()
    _outbox(uow, c)
    uow.audit(business_id=c.business_id, worker_id=actor.worker_id,
              action="customer.create" if customer_id is None else "customer.update",
              entity="customer", entity_id=c.id, credit_limit_paisa=credit_limit_paisa)
    return c.id


def balance_of(uow: UnitOfWork, customer_id: str) -> int:
    """Σ of the customer's credit entries (a covering index makes this an index scan)."""
    return uow.sql(
        "SELECT COALESCE(SUM(amount_paisa), 0) FROM credit_entries WHERE customer_id = ?",
        (customer_id,))[0][0]


def get_customer(uow: UnitOfWork, customer_id: str) -> CustomerView:
    c = uow.session.get(Customer, customer_id) if isinstance(customer_id, str) else None
    if c is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such customer."))
    return CustomerView(c.id, c.name, c.phone, c.address, c.credit_limit_paisa, c.notes, c.active,
                        balance_of(uow, c.id))


def search_customers(uow: UnitOfWork, query: str, *, limit: int = 30) -> list[CustomerView]:
    """By name (substring) or phone (digits anywhere); balances included."""
    query = query.strip() if isinstance(query, str) else ""
    q = select(Customer).where(Customer.active.is_(True))
    if query:
        digits = "".join(ch for ch in query if ch.isdigit())
        conds = [Customer.name.ilike(f"%{query}%")]
        if len(digits) >= 3:
            conds.append(Customer.phone.like(f"%{digits}%"))
        q = q.where(or_(*conds))
    rows = uow.session.scalars(q.order_by(Customer.name).limit(limit)).all()
    if not rows:
        return []
    balances = dict(uow.session.execute(
        select(CreditEntry.customer_id, func.sum(CreditEntry.amount_paisa))
        .where(CreditEntry.customer_id.in_([c.id for c in rows]))
        .group_by(CreditEntry.customer_id)).all())
    return [CustomerView(c.id, c.name, c.phone, c.address, c.credit_limit_paisa, c.notes, c.active,
                         balances.get(c.id, 0)) for c in rows]
