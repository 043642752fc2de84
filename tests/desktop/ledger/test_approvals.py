"""Owner approvals: real (in the ledger), bound to what was approved, short-lived, used
once; wrong PINs count against the owner who was asked; price labels are read by the
service, never claimed by the caller."""

import json

import pytest
from sqlalchemy import func, select

from dukan_desktop.core.barcode import make_embedded
from dukan_desktop.core.errors import ApprovalRequired, AuthFailed, InvalidInput
from dukan_desktop.core.permissions import Action, Actor, Approval, Role
from dukan_desktop.ledger.models import ApprovalUse, HeldBill, LoginState, Sale
from dukan_desktop.services import catalog, customers, held, returns, sales, workers
from dukan_desktop.services.integrity import check_ledger
from dukan_desktop.services.sales import Cart, CartLine, TenderInput
from dukan_desktop.services.testing import OWNER_PIN


def _count(shop, model):
    with shop.uow(write=False) as uow:
        return uow.session.scalar(select(func.count()).select_from(model))


def _approve(shop, err, actor=None, **kw):
    with shop.uow() as uow:
        return workers.approve(uow, actor or shop.cashier, Action(err.action), OWNER_PIN,
                               subject=err.subject, **kw)


def _sell(shop, cart, tenders, approval=None, actor=None):
    with shop.uow() as uow:
        r = sales.complete_sale(uow, actor or shop.cashier, cart, tenders, approval=approval)
        uow.commit()
    return r


def _needs(shop, cart, tenders, approval=None, actor=None) -> ApprovalRequired:
    with pytest.raises(ApprovalRequired) as err:
        _sell(shop, cart, tenders, approval, actor)
    return err.value


def _override(shop, price=20000, qty=1000):
    return Cart((CartLine(shop.products["milk"], qty, unit_price_paisa=price),))


# -- approvals are real, bound, short-lived and single-use ---------------------------------

def test_a_made_up_approval_is_worth_nothing(test_shop):
    s = test_shop
    sold = _sell(s, Cart((CartLine(s.products["milk"], 1000),)), [TenderInput("cash", 22000)])
    forged = Approval(s.owner.worker_id, Action.RETURN, "forged")
    with s.uow() as uow, pytest.raises(ApprovalRequired):
        returns.void_sale(uow, s.cashier, sold.sale_id, reason="x", approval=forged)
    # Not even a real approval id of a different action, or one with a forged action field.
    err = _needs(s, _override(s), [TenderInput("cash", 20000)])
    real = _approve(s, err)
    relabelled = Approval(s.owner.worker_id, Action.RETURN, real.approval_id)
    with s.uow() as uow, pytest.raises(ApprovalRequired):
        returns.void_sale(uow, s.cashier, sold.sale_id, reason="x", approval=relabelled)
    assert _count(s, ApprovalUse) == 0


def test_one_approval_covers_one_sale_only(test_shop):
    s = test_shop
    cart, cash = _override(s), [TenderInput("cash", 20000)]
    approval = _approve(s, _needs(s, cart, cash))
    first = _sell(s, cart, cash, approval)
    assert "price_override" in first.flags
    with s.uow(write=False) as uow:
        assert uow.session.get(Sale, first.sale_id).approved_by == s.owner.worker_id
        assert uow.session.get(ApprovalUse, approval.approval_id).document_id == first.sale_id
    before = _count(s, Sale)
    for _ in range(2):  # the same approval again, for the same bill: refused
        _needs(s, cart, cash, approval)
    assert _count(s, Sale) == before == 1
    with s.uow(write=False) as uow:
        assert check_ledger(uow) == []


def test_an_approval_expires(test_shop):
    s = test_shop
    cart, cash = _override(s), [TenderInput("cash", 20000)]
    approval = _approve(s, _needs(s, cart, cash))
    s.clock.advance(minutes=11)
    _needs(s, cart, cash, approval)
    assert _count(s, Sale) == 0


def test_an_approval_fits_only_what_was_approved(test_shop):
    s = test_shop
    cash = [TenderInput("cash", 10**6)]
    approval = _approve(s, _needs(s, _override(s, 20000), cash))
    _needs(s, _override(s, 100), cash, approval)            # a lower price than approved
    _needs(s, _override(s, 20000, qty=5000), cash, approval)  # more of them
    other_line = Cart((CartLine(s.products["milk"], 1000, unit_price_paisa=20000),
                       CartLine(s.products["soap"], 1000, unit_price_paisa=100)))
    _needs(s, other_line, cash, approval)                     # another price changed too
    # A plain item more on the bill does not change what was approved for the price.
    more = Cart((CartLine(s.products["milk"], 1000, unit_price_paisa=20000),
                 CartLine(s.products["eggs"], 1000)))
    assert _sell(s, more, cash, approval).total_paisa == 20000 + 36000


