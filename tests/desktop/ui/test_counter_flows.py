"""Returns, udhaar payments, shifts and who may reach what."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dukan_desktop.core.errors import PermissionDenied
from dukan_desktop.services import credit, customers, returns, sales, settings, shifts
from dukan_desktop.services.sales import Cart, CartLine, TenderInput
from dukan_desktop.ui import app as counter_app
from dukan_desktop.ui.display import plain
from dukan_desktop.ui.sync_status import SyncStatus

from .conftest import in_modal, log_in, press, type_into_focus


def sell(shop, product: str, qty_milli: int, *, on_credit: bool = False):
    with shop.uow() as uow:
        cart = Cart((CartLine(shop.products[product], qty_milli),),
                    shop.customer_id if on_credit else None)
        total = sales.quote(uow, cart).total_paisa
        tender = TenderInput("credit" if on_credit else "cash", total)
        result = sales.complete_sale(uow, shop.cashier, cart, [tender])
        uow.commit()
    shop.clock.advance(minutes=5)
    return result


def test_return_by_receipt_with_owner_approval(qtbot, counter, shop):
    sold = sell(shop, "milk", 3000)
    window = log_in(qtbot, counter, "cashier")

    def returns_dialog(dialog):
        type_into_focus(qtbot, dialog, sold.receipt_no)          # find the sale
        assert len(dialog.model.rows) == 1
        assert dialog.model.setData(dialog.model.index(0, 3), "1")   # one pack comes back (cell edit)
        assert dialog.model.rows[0].qty_milli == 1000
        in_modal(lambda pin: type_into_focus(qtbot, pin, "1234"))  # the owner's PIN
        qtbot.keyClick(dialog.reason, Qt.Key.Key_F12)
        assert not dialog.isVisible(), dialog.error.text()
    in_modal(returns_dialog)
    press(qtbot, window, Qt.Key.Key_F10)
    with shop.uow(False) as uow:
        lines = returns.returnable_lines(uow, sold.sale_id)
    assert lines[0].returned_milli == 1000 and lines[0].remaining_milli == 2000


def test_return_refused_without_owner_pin(qtbot, counter, shop):
    sold = sell(shop, "milk", 1000)
    window = log_in(qtbot, counter, "cashier")

    def returns_dialog(dialog):
        type_into_focus(qtbot, dialog, sold.receipt_no)
        in_modal(lambda pin: pin.reject())                     # nobody types the PIN
        qtbot.keyClick(dialog.reason, Qt.Key.Key_F12)
        assert "Not approved" in dialog.error.text()
        dialog.reject()
    in_modal(returns_dialog)
    press(qtbot, window, Qt.Key.Key_F10)
    with shop.uow(False) as uow:
        assert returns.returnable_lines(uow, sold.sale_id)[0].returned_milli == 0


def test_credit_payment_with_chosen_allocation(qtbot, counter, shop):
    first = sell(shop, "milk", 1000, on_credit=True)     # Rs 220, oldest
    second = sell(shop, "eggs", 1000, on_credit=True)    # Rs 360
    window = log_in(qtbot, counter, "cashier")

    def payment(dialog):
        in_modal(lambda picker: type_into_focus(qtbot, picker, "0300123"))  # by phone
        qtbot.keyClick(dialog.amount, Qt.Key.Key_F3)
        assert [r.sale.sale_id for r in dialog.model.rows] == [first.sale_id, second.sale_id]
        assert dialog.model.setData(dialog.model.index(1, 4), "300")  # against the newer sale
        dialog.amount.setFocus()
        type_into_focus(qtbot, dialog, "300")
        assert not dialog.isVisible(), dialog.error.text()
    in_modal(payment)
    press(qtbot, window, Qt.Key.Key_F11)
    with shop.uow(False) as uow:
        still_open = {s.sale_id: s.open_paisa for s in credit.open_credit_sales(uow, shop.customer_id)}
        balance = customers.get_customer(uow, shop.customer_id).balance_paisa
    assert still_open == {first.sale_id: 22_000, second.sale_id: 6_000}
    assert balance == 22_000 + 36_000 - 30_000


def test_shift_open_cash_out_and_close_with_count(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    in_modal(lambda d: type_into_focus(qtbot, d, "5000"))
    qtbot.keyClick(window.scan, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.session.shift_id is not None
    assert "Shift since" in window.status.shift.text()

    def cash_out(dialog):
        dialog.move_amount.setFocus()
        type_into_focus(qtbot, dialog, "300", enter=False)
        dialog.move_reason.setFocus()
        type_into_focus(qtbot, dialog, "tea")
    in_modal(cash_out)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.scan, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)

    seen = {}

    def close(dialog):
        qtbot.keyClicks(dialog.counted, "4650")
        seen["compare"] = dialog.compare.text()
        qtbot.keyClick(dialog.counted, Qt.Key.Key_Return)
    in_modal(close)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.scan, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert plain(seen["compare"]) == "Expected Rs 4,700.00 · Counted Rs 4,650.00 · Difference -Rs 50.00"
    with shop.uow(False) as uow:
        assert shifts.current_shift(uow) is None


def test_cashier_never_reaches_owner_screens(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    names = {a.objectName() for a in window.actions()}
    assert "action_open_settings" not in names
    qtbot.keyClick(window.scan, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert QApplication.activeModalWidget() is None
    legend = " ".join(lbl.text() for lbl in window.findChildren(type(window.message), "keyHint"))
    assert "Settings" not in legend
    # The search results never carry a cost for a cashier...
    window.scan.clear()
    qtbot.keyClicks(window.scan, "Milk")
    assert window.search.current().cost_paisa is None
    # ...and the service refuses the owner's settings whatever the UI does.
    with shop.uow() as uow, pytest.raises(PermissionDenied):
        settings.update_settings(uow, window.session.actor, {"language": "ur"})


def test_owner_sees_settings_and_language_applies_live(qtbot, counter, shop):
    window = log_in(qtbot, counter, "owner")
    assert "action_open_settings" in {a.objectName() for a in window.actions()}

    def change(dialog):
        dialog.language.setCurrentIndex(dialog.language.findData("ur"))
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    in_modal(change)
    window.open_settings()
    qtbot.waitUntil(lambda: counter.window is not window and counter.language == "ur")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert counter.window.session.actor.is_owner


def test_owner_ctrl_l_becomes_the_shop_language(qtbot, counter, shop):
    window = log_in(qtbot, counter, "owner")
    qtbot.keyClick(window.scan, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: counter.language == "ur" and counter.window is not window)
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert counter.window.isRightToLeft() and counter.window.session.actor.is_owner
    with shop.uow(False) as uow:
        assert settings.get(uow, "language") == "ur"     # the owner's choice, kept
    counter.shutdown()
    again = counter_app.CounterApp(QApplication.instance(), shop.ledger)   # the next start
    try:
        again.start()
        assert again.language == "ur" and again.window.windowTitle() == "دکان POS — لاگ ان"
    finally:
        again.shutdown()


def test_cashier_ctrl_l_switches_this_screen_only(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    qtbot.keyClicks(window.scan, "8964000000017")
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.keyClick(window.scan, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: counter.language == "ur" and counter.window is not window)
    assert counter.window.isRightToLeft()
    assert len(counter.window.cart.lines) == 1                   # the bill came along
    with shop.uow(False) as uow:
        assert settings.get(uow, "language") == "en"             # the shop's setting is the owner's
    urdu = counter.window
    urdu.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is urdu)
    qtbot.keyClick(urdu.scan, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: counter.language == "en")
    assert not counter.window.isRightToLeft()


def test_pin_lockout_at_the_login_screen(qtbot, counter, shop):
    login = counter.window
    while login.selected_worker().name != "Bilal":
        qtbot.keyClick(login.pin, Qt.Key.Key_Down)
    for attempt in range(5):
        qtbot.keyClicks(login.pin, "0000")
        qtbot.keyClick(login.pin, Qt.Key.Key_Return)
        if attempt < 4:
            assert login.error.text() == "Wrong PIN."
    assert "Too many wrong PINs" in login.error.text() and "5 minutes" in login.error.text()
    qtbot.keyClicks(login.pin, "5678")                           # even the right PIN waits now
    qtbot.keyClick(login.pin, Qt.Key.Key_Return)
    assert counter.window is login and "Too many wrong PINs" in login.error.text()
    assert login.pin.text() == ""
    shop.clock.advance(minutes=6)
    qtbot.keyClicks(login.pin, "5678")
    qtbot.keyClick(login.pin, Qt.Key.Key_Return)
    assert counter.window.objectName() == "billingWindow"


def test_sync_status_text():
    from datetime import UTC, datetime, timedelta

    now = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
    status = SyncStatus(now=lambda: now)
    status.update(online=False, pending=12)
    assert status.text() == "Offline — 12 waiting to sync"
    status.update(online=True, pending=0, last_sync=now - timedelta(minutes=2))
    assert status.text() == "All synced 2 min ago" and status.severity == "ok"
    status.update(failed=3)
    assert status.text().endswith("3 failed") and status.severity == "error"


def test_sync_stack_loads_only_on_a_connected_pc(qtbot, counter, shop):
    qtbot.wait(50)  # the start-up timer has fired
    assert counter._sync_import is None and counter.sync is None  # local-only: nothing loaded
    with shop.uow() as uow:
        settings.put(uow, "server_url", "http://127.0.0.1:9")
        uow.commit()
    counter.start_sync()  # what "Connect this PC" triggers through the settings change
    assert counter._sync_import is not None
    qtbot.waitUntil(lambda: counter._sync_import is None, timeout=10_000)
    assert counter.sync is None  # no device credential in the keyring: sync stays off


def test_a_cashier_sells_outside_another_cashiers_open_shift(qtbot, counter, shop):
    """Bilal left his shift open; Kamran logs in on the same PC: he can sell (billing is never
    blocked), his sales stay out of Bilal's Z report, and the screens say why."""
    from dukan_desktop.core.permissions import Actor, Role
    from dukan_desktop.services import workers
    from dukan_desktop.ui.shift import ShiftDialog

    with shop.uow() as uow:
        bilals = shifts.open_shift(uow, shop.cashier, 500_000)
        kamran_id = workers.create_worker(uow, shop.owner, name="Kamran", pin="2468",
                                          outlet_id=shop.ctx.outlet_id)
        uow.commit()
    kamran = Actor(kamran_id, Role.CASHIER, shop.ctx.outlet_id, "Kamran")
    window = counter.open_billing(kamran)
    assert window.session.shift_id is None and window.session.other_shift.id == bilals
    assert "Another cashier's shift" in plain(window.status.shift.text())
    with shop.uow(write=False) as uow:
        total = sales.quote(uow, Cart((CartLine(shop.products["milk"], 1000),))).total_paisa
    window.cart.add_scan(_scan(shop, "milk"))
    saved = window.save_sale([TenderInput("cash", total)])
    with shop.uow(write=False) as uow:
        assert uow.sql("SELECT shift_id FROM sales WHERE id = ?", (saved.sale_id,)) == [(None,)]
        assert shifts.z_report(uow, shop.owner, bilals).sales_count == 0
    dialog = ShiftDialog(window.session, window)
    note = dialog.findChild(type(window.status.shift), "foreignShift")
    assert note is not None and "Bilal" in plain(note.text())
    assert dialog.findChild(type(window.scan), "countedCash") is None  # nothing to close here
    dialog.reject()


def _scan(shop, product):
    from dukan_desktop.services import catalog

    with shop.uow(write=False) as uow:
        return catalog.lookup_barcode(uow, shop.owner, {
            "milk": "8964000000017"}[product])
