"""Stock from movements, held bills, shifts with Z-report data, local reports, search."""

from datetime import date

import pytest

from dukan_desktop.core.errors import InvalidInput, NotFound
from dukan_desktop.core.permissions import Actor, Role
from dukan_desktop.services import (
    catalog,
    credit,
    held,
    reports,
    returns,
    sales,
    shifts,
    shop,
    stock,
)
from dukan_desktop.services.integrity import check_ledger
from dukan_desktop.services.sales import Cart, CartLine, TenderInput


def test_receive_adjust_transfer_and_low_stock(test_shop):
    s = test_shop
    milk = s.products["milk"]
    with s.uow() as uow:
        other = shop.create_outlet(uow, s.owner, name="Model Town", code="MTN")
        catalog.update_product(uow, s.owner, milk, catalog.ProductInput(
            name_en="Milk Pack 1L", name_ur="دودھ", price_paisa=22000, cost_paisa=20000,
            reorder_level_milli=45_000, barcodes=("8964000000017",)))
        stock.adjust(uow, s.owner, s.ctx.outlet_id, milk, -3000, reason="expired")
        stock.transfer(uow, s.owner, s.ctx.outlet_id, other, [(milk, 5000)], reason="Sunday rush")
        with pytest.raises(InvalidInput):
            stock.adjust(uow, s.owner, s.ctx.outlet_id, milk, 1000, reason="")
        with pytest.raises(InvalidInput):
            stock.receive(uow, s.owner, other, [(s.products["soap"], 1500, None)], supplier_id=None)
        uow.commit()
    with s.uow(write=False) as uow:
        assert stock.level(uow, s.ctx.outlet_id, milk) == 50_000 - 3000 - 5000
        assert stock.level(uow, other, milk) == 5000
        low = stock.low_stock(uow, s.owner, s.ctx.outlet_id)
        assert [x.product_id for x in low] == [milk]
        value = reports.stock_valuation(uow, s.owner, s.ctx.outlet_id)
        assert value.cost_value_paisa == 42 * 20000 + 50 * (33000 + 12500 + 33000)


def test_hold_and_recall_a_bill(test_shop):
    s = test_shop
    cart = Cart((CartLine(s.products["milk"], 2000), CartLine(s.products["rice"], 1500)),
                customer_id=s.customer_id, bill_discount_paisa=500)
    with s.uow() as uow:
        held_id = held.hold_bill(uow, s.cashier, cart, "Aunty in blue")
        uow.commit()
    with s.uow(write=False) as uow:
        (view,) = held.list_held(uow, s.cashier)
    assert view.label == "Aunty in blue" and view.line_count == 2 and view.total_paisa == 44000 + 57000 - 500
    with s.uow() as uow:
        assert held.recall_bill(uow, s.cashier, held_id) == cart
        uow.commit()
    with s.uow() as uow, pytest.raises(NotFound):
        held.recall_bill(uow, s.cashier, held_id)


def test_shift_expected_cash_counts_every_cash_flow(test_shop):
    s = test_shop
    with s.uow() as uow:
        shift_id = shifts.open_shift(uow, s.cashier, 200_000)
        with pytest.raises(InvalidInput):
            shifts.open_shift(uow, s.cashier, 0)
        r1 = sales.complete_sale(uow, s.cashier, Cart((CartLine(s.products["milk"], 2000),)),
                                 [TenderInput("cash", 50000)], shift_id=shift_id)          # +44000
        sales.complete_sale(uow, s.cashier, Cart((CartLine(s.products["eggs"], 1000),),
                            customer_id=s.customer_id),
                            [TenderInput("card", 16000), TenderInput("credit", 20000)], shift_id=shift_id)
        credit.record_payment(uow, s.cashier, s.customer_id, 5000, shift_id=shift_id)     # +5000
        shifts.cash_movement(uow, s.cashier, shift_id, "out", 10000, "tea and samosas")  # −10000
        shifts.cash_movement(uow, s.cashier, shift_id, "in", 2500, "change from bank")   # +2500
        uow.commit()
    with s.uow() as uow:
        returns.create_return(uow, s.owner, r1.sale_id, None, refund="cash", shift_id=shift_id)  # −44000
        z = shifts.close_shift(uow, s.cashier, shift_id, 197_000, note="short 500")
        uow.commit()
    assert z.expected_cash_paisa == 200_000 + 44000 + 5000 - 10000 + 2500 - 44000
    assert z.difference_paisa == 197_000 - z.expected_cash_paisa
    assert z.by_tender == {"cash": 44000, "card": 16000, "credit": 20000}
    assert (z.sales_count, z.returns_count) == (2, 1)
    with s.uow() as uow, pytest.raises(InvalidInput):
        shifts.cash_movement(uow, s.cashier, shift_id, "in", 100, "late")
    with s.uow(write=False) as uow:
        assert shifts.current_shift(uow) is None
        assert check_ledger(uow) == []


def test_another_cashier_cannot_close_my_shift(test_shop):
    s = test_shop
    with s.uow() as uow:
        shift_id = shifts.open_shift(uow, s.cashier, 0)
        other = Actor("someone-else", Role.CASHIER, s.ctx.outlet_id)
        with pytest.raises(InvalidInput):
            shifts.close_shift(uow, other, shift_id, 0)


