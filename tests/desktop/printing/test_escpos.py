"""ESC/POS jobs as a real python-escpos Network printer sends them to a TCP listener."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from escpos.printer import Dummy

from dukan_desktop.core.errors import DukanError
from dukan_desktop.core.money import MoneyFormat, format_money
from dukan_desktop.printing.escpos_text import receipt_text_lines, z_report_text_lines
from dukan_desktop.printing.printers import (
    STATUS_TIMEOUT_S,
    PrinterConfig,
    PrinterError,
    PrintService,
)
from dukan_desktop.printing.receipt_layout import fits_text_mode
from dukan_desktop.printing.samples import sample_receipt, sample_z_report

from .conftest import PAPER_OK, PAPER_OUT

ESC, GS = b"\x1b", b"\x1d"
INIT = ESC + b"@"
KICK_PIN2 = ESC + b"p\x00"
KICK_PIN5 = ESC + b"p\x01"
CUT = GS + b"V"
RASTER = GS + b"v0"


def raster_blocks(job: bytes) -> list[tuple[int, int, int]]:
    """(mode, width in bytes, height in dots) of every GS v 0 block, checking data lengths."""
    blocks, i = [], job.find(RASTER)
    while i >= 0:
        mode, xl, xh, yl, yh = job[i + 3 : i + 8]
        width, height = xl + 256 * xh, yl + 256 * yh
        blocks.append((mode, width, height))
        end = i + 8 + width * height
        assert len(job) >= end, "raster data shorter than its header says"
        i = job.find(RASTER, end)
    return blocks


def rasterize_stub(doc, dots):
    """Stands in for the Qt renderer where only the bytes matter (see test_raster.py)."""
    from PIL import Image

    return Image.new("1", (dots, 40), 1)


def network(tcp_printer, **kw) -> PrinterConfig:
    return PrinterConfig(kind="network", address=tcp_printer.address, timeout_s=5, **kw)


def test_cash_sale_prints_text_with_init_kick_and_cut(tcp_printer):
    doc = sample_receipt()
    PrintService(network(tcp_printer, drawer_pin=2)).print_receipt(doc)
    job = tcp_printer.wait_job()
    assert job.startswith(INIT)
    assert job.index(KICK_PIN2) < job.index(b"Bilal Ahmed")  # drawer opens while printing
    assert CUT in job[-8:]
    assert RASTER not in job
    for text in (b"GUL-1-000123", b"Sugar 1kg", b"Ali Raza", b"AUTH 482913"):
        assert text in job
    assert format_money(doc.total_paisa).encode() in job
    assert format_money(doc.customer_balance_paisa).encode() in job


def test_drawer_pin_5(tcp_printer):
    PrintService(network(tcp_printer, drawer_pin=5)).kick_drawer()
    assert tcp_printer.wait_job() == KICK_PIN5 + b"22"


def test_no_kick_on_reprint_or_card_only_sale(tcp_printer):
    service = PrintService(network(tcp_printer, drawer_pin=2))
    service.reprint(sample_receipt())
    job = tcp_printer.wait_job(1)
    assert b"REPRINT" in job and KICK_PIN2 not in job
    card_only = replace(sample_receipt(), tenders=(sample_receipt().tenders[1],), change_paisa=0)
    service.print_receipt(card_only)
    assert KICK_PIN2 not in tcp_printer.wait_job(2)


@pytest.mark.parametrize(("paper", "dots"), [(58, 384), (80, 576)])
def test_urdu_receipt_goes_by_raster_at_paper_width(tcp_printer, paper, dots):
    from dukan_desktop.ui.raster_render import render_receipt_pil

    service = PrintService(network(tcp_printer, paper_mm=paper), rasterize=render_receipt_pil)
    service.print_receipt(sample_receipt("ur"))
    job = tcp_printer.wait_job()
    assert job.startswith(INIT) and CUT in job[-8:]
    blocks = raster_blocks(job)
    assert blocks, "an Urdu receipt must be sent as a raster image"
    assert {width for _, width, _ in blocks} == {dots // 8}
    assert sum(height for *_, height in blocks) > 500
    assert "چینی".encode() not in job and b"?????" not in job


def test_urdu_without_rasterizer_falls_back_to_english_text(tcp_printer):
    PrintService(network(tcp_printer)).print_receipt(sample_receipt("ur"))
    job = tcp_printer.wait_job()
    assert RASTER not in job and b"Basmati Rice" in job


def test_raster_width_mismatch_is_refused():
    service = PrintService(PrinterConfig(kind="file", address="/dev/null", paper_mm=58),
                           rasterize=lambda doc, dots: rasterize_stub(doc, 576))
    with pytest.raises(ValueError, match="576 dots"):
        service.print_receipt(sample_receipt("ur"))


def test_test_page(tcp_printer):
    PrintService(network(tcp_printer, paper_mm=58)).print_test_page()
    job = tcp_printer.wait_job()
    assert job.startswith(INIT) and b"Printer test page" in job and CUT in job


def test_unreachable_printer_is_a_clear_printer_error(free_port):
    config = PrinterConfig(kind="network", address=f"127.0.0.1:{free_port}", timeout_s=2)
    with pytest.raises(PrinterError) as err:
        PrintService(config).print_receipt(sample_receipt())
    assert isinstance(err.value, DukanError)
    assert err.value.reason == "offline"
    assert f"127.0.0.1:{free_port}" in err.value.message and "sale is saved" in err.value.message


class _FailingPrinter(Dummy):
    """Answers status queries with `status`; fails on the job itself with `exc`."""

    def __init__(self, exc: BaseException, status: int | None = PAPER_OK) -> None:
        super().__init__()
        self.exc, self.status, self.asked = exc, status, 0

    def _raw(self, msg: bytes) -> None:
        if msg.startswith(b"\x10\x04"):
            self.asked += 1
            return
        raise self.exc

    def _read(self) -> bytes:
        return b"" if self.status is None else bytes([self.status])


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (TimeoutError("timed out"), "timeout"),
        (BrokenPipeError(32, "Broken pipe"), "connection_lost"),
        (ConnectionResetError(104, "reset"), "connection_lost"),
        (RuntimeError("driver bug"), "failed"),
    ],
)
def test_failures_mid_print_become_printer_errors(exc, reason):
    config = PrinterConfig(kind="network", address="10.0.0.9")
    service = PrintService(config, opener=lambda c: _FailingPrinter(exc))
    with pytest.raises(PrinterError) as err:
        service.print_receipt(sample_receipt())
    assert err.value.reason == reason
    assert err.value.message and "{" not in err.value.message


def test_out_of_paper_is_reported_before_printing():
    printer = _FailingPrinter(AssertionError("must not print"), status=PAPER_OUT)
    config = PrinterConfig(kind="network", address="10.0.0.9", check_paper=True)
    with pytest.raises(PrinterError) as err:
        PrintService(config, opener=lambda c: printer).print_receipt(sample_receipt())
    assert err.value.reason == "out_of_paper" and "paper" in err.value.message
    assert not err.value.sent


def test_network_printer_out_of_paper_is_checked_by_default(tcp_printer):
    """A network printer out of paper takes the bytes and prints nothing: ask it first."""
    assert PrinterConfig().check_paper
    tcp_printer.paper = PAPER_OUT
    with pytest.raises(PrinterError) as err:
        PrintService(network(tcp_printer)).print_receipt(sample_receipt())
    assert err.value.reason == "out_of_paper" and not err.value.sent
    assert err.value.message == "Printer is out of paper — the sale is saved; load paper and press Retry."
    assert tcp_printer.queries == [b"\x10\x04\x04"] and tcp_printer.jobs == []
    tcp_printer.paper = 0x1E  # paper loaded, near its end: print
    PrintService(network(tcp_printer)).print_receipt(sample_receipt())
    assert tcp_printer.wait_job().startswith(INIT)


def test_printer_that_never_answers_status_is_asked_once(tcp_printer):
    tcp_printer.paper = None
    service = PrintService(network(tcp_printer))
    started = time.perf_counter()
    service.print_receipt(sample_receipt())
    first = time.perf_counter() - started
    assert tcp_printer.wait_job(1).startswith(INIT)
    assert first < STATUS_TIMEOUT_S + 1.0  # a short wait, not the 5 s connection timeout
    started = time.perf_counter()
    PrintService(network(tcp_printer)).print_receipt(sample_receipt())
    assert tcp_printer.wait_job(2).startswith(INIT)
    assert time.perf_counter() - started < STATUS_TIMEOUT_S
    assert len(tcp_printer.queries) == 1


def test_drawer_kick_and_file_printers_skip_the_paper_check(tcp_printer, tmp_path):
    PrintService(network(tcp_printer, drawer_pin=2)).kick_drawer()
    assert tcp_printer.wait_job() == KICK_PIN2 + b"22" and tcp_printer.queries == []
    out = tmp_path / "lp0"
    PrintService(PrinterConfig(kind="file", address=str(out))).print_receipt(sample_receipt())
    assert out.read_bytes().startswith(INIT)


def test_failure_says_whether_the_job_may_have_reached_the_printer(free_port):
    with pytest.raises(PrinterError) as refused:
        PrintService(PrinterConfig(kind="network", address=f"127.0.0.1:{free_port}")).print_receipt(sample_receipt())
    assert not refused.value.sent  # never connected: the drawer did not open
    stub = _FailingPrinter(BrokenPipeError(32, "Broken pipe"))
    with pytest.raises(PrinterError) as torn:
        PrintService(PrinterConfig(kind="network", address="10.0.0.9"), opener=lambda c: stub).print_receipt(sample_receipt())
    assert torn.value.sent and stub.asked == 1


def test_no_printer_configured():
    with pytest.raises(PrinterError) as err:
        PrintService(PrinterConfig(address="")).print_test_page()
    assert err.value.reason == "not_configured"
    assert not PrintService(PrinterConfig(address="")).should_auto_print()


def test_file_printer_writes_the_job(tmp_path):
    out = tmp_path / "lp0"
    PrintService(PrinterConfig(kind="file", address=str(out), drawer_pin=None)).print_receipt(sample_receipt())
    data = out.read_bytes()
    assert data.startswith(INIT) and b"TOTAL" in data and ESC + b"p" not in data


def test_config_round_trips_through_settings():
    config = PrinterConfig(kind="serial", address="COM3", paper_mm=58, drawer_pin=5, auto_print=False)
    assert PrinterConfig.from_settings(config.to_settings()) == config
    as_text = {k: (str(v) if v is not None else "") for k, v in config.to_settings().items()}
    assert PrinterConfig.from_settings(as_text) == config
    assert PrinterConfig.from_settings({"printer.drawer_pin": None}).drawer_pin is None
    with pytest.raises(ValueError):
        PrinterConfig(paper_mm=76)
    with pytest.raises(ValueError):
        PrinterConfig(drawer_pin=3)


@pytest.mark.parametrize(("paper", "cols"), [(58, 32), (80, 48)])
def test_text_layout_fits_the_paper_and_right_aligns_amounts(paper, cols):
    doc = replace(sample_receipt(), customer_name="A customer with a really very long name indeed")
    lines = receipt_text_lines(doc, paper)
    for line in lines:
        assert len(line.text) <= (cols // 2 if line.big else cols), line
    total = next(line.text for line in lines if line.text.startswith("TOTAL"))
    assert len(total) == cols and total.endswith(format_money(doc.total_paisa))


def test_urdu_digits_go_by_raster_or_print_ascii_digits(tcp_printer):
    """'Urdu digits' on: the printer's font has no ۱۲۳, so never 'Rs ?,???.??'."""
    doc = replace(sample_receipt(), money_format=MoneyFormat(urdu_digits=True))
    PrintService(network(tcp_printer), rasterize=rasterize_stub).print_receipt(doc)
    assert raster_blocks(tcp_printer.wait_job(1))
    PrintService(network(tcp_printer, raster_for_urdu=False)).print_receipt(doc)
    text_job = tcp_printer.wait_job(2)
    assert RASTER not in text_job and b"?" not in text_job
    assert format_money(doc.total_paisa).encode() in text_job  # ASCII digits