def test_a_bigger_discount_than_approved_asks_again(test_shop):
    s = test_shop
    cash = [TenderInput("cash", 10**6)]
    lines = (CartLine(s.products["milk"], 2000),)
    approval = _approve(s, _needs(s, Cart(lines, bill_discount_paisa=5000), cash))
    err = _needs(s, Cart(lines, bill_discount_paisa=6000), cash, approval)
    assert err.action == Action.DISCOUNT_ABOVE_LIMIT
    changed_price = (CartLine(s.products["milk"], 2000, unit_price_paisa=21000),)
    with pytest.raises(ApprovalRequired):
        _sell(s, Cart(changed_price, bill_discount_paisa=5000), cash, approval)
    _sell(s, Cart(lines, bill_discount_paisa=5000), cash, approval)


def test_over_the_limit_approval_is_for_that_amount(test_shop):
    s = test_shop  # limit Rs 5,000
    lines = (CartLine(s.products["rice"], 20_000),)  # Rs 7,600
    cart = Cart(lines, customer_id=s.customer_id)
    err = _needs(s, cart, [TenderInput("credit", 700_000), TenderInput("cash", 60_000)])
    approval = _approve(s, err)
    _needs(s, cart, [TenderInput("credit", 760_000)], approval)  # more on credit than approved
    r = _sell(s, cart, [TenderInput("credit", 700_000), TenderInput("cash", 60_000)], approval)
    assert "over_credit_limit" in r.flags


def test_an_approval_is_for_the_cashier_who_asked(test_shop):
    s = test_shop
    with s.uow() as uow:
        other_id = workers.create_worker(uow, s.owner, name="Sana", pin="2468", outlet_id=s.ctx.outlet_id)
        uow.commit()
    other = Actor(other_id, Role.CASHIER, s.ctx.outlet_id, "Sana")
    cart, cash = _override(s), [TenderInput("cash", 20000)]
    approval = _approve(s, _needs(s, cart, cash))
    _needs(s, cart, cash, approval, actor=other)
    _sell(s, cart, cash, approval)


def test_a_return_approval_is_for_those_lines_and_that_refund(test_shop):
    s = test_shop
    sold = _sell(s, Cart((CartLine(s.products["milk"], 3000),), customer_id=s.customer_id),
                 [TenderInput("cash", 66000)])
    with s.uow(write=False) as uow:
        (milk,) = returns.returnable_lines(uow, sold.sale_id)
    with s.uow() as uow, pytest.raises(ApprovalRequired) as err:
        returns.create_return(uow, s.cashier, sold.sale_id, [(milk.sale_line_id, 1000)], refund="cash")
    approval = _approve(s, err.value)
    with s.uow() as uow:
        with pytest.raises(ApprovalRequired):  # more than approved
            returns.create_return(uow, s.cashier, sold.sale_id, [(milk.sale_line_id, 2000)],
                                  refund="cash", approval=approval)
        with pytest.raises(ApprovalRequired):  # to udhaar instead of cash
            returns.create_return(uow, s.cashier, sold.sale_id, [(milk.sale_line_id, 1000)],
                                  refund="credit", approval=approval)
        with pytest.raises(ApprovalRequired):  # a void is another thing
            returns.void_sale(uow, s.cashier, sold.sale_id, reason="x", approval=approval)
        r = returns.create_return(uow, s.cashier, sold.sale_id, [(milk.sale_line_id, 1000)],
                                  refund="cash", approval=approval)
        uow.commit()
    assert r.refund_cash_paisa == 22000
    with s.uow() as uow, pytest.raises(ApprovalRequired):  # and only once
        returns.create_return(uow, s.cashier, sold.sale_id, [(milk.sale_line_id, 1000)],
                              refund="cash", approval=approval)


def test_the_owner_needs_no_approval_and_pays_nothing_for_it(test_shop):
    s = test_shop
    r = _sell(s, _override(s, 100), [TenderInput("cash", 100)], actor=s.owner)
    assert "price_override" in r.flags
    assert _count(s, ApprovalUse) == 0


# -- PINs --------------------------------------------------------------------------------

def test_a_wrong_owner_pin_counts_against_that_owner_only(test_shop):
    s = test_shop
    with s.uow() as uow:
        partner = workers.create_worker(uow, s.owner, name="Kamran", pin="9753", role=Role.OWNER)
        uow.commit()
    err = _needs(s, _override(s), [TenderInput("cash", 20000)])
    with s.uow() as uow, pytest.raises(InvalidInput):  # two owners: say which one approves
        workers.approve(uow, s.cashier, Action.PRICE_OVERRIDE, OWNER_PIN, subject=err.subject)
    for _ in range(3):
        with s.uow() as uow, pytest.raises(AuthFailed):
            workers.approve(uow, s.cashier, Action.PRICE_OVERRIDE, "1111", subject=err.subject,
                            owner_id=partner)
    with s.uow(write=False) as uow:
        assert uow.session.get(LoginState, partner).failed_count == 3
        assert uow.session.get(LoginState, s.owner.worker_id) is None
    # The other owner approves as usual, and their own login is untouched.
    approval = _approve(s, err, owner_id=s.owner.worker_id)
    assert approval.approver_id == s.owner.worker_id
    with s.uow() as uow:
        assert workers.login(uow, s.owner.worker_id, OWNER_PIN).is_owner


