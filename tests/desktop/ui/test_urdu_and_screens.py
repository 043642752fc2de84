"""Urdu: a complete catalogue, right-to-left layout; screenshots of the main screens."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dukan_desktop.paths import AppPaths
from dukan_desktop.printing.printers import PrinterError
from dukan_desktop.services import credit, held, sales, shifts
from dukan_desktop.services import returns as returns_service
from dukan_desktop.services.sales import Cart, CartLine, TenderInput
from dukan_desktop.ui import app as counter_app
from dukan_desktop.ui import i18n
from dukan_desktop.ui.about import about_dialog
from dukan_desktop.ui.billing.customer_picker import CustomerPicker
from dukan_desktop.ui.billing.tender_dialog import TenderDialog
from dukan_desktop.ui.credit_payment import CreditPaymentDialog
from dukan_desktop.ui.held import HeldBillsDialog
from dukan_desktop.ui.returns import ReturnsDialog
from dukan_desktop.ui.shift import ShiftDialog
from dukan_desktop.ui.worker import cancel_all

from .conftest import log_in, press, save_shot, type_unicode


def messages(ts_path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts_path).getroot()
    return {(ctx.findtext("name"), m.findtext("source")): m.find("translation")
            for ctx in root.iter("context") for m in ctx.iter("message")}


def test_urdu_catalogue_is_complete_and_current(tmp_path):
    ts = i18n.ts_file("ur")
    ours = messages(ts)
    unfinished = [k for k, tr in ours.items() if tr.get("type") == "unfinished" or not (tr.text or "").strip()]
    assert not unfinished, unfinished[:10]
    fresh = tmp_path / "fresh.ts"
    lupdate = i18n.qt_tool("lupdate")
    if lupdate is None:
        pytest.skip("lupdate is not installed")
    subprocess.run([str(lupdate), "-extensions", "py", "-recursive", "-locations", "none",
                    str(i18n.translations_dir().parent.parent / "dukan_desktop"), "-ts", str(fresh)],
                   check=True, capture_output=True)
    missing = set(messages(fresh)) - set(ours)
    assert not missing, f"run scripts/build_translations.py and translate: {sorted(missing)[:10]}"
    # Placeholders survive translation, or .format() would fail at the counter.
    import re
    for (ctx, src), tr in ours.items():
        assert set(re.findall(r"\{\w+\}", src)) == set(re.findall(r"\{\w+\}", tr.text or "")), (ctx, src)
        # Right to left the opening quote is typed ” (it shows on the right): one way everywhere.
        assert not re.search("“[^“”]*”", tr.text or ""), (ctx, src)


def _stage_counter(qtbot, shop, language: str):
    qapp = counter_app.ensure_application()
    controller = counter_app.CounterApp(qapp, shop.ledger, language)
    controller.start()
    return controller


@pytest.mark.parametrize("language", ["en", "ur"])
def test_screens_in_both_languages(qtbot, shop, language):
    with shop.uow() as uow:   # a sale on udhaar, so returns and payments have something to show
        cart = Cart((CartLine(shop.products["milk"], 2000), CartLine(shop.products["rice"], 1250)),
                    shop.customer_id)
        total = sales.quote(uow, cart).total_paisa
        sold = sales.complete_sale(uow, shop.cashier, cart, [TenderInput("cash", 50_000),
                                                               TenderInput("credit", total - 50_000)])
        uow.commit()
    controller = _stage_counter(qtbot, shop, language)
    try:
        rtl = language == "ur"
        assert (QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft) is rtl
        login = controller.window
        assert (login.windowTitle() == "دکان POS — لاگ ان") is rtl
        save_shot(login, language, "login")
        window = log_in(qtbot, controller, "cashier")
        assert window.isRightToLeft() is rtl
        for code in ("8964000000017", "8964000000024", "8964000000031"):
            qtbot.keyClicks(window.scan, code)
            press(qtbot, window, Qt.Key.Key_Return)
        window.cart.set_customer(CustomerPicker(window.session, window).model.rows[0])
        type_unicode(window.scan, "چاول" if rtl else "ric")
        save_shot(window, language, "billing")
        window.scan.clear()
        window.search.clear_results()
        window._print_failed(PrinterError(PrinterError.OFFLINE, reason="offline", address="192.168.1.50"))
        assert window.message_action.isVisible()
        save_shot(window, language, "billing-printer-offline")
        # A tidy data folder in the picture, not the test's temporary one.
        data = Path("/home/madina/.local/share/Dukan POS")
        about = about_dialog(window, SimpleNamespace(extras={"paths": AppPaths(data)},
                                                     ledger=SimpleNamespace(path=data / "ledger.sqlite3")))
        about.show()
        save_shot(about, language, "about")
        about.close()

        with shop.uow() as uow:   # a parked bill, so the held-bills list has a row
            held.hold_bill(uow, shop.cashier, Cart((CartLine(shop.products["eggs"], 2000),)), "Ali bhai")
            uow.commit()
        dialogs = {
            "tender": TenderDialog(window.session, window.cart.total_paisa, True, lambda t: None, window),
            "customer": CustomerPicker(window.session, window),
            "held_bills": HeldBillsDialog(window.session, window),
            "shift": ShiftDialog(window.session, window),
        }
        dialogs["tender"].amount.setText("1000")
        returns = ReturnsDialog(window.session, window)
        returns.receipt.setText(sold.receipt_no)
        returns.load()
        dialogs["return"] = returns
        payment = CreditPaymentDialog(window.session, window)
        payment.set_customer(window.cart.customer)
        dialogs["udhaar_payment"] = payment
        for name, dialog in dialogs.items():
            assert dialog.isRightToLeft() is rtl
            dialog.show()
            save_shot(dialog, language, name)
            dialog.close()

        with shop.uow() as uow:   # a running shift, counted Rs 695 short
            shifts.open_shift(uow, shop.cashier, 500_000)
            uow.commit()
        window.session.refresh()
        closing = ShiftDialog(window.session, window)
        closing.counted.setText(str((closing.report.expected_cash_paisa - 69_500) // 100))
        closing.show()
        save_shot(closing, language, "shift-close")
        closing.close()

        # What the billing screen says afterwards, in large type, until the next scan.
        window._after_sale(window.save_sale([TenderInput("cash", 100_000)]))
        assert window.outcome.isVisible()
        save_shot(window, language, "billing-change")
        with shop.uow() as uow:
            paid = credit.record_payment(uow, shop.cashier, shop.customer_id, 30_000)
            uow.commit()
        window.outcome.show_payment(30_000, "Rashid Khan", paid.new_balance_paisa)
        save_shot(window, language, "billing-udhaar-received")
        with shop.uow() as uow:
            milk_line = returns_service.returnable_lines(uow, sold.sale_id)[0]
            back = returns_service.create_return(uow, shop.owner, sold.sale_id,
                                                 [(milk_line.sale_line_id, 2000)], refund="auto")
            uow.commit()
        window.outcome.show_return(back, "Rashid Khan")
        save_shot(window, language, "billing-refund")
    finally:
        controller.shutdown()
        cancel_all()
        i18n.install_language(QApplication.instance(), "en")
