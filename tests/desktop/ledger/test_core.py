"""Pure domain: money, quantities, GST, round-off, barcodes, permissions."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dukan_desktop.core.barcode import EmbeddedLayout, make_embedded, parse_embedded, valid_ean
from dukan_desktop.core.errors import ApprovalRequired, InvalidInput, PermissionDenied
from dukan_desktop.core.money import MoneyFormat, format_money, parse_rupees
from dukan_desktop.core.permissions import (
    APPROVABLE,
    OWNER_ONLY,
    Action,
    Actor,
    Role,
    needs_approval,
    require,
)
from dukan_desktop.core.pricing import LineInput, RoundOff, TaxMode, price_bill, spread
from dukan_desktop.core.quantity import Unit, format_quantity, parse_quantity


@pytest.mark.parametrize("text,paisa", [
    ("150", 15000), ("150.5", 15050), ("1,234.50", 123450), ("Rs 99", 9900), ("۱۲۳", 12300),
    (" 0.05 ", 5), (7, 700),
])
def test_parse_rupees(text, paisa):
    assert parse_rupees(text) == paisa


@pytest.mark.parametrize("bad", ["abc", "1.234", "", "-5", "1e3", "12..5", 1.5, None, True])
def test_parse_rupees_refuses_with_a_message(bad):
    with pytest.raises(InvalidInput) as err:
        parse_rupees(bad)
    assert err.value.message


def test_format_money():
    assert format_money(123450) == "Rs 1,234.50"
    assert format_money(-5000) == "-Rs 50.00"
    assert format_money(123450, MoneyFormat(urdu_digits=True)) == "Rs ۱,۲۳۴.۵۰"
    assert format_money(100, MoneyFormat(symbol="", grouping=False)) == "1.00"


def test_quantities():
    assert parse_quantity("1.25", Unit.KG) == 1250
    assert parse_quantity("3") == 3000
    assert format_quantity(1250, Unit.KG) == "1.25 kg"
    for bad, unit in (("0", Unit.PIECE), ("-1", Unit.PIECE), ("1.5", Unit.PIECE), ("x", Unit.KG)):
        with pytest.raises(InvalidInput):
            parse_quantity(bad, unit)


def test_gst_modes_are_exact():
    bill = price_bill([
        LineInput(11800, 1000, 1800, TaxMode.INCLUSIVE),   # Rs 118 incl. 18% → tax 18
        LineInput(10000, 2000, 1800, TaxMode.EXCLUSIVE),   # 2 × Rs 100 + 18% → 236
        LineInput(5000, 1000, 0, TaxMode.EXEMPT),
    ])
    assert [ln.total_paisa for ln in bill.lines] == [11800, 23600, 5000]
    assert [ln.tax_paisa for ln in bill.lines] == [1800, 3600, 0]
    assert bill.total_paisa == 40400


def test_bill_discount_spreads_exactly_and_round_off_is_its_own_line():
    bill = price_bill([LineInput(33333, 1000), LineInput(16667, 1000)], 1001, RoundOff.NEAREST_RUPEE)
    assert sum(ln.bill_discount_paisa for ln in bill.lines) == 1001
    assert bill.total_paisa % 100 == 0
    assert bill.total_paisa == bill.subtotal_paisa - bill.discount_paisa + bill.round_off_paisa
    assert -50 <= bill.round_off_paisa <= 50


@given(st.integers(0, 10**9), st.lists(st.integers(0, 10**7), min_size=1, max_size=30))
def test_spread_adds_up(amount, weights):
    shares = spread(amount, weights)
    assert sum(shares) == (amount if sum(weights) else 0)
    assert all(s >= 0 for s in shares)


def test_embedded_barcodes():
    layout = EmbeddedLayout()
    weight = make_embedded("2500012", 1250)  # 1.250 kg of item 00012
    assert valid_ean(weight)
    got = parse_embedded(weight, layout)
    assert (got.item_code, got.qty_milli, got.price_paisa) == ("2500012", 1250, None)
    price = parse_embedded(make_embedded("2000012", 450), layout)
    assert price.price_paisa == 45000
    assert parse_embedded("8964000000017", layout) is None          # ordinary EAN
    assert parse_embedded(weight[:-1] + "0" if weight[-1] != "0" else weight[:-1] + "1", layout) is None


def test_permission_matrix():
    cashier = Actor("c", Role.CASHIER, "outlet-a")
    owner = Actor("o", Role.OWNER, None)
    for action in OWNER_ONLY:
        with pytest.raises(PermissionDenied):
            require(cashier, action)
        require(owner, action, outlet_id="outlet-b")
    for action in APPROVABLE:
        # The matrix alone never lets an approvable action through for a cashier: only
        # services.approvals, which checks the approval in the ledger, can.
        with pytest.raises(ApprovalRequired):
            require(cashier, action)
        assert needs_approval(cashier, action) and not needs_approval(owner, action)
    with pytest.raises(PermissionDenied):
        require(cashier, Action.SELL, outlet_id="outlet-b")
