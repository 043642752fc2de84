"""Every owner-only service is refused for a cashier; a cashier is bound to their outlet."""

import pytest

from dukan_desktop.core.errors import PermissionDenied
from dukan_desktop.core.permissions import Actor, Role
from dukan_desktop.services import (
    catalog,
    credit,
    customers,
    reports,
    sales,
    settings,
    shifts,
    shop,
    stock,
    workers,
)
from dukan_desktop.services.sales import Cart, CartLine, TenderInput


def owner_only_calls(s):
    pid, cid, outlet = s.products["milk"], s.customer_id, s.ctx.outlet_id
    from datetime import date
    day = date(2026, 11, 2)
    return {
        "create_product": lambda u, a: catalog.create_product(u, a, catalog.ProductInput("X", 100)),
        "update_product": lambda u, a: catalog.update_product(u, a, pid, catalog.ProductInput("X", 100)),
        "save_supplier": lambda u, a: catalog.save_supplier(u, a, name="S"),
        "list_suppliers": lambda u, a: catalog.list_suppliers(u, a),
        "edit_customer": lambda u, a: customers.save_customer(u, a, customer_id=cid, name="R"),
        "set_credit_limit": lambda u, a: customers.save_customer(u, a, name="New", credit_limit_paisa=1),
        "write_off": lambda u, a: credit.write_off(u, a, cid, reason="r"),
        "adjust": lambda u, a: credit.adjust(u, a, cid, 100, reason="r"),
        "settle": lambda u, a: credit.settle(u, a, cid, 0, reason="r"),
        "outstanding": lambda u, a: credit.outstanding(u, a),
        "receive": lambda u, a: stock.receive(u, a, outlet, [(pid, 1000, None)], supplier_id=None),
        "adjust_stock": lambda u, a: stock.adjust(u, a, outlet, pid, 1000, reason="r"),
        "transfer": lambda u, a: stock.transfer(u, a, outlet, outlet, [(pid, 1000)]),
        "levels": lambda u, a: stock.levels(u, a, outlet),
        "create_worker": lambda u, a: workers.create_worker(u, a, name="W", pin="1111", outlet_id=outlet),
        "reset_pin": lambda u, a: workers.update_worker(u, a, a.worker_id, pin="4321"),
        "create_outlet": lambda u, a: shop.create_outlet(u, a, name="O", code="OO"),
        "update_business": lambda u, a: shop.update_business(u, a, name="N"),
        "settings": lambda u, a: settings.update_settings(u, a, {"round_off": "none"}),
        "sales_report": lambda u, a: reports.sales_by(u, a, day, day),
        "day_report": lambda u, a: reports.day_report(u, a, day),
        "stock_valuation": lambda u, a: reports.stock_valuation(u, a, outlet),
        "shift_history": lambda u, a: shifts.shift_history(u, a),
    }


@pytest.mark.parametrize("name", list(owner_only_calls(type("S", (), {
    "products": {"milk": "p"}, "customer_id": "c", "ctx": type("C", (), {"outlet_id": "o"})})())))
def test_cashier_is_refused_every_owner_service(test_shop, name):
    call = owner_only_calls(test_shop)[name]
    with test_shop.uow() as uow, pytest.raises(PermissionDenied):
        call(uow, test_shop.cashier)


def test_cashier_of_another_outlet_cannot_sell_or_take_payments_here(test_shop):
    s = test_shop
    with s.uow() as uow:
        other = shop.create_outlet(uow, s.owner, name="Model Town", code="MTN")
        uow.commit()
    stranger = Actor(s.cashier.worker_id, Role.CASHIER, other)
    with s.uow() as uow:
        with pytest.raises(PermissionDenied):
            sales.complete_sale(uow, stranger, Cart((CartLine(s.products["milk"], 1000),)),
                                [TenderInput("cash", 22000)])
        with pytest.raises(PermissionDenied):
            credit.record_payment(uow, stranger, s.customer_id, 100)
        with pytest.raises(PermissionDenied):
            shifts.open_shift(uow, stranger, 0)