@pytest.mark.parametrize("field", ["outlet", "tagline", "address", "shop_name", "cashier", "customer",
                                   "footer", "item", "reference", "symbol"])
def test_any_text_the_printer_font_lacks_goes_by_raster(tcp_printer, field):
    base = sample_receipt()
    urdu = "گلبرگ مارکیٹ"
    tenders = base.tenders
    doc = {
        "outlet": replace(base, shop=replace(base.shop, outlet=urdu)),
        "tagline": replace(base, shop=replace(base.shop, outlet=f"Main Market · {urdu}")),
        "address": replace(base, shop=replace(base.shop, address=urdu)),
        "shop_name": replace(base, shop=replace(base.shop, name=urdu)),
        "cashier": replace(base, cashier="علی رضا"),
        "customer": replace(base, customer_name="بلال احمد"),
        "footer": replace(base, footer="شکریہ"),
        "item": replace(base, lines=(replace(base.lines[0], name_en="Chīnī"), *base.lines[1:])),
        "reference": replace(base, tenders=(tenders[0], replace(tenders[1], reference="جاز ۴۸۲"), tenders[2])),
        "symbol": replace(base, money_format=MoneyFormat(symbol="₨")),
    }[field]
    assert not fits_text_mode(doc)
    PrintService(network(tcp_printer), rasterize=rasterize_stub).print_receipt(doc)
    job = tcp_printer.wait_job()
    assert raster_blocks(job) and b"?" not in job
    assert fits_text_mode(base)


