"""Bad input to any service is a typed DukanError with a message a person can read,
never a TypeError or an IntegrityError, and it changes nothing."""

import pytest

from dukan_desktop.core.errors import DukanError
from dukan_desktop.services import (
    catalog,
    credit,
    customers,
    held,
    returns,
    sales,
    settings,
    shifts,
    shop,
    stock,
    workers,
)
from dukan_desktop.services.catalog import ProductInput
from dukan_desktop.services.sales import Cart, CartLine, TenderInput
from dukan_desktop.services.testing import ledger_snapshot as _snapshot

NO_OUTLET = "01a2d6b0-0000-7000-8000-00000000dead"


def ledger_snapshot(shop_) -> dict[str, tuple]:
    return _snapshot(shop_.ledger)


def bad_calls(s):
    pid, cid, outlet, worker = s.products["milk"], s.customer_id, s.ctx.outlet_id, s.cashier.worker_id
    milk = Cart((CartLine(pid, 1000),))
    cash = [TenderInput("cash", 22000)]
    return {
        "product tax rate as text": lambda u: catalog.create_product(
            u, s.owner, ProductInput("Tea", 50000, tax_rate_bp="18")),
        "product name not text": lambda u: catalog.create_product(u, s.owner, ProductInput(5, 50000)),
        "product barcodes not text": lambda u: catalog.create_product(
            u, s.owner, ProductInput("Tea", 50000, barcodes=(123,))),
        "product price as float": lambda u: catalog.update_product(
            u, s.owner, pid, ProductInput("Milk", 220.0)),
        "product active as text": lambda u: catalog.create_product(
            u, s.owner, ProductInput("Tea", 50000, active="yes")),
        "supplier terms as text": lambda u: catalog.save_supplier(u, s.owner, name="S", payment_terms_days="30"),
        "supplier name not text": lambda u: catalog.save_supplier(u, s.owner, name=None),
        "stock adjust as text": lambda u: stock.adjust(u, s.owner, outlet, pid, "5000", reason="recount"),
        "stock adjust zero": lambda u: stock.adjust(u, s.owner, outlet, pid, 0, reason="recount"),
        "stock receive bad items": lambda u: stock.receive(u, s.owner, outlet, [(pid, 1000)], supplier_id=None),
        "stock receive unknown outlet": lambda u: stock.receive(
            u, s.owner, NO_OUTLET, [(pid, 1000, None)], supplier_id=None),
        "transfer bad items": lambda u: stock.transfer(u, s.owner, outlet, NO_OUTLET, [pid]),
        "worker at unknown outlet": lambda u: workers.create_worker(
            u, s.owner, name="W", pin="1111", outlet_id=NO_OUTLET),
        "worker moved to unknown outlet": lambda u: workers.update_worker(
            u, s.owner, worker, outlet_id=NO_OUTLET),
        "worker name not text": lambda u: workers.create_worker(u, s.owner, name=7, pin="1111", outlet_id=outlet),
        "worker pin not text": lambda u: workers.create_worker(u, s.owner, name="W", pin=1111, outlet_id=outlet),
        "worker bad role": lambda u: workers.create_worker(u, s.owner, name="W", pin="1111", role="boss"),
        "credit limit True": lambda u: customers.save_customer(u, s.owner, name="C", credit_limit_paisa=True),
        "customer name not text": lambda u: customers.save_customer(u, s.owner, name=None),
        "customer phone not text": lambda u: customers.save_customer(u, s.owner, name="C", phone=3001234567),
        "payment reference not text": lambda u: credit.record_payment(u, s.owner, cid, 100, reference=5),
        "payment allocation shape": lambda u: credit.record_payment(u, s.owner, cid, 100, allocations=["x"]),
        "payment unknown customer": lambda u: credit.record_payment(u, s.owner, ["c"], 100),
        "adjust reason not text": lambda u: credit.adjust(u, s.owner, cid, 100, reason=None),
        "sale line qty as text": lambda u: sales.complete_sale(u, s.owner, Cart((CartLine(pid, "1"),)), cash),
        "sale product id not text": lambda u: sales.complete_sale(u, s.owner, Cart((CartLine(["p"], 1000),)), cash),
        "sale not a cart": lambda u: sales.complete_sale(u, s.owner, [CartLine(pid, 1000)], cash),
        "sale tender not a tender": lambda u: sales.complete_sale(u, s.owner, milk, [("cash", 22000)]),
        "sale tender reference": lambda u: sales.complete_sale(
            u, s.owner, milk, [TenderInput("jazzcash", 22000, reference=None)]),
        "sale discount as text": lambda u: sales.complete_sale(
            u, s.owner, Cart(milk.lines, bill_discount_paisa="10"), cash),
        "sale shift as number": lambda u: sales.complete_sale(u, s.owner, milk, cash, shift_id=5),
        "hold not a cart": lambda u: held.hold_bill(u, s.owner, "milk"),
        "return lines shape": lambda u: returns.create_return(
            u, s.owner, sales.complete_sale(u, s.owner, milk, cash).sale_id, ["x"]),
        "return unknown sale": lambda u: returns.create_return(u, s.owner, 42, None),
        "void reason not text": lambda u: returns.void_sale(
            u, s.owner, sales.complete_sale(u, s.owner, milk, cash).sale_id, reason=None),
        "shift float as text": lambda u: shifts.open_shift(u, s.owner, "100"),
        "cash movement reason": lambda u: shifts.cash_movement(
            u, s.owner, shifts.open_shift(u, s.owner, 0), "in", 100, None),
        "outlet name not text": lambda u: shop.create_outlet(u, s.owner, name=None, code="X1"),
        "outlet code not text": lambda u: shop.create_outlet(u, s.owner, name="X", code=12),
        "outlet update active as text": lambda u: shop.update_outlet(u, s.owner, outlet, active="no"),
        "business unknown field": lambda u: shop.update_business(u, s.owner, owner="me"),
        "business name empty": lambda u: shop.update_business(u, s.owner, name=" "),
        "settings not a dict": lambda u: settings.update_settings(u, s.owner, [("round_off", "none")]),
        "barcode lookup not text": lambda u: catalog.lookup_barcode(u, s.owner, 8964000000017),
    }


