"""Selling through the service: tenders, GST, approvals, flags, and bad input."""

import pytest
from sqlalchemy import func, select

from dukan_desktop.core.barcode import make_embedded
from dukan_desktop.core.errors import (
    ApprovalRequired,
    AuthFailed,
    BusinessRuleViolation,
    InvalidInput,
    NotFound,
)
from dukan_desktop.core.permissions import Action
from dukan_desktop.ledger.models import OutboxRecord, Sale, StockMovement
from dukan_desktop.services import catalog, customers, sales, settings, workers
from dukan_desktop.services.sales import Cart, CartLine, TenderInput
from dukan_desktop.services.testing import OWNER_PIN


def _count(shop, model):
    with shop.uow(write=False) as uow:
        return uow.session.scalar(select(func.count()).select_from(model))


def _sell(shop, actor, lines, tenders, **kw):
    with shop.uow() as uow:
        result = sales.complete_sale(uow, actor, Cart(tuple(lines), **kw), tenders)
        uow.commit()
    return result


def test_cash_sale_gives_change_and_writes_everything_in_one_go(test_shop):
    s = test_shop
    r = _sell(s, s.cashier, [CartLine(s.products["milk"], 2000), CartLine(s.products["soap"], 1000)],
              [TenderInput("cash", 100000)])
    assert (r.total_paisa, r.change_paisa, r.credit_paisa) == (61700, 38300, 0)
    assert r.receipt_no == "GUL-1-000001"
    with s.uow(write=False) as uow:
        view = sales.get_sale(uow, receipt_no="gul-1-000001")
        assert view.tax_paisa == 6712 + 2700  # 18/118 of 440 and 18% of 150
        assert [t["method"] for t in view.tenders] == ["cash"]
        assert view.tenders[0]["tendered_paisa"] == 100000
        outbox = uow.session.scalars(select(OutboxRecord).where(OutboxRecord.record_type == "sale")).all()
        assert [o.record_id for o in outbox] == [r.sale_id]
        moves = uow.session.scalars(select(StockMovement).where(StockMovement.ref_id == r.sale_id)).all()
        assert sorted(m.qty_milli for m in moves) == [-2000, -1000]


def test_split_tender_with_wallet_reference_and_credit(test_shop):
    s = test_shop
    r = _sell(s, s.cashier, [CartLine(s.products["eggs"], 3000)],
              [TenderInput("jazzcash", 50000, "TX123"), TenderInput("credit", 30000),
               TenderInput("cash", 50000)], customer_id=s.customer_id)
    assert (r.total_paisa, r.paid_paisa, r.credit_paisa, r.change_paisa) == (108000, 78000, 30000, 22000)
    assert r.customer_balance_paisa == 30000


@pytest.mark.parametrize("tenders,error", [
    ([TenderInput("cash", 10000)], BusinessRuleViolation),                     # not enough
    ([TenderInput("card", 50000)], InvalidInput),                              # change from card
    ([TenderInput("jazzcash", 22000)], InvalidInput),                          # no reference
    ([TenderInput("credit", 22000)], BusinessRuleViolation),                   # credit, no customer
    ([TenderInput("bitcoin", 22000)], InvalidInput),
    ([TenderInput("cash", -22000)], InvalidInput),
])
def test_bad_tenders_change_nothing(test_shop, tenders, error):
    s = test_shop
    before = (_count(s, Sale), _count(s, OutboxRecord), _count(s, StockMovement))
    with pytest.raises(error) as err:
        _sell(s, s.cashier, [CartLine(s.products["milk"], 1000)], tenders)
    assert err.value.message
    assert (_count(s, Sale), _count(s, OutboxRecord), _count(s, StockMovement)) == before


@pytest.mark.parametrize("line", [
    CartLine("no-such-product", 1000),
    CartLine("milk", 0), CartLine("milk", -1000), CartLine("milk", 1500),  # half a milk pack
    CartLine("milk", 1000, unit_price_paisa=-5),
    CartLine("milk", 1000, discount_paisa=10**9),
])
def test_bad_lines_are_refused(test_shop, line):
    s = test_shop
    pid = s.products.get(line.product_id, line.product_id)
    line = CartLine(pid, line.qty_milli, line.unit_price_paisa, line.discount_paisa)
    with pytest.raises((InvalidInput, NotFound)):
        _sell(s, s.owner, [line], [TenderInput("cash", 10**7)])
    assert _count(s, Sale) == 0


def test_price_override_needs_owner_pin_and_is_recorded(test_shop):
    s = test_shop
    line = CartLine(s.products["milk"], 1000, unit_price_paisa=20000)
    with pytest.raises(ApprovalRequired) as err:
        _sell(s, s.cashier, [line], [TenderInput("cash", 20000)])
    assert err.value.action == Action.PRICE_OVERRIDE
    subject = err.value.subject
    with s.uow() as uow, pytest.raises(AuthFailed):
        workers.approve(uow, s.cashier, Action.PRICE_OVERRIDE, "9999", subject=subject)
    with s.uow() as uow:
        approval = workers.approve(uow, s.cashier, Action.PRICE_OVERRIDE, OWNER_PIN, subject=subject)
    with s.uow() as uow:
        r = sales.complete_sale(uow, s.cashier, Cart((line,)), [TenderInput("cash", 20000)],
                                approval=approval)
        uow.commit()
    assert "price_override" in r.flags
    with s.uow(write=False) as uow:
        assert uow.session.get(Sale, r.sale_id).approved_by == s.owner.worker_id


