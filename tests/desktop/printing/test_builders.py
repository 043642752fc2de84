"""Documents built from a real ledger (services on a per-test SQLite file) add up to it."""

from __future__ import annotations

import re
from dataclasses import replace
from io import BytesIO

import pytest
from pypdf import PdfReader

from dukan_desktop.core.clock import to_local
from dukan_desktop.core.errors import NotFound
from dukan_desktop.core.money import format_money
from dukan_desktop.core.quantity import extend_price
from dukan_desktop.printing.builders import (
    find_receipt,
    last_receipt_no,
    receipt_by_number,
    receipt_for_return,
    receipt_for_sale,
    statement_for,
    z_report_for,
)
from dukan_desktop.printing.document import Aging
from dukan_desktop.printing.pdf import receipt_pdf, z_report_pdf
from dukan_desktop.printing.pdf_statement import statement_pdf
from dukan_desktop.printing.printers import PrinterConfig, PrintService
from dukan_desktop.printing.receipt_layout import receipt_rows
from dukan_desktop.services import credit, customers, returns, sales, shifts
from dukan_desktop.services.sales import Cart, CartLine, TenderInput


def _day_of_trading(s):
    """Open a shift, sell on credit and for cash, take a payment, return an item."""
    with s.uow() as uow:
        shift_id = shifts.open_shift(uow, s.cashier, 500_000)
        cart = Cart((CartLine(s.products["rice"], 2_500), CartLine(s.products["soap"], 2_000),
                     CartLine(s.products["milk"], 1_000)), customer_id=s.customer_id)
        q = sales.quote(uow, cart)
        credit_sale = sales.complete_sale(uow, s.cashier, cart,
                                          [TenderInput("credit", 60_000),
                                           TenderInput("cash", q.total_paisa - 60_000 + 5_000)],
                                          shift_id=shift_id)
        uow.commit()
    s.clock.advance(hours=2)
    with s.uow() as uow:
        cash_sale = sales.complete_sale(uow, s.cashier, Cart((CartLine(s.products["eggs"], 1_000, discount_paisa=1_000),)),
                                        [TenderInput("cash", 50_000)], shift_id=shift_id)
        credit.record_payment(uow, s.cashier, s.customer_id, 20_000, method="jazzcash",
                              reference="JC-991", shift_id=shift_id)
        uow.commit()
    s.clock.advance(hours=1)
    with s.uow() as uow:
        ret = returns.create_return(uow, s.owner, cash_sale.sale_id, reason="broken eggs",
                                    shift_id=shift_id)
        uow.commit()
    return shift_id, credit_sale, cash_sale, ret


def test_sale_receipt_matches_the_ledger(test_shop, tmp_path):
    s = test_shop
    _, credit_sale, _, _ = _day_of_trading(s)
    with s.uow(write=False) as uow:
        doc = receipt_for_sale(uow, sale_id=credit_sale.sale_id)
        view = sales.get_sale(uow, sale_id=credit_sale.sale_id)
        balance_now = customers.balance_of(uow, s.customer_id)
    assert doc.receipt_no == credit_sale.receipt_no and doc.total_paisa == view.total_paisa
    assert doc.subtotal_paisa - doc.bill_discount_paisa + doc.round_off_paisa == doc.total_paisa
    assert doc.credit_paisa == 60_000 and doc.change_paisa == 5_000
    assert doc.customer_name == "Rashid Khan" and doc.cashier == "Bilal"
    assert doc.customer_balance_paisa == 60_000  # at the time of the sale, not now
    assert balance_now == 40_000
    assert [line.name_ur for line in doc.lines][0] == "باسمتی چاول"
    text = PdfReader(BytesIO(receipt_pdf(doc))).pages[0].extract_text(extraction_mode="layout")
    assert "Basmati Rice" in text and format_money(doc.total_paisa) in text
    out = tmp_path / "lp0"
    PrintService(PrinterConfig(kind="file", address=str(out))).print_receipt(doc)
    assert b"Madina General Store" in out.read_bytes() and b"\x1bp\x00" in out.read_bytes()


def test_return_slip(test_shop):
    s = test_shop
    _, _, cash_sale, ret = _day_of_trading(s)
    with s.uow(write=False) as uow:
        doc = receipt_for_return(uow, ret.return_id)
    assert doc.is_return and doc.original_receipt_no == cash_sale.receipt_no
    assert doc.total_paisa == ret.total_paisa == sum(t.amount_paisa for t in doc.tenders)
    assert "broken eggs" in doc.footer


