"""Returns and voids against a receipt."""

import pytest

from dukan_desktop.core.errors import ApprovalRequired, InvalidInput
from dukan_desktop.core.permissions import Action
from dukan_desktop.services import customers, returns, sales, stock, workers
from dukan_desktop.services.integrity import check_ledger
from dukan_desktop.services.sales import Cart, CartLine, TenderInput
from dukan_desktop.services.testing import OWNER_PIN


def _sale(shop, tenders, customer=None):
    with shop.uow() as uow:
        r = sales.complete_sale(uow, shop.cashier, Cart(
            (CartLine(shop.products["milk"], 3000), CartLine(shop.products["soap"], 1000)),
            customer_id=customer, bill_discount_paisa=1000), tenders)
        uow.commit()
    return r


def test_partial_return_with_owner_approval_refunds_cash(test_shop):
    s = test_shop
    r = _sale(s, [TenderInput("cash", 100000)])   # 660 + 177 − 10 = 827
    with s.uow(write=False) as uow:
        lines = returns.returnable_lines(uow, r.sale_id)
    milk = lines[0]
    with s.uow() as uow, pytest.raises(ApprovalRequired) as err:
        returns.create_return(uow, s.cashier, r.sale_id, [(milk.sale_line_id, 1000)], reason="leaking")
    with s.uow() as uow:
        approval = workers.approve(uow, s.cashier, Action.RETURN, OWNER_PIN, subject=err.value.subject)
    with s.uow() as uow:
        rr = returns.create_return(uow, s.cashier, r.sale_id, [(milk.sale_line_id, 1000)],
                                   approval=approval, reason="leaking")
        with pytest.raises(InvalidInput):  # only 2 left
            returns.create_return(uow, s.owner, r.sale_id, [(milk.sale_line_id, 3000)])
        uow.commit()
    assert rr.refund_cash_paisa == rr.total_paisa and rr.receipt_no == "GUL-1-000001-R1"
    with s.uow(write=False) as uow:
        after = returns.returnable_lines(uow, r.sale_id)
        assert after[0].remaining_milli == 2000
        assert stock.level(uow, s.ctx.outlet_id, s.products["milk"]) == 50_000 - 2000
        assert check_ledger(uow) == []


def test_void_refunds_credit_first_and_never_more_than_paid(test_shop):
    s = test_shop
    r = _sale(s, [TenderInput("credit", 50000), TenderInput("cash", 40000)], customer=s.customer_id)
    with s.uow() as uow:
        rr = returns.void_sale(uow, s.owner, r.sale_id, reason="wrong customer")
        uow.commit()
    assert rr.total_paisa == r.total_paisa
    assert (rr.refund_credit_paisa, rr.refund_cash_paisa) == (50000, r.total_paisa - 50000)
    with s.uow(write=False) as uow:
        assert customers.balance_of(uow, s.customer_id) == 0
        assert all(ln.remaining_milli == 0 for ln in returns.returnable_lines(uow, r.sale_id))
        assert check_ledger(uow) == []
    with s.uow() as uow, pytest.raises(InvalidInput):
        returns.void_sale(uow, s.owner, r.sale_id, reason="again")


def test_piecewise_returns_add_up_to_the_line_exactly(test_shop):
    s = test_shop
    r = _sale(s, [TenderInput("cash", 100000)])
    with s.uow(write=False) as uow:
        milk, soap = returns.returnable_lines(uow, r.sale_id)
    refunded = 0
    for _ in range(3):
        with s.uow() as uow:
            refunded += returns.create_return(uow, s.owner, r.sale_id, [(milk.sale_line_id, 1000)]).total_paisa
            uow.commit()
    with s.uow() as uow:
        refunded += returns.create_return(uow, s.owner, r.sale_id, None).total_paisa
        uow.commit()
    assert refunded == r.total_paisa


# -- round-off: what comes back is what was paid -------------------------------------------

def _rounded_sale(shop, customer=None):
    from dukan_desktop.services import settings

    with shop.uow() as uow:
        settings.put(uow, "round_off", "nearest_rupee")
        uow.commit()
    # 1.234 kg rice = 468.92 and 1 soap = 177.00: Rs 645.92, paid Rs 646.00 (+8 paisa);
    # with Rs 10.50 off the bill, Rs 635.42 is paid as Rs 635.00 (−42 paisa).
    return _sell_lines(shop, [CartLine(shop.products["rice"], 1234), CartLine(shop.products["soap"], 1000)],
                       [TenderInput("cash", 100000)], customer, discount=1050)


def _sell_lines(shop, lines, tenders, customer=None, discount=0):
    with shop.uow() as uow:
        r = sales.complete_sale(uow, shop.owner, Cart(tuple(lines), customer_id=customer,
                                                      bill_discount_paisa=discount), tenders)
        uow.commit()
    return r


def test_a_void_after_round_off_refunds_exactly_what_was_paid(test_shop):
    s = test_shop
    r = _rounded_sale(s)
    with s.uow(write=False) as uow:
        sale = sales.get_sale(uow, sale_id=r.sale_id)
        assert sale.round_off_paisa == -42 and r.total_paisa == 63500
        assert sum(ln.amount_paisa for ln in returns.returnable_lines(uow, r.sale_id)) == 63500
    with s.uow() as uow:
        rr = returns.void_sale(uow, s.owner, r.sale_id, reason="customer changed mind")
        uow.commit()
    assert rr.total_paisa == rr.refund_cash_paisa == 63500
    with s.uow(write=False) as uow:
        assert check_ledger(uow) == []


def test_partial_returns_after_round_off_share_it_and_never_exceed_what_was_paid(test_shop):
    s = test_shop
    r = _rounded_sale(s)
    with s.uow(write=False) as uow:
        rice, soap = returns.returnable_lines(uow, r.sale_id)
    refunds = []
    for lines in ([(rice.sale_line_id, 500)], [(soap.sale_line_id, 1000)], [(rice.sale_line_id, 734)]):
        with s.uow() as uow:
            refunds.append(returns.create_return(uow, s.owner, r.sale_id, lines, refund="cash").total_paisa)
            uow.commit()
    assert sum(refunds) == r.total_paisa == 63500
    assert all(x >= 0 for x in refunds)
    # Each part is what it came to on the bill (after the bill discount), in proportion
    # to what was paid for the whole bill: here a little less, as 42 paisa were rounded off.
    with s.uow(write=False) as uow:
        soap_line = sales.get_sale(uow, sale_id=r.sale_id).lines[1]
    soap_net = soap_line["total_paisa"] - soap_line["bill_discount_paisa"]
    assert abs(refunds[1] * 63542 - soap_net * 63500) <= 63542 and refunds[1] < soap_net
    with s.uow(write=False) as uow:
        assert check_ledger(uow) == []


def test_a_rounded_up_credit_sale_voided_clears_the_udhaar(test_shop):
    s = test_shop
    with s.uow() as uow:
        from dukan_desktop.services import settings
        settings.put(uow, "round_off", "nearest_rupee")
        uow.commit()
    r = _sell_lines(s, [CartLine(s.products["rice"], 1234)], [TenderInput("credit", 46900)], s.customer_id)
    assert r.total_paisa == 46900  # 468.92 rounded up
    with s.uow() as uow:
        rr = returns.void_sale(uow, s.owner, r.sale_id, reason="wrong customer")
        uow.commit()
    assert (rr.refund_credit_paisa, rr.refund_cash_paisa) == (46900, 0)
    with s.uow(write=False) as uow:
        assert customers.balance_of(uow, s.customer_id) == 0
        assert check_ledger(uow) == []