def test_discount_above_cashier_limit_needs_approval(test_shop):
    s = test_shop
    small = Cart((CartLine(s.products["milk"], 1000),), bill_discount_paisa=1000)   # < 5 %
    big = Cart((CartLine(s.products["milk"], 1000),), bill_discount_paisa=5000)     # > 5 %
    with s.uow() as uow:
        assert sales.quote(uow, small).needs_approval == ()
        assert sales.quote(uow, big).needs_approval == ("discount_above_limit",)
        with pytest.raises(ApprovalRequired):
            sales.complete_sale(uow, s.cashier, big, [TenderInput("cash", 17000)])
        r = sales.complete_sale(uow, s.owner, big, [TenderInput("cash", 17000)])
        assert r.total_paisa == 17000


def test_over_credit_limit_needs_approval(test_shop):
    s = test_shop  # limit Rs 5,000
    lines = [CartLine(s.products["rice"], 20_000)]  # 20 kg × Rs 380 = Rs 7,600
    with pytest.raises(ApprovalRequired) as err:
        _sell(s, s.cashier, lines, [TenderInput("credit", 760000)], customer_id=s.customer_id)
    assert err.value.action == Action.OVER_CREDIT_LIMIT
    with s.uow() as uow:
        approval = workers.approve(uow, s.cashier, Action.OVER_CREDIT_LIMIT, OWNER_PIN,
                                   subject=err.value.subject)
    r = None
    with s.uow() as uow:
        r = sales.complete_sale(uow, s.cashier, Cart(tuple(lines), customer_id=s.customer_id),
                                [TenderInput("credit", 760000)], approval=approval)
        uow.commit()
    assert "over_credit_limit" in r.flags
    with s.uow(write=False) as uow:
        assert customers.balance_of(uow, s.customer_id) == 760000


def test_negative_stock_is_sold_and_flagged(test_shop):
    s = test_shop  # 50 units received of each
    r = _sell(s, s.cashier, [CartLine(s.products["milk"], 60_000)], [TenderInput("cash", 10**7)])
    assert "negative_stock" in r.flags


def test_weight_label_scan_and_round_off(test_shop):
    s = test_shop
    with s.uow() as uow:
        settings.put(uow, "round_off", "nearest_rupee")
        uow.commit()
    with s.uow(write=False) as uow:
        scan = catalog.lookup_barcode(uow, s.cashier, make_embedded("2500001", 1234))  # rice, 1.234 kg
        assert scan.product.id == s.products["rice"] and scan.qty_milli == 1234
        assert scan.product.cost_paisa is None  # cashiers never see costs
        with pytest.raises(catalog.UnknownBarcode):
            catalog.lookup_barcode(uow, s.cashier, "4006381333931")
    r = _sell(s, s.cashier, [CartLine(scan.product.id, scan.qty_milli, barcode=scan.barcode)],
              [TenderInput("cash", 50000)])
    assert r.total_paisa == 46900  # 1.234 × 380 = 468.92 → 469
    with s.uow(write=False) as uow:
        assert sales.get_sale(uow, sale_id=r.sale_id).round_off_paisa == 8


def test_receipt_numbers_are_sequential_per_device(test_shop):
    s = test_shop
    nos = [_sell(s, s.cashier, [CartLine(s.products["milk"], 1000)], [TenderInput("cash", 22000)]).receipt_no
           for _ in range(3)]
    assert nos == ["GUL-1-000001", "GUL-1-000002", "GUL-1-000003"]


def test_sales_are_append_only_in_the_ledger_itself(test_shop):
    s = test_shop
    r = _sell(s, s.cashier, [CartLine(s.products["milk"], 1000)], [TenderInput("cash", 22000)])
    from sqlalchemy.exc import IntegrityError
    with s.uow() as uow, pytest.raises(IntegrityError, match="append-only"):
        uow.session.connection().exec_driver_sql(
            "UPDATE sales SET total_paisa = 1 WHERE id = ?", (r.sale_id,))


def test_a_bill_needing_two_approvals_takes_both(test_shop):
    s = test_shop
    cart = Cart((CartLine(s.products["milk"], 1000, unit_price_paisa=20000),), bill_discount_paisa=5000)
    with s.uow(write=False) as uow:
        subjects = sales.quote(uow, cart).approval_subjects
    with s.uow() as uow:
        price = workers.approve(uow, s.cashier, Action.PRICE_OVERRIDE, OWNER_PIN,
                                subject=subjects["price_override"])
    with s.uow() as uow:
        discount = workers.approve(uow, s.cashier, Action.DISCOUNT_ABOVE_LIMIT, OWNER_PIN,
                                   subject=subjects["discount_above_limit"])
    with s.uow() as uow:
        with pytest.raises(ApprovalRequired) as err:
            sales.complete_sale(uow, s.cashier, cart, [TenderInput("cash", 15000)], approval=price)
        assert err.value.action == Action.DISCOUNT_ABOVE_LIMIT
        r = sales.complete_sale(uow, s.cashier, cart, [TenderInput("cash", 15000)],
                                approval=[price, discount])
        uow.commit()
    assert r.total_paisa == 15000


def test_outbox_stores_the_canonical_record_and_its_protocol_hash(test_shop):
    import json

    from dukan_protocol import canonical_json, payload_hash
    s = test_shop
    r = _sell(s, s.cashier, [CartLine(s.products["rice"], 1500)], [TenderInput("cash", 60000)])
    with s.uow(write=False) as uow:
        text, stored_hash = uow.session.execute(
            select(OutboxRecord.data_json, OutboxRecord.payload_hash)
            .where(OutboxRecord.record_id == r.sale_id)).one()
    data = json.loads(text)
    assert text == canonical_json(data)
    assert stored_hash == payload_hash(data)
    assert data["total_paisa"] == r.total_paisa and len(data["lines"]) == 1
