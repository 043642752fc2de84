"""A PC connected to the server as a counter refuses the owner's changes before making
them: the server would refuse them from a counter (owner_device_required), so the
change would stay on this PC alone. Selling, customers and payments go on as before."""

import pytest

from dukan_desktop.core.errors import PermissionDenied
from dukan_desktop.ledger.uow import COUNTER_PC_REFUSES
from dukan_desktop.services import catalog, credit, customers, shop, stock, workers
from dukan_desktop.services.sales import Cart, CartLine, TenderInput, complete_sale
from dukan_desktop.services.testing import ledger_snapshot
from dukan_desktop.sync.connect import save_device_kind
from dukan_protocol.devices import OWNER_ONLY_RECORD_TYPES


def _make(shop_, kind):
    with shop_.uow() as uow:
        save_device_kind(uow, kind)
        uow.commit()
    with shop_.uow(write=False) as uow:
        assert uow.device_kind() == kind


def _outbox_size(shop_) -> int:
    with shop_.uow(write=False) as uow:
        return uow.conn.exec_driver_sql("SELECT count(*) FROM outbox").scalar()


def _owner_changes(s):
    pid, outlet = s.products["milk"], s.ctx.outlet_id
    return {
        "new product": lambda u: catalog.create_product(u, s.owner, catalog.ProductInput(
            name_en="Tea 200g", name_ur="چائے", price_paisa=45000)),
        "price change": lambda u: catalog.update_product(u, s.owner, pid, catalog.ProductInput(
            name_en="Milk Pack 1L", name_ur="دودھ", price_paisa=23000, cost_paisa=20000,
            barcodes=("8964000000017",))),
        "supplier": lambda u: catalog.save_supplier(u, s.owner, name="Nestle"),
        "staff": lambda u: workers.create_worker(u, s.owner, name="Sana", pin="2468",
                                                 outlet_id=outlet),
        "outlet": lambda u: shop.create_outlet(u, s.owner, name="DHA", code="DHA"),
        "stock receive": lambda u: stock.receive(u, s.owner, outlet, [(pid, 1000, None)],
                                                 supplier_id=None),
        "stock adjust": lambda u: stock.adjust(u, s.owner, outlet, pid, -1000, reason="broken"),
        "udhaar adjustment": lambda u: credit.adjust(u, s.owner, s.customer_id, 5000,
                                                     reason="old khata"),
    }


CHANGES = ["new product", "price change", "supplier", "staff", "outlet", "stock receive",
           "stock adjust", "udhaar adjustment"]


def test_the_list_of_changes_is_complete(test_shop):
    assert sorted(_owner_changes(test_shop)) == sorted(CHANGES)


@pytest.mark.parametrize("change", CHANGES)
def test_a_counter_pc_refuses_the_owners_changes_and_changes_nothing(test_shop, change):
    s = test_shop
    _make(s, "counter")
    before = ledger_snapshot(s.ledger)
    with pytest.raises(PermissionDenied) as err, s.uow() as uow:
        _owner_changes(s)[change](uow)
        uow.commit()
    assert err.value.message == COUNTER_PC_REFUSES
    assert ledger_snapshot(s.ledger) == before


def test_every_owner_only_record_type_is_refused_at_the_outbox(test_shop):
    _make(test_shop, "counter")
    for record_type in sorted(OWNER_ONLY_RECORD_TYPES):
        with pytest.raises(PermissionDenied), test_shop.uow() as uow:
            uow.outbox(record_type, "0" * 8, {})


def test_a_counter_pc_still_sells_takes_payments_and_adds_customers(test_shop):
    s = test_shop
    _make(s, "counter")
    before = _outbox_size(s)
    with s.uow() as uow:
        cid = customers.save_customer(uow, s.cashier, name="Nadia", phone="03111234567")
        sale = complete_sale(uow, s.cashier, Cart((CartLine(s.products["milk"], 1000),),
                                                  customer_id=s.customer_id),
                             [TenderInput("credit", 22000)])
        credit.record_payment(uow, s.cashier, s.customer_id, 10000)
        uow.commit()
    assert cid and sale.credit_paisa == 22000
    assert _outbox_size(s) == before + 3  # customer, sale and payment all wait to sync


@pytest.mark.parametrize("kind", ["owner", ""])
def test_the_owners_pc_and_an_unconnected_pc_make_the_owners_changes(test_shop, kind):
    s = test_shop
    _make(s, kind)
    for name, change in _owner_changes(s).items():
        before = _outbox_size(s)
        with s.uow() as uow:
            change(uow)
            uow.commit()
        assert _outbox_size(s) > before, name  # made, and waiting to sync