NAMES = list(bad_calls(type("S", (), {
    "products": {"milk": "p"}, "customer_id": "c", "cashier": type("A", (), {"worker_id": "w"})(),
    "owner": None, "ctx": type("C", (), {"outlet_id": "o"})()})()))


@pytest.mark.parametrize("name", NAMES)
def test_bad_input_is_a_typed_error_and_changes_nothing(test_shop, name):
    s = test_shop
    before = ledger_snapshot(s)
    with s.uow() as uow, pytest.raises(DukanError) as err:
        bad_calls(s)[name](uow)
        uow.commit()
    assert err.value.message
    assert ledger_snapshot(s) == before


def test_an_inactive_product_is_not_sold_even_by_id(test_shop):
    s = test_shop
    with s.uow() as uow:
        catalog.update_product(uow, s.owner, s.products["eggs"], ProductInput(
            "Eggs (dozen)", 36000, tax_mode="exempt", tax_rate_bp=0, active=False))
        uow.commit()
    before = ledger_snapshot(s)
    with s.uow() as uow, pytest.raises(DukanError, match="no longer sold"):
        sales.complete_sale(uow, s.cashier, Cart((CartLine(s.products["eggs"], 1000),)),
                            [TenderInput("cash", 36000)])
    assert ledger_snapshot(s) == before


def test_readers_take_bad_input_calmly(test_shop):
    from dukan_desktop.core.errors import NotFound

    s = test_shop
    with s.uow(write=False) as uow:
        assert isinstance(customers.search_customers(uow, 42), list)  # no TypeError
        assert catalog.search_products(uow, s.cashier, None) == []
        with pytest.raises(NotFound):
            sales.get_sale(uow, receipt_no=12)
    with s.uow() as uow, pytest.raises(DukanError):
        held.hold_bill(uow, s.cashier, Cart((CartLine(s.products["milk"], 1000),)), label=5)
