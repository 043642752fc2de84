"""Every owner-only service is refused for a cashier; a cashier is bound to their outlet.

Which services are owner-only is not a hand-kept list: it is read from the services'
own code (each `require(actor, Action.X)` with X in the matrix's OWNER_ONLY), so a new
owner-only service without a refusal test here fails `test_every_owner_only_service_is_covered`.
"""

import ast
import importlib
import inspect
import pkgutil
import textwrap
from datetime import date

import pytest

from dukan_desktop import services
from dukan_desktop.core.errors import PermissionDenied
from dukan_desktop.core.permissions import OWNER_ONLY, Action, Actor, Role
from dukan_desktop.services import (
    backup,
    catalog,
    catalog_admin,
    catalog_csv,
    credit,
    customers,
    dashboard,
    held,
    reports,
    returns,
    sales,
    settings,
    shifts,
    shop,
    stock,
    udhaar_admin,
    workers,
)
from dukan_desktop.services.sales import Cart, CartLine, TenderInput


def _service_functions():
    for info in pkgutil.iter_modules(services.__path__):
        module = importlib.import_module(f"{services.__name__}.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_"):
                yield f"{info.name}.{name}", fn


def _required_actions(fn) -> set[Action]:
    """The actions a function passes to require() itself."""
    found = set()
    for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(fn)))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "require" and len(node.args) >= 2:
            arg = node.args[1]
            if isinstance(arg, ast.Attribute) and getattr(arg.value, "id", None) == "Action":
                found.add(Action[arg.attr])
    return found


OWNER_ONLY_SERVICES = {name for name, fn in _service_functions() if _required_actions(fn) & OWNER_ONLY}

# Services that take an actor but call no require() themselves, and why that is right.
NO_REQUIRE = {
    "catalog.get_product": "anyone may look a product up; the actor only decides if costs show",
    "catalog.lookup_barcode": "the scan path; the actor only decides if costs show",
    "catalog.search_products": "type-ahead; the actor only decides if costs show",
    "stock.low_stock": "stock.levels, which requires MANAGE_STOCK",
    "returns.create_return": "require_outlet + approvals.use_approval (RETURN)",
    "returns.void_sale": "returns.create_return (VOID)",
    "shifts.cash_movement": "shifts._shift (MANAGE_OWN_SHIFT at the shift's outlet)",
    "shifts.close_shift": "shifts._shift",
    "shifts.z_report": "shifts._shift",
    "shifts.check_shift": "a check inside services that already required their action",
    "approvals.use_approval": "the approval check itself",
    "approvals.use_approvals": "the approval check itself",
}


def owner_only_calls(s):
    """One call per owner-only service (keys: module.function[, what]) with harmless args."""
    pid, cid, outlet = s.products["milk"], s.customer_id, s.ctx.outlet_id
    day = date(2026, 11, 2)
    return {
        "catalog.create_product": lambda u, a: catalog.create_product(u, a, catalog.ProductInput("X", 100)),
        "catalog.update_product": lambda u, a: catalog.update_product(u, a, pid, catalog.ProductInput("X", 100)),
        "catalog.save_supplier": lambda u, a: catalog.save_supplier(u, a, name="S"),
        "catalog.list_suppliers": lambda u, a: catalog.list_suppliers(u, a),
        "catalog.products_of_supplier": lambda u, a: catalog.products_of_supplier(u, a, "s"),
        "catalog_admin.product_rows": lambda u, a: catalog_admin.product_rows(u, a),
        "catalog_admin.product_row": lambda u, a: catalog_admin.product_row(u, a, pid),
        "catalog_admin.supplier_choices": lambda u, a: catalog_admin.supplier_choices(u, a),
        "catalog_admin.seed_products": lambda u, a: catalog_admin.seed_products(u, a, 1),
        "catalog_csv.import_products": lambda u, a: catalog_csv.import_products(u, a, "/nonexistent.csv"),
        "catalog_csv.export_products": lambda u, a: catalog_csv.export_products(u, a, "/nonexistent.csv"),
        "customers.save_customer[edit]": lambda u, a: customers.save_customer(u, a, customer_id=cid, name="R"),
        "customers.save_customer[limit]": lambda u, a: customers.save_customer(
            u, a, name="New", credit_limit_paisa=1),
        "customers.save_customer[no limit]": lambda u, a: customers.save_customer(
            u, a, name="New", credit_limit_paisa=None),
        "credit.write_off": lambda u, a: credit.write_off(u, a, cid, reason="r"),
        "credit.adjust": lambda u, a: credit.adjust(u, a, cid, 100, reason="r"),
        "credit.settle": lambda u, a: credit.settle(u, a, cid, 0, reason="r"),
        "credit.outstanding": lambda u, a: credit.outstanding(u, a),
        "dashboard.local_dashboard": lambda u, a: dashboard.local_dashboard(u, a, day),
        "stock.receive": lambda u, a: stock.receive(u, a, outlet, [(pid, 1000, None)], supplier_id=None),
        "stock.adjust": lambda u, a: stock.adjust(u, a, outlet, pid, 1000, reason="r"),
        "stock.transfer": lambda u, a: stock.transfer(u, a, outlet, outlet, [(pid, 1000)]),
        "stock.levels": lambda u, a: stock.levels(u, a, outlet),
        "stock.level_changes": lambda u, a: stock.level_changes(u, a, outlet, 0),
        "workers.create_worker": lambda u, a: workers.create_worker(u, a, name="W", pin="1111", outlet_id=outlet),
        "workers.update_worker": lambda u, a: workers.update_worker(u, a, a.worker_id, pin="4321"),
        "workers.list_staff": lambda u, a: workers.list_staff(u, a),
        "shop.create_outlet": lambda u, a: shop.create_outlet(u, a, name="O", code="OO"),
        "shop.update_outlet": lambda u, a: shop.update_outlet(u, a, outlet, name="Elsewhere"),
        "shop.owner_outlets": lambda u, a: shop.owner_outlets(u, a),
        "shop.owner_profile": lambda u, a: shop.owner_profile(u, a),
        "shop.update_business": lambda u, a: shop.update_business(u, a, name="N"),
        "settings.update_settings": lambda u, a: settings.update_settings(u, a, {"round_off": "none"}),
        "settings.owner_settings": lambda u, a: settings.owner_settings(u, a),
        "reports.sales_by": lambda u, a: reports.sales_by(u, a, day, day),
        "reports.payment_mix": lambda u, a: reports.payment_mix(u, a, day, day),
        "reports.top_products": lambda u, a: reports.top_products(u, a, day, day),
        "reports.product_units": lambda u, a: reports.product_units(u, a, [pid]),
        "reports.day_report": lambda u, a: reports.day_report(u, a, day),
        "reports.stock_valuation": lambda u, a: reports.stock_valuation(u, a, outlet),
        "shifts.shift_history": lambda u, a: shifts.shift_history(u, a),
        "udhaar_admin.customer_rows": lambda u, a: udhaar_admin.customer_rows(u, a),
        "udhaar_admin.ledger": lambda u, a: udhaar_admin.ledger(u, a, cid),
        "udhaar_admin.reminder_text": lambda u, a: udhaar_admin.reminder_text(u, a, cid),
        "udhaar_admin.statement_doc": lambda u, a: udhaar_admin.statement_doc(u, a, cid, day, day),
        "udhaar_admin.aging_report": lambda u, a: udhaar_admin.aging_report(u, a),
        # The cashier is refused before anything is copied (the path is never written).
        "backup.backup_for": lambda u, a: backup.backup_for(
            a, u.ledger.path, u.ledger.path.with_name("never-written.sqlite3")),
    }


