"""Sample documents: the printer test page, the benchmark and the tests print these.

Amounts are made to add up the way the ledger's do (Σ lines − discount + round-off
= total; paid + credit = total; running balances and aging from the entries).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from ..core.clock import SHOP_TZ
from ..core.money import round_div
from .document import (
    Aging,
    Allocation,
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

SAMPLE_SHOP = ShopHeader(
    name="Gulberg General Store",
    name_ur="گلبرگ جنرل سٹور",
    outlet="Main Market, Gulberg",
    address="12-B Main Market, Gulberg III, Lahore",
    phone="0300-1234567",
    ntn="1234567-8",
    strn="17-00-1234-567-89",
)

_ITEMS = (
    ("Sugar 1kg", "چینی ایک کلو", 1000, "pc", 16000),
    ("Basmati Rice", "باسمتی چاول", 2500, "kg", 38000),
    ("Dalda Cooking Oil 1L", "ڈالڈا کوکنگ آئل", 2000, "pc", 56000),
    ("Tapal Danedar Tea 190g", "تپال دانے دار چائے", 1000, "pc", 47500),
    ("Surf Excel 500g", "سرف ایکسل", 1000, "pc", 34000),
    ("Eggs (dozen)", "انڈے درجن", 1000, "dozen", 33000),
)


def sample_receipt(language: str = "en", *, return_: bool = False, reprint: bool = False) -> ReceiptDoc:
    lines = []
    for name_en, name_ur, qty, unit, price in _ITEMS:
        gross = round_div(price * qty, 1000)
        discount = 2000 if name_en.startswith("Dalda") else 0
        lines.append(ReceiptLine(name_en, qty, unit, price, gross - discount, discount, name_ur))
    subtotal = sum(line.total_paisa for line in lines)
    bill_discount = 5000
    raw_total = subtotal - bill_discount
    round_off = -(raw_total % 100)  # cash bills round down to the rupee
    total = raw_total + round_off
    credit = 50000
    card = 100000
    cash = total - credit - card
    return ReceiptDoc(
        shop=SAMPLE_SHOP,
        receipt_no="GUL-1-000123",
        created_at=datetime(2025, 3, 5, 10, 45, tzinfo=UTC),
        cashier="Ali Raza",
        lines=tuple(lines),
        subtotal_paisa=subtotal,
        bill_discount_paisa=bill_discount,
        tax_paisa=round_div(total * 1800, 11800),
        round_off_paisa=round_off,
        total_paisa=total,
        tenders=(
            Tender("cash", cash + 20_000),  # handed over; Rs 200 back as change
            Tender("card", card, "AUTH 482913"),
            Tender("credit", credit),
        ),
        change_paisa=20000,
        credit_paisa=credit,
        customer_name="Bilal Ahmed",
        customer_balance_paisa=1_275_000,
        footer="Thank you! Goods once sold can be exchanged within 7 days.",
        is_return=return_,
        is_reprint=reprint,
        language="ur" if language == "ur" else "en",
    )


def sample_statement(n_entries: int = 40, *, customer: str = "Bilal Ahmed", items_per_sale: int = 2,
                     ref_prefix: str = "GUL-1") -> StatementDoc:
    """A customer's month: credit sales with items, FIFO-allocated payments, a write-off."""
    start = datetime(2025, 1, 1, 5, 0, tzinfo=UTC)
    opening = 250_000
    balance = opening
    # outstanding credit per sale (FIFO), seeded with the opening balance
    open_sales: list[list] = [[f"{ref_prefix}-000990", start - timedelta(days=75), opening]]
    entries: list[StatementEntry] = []
    for i in range(n_entries):
        at = start + timedelta(hours=9 * i)
        if i % 4 == 3:  # a payment, allocated to the oldest credit sales
            kind, method = ("writeoff", "") if i % 40 == 39 else ("payment", "cash" if i % 8 == 3 else "jazzcash")
            amount = min(balance, 150_000 if kind == "payment" else 5_000)
            if amount <= 0:
                continue
            allocations, left = [], amount
            for sale in open_sales:
                if left == 0:
                    break
                take = min(sale[2], left)
                if take:
                    sale[2] -= take
                    left -= take
                    allocations.append(Allocation(sale[0], take))
            balance -= amount
            entries.append(
                StatementEntry(
                    at, kind, f"PAY-{i:05d}" if kind == "payment" else f"WO-{i:05d}", -amount, balance,
                    allocations=tuple(allocations), method=method,
                    note="Rounding settled" if kind == "writeoff" else "",
                )
            )
            continue
        chosen = [_ITEMS[(i % 3 + k) % len(_ITEMS)] for k in range(items_per_sale)]
        items = tuple(
            StatementItem(name_en, qty, unit, round_div(price * qty, 1000), name_ur)
            for name_en, name_ur, qty, unit, price in chosen
        )
        amount = sum(item.total_paisa for item in items)
        ref = f"{ref_prefix}-{i:06d}"
        balance += amount
        open_sales.append([ref, at, amount])
        entries.append(StatementEntry(at, "sale", ref, amount, balance, items=items))
    end = entries[-1].at if entries else start
    return StatementDoc(
        shop=SAMPLE_SHOP,
        customer_name=customer,
        customer_phone="0321-7654321",
        customer_address="House 4, Street 9, Model Town, Lahore",
        period_from=start.astimezone(SHOP_TZ).date(),
        period_to=end.astimezone(SHOP_TZ).date(),
        opening_balance_paisa=opening,
        entries=tuple(entries),
        closing_balance_paisa=balance,
        aging=aging_of(((at, left) for _ref, at, left in open_sales), end.astimezone(SHOP_TZ).date()),
        generated_at=end,
    )