def test_local_reports_agree_with_the_sales(test_shop):
    s = test_shop  # the test clock stands at 2026-11-02 10:00 in Karachi
    with s.uow() as uow:
        for method, ref in (("cash", ""), ("easypaisa", "EP1"), ("cash", "")):
            sales.complete_sale(uow, s.cashier, Cart((CartLine(s.products["milk"], 1000),)),
                                [TenderInput(method, 22000, ref)])
        sales.complete_sale(uow, s.cashier, Cart((CartLine(s.products["rice"], 2000),)),
                            [TenderInput("cash", 76000)])
        uow.commit()
    day = date(2026, 11, 2)
    with s.uow(write=False) as uow:
        rep = reports.day_report(uow, s.owner, day)
        by_worker = reports.sales_by(uow, s.owner, day, day, by="worker")
        nothing = reports.sales_by(uow, s.owner, date(2026, 11, 3), date(2026, 11, 3))
    assert (rep.sales_count, rep.sales_total_paisa) == (4, 3 * 22000 + 76000)
    assert rep.by_tender == {"cash": 22000 * 2 + 76000, "easypaisa": 22000}
    assert rep.top[0].name_en == "Basmati Rice" and rep.top[0].profit_paisa == 76000 - 66000
    assert [(r.key, r.sales_count) for r in by_worker] == [("Bilal", 4)]
    assert nothing == []


def test_search_by_english_urdu_and_sku(test_shop):
    s = test_shop
    with s.uow(write=False) as uow:
        assert [p.name_en for p in catalog.search_products(uow, s.cashier, "basmati")] == ["Basmati Rice"]
        assert [p.name_en for p in catalog.search_products(uow, s.cashier, "چاول")] == ["Basmati Rice"]
        assert [p.name_en for p in catalog.search_products(uow, s.cashier, "rice-1")] == ["Basmati Rice"]
        assert [p.name_en for p in catalog.search_products(uow, s.cashier, "lu")] == ["Lux Soap"]
        assert catalog.search_products(uow, s.cashier, '" OR 1=1 --') == []
        assert all(p.cost_paisa is None for p in catalog.search_products(uow, s.cashier, "milk"))
        assert catalog.search_products(uow, s.owner, "milk")[0].cost_paisa == 20000


# -- what a document may be booked to: the actor's own open shift here, or none -----------

def _documents(s, actor, shift_id):
    """Every kind of document that names a shift, as `actor` would make it."""
    cash = [TenderInput("cash", 22000)]
    milk = Cart((CartLine(s.products["milk"], 1000),))

    def sale(uow):
        sales.complete_sale(uow, actor, milk, cash, shift_id=shift_id)

    def ret(uow):
        sold = sales.complete_sale(uow, s.owner, milk, cash)
        returns.create_return(uow, s.owner if actor.is_owner else actor, sold.sale_id, None,
                              refund="cash", shift_id=shift_id)

    def payment(uow):
        sales.complete_sale(uow, s.owner, Cart(milk.lines, customer_id=s.customer_id),
                            [TenderInput("credit", 22000)])
        credit.record_payment(uow, actor, s.customer_id, 1000, shift_id=shift_id)

    def movement(uow):
        shifts.cash_movement(uow, actor, shift_id, "in", 100, "change")

    return {"sale": sale, "return": ret, "payment": payment, "cash_movement": movement}


@pytest.mark.parametrize("kind", ["sale", "return", "payment", "cash_movement"])
def test_nothing_goes_into_a_closed_shift(test_shop, kind):
    s = test_shop
    with s.uow() as uow:
        shift_id = shifts.open_shift(uow, s.cashier, 0)
        before = shifts.close_shift(uow, s.cashier, shift_id, 0)
        uow.commit()
    with s.uow() as uow, pytest.raises(InvalidInput, match="closed"):
        _documents(s, s.cashier, shift_id)[kind](uow)
    with s.uow(write=False) as uow:
        assert shifts.z_report(uow, s.owner, shift_id) == before


@pytest.mark.parametrize("kind", ["sale", "return", "payment", "cash_movement"])
def test_a_made_up_shift_is_not_found(test_shop, kind):
    s = test_shop
    with s.uow() as uow, pytest.raises(NotFound):
        _documents(s, s.owner, "01a2d6b0-0000-7000-8000-000000000000")[kind](uow)


@pytest.mark.parametrize("kind", ["sale", "payment", "cash_movement"])
def test_a_cashier_books_only_to_their_own_shift(test_shop, kind):
    s = test_shop
    with s.uow() as uow:
        shift_id = shifts.open_shift(uow, s.cashier, 0)
        from dukan_desktop.services import workers
        other_id = workers.create_worker(uow, s.owner, name="Sana", pin="2468", outlet_id=s.ctx.outlet_id)
        uow.commit()
    other = Actor(other_id, Role.CASHIER, s.ctx.outlet_id, "Sana")
    with s.uow() as uow, pytest.raises(InvalidInput, match="another cashier"):
        _documents(s, other, shift_id)[kind](uow)
    with s.uow() as uow:  # the owner may book to the open shift on this PC
        _documents(s, s.owner, shift_id)[kind](uow)
        uow.commit()


def test_top_products_profit_is_integer_arithmetic(test_shop):
    s = test_shop
    with s.uow() as uow:
        catalog.update_product(uow, s.owner, s.products["rice"], catalog.ProductInput(
            name_en="Basmati Rice", name_ur="باسمتی چاول", unit="kg", price_paisa=38000,
            cost_paisa=33001, barcodes=("2500001",), sku="RICE-1"))
        sales.complete_sale(uow, s.owner, Cart((CartLine(s.products["rice"], 1600),)),
                            [TenderInput("cash", 60800)])
        uow.commit()
    day = date(2026, 11, 2)
    with s.uow(write=False) as uow:
        (top,) = reports.top_products(uow, s.owner, day, day)
    # cost 330.01 × 1.6 kg = 528.016 → Rs 528.02 (truncating a float gave 528.01)
    assert top.revenue_paisa == 60800 and top.profit_paisa == 60800 - 52802
