"""Udhaar: allocation, owner-only corrections, aging and statements."""

from datetime import timedelta

import pytest

from dukan_desktop.core.errors import BusinessRuleViolation, InvalidInput, PermissionDenied
from dukan_desktop.services import credit, customers, sales
from dukan_desktop.services.integrity import check_ledger
from dukan_desktop.services.sales import Cart, CartLine, TenderInput


def _credit_sale(shop, rupees_of_eggs: int):
    with shop.uow() as uow:
        r = sales.complete_sale(uow, shop.cashier, Cart((CartLine(shop.products["eggs"], rupees_of_eggs * 1000),),
                                                        customer_id=shop.customer_id),
                                [TenderInput("credit", 36000 * rupees_of_eggs)])
        uow.commit()
    shop.clock.advance(days=10)
    return r.sale_id


def test_payment_is_allocated_oldest_first(test_shop):
    s = test_shop
    a, b = _credit_sale(s, 1), _credit_sale(s, 2)  # Rs 360 then Rs 720
    with s.uow() as uow:
        paid = credit.record_payment(uow, s.cashier, s.customer_id, 50000)
        uow.commit()
    assert paid.allocations == ((a, 36000), (b, 14000))
    assert paid.new_balance_paisa == 108000 - 50000
    with s.uow(write=False) as uow:
        open_ = credit.open_credit_sales(uow, s.customer_id)
        assert [(o.sale_id, o.open_paisa) for o in open_] == [(b, 58000)]
        assert check_ledger(uow) == []


def test_chosen_allocation_and_its_limits(test_shop):
    s = test_shop
    a, b = _credit_sale(s, 1), _credit_sale(s, 2)
    with s.uow() as uow:
        with pytest.raises(InvalidInput):  # more than sale b's open credit
            credit.record_payment(uow, s.cashier, s.customer_id, 100000, allocations=[(b, 80000)])
        with pytest.raises(InvalidInput):  # allocations above the payment
            credit.record_payment(uow, s.cashier, s.customer_id, 10000, allocations=[(b, 20000)])
        with pytest.raises(BusinessRuleViolation):  # more than the balance
            credit.record_payment(uow, s.cashier, s.customer_id, 200000)
        with pytest.raises(InvalidInput):
            credit.record_payment(uow, s.cashier, s.customer_id, 10000, method="bank")  # no reference
        paid = credit.record_payment(uow, s.cashier, s.customer_id, 30000, allocations=[(b, 30000)])
        uow.commit()
    assert paid.allocations == ((b, 30000),)
    with s.uow(write=False) as uow:
        assert {o.sale_id: o.open_paisa for o in credit.open_credit_sales(uow, s.customer_id)} == {
            a: 36000, b: 42000}


def test_owner_only_corrections(test_shop):
    s = test_shop
    _credit_sale(s, 2)
    with s.uow() as uow:
        for call in (lambda: credit.write_off(uow, s.cashier, s.customer_id, reason="x"),
                     lambda: credit.adjust(uow, s.cashier, s.customer_id, 100, reason="x"),
                     lambda: credit.settle(uow, s.cashier, s.customer_id, 0, reason="x")):
            with pytest.raises(PermissionDenied):
                call()
        with pytest.raises(InvalidInput):  # a reason is required
            credit.adjust(uow, s.owner, s.customer_id, 500, reason=" ")
        credit.adjust(uow, s.owner, s.customer_id, 500, reason="bag charge forgotten")
        credit.settle(uow, s.owner, s.customer_id, 50000, reason="settled at Eid")
        uow.commit()
    with s.uow(write=False) as uow:
        assert customers.balance_of(uow, s.customer_id) == 0
        assert credit.open_credit_sales(uow, s.customer_id) == []
        assert check_ledger(uow) == []


def test_aging_adds_up_to_the_balance(test_shop):
    s = test_shop
    for n in (1, 2, 1):
        _credit_sale(s, n)
        s.clock.advance(days=25)
    with s.uow() as uow:
        credit.record_payment(uow, s.cashier, s.customer_id, 20000)
        credit.adjust(uow, s.owner, s.customer_id, -1000, reason="rounding")
        uow.commit()
    with s.uow(write=False) as uow:
        ag = credit.aging(uow, s.customer_id)
        assert ag.total == customers.balance_of(uow, s.customer_id) == 144000 - 21000
        assert ag.buckets[3] > 0  # the first sale is over 90 days old


