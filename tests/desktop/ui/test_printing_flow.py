"""Printing from the counter: a real python-escpos Network printer talking to a local TCP listener."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from dukan_desktop.printing.printers import PrinterConfig
from dukan_desktop.services import settings
from tests.desktop.printing.conftest import TcpPrinter

from .conftest import in_modal, log_in, press, type_into_focus
from .test_billing import barcode, last_sale, scan
from .test_counter_flows import sell

ESC_INIT, CUT = b"\x1b@", b"\x1dV"


@pytest.fixture
def tcp_printer():
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


def test_ctrl_p_reprints_marked_copy_without_drawer(qtbot, counter, shop, tcp_printer):
    sold = sell(shop, "milk", 1000)
    use_printer(shop, tcp_printer.address, auto_print=False)
    window = log_in(qtbot, counter, "cashier")
    with qtbot.waitSignal(window.printing.done, timeout=5000):
        qtbot.keyClick(window.scan, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    job = tcp_printer.wait_job()
    assert b"REPRINT" in job and sold.receipt_no.encode() in job
    assert b"\x1bp" not in job
    assert "copy printed" in window.message.text()


def test_ctrl_p_without_printer_shows_receipt(qtbot, counter, shop):
    sold = sell(shop, "milk", 1000)
    window = log_in(qtbot, counter, "cashier")
    seen = {}

    def look(dialog):
        seen["text"] = dialog.view.toPlainText()
        dialog.reject()
    in_modal(look)
    qtbot.keyClick(window.scan, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert sold.receipt_no in seen["text"]


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


def test_no_auto_print_when_turned_off(qtbot, counter, shop, tcp_printer):
    use_printer(shop, tcp_printer.address, auto_print=False)
    window = log_in(qtbot, counter, "cashier")
    keyboard_sale(qtbot, window, shop)
    assert last_sale(shop) is not None
    assert window.printing.job is None and tcp_printer.jobs == []
