"""What the billing screen tells the cashier after a sale, a return or an udhaar payment,
and the payment dialog's awkward paths (every one must leave a way forward)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dukan_desktop.services import credit, customers, sales
from dukan_desktop.ui.display import plain

from .conftest import in_modal, log_in, press, type_into_focus
from .test_billing import last_sale, scan
from .test_counter_flows import sell

MILK, SOAP, EGGS = "8964000000017", "8964000000024", "8964000000031"


def ring_up_757(qtbot, window) -> None:
    for code in (MILK, SOAP, EGGS):  # 220 + 177 + 360
        scan(qtbot, window, code)
    assert window.cart.total_paisa == 75_700


def choose_rashid(qtbot, window) -> None:
    in_modal(lambda d: type_into_focus(qtbot, d, "Rashid"))
    press(qtbot, window, Qt.Key.Key_F3)
    assert window.cart.customer is not None


def test_change_stays_in_large_type_after_quick_cash_until_the_next_scan(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    ring_up_757(qtbot, window)
    in_modal(lambda d: qtbot.keyClick(d.amount, Qt.Key.Key_F10))   # Rs 1,000: pays and closes at once
    press(qtbot, window, Qt.Key.Key_F12)
    assert last_sale(shop).change_paisa == 24_300
    assert window.outcome.isVisible()
    assert plain(window.outcome.headline.text()) == "Change Rs 243.00"
    assert window.outcome.headline.font().pointSizeF() >= 26     # large type, not the 15pt side label
    assert "Total" not in plain(window.total_big.text())           # no "Total Rs 0.00" shouting over it
    assert window.focusWidget() is window.scan
    scan(qtbot, window, MILK)                                      # the next customer
    assert not window.outcome.isVisible()
    assert plain(window.total_big.text()) == "Total Rs 220.00"


@pytest.mark.parametrize(("key", "cash", "change"), [
    (Qt.Key.Key_F8, 44_000, 0), (Qt.Key.Key_F9, 50_000, 6_000),
    (Qt.Key.Key_F10, 100_000, 56_000), (Qt.Key.Key_F11, 500_000, 456_000)])
def test_quick_cash_buttons(qtbot, counter, shop, key, cash, change):
    window = log_in(qtbot, counter, "cashier")
    scan(qtbot, window, f"2*{MILK}")                               # Rs 440
    in_modal(lambda d: qtbot.keyClick(d.amount, key))
    press(qtbot, window, Qt.Key.Key_F12)
    sale = last_sale(shop)
    assert [(t["method"], t["tendered_paisa"]) for t in sale.tenders] == [("cash", cash)]
    assert sale.change_paisa == change
    assert plain(window.outcome.headline.text()) == f"Change Rs {change // 100:,}.00"


def test_credit_sale_shows_what_went_on_udhaar(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    scan(qtbot, window, MILK)
    choose_rashid(qtbot, window)
    in_modal(lambda d: qtbot.keyClick(d.amount, Qt.Key.Key_F12))
    press(qtbot, window, Qt.Key.Key_F12)
    assert plain(window.outcome.headline.text()) == "Rs 220.00 on Rashid Khan's udhaar"
    assert "New balance Rs 220.00" in window.outcome.text()


def test_return_tells_the_cashier_the_cash_to_hand_back(qtbot, counter, shop):
    sold = sell(shop, "milk", 2000)
    window = log_in(qtbot, counter, "owner")

    def returns_dialog(dialog):
        type_into_focus(qtbot, dialog, sold.receipt_no)
        assert dialog.model.setData(dialog.model.index(0, 3), "1")
        qtbot.keyClick(dialog.reason, Qt.Key.Key_F12)
        assert not dialog.isVisible(), dialog.error.text()
    in_modal(returns_dialog)
    press(qtbot, window, Qt.Key.Key_F10)
    assert window.outcome.isVisible()
    assert plain(window.outcome.headline.text()) == "Refund Rs 220.00 in cash"
    assert window.outcome.headline.font().pointSizeF() >= 26


def test_return_of_a_credit_sale_says_it_went_back_on_udhaar(qtbot, counter, shop):
    sold = sell(shop, "eggs", 1000, on_credit=True)
    window = log_in(qtbot, counter, "owner")

    def returns_dialog(dialog):
        type_into_focus(qtbot, dialog, sold.receipt_no)
        qtbot.keyClick(dialog.reason, Qt.Key.Key_F12)
        assert not dialog.isVisible(), dialog.error.text()
    in_modal(returns_dialog)
    press(qtbot, window, Qt.Key.Key_F10)
    assert plain(window.outcome.headline.text()) == "Rs 360.00 back on Rashid Khan's udhaar"


def test_udhaar_payment_confirms_with_the_new_balance_oldest_sale_first(qtbot, counter, shop):
    first = sell(shop, "milk", 1000, on_credit=True)     # Rs 220, oldest
    second = sell(shop, "eggs", 1000, on_credit=True)    # Rs 360
    window = log_in(qtbot, counter, "cashier")

    def payment(dialog):
        in_modal(lambda picker: type_into_focus(qtbot, picker, "Rashid"))
        qtbot.keyClick(dialog.amount, Qt.Key.Key_F3)
        dialog.amount.setFocus()
        type_into_focus(qtbot, dialog, "300")             # nothing typed in "Pay against"
        assert not dialog.isVisible(), dialog.error.text()
    in_modal(payment)
    press(qtbot, window, Qt.Key.Key_F11)
    with shop.uow(False) as uow:
        still_open = {s.sale_id: s.open_paisa for s in credit.open_credit_sales(uow, shop.customer_id)}
    assert still_open == {second.sale_id: 28_000}          # the oldest (Rs 220) was cleared first
    assert first.sale_id not in still_open
    assert plain(window.outcome.headline.text()) == \
        "Received Rs 300.00 from Rashid Khan. New balance Rs 280.00"


# -- the payment dialog's edge cases --------------------------------------------------------

def test_f12_keeps_an_amount_typed_for_a_card(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    scan(qtbot, window, f"2*{MILK}")                       # Rs 440
    choose_rashid(qtbot, window)

    def tender(dialog):
        qtbot.keyClick(dialog.amount, Qt.Key.Key_F3)       # card
        qtbot.keyClicks(dialog.amount, "100")
        qtbot.keyClick(dialog.amount, Qt.Key.Key_F12)      # the rest on udhaar
        assert not dialog.isVisible(), dialog.error.text()
    in_modal(tender)
    press(qtbot, window, Qt.Key.Key_F12)
    sale = last_sale(shop)
    assert {t["method"]: t["amount_paisa"] for t in sale.tenders} == {"card": 10_000, "credit": 34_000}


def test_f12_with_a_wallet_amount_asks_for_its_reference(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    scan(qtbot, window, f"2*{MILK}")
    choose_rashid(qtbot, window)

    def tender(dialog):
        qtbot.keyClick(dialog.amount, Qt.Key.Key_F4)       # JazzCash
        qtbot.keyClicks(dialog.amount, "100")
        qtbot.keyClick(dialog.amount, Qt.Key.Key_F12)
        assert dialog.isVisible() and "reference" in dialog.error.text()
        assert dialog.tenders == [] and dialog.focusWidget() is dialog.reference
        type_into_focus(qtbot, dialog, "JC-1", enter=False)
        qtbot.keyClick(dialog.reference, Qt.Key.Key_F12)
        assert not dialog.isVisible(), dialog.error.text()
    in_modal(tender)
    press(qtbot, window, Qt.Key.Key_F12)
    sale = last_sale(shop)
    assert {t["method"]: t["amount_paisa"] for t in sale.tenders} == {"jazzcash": 10_000, "credit": 34_000}


def test_refused_credit_comes_off_the_payment_list(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    scan(qtbot, window, "15*2500001")                      # 15 kg rice, Rs 5,700: over the Rs 5,000 limit
    choose_rashid(qtbot, window)

    def tender(dialog):
        qtbot.keyClicks(dialog.amount, "600")         # Rs 5,100 would go on udhaar
        in_modal(lambda pin: pin.reject())                 # no owner here to approve the udhaar
        qtbot.keyClick(dialog.amount, Qt.Key.Key_F12)
        assert dialog.isVisible()
        assert dialog.error.text()                         # says why
        assert dialog.tenders == []                        # neither the cash nor the credit line stays
        assert dialog.amount.text() == "600"               # what was typed is not lost
        qtbot.keyClick(dialog.amount, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Delete)
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)   # the customer pays it all in cash instead
        assert not dialog.isVisible(), dialog.error.text()
    in_modal(tender)
    press(qtbot, window, Qt.Key.Key_F12)
    sale = last_sale(shop)
    assert sale.credit_paisa == 0 and sale.paid_paisa == 570_000
    with shop.uow(False) as uow:
        assert customers.get_customer(uow, shop.customer_id).balance_paisa == 0


def test_card_cannot_overpay_and_nothing_gets_stuck(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    scan(qtbot, window, f"2*{MILK}")                       # Rs 440

    def tender(dialog):
        qtbot.keyClick(dialog.amount, Qt.Key.Key_F3)       # card
        type_into_focus(qtbot, dialog, "1000")
        assert dialog.isVisible() and dialog.tenders == []
        assert "Rs 440.00" in plain(dialog.error.text()) and "cash" in dialog.error.text()
        qtbot.keyClick(dialog.amount, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_into_focus(qtbot, dialog, "440")              # still the card: exactly the bill
        assert not dialog.isVisible(), dialog.error.text()
    in_modal(tender)
    press(qtbot, window, Qt.Key.Key_F12)
    assert [(t["method"], t["amount_paisa"]) for t in last_sale(shop).tenders] == [("card", 44_000)]


def test_cash_after_a_covering_card_is_refused_and_taken_back(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    scan(qtbot, window, MILK)

    def tender(dialog):
        dialog.tenders.append(sales.TenderInput("card", 22_000))   # as if a card line were left over
        dialog.paid_model.set_rows(dialog.tenders)
        qtbot.keyClick(dialog.amount, Qt.Key.Key_F9)              # Rs 500 cash on a paid bill
        assert dialog.isVisible() and "already paid" in dialog.error.text()
        assert [t.method for t in dialog.tenders] == ["card"]    # the cash came off again
        qtbot.keyClick(dialog.amount, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Delete)
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)         # Enter: the card covers it
        assert not dialog.isVisible(), dialog.error.text()
    in_modal(tender)
    press(qtbot, window, Qt.Key.Key_F12)
    assert [t["method"] for t in last_sale(shop).tenders] == ["card"]


def test_type_ahead_after_a_quantity(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    qtbot.keyClicks(window.scan, "2*Milk")
    assert window.search.isVisible()
    assert window.search.current().id == shop.products["milk"]
    press(qtbot, window, Qt.Key.Key_Return)
    assert [(ln.product_id, ln.qty_milli) for ln in window.cart.lines] == [(shop.products["milk"], 2000)]
    assert QApplication.activeModalWidget() is None
