"""The back office's printer settings: every option saved as chosen, a test page in the background."""

from __future__ import annotations

import pytest

from dukan_desktop.printing.printers import PrinterConfig
from dukan_desktop.services import settings
from dukan_desktop.ui.backoffice.common import BackOfficeContext
from dukan_desktop.ui.backoffice.settings_page import SettingsPage

from .conftest import TcpPrinter


@pytest.fixture(autouse=True)
def _join_jobs():
    yield
    from dukan_desktop.ui.worker import cancel_all

    cancel_all()


def _page(qtbot, shop) -> SettingsPage:
    page = SettingsPage(BackOfficeContext(shop.ledger, shop.owner))
    qtbot.addWidget(page)
    return page


def _saved(shop) -> PrinterConfig:
    with shop.uow(False) as uow:
        return PrinterConfig.from_settings(settings.get_all(uow))


def _put(shop, config: PrinterConfig) -> None:
    with shop.uow() as uow:
        settings.update_settings(uow, shop.owner, config.to_settings())
        uow.commit()


def test_defaults_come_from_the_settings_service(test_shop):
    assert _saved(test_shop) == PrinterConfig()
    assert PrinterConfig().auto_print is settings.DEFAULTS["printer.auto_print"] is True
    assert PrinterConfig().check_paper is True


def test_every_printer_option_round_trips(qtbot, test_shop):
    chosen = PrinterConfig(kind="serial", address="COM3", paper_mm=58, drawer_pin=5, baudrate=19200,
                           check_paper=False, raster_for_urdu=False, auto_print=False, timeout_s=3.0)
    _put(test_shop, chosen)
    page = _page(qtbot, test_shop)
    assert page.drawer_pin.currentData() == 5 and page.baudrate.currentData() == 19200
    assert page.baudrate.isEnabled() and not page.check_paper.isChecked()
    assert not page.raster_for_urdu.isChecked() and not page.auto_print.isChecked()
    assert page.save()
    assert _saved(test_shop) == chosen  # nothing reset (the drawer pin stayed 5; timeout kept)

    page.drawer_pin.setCurrentIndex(page.drawer_pin.findData(None))
    page.printer_kind.setCurrentIndex(page.printer_kind.findData("network"))
    assert not page.baudrate.isEnabled()
    page.check_paper.setChecked(True)
    assert page.save()
    saved = _saved(test_shop)
    assert saved.drawer_pin is None and saved.kind == "network" and saved.check_paper


def test_test_page_runs_in_the_background_and_reports(qtbot, test_shop, free_port):
    printer = TcpPrinter()
    try:
        page = _page(qtbot, test_shop)
        page.printer_address.setText(printer.address)  # not saved yet: the form's settings are used
        job = page.print_test_page()
        with qtbot.waitSignal(job.finished, timeout=10_000):
            pass
        assert b"Printer test page" in printer.wait_job()
        assert printer.address in page.status.text() and "Test page sent" in page.status.text()
    finally:
        printer.close()
    page.printer_address.setText(f"127.0.0.1:{free_port}")
    job = page.print_test_page()
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert "not answering" in page.status.text()
    page.printer_address.setText("")
    job = page.print_test_page()
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert "No receipt printer is set up" in page.status.text()


@pytest.mark.parametrize("language", ["en", "ur"])
def test_printer_settings_screenshot(qtbot, qapp, test_shop, artifacts, language):
    from dukan_desktop.ui.i18n import install_language

    install_language(qapp, language)
    try:
        page = _page(qtbot, test_shop)
        page.resize(1100, 900)
        page.show()
        qtbot.waitExposed(page)
        box = page.drawer_pin.parentWidget()
        assert box.isRightToLeft() is (language == "ur")
        box.grab().save(str(artifacts / f"settings-printer-{language}.png"))
    finally:
        install_language(qapp, "en")