def test_statement_adds_up_to_the_customers_balance(test_shop):
    s = test_shop
    _day_of_trading(s)
    today = to_local(s.clock.now()).date()
    with s.uow(write=False) as uow:
        doc = statement_for(uow, s.owner, s.customer_id, today, today)
        balance = customers.balance_of(uow, s.customer_id)
    doc.check_consistent()
    assert doc.closing_balance_paisa == balance == doc.aging.total_paisa
    kinds = [e.kind for e in doc.entries]
    assert kinds == ["sale", "payment"]
    assert doc.entries[1].method == "jazzcash" and doc.entries[1].allocations[0].amount_paisa == 20_000
    assert {i.name_en for i in doc.entries[0].items} == {"Basmati Rice", "Lux Soap", "Milk Pack 1L"}
    pages = [p.extract_text(extraction_mode="layout") for p in PdfReader(BytesIO(statement_pdf(doc))).pages]
    assert "Rashid Khan" in pages[0]
    assert format_money(balance) in pages[-1]


def test_z_report_from_a_closed_shift(test_shop):
    s = test_shop
    shift_id, *_ = _day_of_trading(s)
    with s.uow() as uow:
        closed = shifts.close_shift(uow, s.cashier, shift_id, 500_000)
        uow.commit()
    with s.uow(write=False) as uow:
        doc = z_report_for(uow, s.owner, shift_id)
    assert doc.expected_cash_paisa == closed.expected_cash_paisa
    assert doc.line_discounts_paisa == 1_000  # the eggs' line discount counts as a discount given
    assert doc.discounts_paisa == closed.discounts_paisa + 1_000
    assert [(t.method, t.amount_paisa) for t in doc.credit_payments] == [("jazzcash", 20_000)]
    assert doc.credit_payments_other_paisa == 20_000 and doc.credit_payments_cash_paisa == 0
    assert doc.difference_paisa == 500_000 - closed.expected_cash_paisa
    assert sum(t.amount_paisa for t in doc.by_tender) == doc.sales_total_paisa
    assert doc.returns_count == 1
    text = PdfReader(BytesIO(z_report_pdf(replace(doc)))).pages[0].extract_text(extraction_mode="layout")
    assert format_money(doc.expected_cash_paisa) in text and "Bilal" in text
    assert "Udhaar collected" in text and "JazzCash" in text
    assert format_money(doc.discounts_paisa) in text


def _paisa(text: str) -> int:
    sign = -1 if text.strip().startswith("-") else 1
    rupees, paisa = re.sub(r"[^\d.]", "", text).split(".")
    return sign * (int(rupees) * 100 + int(paisa))


def test_exclusive_tax_lines_multiply_out_on_sale_and_return(test_shop):
    s = test_shop
    _, credit_sale, _, _ = _day_of_trading(s)
    with s.uow() as uow:
        ret = returns.create_return(uow, s.owner, credit_sale.sale_id,
                                    [(_line_id(uow, credit_sale.sale_id, "Lux Soap"), 1_000)], reason="torn")
        uow.commit()
    with s.uow(write=False) as uow:
        sale_doc = receipt_for_sale(uow, sale_id=credit_sale.sale_id)
        return_doc = receipt_for_return(uow, ret.return_id)
    for doc in (sale_doc, return_doc):
        soap = next(line for line in doc.lines if line.name_en == "Lux Soap")
        assert soap.added_tax_paisa and soap.added_tax_bp == 1800
        rows = receipt_rows(doc)
        i = next(k for k, row in enumerate(rows) if row.left == "Lux Soap")
        detail = rows[i + 1]
        qty = int(detail.left.split(" x ")[0])
        assert _paisa(detail.right) == qty * 15_000 == extend_price(15_000, soap.qty_milli)
        figures = [_paisa(row.right) for row in rows[i + 1:i + 4] if row.indent]
        assert "+ GST 18%" in [row.left for row in rows[i + 1:i + 4]]
        assert sum(figures) == soap.total_paisa
    assert return_doc.total_paisa == sum(line.total_paisa for line in return_doc.lines)


def _line_id(uow, sale_id: str, name: str) -> str:
    return next(ln["id"] for ln in sales.get_sale(uow, sale_id=sale_id).lines if ln["name_en"] == name)