def test_statement_running_balance_and_items(test_shop):
    s = test_shop
    start = s.clock.now()
    a = _credit_sale(s, 1)
    with s.uow() as uow:
        credit.record_payment(uow, s.cashier, s.customer_id, 10000)
        uow.commit()
    s.clock.advance(minutes=1)
    _credit_sale(s, 1)
    with s.uow(write=False) as uow:
        st = credit.statement(uow, s.owner, s.customer_id, start + timedelta(seconds=1),
                              s.clock.now() + timedelta(days=1))
    assert st.opening_balance_paisa == 36000  # the first sale is before the period
    assert [e.kind for e in st.entries] == ["payment", "sale"]
    assert [e.running_balance_paisa for e in st.entries] == [26000, 62000]
    assert st.closing_balance_paisa == 62000
    assert st.entries[0].allocations == (("GUL-1-000001", 10000),)
    assert st.entries[1].items[0].name_en == "Eggs (dozen)"
    assert st.aging.total == 62000
    assert a


# -- credit limits: a customer added at the counter cannot run up unlimited udhaar ---------

def _egg_credit(shop, actor, customer_id, approval=None):
    with shop.uow() as uow:
        r = sales.complete_sale(uow, actor, Cart((CartLine(shop.products["eggs"], 1000),),
                                                 customer_id=customer_id),
                                [TenderInput("credit", 36000)], approval=approval)
        uow.commit()
    return r


def test_a_customer_added_by_a_cashier_gets_the_shop_default_limit(test_shop):
    from dukan_desktop.core.errors import ApprovalRequired

    s = test_shop
    with s.uow() as uow:
        cid = customers.save_customer(uow, s.cashier, name="Walk-in Wasim", phone="03111234567")
        uow.commit()
    with s.uow(write=False) as uow:
        assert customers.get_customer(uow, cid).credit_limit_paisa == 0
    with pytest.raises(ApprovalRequired) as err:  # any udhaar needs the owner's PIN
        _egg_credit(s, s.cashier, cid)
    assert err.value.action == "over_credit_limit"
    assert _egg_credit(s, s.owner, cid).credit_paisa == 36000  # the owner decides for himself


def test_only_the_owner_sets_or_removes_a_limit(test_shop):
    from dukan_desktop.services import settings

    s = test_shop
    with s.uow() as uow:
        for limit in (None, 1, 10**6):
            with pytest.raises(PermissionDenied):
                customers.save_customer(uow, s.cashier, name="Greedy", credit_limit_paisa=limit)
        for bad in (True, -1, "5000", 1.5):
            with pytest.raises(InvalidInput):
                customers.save_customer(uow, s.owner, name="X", credit_limit_paisa=bad)
        settings.update_settings(uow, s.owner, {"default_credit_limit_paisa": 200_000})
        by_cashier = customers.save_customer(uow, s.cashier, name="Regular")
        unlimited = customers.save_customer(uow, s.owner, name="Family", credit_limit_paisa=None)
        customers.save_customer(uow, s.owner, customer_id=s.customer_id, name="Rashid Khan")
        uow.commit()
    with s.uow(write=False) as uow:
        assert customers.get_customer(uow, by_cashier).credit_limit_paisa == 200_000
        assert customers.get_customer(uow, unlimited).credit_limit_paisa is None
        # Editing a customer without a limit keeps theirs.
        assert customers.get_customer(uow, s.customer_id).credit_limit_paisa == 500_000


def test_a_refused_settlement_records_no_payment(test_shop):
    from sqlalchemy import func, select

    from dukan_desktop.ledger.models import CustomerPayment

    s = test_shop
    _credit_sale(s, 2)
    with s.uow() as uow:
        with pytest.raises(InvalidInput):  # no reason: refused before anything is written
            credit.settle(uow, s.owner, s.customer_id, 50000, reason=" ")
        assert uow.session.scalar(select(func.count()).select_from(CustomerPayment)) == 0
        with pytest.raises(BusinessRuleViolation):
            credit.settle(uow, s.owner, s.customer_id, 10**7, reason="more than owed")
        assert uow.session.scalar(select(func.count()).select_from(CustomerPayment)) == 0
