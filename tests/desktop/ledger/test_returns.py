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
    with s.uow() as uow, pytest.raises(ApprovalRequired):
        returns.create_return(uow, s.cashier, r.sale_id, [(milk.sale_line_id, 1000)])
    with s.uow() as uow:
        approval = workers.approve(uow, s.cashier, Action.RETURN, OWNER_PIN)
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
