"""The owner's udhaar desk: every customer with balance and oldest due, a customer's
ledger with running balance, reminder messages (WhatsApp/SMS), statement documents
for printing, and credit aging across customers.

Writes (payments, settle, write-off, adjust, limits) stay in services.credit and
services.customers; this module only reads and composes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote

from sqlalchemy import func, select

from ..core.clock import local_day_bounds, to_local
from ..core.money import format_money
from ..core.permissions import Action, Actor, require
from ..ledger.models import CreditAllocation, CreditEntry, Customer, CustomerPayment
from ..ledger.uow import UnitOfWork
from ..printing import document as doc
from . import credit, settings, shop


@dataclass(frozen=True, slots=True)
class CustomerRow:
    id: str
    name: str
    phone: str
    credit_limit_paisa: int | None
    balance_paisa: int
    oldest_due: datetime | None   # the oldest credit sale still (partly) unpaid
    active: bool

    @property
    def over_limit(self) -> bool:
        return self.credit_limit_paisa is not None and self.balance_paisa > self.credit_limit_paisa


@dataclass(frozen=True, slots=True)
class UdhaarTotals:
    customers_owing: int
    outstanding_paisa: int
    over_limit: int


def customer_rows(uow: UnitOfWork, actor: Actor) -> list[CustomerRow]:
    """Every customer with balance and oldest due, in three queries (not one per customer)."""
    require(actor, Action.MANAGE_CUSTOMERS)
    conn = uow.session.connection()
    balances = dict(conn.execute(
        select(CreditEntry.customer_id, func.sum(CreditEntry.amount_paisa))
        .group_by(CreditEntry.customer_id)).all())
    covered = (select(CreditAllocation.sale_id, func.sum(CreditAllocation.amount_paisa).label("paid"))
               .group_by(CreditAllocation.sale_id).subquery())
    open_sales = conn.execute(
        select(CreditEntry.customer_id, func.min(CreditEntry.created_at))
        .outerjoin(covered, covered.c.sale_id == CreditEntry.sale_id)
        .where(CreditEntry.kind == "sale",
               CreditEntry.amount_paisa > func.coalesce(covered.c.paid, 0))
        .group_by(CreditEntry.customer_id)).all()
    oldest = {cid: _as_utc(ts) for cid, ts in open_sales}
    rows = conn.execute(select(Customer.id, Customer.name, Customer.phone,
                               Customer.credit_limit_paisa, Customer.active)
                        .order_by(Customer.name)).all()
    return [CustomerRow(r[0], r[1], r[2], r[3], balances.get(r[0], 0) or 0,
                        oldest.get(r[0]) if balances.get(r[0], 0) > 0 else None, bool(r[4]))
            for r in rows]


def _as_utc(ts: datetime | str | None) -> datetime | None:
    if ts is None:
        return None
    if isinstance(ts, str):  # func.min() over a datetime column comes back as text in SQLite
        ts = datetime.fromisoformat(ts)
    return ts if ts.tzinfo else ts.replace(tzinfo=UTC)


def totals(rows: list[CustomerRow]) -> UdhaarTotals:
    owing = [r for r in rows if r.balance_paisa > 0]
    return UdhaarTotals(len(owing), sum(r.balance_paisa for r in owing),
                        sum(1 for r in owing if r.over_limit))


def ledger(uow: UnitOfWork, actor: Actor, customer_id: str) -> credit.Statement:
    """The customer's whole history with running balance (oldest first)."""
    require(actor, Action.MANAGE_CUSTOMERS)
    start = datetime(2000, 1, 1, tzinfo=UTC)
    return credit.statement(uow, actor, customer_id, start, uow.now() + timedelta(days=1))


# -- reminders -----------------------------------------------------------------------

REMINDER_TEMPLATES = {
    "en": ("Assalam-o-Alaikum {name}, this is a reminder from {shop}. Your udhaar balance is "
           "{amount}{since}. Please pay at your convenience. Thank you!"),
    "ur": ("السلام علیکم {name}، {shop} کی طرف سے یاد دہانی: آپ کا ادھار {amount} ہے{since}۔ "
           "براہ کرم سہولت کے مطابق ادائیگی کر دیں۔ شکریہ!"),
}
_SINCE = {"en": " (oldest unpaid bill from {day})", "ur": " (سب سے پرانا بل {day} کا)"}