def test_past_period_statement_ages_to_its_end_date(test_shop):
    """A period that ended weeks ago, with a return to credit beyond what its sale owed and a
    write-off; the customer paid and bought more after it. The aging is as on the last day
    of the period and adds up to the closing balance."""
    s = test_shop
    start = to_local(s.clock.now()).date()
    with s.uow() as uow:
        sale_a = sales.complete_sale(uow, s.cashier, Cart((CartLine(s.products["rice"], 2_000),),
                                                          customer_id=s.customer_id),
                                     [TenderInput("credit", 30_000), TenderInput("cash", 46_000)])
        uow.commit()
    s.clock.advance(days=20)
    with s.uow() as uow:
        sales.complete_sale(uow, s.cashier, Cart((CartLine(s.products["soap"], 2_000),),
                                                          customer_id=s.customer_id),
                                     [TenderInput("credit", 35_400)])
        uow.commit()
    s.clock.advance(days=5)
    with s.uow() as uow:  # Rs 380 back to udhaar; sale A owed only Rs 300 of it
        ret = returns.create_return(uow, s.owner, sale_a.sale_id, [(_line_id(uow, sale_a.sale_id, "Basmati Rice"), 1_000)],
                                    refund="credit", reason="stale")
        uow.commit()
    s.clock.advance(days=10)
    with s.uow() as uow:
        credit.write_off(uow, s.owner, s.customer_id, 10_000, reason="goodwill")
        uow.commit()
    end = to_local(s.clock.now()).date()
    s.clock.advance(days=40)
    with s.uow() as uow:  # after the period: must not change its statement
        credit.record_payment(uow, s.cashier, s.customer_id, 5_000, method="cash")
        sales.complete_sale(uow, s.cashier, Cart((CartLine(s.products["milk"], 1_000),), customer_id=s.customer_id),
                            [TenderInput("credit", 22_000)])
        uow.commit()
    with s.uow(write=False) as uow:
        doc = statement_for(uow, s.owner, s.customer_id, start, end)
        now_doc = statement_for(uow, s.owner, s.customer_id, start, to_local(s.clock.now()).date())
        balance_now = customers.balance_of(uow, s.customer_id)
    assert ret.refund_credit_paisa == 38_000
    assert [e.kind for e in doc.entries] == ["sale", "sale", "return", "writeoff"]
    assert doc.closing_balance_paisa == 30_000 + 35_400 - 38_000 - 10_000 == 17_400
    # sale A is covered; sale B (15 days old on the last day) owes 35,400 − 10,000 written
    # off − 8,000 of the return's unallocated credit
    assert doc.aging == Aging(17_400, 0, 0, 0)
    doc.check_consistent()
    text = "\n".join(p.extract_text(extraction_mode="layout") for p in PdfReader(BytesIO(statement_pdf(doc))).pages)
    total_due = next(line for line in text.splitlines() if "Total due" in line)
    assert _paisa(total_due.split("Total due")[1]) == doc.closing_balance_paisa
    assert ret.receipt_no in text and "goodwill" in text
    # the statement that runs to today still agrees with the ledger's balance
    assert now_doc.closing_balance_paisa == balance_now == now_doc.aging.total_paisa


def test_older_debt_lands_in_older_buckets(test_shop):
    s = test_shop
    start = to_local(s.clock.now()).date()
    with s.uow() as uow:
        sales.complete_sale(uow, s.cashier, Cart((CartLine(s.products["milk"], 1_000),), customer_id=s.customer_id),
                            [TenderInput("credit", 22_000)])
        uow.commit()
    s.clock.advance(days=70)
    with s.uow() as uow:
        sales.complete_sale(uow, s.cashier, Cart((CartLine(s.products["milk"], 1_000),), customer_id=s.customer_id),
                            [TenderInput("credit", 22_000)])
        uow.commit()
    end = to_local(s.clock.now()).date()
    s.clock.advance(days=3)
    with s.uow(write=False) as uow:
        doc = statement_for(uow, s.owner, s.customer_id, start, end)
    assert doc.aging == Aging(22_000, 0, 22_000, 0)
    statement_pdf(doc)


def test_any_receipt_or_return_slip_by_number(test_shop):
    s = test_shop
    _, credit_sale, cash_sale, ret = _day_of_trading(s)
    with s.uow(write=False) as uow:
        assert last_receipt_no(uow) == ret.receipt_no  # the return came last
        first = receipt_by_number(uow, s.cashier, credit_sale.receipt_no.lower())
        slip = receipt_by_number(uow, s.cashier, ret.receipt_no)
        with pytest.raises(NotFound):
            find_receipt(uow, s.cashier, "GUL-9-999999")
    assert first.is_reprint and first.receipt_no == credit_sale.receipt_no and not first.is_return
    assert slip.is_reprint and slip.is_return and slip.original_receipt_no == cash_sale.receipt_no
    out = s.ledger.path.parent / "lp0"
    PrintService(PrinterConfig(kind="file", address=str(out), drawer_pin=2)).reprint(slip)
    data = out.read_bytes()
    assert b"REPRINT" in data and b"RETURN" in data and b"\x1bp" not in data
