"""Urdu reads right to left everywhere on the counter; money, quantities, units and payment
methods are shown through the screen formatter; the fonts are the right ones."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication, QLabel

from dukan_desktop.core.errors import InvalidInput
from dukan_desktop.services import sales, settings
from dukan_desktop.services.sales import Cart, CartLine, TenderInput
from dukan_desktop.ui import app as counter_app
from dukan_desktop.ui import i18n
from dukan_desktop.ui.credit_payment import CreditPaymentDialog
from dukan_desktop.ui.display import LRI, PDI, Display, method_name, plain
from dukan_desktop.ui.returns import ReturnsDialog
from dukan_desktop.ui.shift import ShiftDialog
from dukan_desktop.ui.worker import cancel_all

from .conftest import in_modal, log_in, press, type_into_focus
from .test_billing import scan
from .test_counter_flows import sell

MILK, RICE = "8964000000017", "2500001"


@pytest.fixture
def counter_in(qtbot, shop):
    """A counter app factory in a given language; shut down (and English again) afterwards."""
    made = []

    def start(language: str):
        controller = counter_app.CounterApp(counter_app.ensure_application(), shop.ledger, language)
        controller.start()
        made.append(controller)
        return controller
    yield start
    for controller in made:
        controller.shutdown()
    cancel_all()
    i18n.install_language(QApplication.instance(), "en")


def ink_span(widget) -> tuple[int, int, int]:
    """(first, last) x of drawn text in the widget, and its width."""
    image = widget.grab().toImage()
    background = image.pixel(1, 1)
    xs = [x for x in range(image.width()) for y in range(0, image.height(), 2)
          if image.pixel(x, y) != background]
    return min(xs), max(xs), image.width()


def x_in(widget, ancestor) -> int:
    return widget.mapTo(ancestor, QPoint(0, 0)).x()


@pytest.mark.parametrize("language", ["en", "ur"])
def test_totals_panel_mirrors_with_the_language(qtbot, shop, counter_in, language):
    window = log_in(qtbot, counter_in(language), "owner")
    scan(qtbot, window, MILK)
    window.cart.set_bill_discount(2_200)
    name, value = window.totals.rows["discount"]
    assert window.totals.value("discount") == "-Rs 22.00"
    assert f"{LRI}-Rs 22.00{PDI}" in value.text()     # the minus stays with the amount in Urdu
    total_name, total_value = window.totals.rows["total"]
    if language == "ur":   # label on the right, amount on the left
        assert x_in(value, window.totals) < x_in(name, window.totals)
        first, last, width = ink_span(total_value)
        assert first < 20                      # the amount hugs the panel's far (left) edge
    else:
        assert x_in(value, window.totals) > x_in(name, window.totals)
        first, last, width = ink_span(total_value)
        assert width - last < 20


@pytest.mark.parametrize("language", ["en", "ur"])
def test_latin_text_aligns_with_the_screen_direction(qtbot, shop, counter_in, language):
    window = log_in(qtbot, counter_in(language), "cashier")
    shop_name = window.findChild(QLabel, "shopName")
    first, last, width = ink_span(shop_name)
    if language == "ur":   # "Madina General Store" starts with Latin letters, yet sits on the right
        assert width - last < 20 and first > 40
    else:
        assert first < 20
    dialog = CreditPaymentDialog(window.session, window)
    with shop.uow(False) as uow:
        from dukan_desktop.services import customers
        dialog.set_customer(customers.get_customer(uow, shop.customer_id))
    dialog.show()
    first, last, width = ink_span(dialog.customer_label)
    if language == "ur":
        assert width - last < 30
    else:
        assert first < 30
    dialog.close()


def test_negative_difference_keeps_its_minus_by_the_amount(qtbot, shop, counter_in):
    window = log_in(qtbot, counter_in("ur"), "cashier")
    in_modal(lambda d: type_into_focus(qtbot, d, "5000"))
    qtbot.keyClick(window.scan, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    dialog = ShiftDialog(window.session, window)
    qtbot.keyClicks(dialog.counted, "4305")
    assert f"{LRI}-Rs 695.00{PDI}" in dialog.compare.text()
    assert dialog.compare.text().startswith("\u200f")   # an Urdu sentence, right to left
    dialog.close()


@pytest.mark.parametrize(("language", "shown"), [("en", "1.25 kg"), ("ur", "1.25 کلو")])
def test_units_are_translated_and_the_number_comes_first(qtbot, shop, counter_in, language, shown):
    with shop.uow() as uow:
        cart = Cart((CartLine(shop.products["rice"], 1250),))
        sold = sales.complete_sale(uow, shop.cashier, cart, [TenderInput("cash", 50_000)])
        uow.commit()
    window = log_in(qtbot, counter_in(language), "cashier")
    returns = ReturnsDialog(window.session, window)
    returns.receipt.setText(sold.receipt_no)
    returns.load()
    assert plain(returns.model.data(returns.model.index(0, 1))) == shown
    assert returns.model.data(returns.model.index(0, 3), Qt.ItemDataRole.EditRole) == "1.25"  # editable as typed
    returns.close()

    scan(qtbot, window, RICE)
    seen = {}

    def weight(dialog):
        seen["caption"] = dialog.findChild(QLabel).text()
        type_into_focus(qtbot, dialog, "1.25")          # weight entry for loose goods
    in_modal(weight)
    press(qtbot, window, Qt.Key.Key_F4)
    assert shown.split()[1] in seen["caption"]
    assert window.cart.lines[0].qty_milli == 1250
    assert plain(window.cart.data(window.cart.index(0, 2))) == shown


def test_urdu_digits_reach_quantities_and_counts(qtbot, shop, counter_in):
    with shop.uow() as uow:
        settings.put(uow, "urdu_digits", True)
        uow.commit()
    window = log_in(qtbot, counter_in("ur"), "cashier")
    scan(qtbot, window, f"2*{MILK}")
    assert plain(window.cart.data(window.cart.index(0, 2))) == "۲"
    assert plain(window.cart.data(window.cart.index(0, 0))) == "۱"
    assert window.totals.value("items") == "۱"
    assert window.totals.value("total") == "Rs ۴۴۰.۰۰"


def test_payment_methods_read_as_names(qtbot, shop, counter_in):
    counter_in("ur")
    assert method_name("jazzcash") == "جاز کیش" and method_name("credit") == "ادھار"
    err = InvalidInput("Enter the transaction reference for the {method} payment.", method="jazzcash")
    assert "جاز کیش" in i18n.tr_error(err) and "jazzcash" not in i18n.tr_error(err)
    i18n.install_language(QApplication.instance(), "en")
    assert method_name("jazzcash") == "JazzCash"
    assert "JazzCash" in i18n.tr_error(err)


def glyph_families(text: str, font: QFont) -> dict[str, str]:
    """Which font family draws each character of `text`."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    drawn = {}
    for run in layout.glyphRuns():
        raw = run.rawFont()
        glyphs = set(run.glyphIndexes())
        for ch in set(text):
            index = raw.glyphIndexesForString(ch)
            if index and index[0] and index[0] in glyphs:
                drawn.setdefault(ch, raw.familyName())
    return drawn


