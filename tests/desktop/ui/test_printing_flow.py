"""Printing from the counter: a real python-escpos Network printer talking to a local TCP listener."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from dukan_desktop.printing import printers
from dukan_desktop.printing.printers import PrinterConfig
from dukan_desktop.services import returns, sales, settings
from dukan_desktop.services.sales import Cart, CartLine, TenderInput
from tests.desktop.printing.conftest import TcpPrinter

from .conftest import in_modal, log_in, press, type_into_focus
from .test_billing import barcode, last_sale, scan
from .test_counter_flows import sell

ESC_INIT, CUT = b"\x1b@", b"\x1dV"
KICK_PIN2 = b"\x1bp\x0022"  # ESC p 0, on/off times


@pytest.fixture
def tcp_printer():
    printers._no_status_reply.clear()
    printer = TcpPrinter()
    yield printer
    printer.close()


def use_printer(shop, address: str, *, auto_print: bool = True) -> None:
    config = PrinterConfig(kind="network", address=address, timeout_s=2, drawer_pin=2, auto_print=auto_print)
    with shop.uow() as uow:
        for key, value in config.to_settings().items():
            settings.put(uow, key, value)
        uow.commit()


def keyboard_sale(qtbot, window, shop) -> None:
    scan(qtbot, window, barcode(shop, "milk"))
    in_modal(lambda d: type_into_focus(qtbot, d, "500"))
    press(qtbot, window, Qt.Key.Key_Return)


def test_auto_print_after_keyboard_sale(qtbot, counter, shop, tcp_printer):
    use_printer(shop, tcp_printer.address)
    window = log_in(qtbot, counter, "cashier")
    keyboard_sale(qtbot, window, shop)
    sale = last_sale(shop)
    assert sale is not None  # saved before anything was printed
    job = tcp_printer.wait_job()
    assert job.startswith(ESC_INIT) and CUT in job[-8:]
    assert b"\x1bp" in job  # a cash sale kicks the drawer
    assert sale.receipt_no.encode() in job
    assert window.focusWidget() is window.scan


def test_unreachable_printer_shows_message_and_retry(qtbot, counter, shop):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nobody listens: refused at once
    use_printer(shop, f"127.0.0.1:{port}")
    window = log_in(qtbot, counter, "cashier")
    keyboard_sale(qtbot, window, shop)
    assert last_sale(shop) is not None  # the sale stands whatever the printer does
    qtbot.waitUntil(lambda: window.message_action.isVisible(), timeout=5000)
    assert "not answering" in window.message.text() and "The sale is saved" in window.message.text()
    assert window.message.property("error")
    with qtbot.waitSignal(window.printing.failed, timeout=5000):
        window.message_action.click()  # Retry: same job, still offline
    qtbot.waitUntil(lambda: window.message_action.isVisible(), timeout=5000)
    assert window.focusWidget() is window.scan


def reprint_key(qtbot, window, answer) -> None:
    """Ctrl+P, then `answer(dialog)` in the receipt-number prompt."""
    in_modal(answer)
    qtbot.keyClick(window.scan, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_p_reprints_marked_copy_without_drawer(qtbot, counter, shop, tcp_printer):
    sold = sell(shop, "milk", 1000)
    use_printer(shop, tcp_printer.address, auto_print=False)
    window = log_in(qtbot, counter, "cashier")
    seen = {}

    def accept_last(dialog):
        seen["offered"] = dialog.field.text()
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    with qtbot.waitSignal(window.printing.done, timeout=5000):
        reprint_key(qtbot, window, accept_last)
    assert seen["offered"] == sold.receipt_no  # the last one is filled in
    job = tcp_printer.wait_job()
    assert b"REPRINT" in job and sold.receipt_no.encode() in job
    assert b"\x1bp" not in job
    assert "copy printed" in window.message.text()


def test_reprint_any_receipt_or_return_slip_by_number(qtbot, counter, shop, tcp_printer):
    first = sell(shop, "milk", 1000)
    sell(shop, "milk", 2000)
    with shop.uow() as uow:
        ret = returns.create_return(uow, shop.owner, first.sale_id, reason="leaking")
        uow.commit()
    use_printer(shop, tcp_printer.address, auto_print=False)
    window = log_in(qtbot, counter, "cashier")

    def unknown_then_first(dialog):
        assert dialog.field.text() == ret.receipt_no  # this PC's last document: the return slip
        dialog.field.setText("GUL-1-999999")
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
        assert dialog.isVisible() and "GUL-1-999999" in dialog.error.text()  # says so, stays open
        dialog.field.setText(first.receipt_no.lower())
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    with qtbot.waitSignal(window.printing.done, timeout=5000):
        reprint_key(qtbot, window, unknown_then_first)
    old = tcp_printer.wait_job(1)
    assert b"REPRINT" in old and first.receipt_no.encode() + b"\n" in old and b"\x1bp" not in old

    def the_return(dialog):
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    with qtbot.waitSignal(window.printing.done, timeout=5000):
        reprint_key(qtbot, window, the_return)
    slip = tcp_printer.wait_job(2)
    assert b"REPRINT" in slip and b"RETURN" in slip and ret.receipt_no.encode() in slip
    assert b"\x1bp" not in slip  # a cash refund's copy does not open the drawer


def test_ctrl_p_without_printer_shows_receipt(qtbot, counter, shop):
    sold = sell(shop, "milk", 1000)
    window = log_in(qtbot, counter, "cashier")
    seen = {}

    def look(dialog):
        seen["doc"] = dialog.doc
        seen["width"] = dialog.image.pixmap().width()
        dialog.reject()

    def accept_last(dialog):
        in_modal(look)
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    reprint_key(qtbot, window, accept_last)
    assert seen["doc"].receipt_no == sold.receipt_no and seen["doc"].is_reprint
    assert seen["width"] == 576  # drawn as the 80 mm printer would print it


def test_return_prints_return_receipt(qtbot, counter, shop, tcp_printer):
    sold = sell(shop, "milk", 2000)
    use_printer(shop, tcp_printer.address)
    window = log_in(qtbot, counter, "owner")

    def returns_dialog(dialog):
        type_into_focus(qtbot, dialog, sold.receipt_no)
        assert dialog.model.setData(dialog.model.index(0, 3), "1")
        qtbot.keyClick(dialog.reason, Qt.Key.Key_F12)
        assert not dialog.isVisible(), dialog.error.text()
    in_modal(returns_dialog)
    press(qtbot, window, Qt.Key.Key_F10)
    job = tcp_printer.wait_job()
    assert job.startswith(ESC_INIT) and CUT in job[-8:]
    assert sold.receipt_no.encode() in job  # the return names the original sale


def test_closing_shift_offers_z_report_pdf(qtbot, counter, shop, tmp_path, monkeypatch):
    window = log_in(qtbot, counter, "cashier")
    in_modal(lambda d: type_into_focus(qtbot, d, "5000"))
    qtbot.keyClick(window.scan, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    in_modal(lambda d: (qtbot.keyClicks(d.counted, "5000"), qtbot.keyClick(d.counted, Qt.Key.Key_Return)))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.scan, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.session.shift_id is None
    assert window.message_action.isVisible()
    target = tmp_path / "z.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(window.printing.done, timeout=10000):
        window.message_action.click()
    assert target.read_bytes().startswith(b"%PDF")
    assert str(target) in window.message.text()


def test_closing_shift_prints_the_z_report_on_the_roll(qtbot, counter, shop, tcp_printer):
    use_printer(shop, tcp_printer.address)
    window = log_in(qtbot, counter, "cashier")
    in_modal(lambda d: type_into_focus(qtbot, d, "5000"))
    qtbot.keyClick(window.scan, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    in_modal(lambda d: (qtbot.keyClicks(d.counted, "5000"), qtbot.keyClick(d.counted, Qt.Key.Key_Return)))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    with qtbot.waitSignal(window.printing.done, timeout=10000) as printed:
        qtbot.keyClick(window.scan, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert printed.args[0] == "z_print"
    job = tcp_printer.wait_job()
    assert job.startswith(ESC_INIT) and b"Z REPORT" in job and b"Expected cash" in job
    assert b"\x1bp" not in job  # the drawer stays shut
    assert window.message_action.isVisible()  # the A4 PDF can still be saved


def test_auto_print_off_still_opens_the_drawer_for_cash(qtbot, counter, shop, tcp_printer):
    use_printer(shop, tcp_printer.address, auto_print=False)
    window = log_in(qtbot, counter, "cashier")
    with qtbot.waitSignal(window.printing.done, timeout=5000):
        keyboard_sale(qtbot, window, shop)
    assert last_sale(shop) is not None
    assert tcp_printer.wait_job() == KICK_PIN2  # the drawer opens; no receipt is printed
    assert tcp_printer.queries == []  # no paper needed for the drawer


def test_card_only_sale_does_not_open_the_drawer(qtbot, counter, shop, tcp_printer):
    window = log_in(qtbot, counter, "cashier")
    with shop.uow() as uow:
        cart = Cart((CartLine(shop.products["milk"], 1000),))
        card = sales.complete_sale(uow, shop.cashier, cart, [TenderInput("card", 22_000, reference="A1")])
        uow.commit()
    for auto_print in (False, True):
        use_printer(shop, tcp_printer.address, auto_print=auto_print)
        with qtbot.waitSignal(window.printing.done, timeout=5000):
            window.printing.sale_saved(card.sale_id)
    # done means the bytes left; the listener records them a moment later.
    receipt = tcp_printer.wait_job(1)
    assert b"\x1bp" not in receipt and b"GUL-1-" in receipt  # the receipt, no drawer kick
    qtbot.wait(300)
    assert len(tcp_printer.jobs) == 1  # and nothing else: no separate kick either


def flaky_printer(monkeypatch, first_attempt: str) -> list[bytes]:
    """A spec'd printer whose first attempt is refused ("refused": nothing reached it) or
    breaks after the job went out ("torn"); later attempts print. Returns the jobs it got."""
    from escpos.printer import Dummy

    from dukan_desktop.printing.printers import PrintService
    from dukan_desktop.ui.counter_printing import CounterPrinting

    jobs: list[bytes] = []
    attempts: list[int] = []

    class Flaky(Dummy):
        def open(self, *args, **kwargs) -> None:
            attempts.append(1)
            if len(attempts) == 1 and first_attempt == "refused":
                raise ConnectionRefusedError(111, "Connection refused")

        def _raw(self, msg: bytes) -> None:
            if msg.startswith(b"\x10\x04"):  # status query
                return
            jobs.append(msg)
            if len(attempts) == 1 and first_attempt == "torn":
                raise BrokenPipeError(32, "Broken pipe")

        def _read(self) -> bytes:
            return b"\x12"  # paper present

        def close(self) -> None:
            pass

    def service(values):
        return PrintService(PrinterConfig.from_settings(values), opener=lambda config: Flaky())
    monkeypatch.setattr(CounterPrinting, "_service", staticmethod(service))
    return jobs


@pytest.mark.parametrize(("first_attempt", "kicks_on_retry"), [("torn", False), ("refused", True)])
def test_retried_receipt_opens_the_drawer_at_most_once(qtbot, counter, shop, monkeypatch,
                                                        first_attempt, kicks_on_retry):
    jobs = flaky_printer(monkeypatch, first_attempt)
    use_printer(shop, "10.0.0.9")
    window = log_in(qtbot, counter, "cashier")
    with qtbot.waitSignal(window.printing.failed, timeout=5000):
        keyboard_sale(qtbot, window, shop)
    assert window.message_action.isVisible()
    with qtbot.waitSignal(window.printing.done, timeout=5000):
        window.message_action.click()  # Retry
    kicks = sum(job.count(KICK_PIN2[:3]) for job in jobs)
    assert kicks == 1  # once in all: with the torn first job, or with the retry
    assert (KICK_PIN2[:3] in jobs[-1]) is kicks_on_retry
    assert last_sale(shop).receipt_no.encode() in jobs[-1]