def reminder_text(uow: UnitOfWork, actor: Actor, customer_id: str, language: str = "en") -> str:
    """A polite reminder in Urdu or English, ready to paste into WhatsApp or an SMS."""
    require(actor, Action.MANAGE_CUSTOMERS)
    language = language if language in REMINDER_TEMPLATES else "en"
    c = uow.session.get(Customer, customer_id)
    balance = credit.balance_of(uow, customer_id)
    first_open = next(iter(credit.open_credit_sales(uow, customer_id)), None)
    since = ""
    if first_open is not None:
        since = _SINCE[language].format(day=f"{to_local(first_open.created_at):%d/%m/%Y}")
    return REMINDER_TEMPLATES[language].format(
        name=c.name, shop=shop.business_profile(uow)["name"],
        amount=format_money(balance, settings.money_format(uow)), since=since)


def international_phone(phone: str) -> str:
    """'0300-1234567' -> '923001234567' (what wa.me wants: digits with country code)."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if digits.startswith("00"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = "92" + digits[1:]
    return digits


def whatsapp_link(phone: str, text: str) -> str:
    number = international_phone(phone)
    return f"https://wa.me/{number}?text={quote(text)}" if number else f"https://wa.me/?text={quote(text)}"


def sms_link(phone: str, text: str) -> str:
    return f"sms:+{international_phone(phone)}?body={quote(text)}"


# -- statement document (printed through dukan_desktop.printing) -----------------------

def statement_doc(uow: UnitOfWork, actor: Actor, customer_id: str, start: date, end: date,
                  language: str = "en") -> doc.StatementDoc:
    """The printing issue's StatementDoc for local days [start, end]."""
    require(actor, Action.MANAGE_CUSTOMERS)
    lo, hi = local_day_bounds(start)[0], local_day_bounds(end)[1]
    st = credit.statement(uow, actor, customer_id, lo, hi)
    c = uow.session.get(Customer, customer_id)
    methods = dict(uow.session.execute(
        select(CustomerPayment.id, CustomerPayment.method)
        .where(CustomerPayment.customer_id == customer_id)).all())
    pay_ids = dict(uow.session.execute(
        select(CreditEntry.id, CreditEntry.payment_id)
        .where(CreditEntry.customer_id == customer_id, CreditEntry.kind == "payment")).all())
    entries = tuple(doc.StatementEntry(
        at=_as_utc(e.created_at), kind=e.kind, reference=e.reference, amount_paisa=e.amount_paisa,
        balance_paisa=e.running_balance_paisa,
        items=tuple(doc.StatementItem(i.name_en, i.qty_milli, i.unit, i.total_paisa, i.name_ur)
                    for i in e.items),
        allocations=tuple(doc.Allocation(ref, paisa) for ref, paisa in e.allocations),
        method=methods.get(pay_ids.get(e.entry_id), "") if e.kind == "payment" else "",
        note=e.reason) for e in st.entries)
    profile = shop.business_profile(uow)
    ctx = shop.context(uow)
    b = st.aging.buckets
    return doc.StatementDoc(
        shop=doc.ShopHeader(profile["name"], profile["address"], profile["phone"], profile["ntn"],
                            profile["strn"], outlet=ctx.outlet_name),
        customer_name=c.name, period_from=start, period_to=end,
        opening_balance_paisa=st.opening_balance_paisa, entries=entries,
        closing_balance_paisa=st.closing_balance_paisa,
        aging=doc.Aging(b[0], b[1], b[2], b[3]), customer_phone=c.phone,
        customer_address=c.address, generated_at=uow.now(),
        language="ur" if language == "ur" else "en", money_format=settings.money_format(uow))


# -- aging across customers (reports) -----------------------------------------------------

@dataclass(frozen=True, slots=True)
class AgingRow:
    customer_id: str
    name: str
    phone: str
    buckets: tuple[int, int, int, int]
    total_paisa: int


def aging_report(uow: UnitOfWork, actor: Actor, as_of: datetime | None = None) -> list[AgingRow]:
    """Outstanding udhaar by age (0–30, 31–60, 61–90, 90+ days), largest first."""
    require(actor, Action.VIEW_REPORTS)
    result = []
    for b in credit.outstanding(uow, actor):
        if b.balance_paisa <= 0:
            continue
        a = credit.aging(uow, b.customer_id, as_of)
        result.append(AgingRow(b.customer_id, b.name, b.phone, a.buckets, a.total))
    return result