def test_english_punctuation_and_digits_use_the_ui_font(qtbot, shop, counter_in):
    counter_in("en")
    drawn = glyph_families("Total: Rs 757.00", QApplication.font())
    assert drawn[":"] == drawn["7"] == drawn["T"] != i18n.URDU_FAMILY, drawn
    i18n.install_language(QApplication.instance(), "ur")
    assert glyph_families("دودھ", QApplication.font())["د"] == i18n.URDU_FAMILY


def test_udhaar_payment_headers_are_not_cut_off(qtbot, shop, counter_in):
    sell(shop, "milk", 1000, on_credit=True)
    window = log_in(qtbot, counter_in("en"), "cashier")
    dialog = CreditPaymentDialog(window.session, window)
    with shop.uow(False) as uow:
        from dukan_desktop.services import customers
        dialog.set_customer(customers.get_customer(uow, shop.customer_id))
    dialog.show()
    header = dialog.view.horizontalHeader()
    metrics = header.fontMetrics()
    for column in range(dialog.model.columnCount()):
        text = dialog.model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= metrics.horizontalAdvance(text), text
    dialog.close()


def test_display_helpers():
    display = Display(type("S", (), {"language": "ur", "money": staticmethod(lambda p: f"Rs {p}"),
                                     "money_format": type("F", (), {"urdu_digits": False})()})())
    assert display.qty(3000, "pc") == f"{LRI}3{PDI}"
    assert plain(display.qty(500, "kg")) == "0.5 kg"  # no translator installed: the source name
    assert display.para("a\nb") == "\u200fa\n\u200fb"


def test_an_error_opening_with_typed_text_still_reads_right_to_left(qtbot, shop, counter_in):
    counter_in("ur")
    err = InvalidInput("“{text}” is not an amount. Enter an amount like 150 or 150.50.", text="abc")
    label = QLabel(i18n.tr_error(err))
    label.resize(500, 30)
    label.show()
    first, last, width = ink_span(label)
    assert width - last < 20          # right-aligned although "abc" is its first word
    i18n.install_language(QApplication.instance(), "en")
    assert i18n.tr_error(err).startswith("“abc”")   # English text is unchanged
