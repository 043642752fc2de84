"""Selling at the counter, driven by keys as a cashier would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dukan_desktop.services import catalog, customers, sales

from .conftest import in_modal, log_in, press, type_into_focus, type_unicode


def barcode(shop, name: str) -> str:
    with shop.uow(False) as uow:
        return catalog.get_product(uow, shop.owner, shop.products[name]).barcodes[0]


def scan(qtbot, window, code: str) -> None:
    qtbot.keyClicks(window.scan, code)
    press(qtbot, window, Qt.Key.Key_Return)


def last_sale(shop):
    with shop.uow(False) as uow:
        sale_id = sales.last_sale_id(uow)
        return sales.get_sale(uow, sale_id=sale_id) if sale_id else None


def test_whole_sale_by_keyboard(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    milk, soap = barcode(shop, "milk"), barcode(shop, "soap")
    scan(qtbot, window, milk)
    scan(qtbot, window, milk)                 # same item again: quantity 2
    scan(qtbot, window, f"3*{soap}")          # quantity typed before the scan
    assert [ln.qty_milli for ln in window.cart.lines] == [2000, 3000]
    total = window.cart.total_paisa
    assert total == 2 * 22000 + 3 * 17700     # soap is tax-exclusive: 150 + 18%

    def tender(dialog):
        assert dialog.focusWidget() is dialog.amount
        type_into_focus(qtbot, dialog, "1000")        # cash handed over, Enter completes
    in_modal(tender)
    press(qtbot, window, Qt.Key.Key_Return)   # Enter on an empty scan field = pay

    sale = last_sale(shop)
    assert sale is not None and sale.total_paisa == total
    assert sale.receipt_no.endswith("-000001")             # saved exactly once
    assert sale.change_paisa == 100_000 - total
    assert [(ln["product_id"], ln["qty_milli"]) for ln in sale.lines] == [
        (shop.products["milk"], 2000), (shop.products["soap"], 3000)]
    assert sale.tenders[0]["method"] == "cash" and sale.tenders[0]["tendered_paisa"] == 100_000
    assert window.cart.is_empty()
    assert window.focusWidget() is window.scan
    assert sale.receipt_no in window.last_sale_label.text()


def test_unknown_barcode_keeps_focus_and_changes_nothing(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    scan(qtbot, window, "0000000000000")
    assert "0000000000000" in window.message.text()
    assert window.cart.is_empty()
    assert window.focusWidget() is window.scan
    assert QApplication.activeModalWidget() is None
    assert last_sale(shop) is None
    scan(qtbot, window, barcode(shop, "milk"))       # the next scan simply works
    assert len(window.cart.lines) == 1


def test_search_by_urdu_name_and_sku(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    qtbot.keyClicks(window.scan, "RICE")
    assert window.search.isVisible()
    assert window.search.current().id == shop.products["rice"]
    window.scan.clear()
    type_unicode(window.scan, "دودھ")
    assert window.search.current().id == shop.products["milk"]
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.cart.lines[0].product_id == shop.products["milk"]
    assert window.search.current() is None


def test_credit_sale_with_customer(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    scan(qtbot, window, barcode(shop, "milk"))
    in_modal(lambda d: type_into_focus(qtbot, d, "Rashid"))
    press(qtbot, window, Qt.Key.Key_F3)
    assert window.cart.customer.id == shop.customer_id
    assert "Rashid Khan" in window.customer_label.text()

    def tender(dialog):
        type_into_focus(qtbot, dialog, "100", enter=False)      # Rs 100 cash now...
        qtbot.keyClick(dialog.amount, Qt.Key.Key_F12)   # ...the rest on udhaar
        assert not dialog.isVisible(), dialog.error.text()
    in_modal(tender)
    press(qtbot, window, Qt.Key.Key_F12)
    sale = last_sale(shop)
    assert sale.customer_id == shop.customer_id
    assert sale.credit_paisa == 12_000 and sale.paid_paisa == 10_000
    with shop.uow(False) as uow:
        assert customers.get_customer(uow, shop.customer_id).balance_paisa == 12_000


def test_split_tender_with_wallet_reference(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    scan(qtbot, window, f"2*{barcode(shop, 'milk')}")   # Rs 440

    def tender(dialog):
        qtbot.keyClick(dialog.amount, Qt.Key.Key_F3)     # card
        type_into_focus(qtbot, dialog, "100")
        qtbot.keyClick(dialog.amount, Qt.Key.Key_F4)     # JazzCash needs a reference
        type_into_focus(qtbot, dialog, "200")
        assert dialog.focusWidget() is dialog.reference
        type_into_focus(qtbot, dialog, "JC-778812")
        assert dialog.remaining() == 14_000
        type_into_focus(qtbot, dialog, "500")                   # cash; change 360
    in_modal(tender)
    press(qtbot, window, Qt.Key.Key_F12)
    sale = last_sale(shop)
    methods = {t["method"]: (t["amount_paisa"], t["reference"]) for t in sale.tenders}
    assert methods == {"card": (10_000, ""), "jazzcash": (20_000, "JC-778812"), "cash": (14_000, "")}
    assert sale.change_paisa == 36_000


def test_hold_and_recall(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    scan(qtbot, window, barcode(shop, "eggs"))
    scan(qtbot, window, barcode(shop, "milk"))
    in_modal(lambda d: type_into_focus(qtbot, d, "Ali bhai"))
    press(qtbot, window, Qt.Key.Key_F8)
    assert window.cart.is_empty()
    scan(qtbot, window, barcode(shop, "soap"))        # serve the next customer meanwhile
    in_modal(lambda d: type_into_focus(qtbot, d, "200"))
    press(qtbot, window, Qt.Key.Key_F12)

    def pick(dialog):
        assert [h.label for h in dialog.model.rows] == ["Ali bhai"]
        qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    in_modal(pick)
    press(qtbot, window, Qt.Key.Key_F9)
    assert [ln.product_id for ln in window.cart.lines] == [shop.products["eggs"], shop.products["milk"]]


def test_price_override_asks_owner_pin_on_the_spot(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    scan(qtbot, window, barcode(shop, "milk"))

    def price(dialog):
        in_modal(lambda pin: type_into_focus(qtbot, pin, "1234"))   # owner's PIN dialog comes next
        type_into_focus(qtbot, dialog, "200")
    in_modal(price)
    press(qtbot, window, Qt.Key.Key_F6)
    assert window.cart.lines[0].unit_price_paisa == 20_000
    assert "price_override" in [action for action, _subject in window.cart.approvals]
    in_modal(lambda d: type_into_focus(qtbot, d, ""))         # exact cash
    press(qtbot, window, Qt.Key.Key_F12)
    sale = last_sale(shop)
    assert sale.total_paisa == 20_000 and "price_override" in sale.flags