_PLACEHOLDER = type("S", (), {"products": {"milk": "p"}, "customer_id": "c",
                              "ctx": type("C", (), {"outlet_id": "o"})()})()


def test_every_owner_only_service_is_covered():
    covered = {key.split("[")[0] for key in owner_only_calls(_PLACEHOLDER)}
    missing = OWNER_ONLY_SERVICES - covered
    assert not missing, f"owner-only services without a refusal test: {sorted(missing)}"
    assert covered <= OWNER_ONLY_SERVICES, sorted(covered - OWNER_ONLY_SERVICES)


def test_every_service_that_takes_an_actor_checks_it():
    unchecked = {name for name, fn in _service_functions()
                 if "actor" in inspect.signature(fn).parameters and not _required_actions(fn)}
    assert unchecked == set(NO_REQUIRE), sorted(unchecked ^ set(NO_REQUIRE))


@pytest.mark.parametrize("name", list(owner_only_calls(_PLACEHOLDER)))
def test_cashier_is_refused_every_owner_service(test_shop, name):
    call = owner_only_calls(test_shop)[name]
    with test_shop.uow() as uow, pytest.raises(PermissionDenied):
        call(uow, test_shop.cashier)


# -- a cashier of outlet B at outlet A's counter -------------------------------------------

def counter_calls(s):
    milk = Cart((CartLine(s.products["milk"], 1000),))
    cash = [TenderInput("cash", 22000)]

    def _sold(uow):
        return sales.complete_sale(uow, s.owner, milk, cash).sale_id

    def _shift(uow):  # this outlet's cashier's shift (the stranger has the same worker id)
        return shifts.open_shift(uow, s.cashier, 0)

    def _held(uow):
        held_id = held.hold_bill(uow, s.owner, milk)
        uow.session.flush()
        return held_id

    def _owing(uow):
        sales.complete_sale(uow, s.owner, Cart(milk.lines, customer_id=s.customer_id),
                            [TenderInput("credit", 22000)])
        return s.customer_id

    return {
        "sell": lambda u, a: sales.complete_sale(u, a, milk, cash),
        "take a credit payment": lambda u, a: credit.record_payment(u, a, _owing(u), 100),
        "open a shift": lambda u, a: shifts.open_shift(u, a, 0),
        "return": lambda u, a: returns.create_return(u, a, _sold(u), None),
        "void": lambda u, a: returns.void_sale(u, a, _sold(u), reason="r"),
        "hold a bill": lambda u, a: held.hold_bill(u, a, milk),
        "list held bills": lambda u, a: held.list_held(u, a),
        "recall a held bill": lambda u, a: held.recall_bill(u, a, _held(u)),
        "cash in": lambda u, a: shifts.cash_movement(u, a, _shift(u), "in", 100, "change"),
        "close a shift": lambda u, a: shifts.close_shift(u, a, _shift(u), 0),
        "z report": lambda u, a: shifts.z_report(u, a, _shift(u)),
    }


@pytest.mark.parametrize("name", list(counter_calls(_PLACEHOLDER)))
def test_cashier_of_another_outlet_is_refused_here(test_shop, name):
    s = test_shop
    with s.uow() as uow:
        other = shop.create_outlet(uow, s.owner, name="Model Town", code="MTN")
        uow.commit()
    stranger = Actor(s.cashier.worker_id, Role.CASHIER, other)
    with s.uow() as uow, pytest.raises(PermissionDenied):
        counter_calls(s)[name](uow, stranger)
    with s.uow() as uow:  # and the same call is fine for this outlet's own cashier
        try:
            counter_calls(s)[name](uow, s.cashier)
        except PermissionDenied as err:  # an approval is asked for, never an outright no
            assert err.code == "approval_required", name
