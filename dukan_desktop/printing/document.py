"""What gets printed: receipts, credit statements and Z reports as plain data.

One model, three renderers (ESC/POS text, ESC/POS raster, PDF). Everything here is
frozen plain data — money in int paisa, quantities in int milli-units, datetimes
UTC-aware — so a service can build a document inside its unit of work and hand it
to a background printing job without any ORM object leaking out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from ..core.money import DEFAULT_FORMAT, MoneyFormat

Language = Literal["en", "ur"]


@dataclass(frozen=True, slots=True)
class ShopHeader:
    name: str
    address: str = ""
    phone: str = ""
    ntn: str = ""
    strn: str = ""
    outlet: str = ""  # outlet name, printed under the shop name
    name_ur: str = ""  # the shop's name in Urdu, used on Urdu documents when set


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    name_en: str
    qty_milli: int
    unit: str  # core.quantity.Unit value
    unit_price_paisa: int
    total_paisa: int  # qty × price − line discount (before the bill discount)
    discount_paisa: int = 0
    name_ur: str = ""
    # GST added on top of an exclusive-tax price (0 when the price includes it), so
    # qty × price − discount + added tax = total on every receipt.
    added_tax_paisa: int = 0
    added_tax_bp: int = 0  # the rate of that GST, for the label

    @property
    def gross_paisa(self) -> int:
        """qty × price before the line discount and the added tax."""
        return self.total_paisa + self.discount_paisa - self.added_tax_paisa


@dataclass(frozen=True, slots=True)
class Tender:
    method: str  # cash, card, jazzcash, easypaisa, raast, bank, credit
    amount_paisa: int  # applied to the bill; for cash, what was handed over (change is separate)
    reference: str = ""


@dataclass(frozen=True, slots=True)
class ReceiptDoc:
    shop: ShopHeader
    receipt_no: str
    created_at: datetime  # UTC-aware; printed in Asia/Karachi
    cashier: str
    lines: tuple[ReceiptLine, ...]
    subtotal_paisa: int
    total_paisa: int
    bill_discount_paisa: int = 0
    tax_paisa: int = 0  # GST included in the total (or added, per tax mode)
    round_off_paisa: int = 0
    tenders: tuple[Tender, ...] = ()
    change_paisa: int = 0
    credit_paisa: int = 0  # put on udhaar by this sale (or taken off by a return)
    customer_name: str = ""
    customer_balance_paisa: int | None = None  # the customer's balance after this sale
    footer: str = ""
    original_receipt_no: str = ""  # for a return: the sale it returns against
    is_return: bool = False
    is_void: bool = False
    is_reprint: bool = False
    language: Language = "en"
    money_format: MoneyFormat = DEFAULT_FORMAT

    @property
    def opens_drawer(self) -> bool:
        """Cash went into (or, for a return, out of) the drawer: it should open once."""
        return any(t.method == "cash" and t.amount_paisa > 0 for t in self.tenders)


@dataclass(frozen=True, slots=True)
class StatementItem:
    name_en: str
    qty_milli: int
    unit: str
    total_paisa: int
    name_ur: str = ""


@dataclass(frozen=True, slots=True)
class Allocation:
    """Part of a payment (return, write-off) applied to one credit sale."""

    sale_reference: str  # receipt number of the credit sale
    amount_paisa: int


StatementKind = Literal["sale", "payment", "return", "writeoff", "adjustment"]


@dataclass(frozen=True, slots=True)
class StatementEntry:
    at: datetime  # UTC-aware
    kind: StatementKind
    reference: str  # receipt number, payment reference
    amount_paisa: int  # + the customer owes more, − less (as credit_entries)
    balance_paisa: int  # running balance after this entry
    items: tuple[StatementItem, ...] = ()  # credit sales: what was bought
    allocations: tuple[Allocation, ...] = ()  # payments etc.: which sales they settled
    method: str = ""  # payments: cash, card, ...
    note: str = ""  # write-off / adjustment reason


@dataclass(frozen=True, slots=True)
class Aging:
    """Outstanding credit by age of the credit sale it belongs to (days)."""

    d0_30_paisa: int = 0
    d31_60_paisa: int = 0
    d61_90_paisa: int = 0
    d90_plus_paisa: int = 0

    @property
    def total_paisa(self) -> int:
        return self.d0_30_paisa + self.d31_60_paisa + self.d61_90_paisa + self.d90_plus_paisa

    def buckets(self) -> tuple[tuple[str, int], ...]:
        return (
            ("0-30", self.d0_30_paisa),
            ("31-60", self.d31_60_paisa),
            ("61-90", self.d61_90_paisa),
            ("90+", self.d90_plus_paisa),
        )


@dataclass(frozen=True, slots=True)
class StatementDoc:
    shop: ShopHeader
    customer_name: str
    period_from: date  # local (Asia/Karachi) calendar dates, inclusive
    period_to: date
    opening_balance_paisa: int
    entries: tuple[StatementEntry, ...]
    closing_balance_paisa: int
    aging: Aging = field(default_factory=Aging)
    customer_phone: str = ""
    customer_address: str = ""
    generated_at: datetime | None = None
    language: Language = "en"
    money_format: MoneyFormat = DEFAULT_FORMAT

    def totals(self) -> dict[str, int]:
        """Sums by kind over the period, in paisa (signs as in the ledger)."""
        sums = {"sale": 0, "payment": 0, "return": 0, "writeoff": 0, "adjustment": 0}
        for e in self.entries:
            sums[e.kind] += e.amount_paisa
        return sums

    def check_consistent(self) -> None:
        """A statement that does not add up must never reach a customer."""
        balance = self.opening_balance_paisa
        for e in self.entries:
            balance += e.amount_paisa
            if e.balance_paisa != balance:
                raise ValueError(f"running balance of {e.reference!r} is {e.balance_paisa}, expected {balance}")
        if balance != self.closing_balance_paisa:
            raise ValueError(f"closing balance {self.closing_balance_paisa} != {balance}")
        # Aging is what is owed at the end of the period, by age: it is the closing
        # balance when the customer owes, and nothing when they are square or in credit.
        if self.aging.total_paisa != max(self.closing_balance_paisa, 0):
            raise ValueError("aging buckets do not add up to the closing balance")


@dataclass(frozen=True, slots=True)
class TenderTotal:
    method: str
    count: int | None  # None: not known (the count is not printed)
    amount_paisa: int


@dataclass(frozen=True, slots=True)
class ZReportDoc:
    shop: ShopHeader
    shift_label: str  # e.g. "GUL-1 shift of Ali"
    cashier: str
    opened_at: datetime
    closed_at: datetime | None
    sales_count: int
    sales_total_paisa: int
    by_tender: tuple[TenderTotal, ...]
    returns_count: int
    returns_total_paisa: int  # refunded, positive
    cash_refunds_paisa: int  # part of the returns paid from the drawer
    cash_in_paisa: int
    cash_out_paisa: int
    opening_float_paisa: int
    expected_cash_paisa: int
    counted_cash_paisa: int | None  # None while the shift is open
    tax_paisa: int = 0
    discounts_paisa: int = 0  # all discounts given: on items and on bills
    line_discounts_paisa: int = 0  # the part given on items
    credit_payments_cash_paisa: int = 0  # udhaar collected in cash during the shift
    credit_payments: tuple[TenderTotal, ...] = ()  # udhaar collected, by method (cash included)
    is_reprint: bool = False
    language: Language = "en"
    money_format: MoneyFormat = DEFAULT_FORMAT

    @property
    def credit_payments_other_paisa(self) -> int:
        """Udhaar collected by card, JazzCash, bank …: not in the drawer."""
        return sum(t.amount_paisa for t in self.credit_payments if t.method != "cash")

    @property
    def difference_paisa(self) -> int | None:
        """Counted − expected: negative is a shortage."""
        if self.counted_cash_paisa is None:
            return None
        return self.counted_cash_paisa - self.expected_cash_paisa
