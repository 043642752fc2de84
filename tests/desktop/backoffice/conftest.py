"""A test shop with some sales and udhaar, shared by the back-office tests."""

import pytest

from dukan_desktop.services import catalog, sales, shifts


def sell(shop, items, *, customer_id=None, credit=False, actor=None):
    """One sale of (product short name, qty milli); on credit when asked."""
    actor = actor or shop.cashier
    with shop.uow() as uow:
        shift = shifts.current_shift(uow)
        shift_id = shift.id if shift else shifts.open_shift(uow, actor, 100_000)
        cart = sales.Cart(tuple(sales.CartLine(shop.products[n], q) for n, q in items),
                          customer_id=customer_id)
        total = sales.quote(uow, cart).total_paisa
        tender = sales.TenderInput("credit" if credit else "cash", total)
        result = sales.complete_sale(uow, actor, cart, [tender], shift_id=shift_id)
        uow.commit()
    return result


@pytest.fixture
def busy_shop(test_shop):
    """The test shop with a supplier, two cash sales and one credit sale."""
    with test_shop.uow() as uow:
        catalog.save_supplier(uow, test_shop.owner, name="Al-Noor Traders", phone="03214567890",
                              payment_terms_days=15)
        uow.commit()
    sell(test_shop, [("milk", 2000), ("soap", 1000)])
    sell(test_shop, [("rice", 1500)])
    test_shop.clock.advance(hours=1)
    sell(test_shop, [("eggs", 1000), ("milk", 1000)], customer_id=test_shop.customer_id, credit=True)
    return test_shop


@pytest.fixture
def ctx(busy_shop):
    from dukan_desktop.ui.backoffice.common import BackOfficeContext

    return BackOfficeContext(busy_shop.ledger, busy_shop.owner)


@pytest.fixture(autouse=True)
def _join_jobs(qapp):
    yield
    from dukan_desktop.ui.worker import cancel_all

    cancel_all()
