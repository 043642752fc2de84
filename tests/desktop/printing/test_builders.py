"""Documents built from a real ledger (services on a per-test SQLite file) add up to it."""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO

from pypdf import PdfReader

from dukan_desktop.core.clock import to_local
from dukan_desktop.core.money import format_money
from dukan_desktop.printing.builders import (
    receipt_for_return,
    receipt_for_sale,
    statement_for,
    z_report_for,
)
from dukan_desktop.printing.pdf import receipt_pdf, z_report_pdf
from dukan_desktop.printing.pdf_statement import statement_pdf
from dukan_desktop.printing.printers import PrinterConfig, PrintService
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
        cash_sale = sales.complete_sale(uow, s.cashier, Cart((CartLine(s.products["eggs"], 1_000),)),
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
    assert doc.difference_paisa == 500_000 - closed.expected_cash_paisa
    assert sum(t.amount_paisa for t in doc.by_tender) == doc.sales_total_paisa
    assert doc.returns_count == 1
    text = PdfReader(BytesIO(z_report_pdf(replace(doc)))).pages[0].extract_text(extraction_mode="layout")
    assert format_money(doc.expected_cash_paisa) in text and "Bilal" in text