def test_login_and_approve_refuse_a_unit_of_work_that_holds_other_work(test_shop):
    s = test_shop
    with s.uow() as uow:
        customers.save_customer(uow, s.owner, name="Should not be saved")
        with pytest.raises(RuntimeError):
            workers.login(uow, s.cashier.worker_id, "0000")
        with pytest.raises(RuntimeError):
            workers.approve(uow, s.cashier, Action.RETURN, OWNER_PIN, subject="0" * 64)
    with s.uow(write=False) as uow:
        assert [c.name for c in customers.search_customers(uow, "Should")] == []


# -- scale labels: the service reads them ----------------------------------------------------

def _cheese(shop):
    with shop.uow() as uow:
        pid = catalog.create_product(uow, shop.owner, catalog.ProductInput(
            name_en="Cheddar", unit="kg", price_paisa=380_00, cost_paisa=300_00, barcodes=("2100005",)))
        uow.commit()
    return pid


def test_a_price_label_prices_its_pack_exactly_and_moves_its_weight(test_shop):
    s = test_shop
    pid = _cheese(s)
    label = make_embedded("2100005", 469)  # a pack priced Rs 469 at Rs 380 / kg
    with s.uow(write=False) as uow:
        scan = catalog.lookup_barcode(uow, s.cashier, label)
    assert (scan.product.id, scan.qty_milli, scan.price_paisa) == (pid, 1234, 46900)
    r = _sell(s, Cart((CartLine(pid, scan.qty_milli, barcode=label),)), [TenderInput("cash", 46900)])
    assert r.total_paisa == 46900 and "price_override" not in r.flags
    with s.uow(write=False) as uow:
        (line,) = sales.get_sale(uow, sale_id=r.sale_id).lines
        assert (line["qty_milli"], line["unit_price_paisa"]) == (1234, 380_00)
        assert check_ledger(uow) == []


def test_a_price_label_of_another_product_is_a_price_override(test_shop):
    s = test_shop
    _cheese(s)
    label = make_embedded("2100005", 1)  # Re 1 label for the cheese, put on a milk line
    cart = Cart((CartLine(s.products["milk"], 1000, unit_price_paisa=100, barcode=label),))
    assert _needs(s, cart, [TenderInput("cash", 100)]).action == Action.PRICE_OVERRIDE


def test_a_claimed_label_price_in_a_held_bill_is_not_believed(test_shop):
    """A bill held by the old counter carries "embedded_price": true. A Rs 220 milk at
    Re 1 with that claim used to be sold with no approval at all."""
    s = test_shop
    with s.uow() as uow:
        held_id = held.hold_bill(uow, s.cashier, Cart((CartLine(s.products["milk"], 1000),)))
        uow.session.flush()
        row = uow.session.get(HeldBill, held_id)
        data = json.loads(row.cart_json)
        data["lines"][0].update(unit_price_paisa=100, embedded_price=True)
        row.cart_json = json.dumps(data)
        uow.commit()
    with s.uow() as uow:
        cart = held.recall_bill(uow, s.cashier, held_id)
        uow.commit()
    assert cart.lines[0].unit_price_paisa == 100
    assert _needs(s, cart, [TenderInput("cash", 100)]).action == Action.PRICE_OVERRIDE
    assert _count(s, Sale) == 0


def test_a_bill_short_of_one_approval_spends_none(test_shop):
    s = test_shop  # limit Rs 5,000: 20 kg rice at Rs 300 on credit needs two approvals
    cart = Cart((CartLine(s.products["rice"], 20_000, unit_price_paisa=30000),), customer_id=s.customer_id)
    tenders = [TenderInput("credit", 600_000)]
    with s.uow(write=False) as uow:
        price_subject = sales.quote(uow, cart).approval_subjects["price_override"]
    price = _approve(s, ApprovalRequired(action="price_override", subject=price_subject))
    credit_err = _needs(s, cart, tenders, price)
    assert credit_err.action == Action.OVER_CREDIT_LIMIT
    over = _approve(s, credit_err)
    with s.uow() as uow:
        with pytest.raises(ApprovalRequired) as err:  # the credit approval alone: not enough
            sales.complete_sale(uow, s.cashier, cart, tenders, approval=over)
        assert err.value.action == Action.PRICE_OVERRIDE
        assert uow.sql("SELECT COUNT(*) FROM approval_uses")[0][0] == 0  # nothing spent meanwhile
        sales.complete_sale(uow, s.cashier, cart, tenders, approval=[over, price])
        uow.commit()
    assert _count(s, ApprovalUse) == 2