@pytest.mark.parametrize(("paper", "cols"), [(58, 32), (80, 48)])
def test_thermal_z_report(tcp_printer, paper, cols):
    doc = sample_z_report()
    for line in z_report_text_lines(doc, paper):
        assert len(line.text) <= (cols // 2 if line.big else cols), line
    PrintService(network(tcp_printer, paper_mm=paper, drawer_pin=2)).print_z_report(doc)
    job = tcp_printer.wait_job()
    assert job.startswith(INIT) and CUT in job[-8:] and KICK_PIN2 not in job
    for text in (b"Z REPORT", b"Expected cash", b"Udhaar collected", b"of which on items", b"Ali Raza"):
        assert text in job
    assert format_money(doc.expected_cash_paisa).encode() in job


def test_urdu_z_report_goes_by_raster(tcp_printer):
    from dukan_desktop.ui.raster_render import render_receipt_pil

    PrintService(network(tcp_printer, paper_mm=58), rasterize=render_receipt_pil).print_z_report(
        sample_z_report("ur"))
    assert {width for _, width, _ in raster_blocks(tcp_printer.wait_job())} == {384 // 8}


def test_typography_prints_as_text_with_plain_stand_ins(tcp_printer):
    """The outlet · tagline join and similar typography do not force a raster."""
    base = sample_receipt()
    doc = replace(base, shop=replace(base.shop, outlet="Gulberg · Fresh “every” day – 7×24"))
    assert fits_text_mode(doc)
    PrintService(network(tcp_printer), rasterize=rasterize_stub).print_receipt(doc)
    job = tcp_printer.wait_job()
    assert RASTER not in job and b"?" not in job
    assert b"Gulberg - Fresh \"every\" day - 7x24" in job