def aging_of(outstanding, as_of: date) -> Aging:
    """Bucket (credit sale time, outstanding paisa) pairs by age in days."""
    buckets = [0, 0, 0, 0]
    for at, left in outstanding:
        days = (as_of - at.astimezone(SHOP_TZ).date()).days
        index = 0 if days <= 30 else 1 if days <= 60 else 2 if days <= 90 else 3
        buckets[index] += left
    return Aging(*buckets)


def sample_return(language: str = "en", *, reprint: bool = False) -> ReceiptDoc:
    """A return slip: two items back from GUL-1-000123, part to udhaar, the rest in cash."""
    sale = sample_receipt(language)
    lines = (sale.lines[0], replace(sale.lines[2], qty_milli=1000, total_paisa=54_000, discount_paisa=2_000))
    total = sum(line.total_paisa for line in lines)
    return replace(
        sale, receipt_no="GUL-1-000123-R1", created_at=sale.created_at + timedelta(days=2),
        lines=lines, subtotal_paisa=total, bill_discount_paisa=0, round_off_paisa=0, total_paisa=total,
        tax_paisa=round_div(total * 1800, 11800), tenders=(Tender("credit", 50_000), Tender("cash", total - 50_000)),
        change_paisa=0, credit_paisa=50_000, customer_balance_paisa=1_225_000,
        footer="Damaged packing", original_receipt_no=sale.receipt_no, is_return=True, is_reprint=reprint,
    )


def sample_z_report(language: str = "en") -> ZReportDoc:
    by_tender = (
        TenderTotal("cash", 61, 4_512_300),
        TenderTotal("card", 9, 1_250_000),
        TenderTotal("jazzcash", 4, 310_000),
        TenderTotal("easypaisa", 2, 95_000),
        TenderTotal("credit", 7, 820_000),
    )
    opening_float = 500_000
    cash_in, cash_out, refunds, credit_cash = 200_000, 150_000, 45_000, 300_000
    expected = opening_float + 4_512_300 + credit_cash + cash_in - cash_out - refunds
    return ZReportDoc(
        shop=SAMPLE_SHOP,
        shift_label="GUL-1 · morning",
        cashier="Ali Raza",
        opened_at=datetime(2025, 3, 5, 4, 0, tzinfo=UTC),
        closed_at=datetime(2025, 3, 5, 13, 0, tzinfo=UTC),
        sales_count=78,
        sales_total_paisa=sum(t.amount_paisa for t in by_tender),
        by_tender=by_tender,
        returns_count=2,
        returns_total_paisa=60_000,
        cash_refunds_paisa=refunds,
        cash_in_paisa=cash_in,
        cash_out_paisa=cash_out,
        opening_float_paisa=opening_float,
        expected_cash_paisa=expected,
        counted_cash_paisa=expected - 2_000,
        tax_paisa=1_065_000,
        discounts_paisa=42_000,
        line_discounts_paisa=12_000,
        credit_payments_cash_paisa=credit_cash,
        credit_payments=(TenderTotal("cash", None, credit_cash), TenderTotal("jazzcash", None, 120_000)),
        language="ur" if language == "ur" else "en",
    )
