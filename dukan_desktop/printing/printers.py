"""Receipt printers: configuration, opening them with python-escpos, printing jobs.

A print job is composed in full into an in-memory `Dummy` printer and then sent to
the real printer in one write: a printer that drops off half way leaves at most a
torn receipt, never interleaved commands, and a retry sends the same bytes again.

Printing happens after the sale is committed. Every failure is a `PrinterError`
with a message fit for the cashier; nothing here touches the ledger, so the UI
offers "Retry" and the sale stands whatever the printer does.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from escpos import printer as escpos_printers
from escpos.constants import RT_STATUS_PAPER
from escpos.escpos import Escpos
from escpos.exceptions import DeviceNotFoundError
from escpos.exceptions import Error as EscposError

from ..core.errors import DukanError
from ..core.i18n import QT_TRANSLATE_NOOP
from ..services.settings import DEFAULTS
from .document import ReceiptDoc, ZReportDoc
from .escpos_text import (
    TextLine,
    columns_for,
    receipt_text_lines,
    write_text_lines,
    z_report_text_lines,
)
from .receipt_layout import fits_text_mode
from .z_layout import z_fits_text_mode

KINDS = ("usb", "network", "serial", "file")
DOTS = {58: 384, 80: 576}
# (receipt or Z report, dots wide) -> 1-bit PIL image. Given by the UI:
# ui.raster_render.render_receipt_pil.
Rasterizer = Callable[[ReceiptDoc | ZReportDoc, int], Any]
# A printer that answers a status query does so within milliseconds; one that does not
# answer at all must not hold every receipt up for long.
STATUS_TIMEOUT_S = 0.4
_no_status_reply: set[tuple[str, str]] = set()  # (kind, address) that never answered


def _default(name: str) -> Any:
    return DEFAULTS[f"printer.{name}"]  # services/settings.py holds every default


class PrinterError(DukanError):
    """The receipt did not print. The sale (or payment) is saved regardless."""

    code = "printer"
    template = QT_TRANSLATE_NOOP("errors", "The printer could not print: {reason_text}. Press Retry to try again.")

    OFFLINE = QT_TRANSLATE_NOOP(
        "errors",
        "The printer at {address} is not answering. Check that it is switched on and "
        "connected, then press Retry. The sale is saved.",
    )
    TIMEOUT = QT_TRANSLATE_NOOP(
        "errors",
        "The printer at {address} did not respond in time. Check its cable or network, "
        "then press Retry. The sale is saved.",
    )
    CONNECTION_LOST = QT_TRANSLATE_NOOP(
        "errors",
        "The connection to the printer was lost while printing. Check it and press Retry. "
        "The sale is saved.",
    )
    OUT_OF_PAPER = QT_TRANSLATE_NOOP(
        "errors", "Printer is out of paper — the sale is saved; load paper and press Retry."
    )
    NOT_CONFIGURED = QT_TRANSLATE_NOOP(
        "errors", "No receipt printer is set up. Choose one in Settings → Printer."
    )
    UNSUPPORTED = QT_TRANSLATE_NOOP(
        "errors", "This computer cannot use {kind} printers: {reason}."
    )

    def __init__(self, template: str | None = None, *, reason: str = "failed", sent: bool = False,
                 **params: Any) -> None:
        self.reason = reason  # offline | timeout | connection_lost | out_of_paper | not_configured | ...
        # Whether part of the job may have reached the printer (then a retry must not
        # open the drawer again); False when it failed before the job was written.
        self.sent = sent
        super().__init__(template, **params)


@dataclass(frozen=True, slots=True)
class PrinterConfig:
    """How to reach the receipt printer. Stored as plain settings (see to_settings)."""

    kind: str = _default("kind")  # usb | network | serial | file
    # usb "0416:5011" (vendor:product, hex); network "192.168.1.50" or "host:9100";
    # serial "COM3" or "/dev/ttyUSB0"; file a device or file path ("/dev/usb/lp0")
    address: str = _default("address")
    paper_mm: int = _default("paper_mm")  # 58 or 80
    raster_for_urdu: bool = _default("raster_for_urdu")  # off: English text only
    drawer_pin: int | None = _default("drawer_pin")  # 2 or 5; None: no cash drawer
    auto_print: bool = _default("auto_print")  # print the receipt as soon as a sale is saved
    baudrate: int = _default("baudrate")  # serial only
    timeout_s: float = _default("timeout_s")
    # Ask for paper status before printing (network, serial and USB printers can answer;
    # one that never answers is asked once, then no more).
    check_paper: bool = _default("check_paper")
    profile: str = _default("profile")  # python-escpos printer profile name, "" = generic

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"printer kind must be one of {KINDS}, not {self.kind!r}")
        columns_for(self.paper_mm)
        if self.drawer_pin not in (None, 2, 5):
            raise ValueError("drawer pin must be 2, 5 or None")
        if self.baudrate <= 0:
            raise ValueError("baud rate must be positive")

    @property
    def dots(self) -> int:
        return DOTS[self.paper_mm]

    def to_settings(self) -> dict[str, Any]:
        return {f"printer.{k}": v for k, v in asdict(self).items()}

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> PrinterConfig:
        """From a settings dict (keys 'printer.*'); unknown keys ignored, missing ones default."""
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in settings.items():
            name = key.removeprefix("printer.")
            if not key.startswith("printer.") or name not in known or value is None and name != "drawer_pin":
                continue
            default = known[name].default
            if isinstance(default, bool) and isinstance(value, str):
                value = value.strip().lower() in ("1", "true", "yes", "on")
            elif name in ("paper_mm", "baudrate") or (name == "drawer_pin" and value not in (None, "", 0, "0")):
                value = int(value)
            elif name == "drawer_pin":
                value = None
            elif name == "timeout_s":
                value = float(value)
            values[name] = value
        return cls(**values)


def _network_address(address: str) -> tuple[str, int]:
    host, _, port = address.strip().rpartition(":")
    if not host or not port.isdigit():
        return address.strip(), 9100
    return host, int(port)


def open_printer(config: PrinterConfig) -> Escpos:
    """A python-escpos printer for the config (not yet connected)."""
    if not config.address:
        raise PrinterError(PrinterError.NOT_CONFIGURED, reason="not_configured")
    profile = {"profile": config.profile} if config.profile else {}
    if config.kind == "network":
        host, port = _network_address(config.address)
        return escpos_printers.Network(host, port=port, timeout=config.timeout_s, **profile)
    if config.kind == "file":
        return escpos_printers.File(config.address, **profile)
    if config.kind == "serial":
        if not escpos_printers.Serial.is_usable():
            raise PrinterError(PrinterError.UNSUPPORTED, reason="unsupported", kind="serial", address=config.address)
        return escpos_printers.Serial(
            config.address, baudrate=config.baudrate, timeout=config.timeout_s, **profile
        )
    if not escpos_printers.Usb.is_usable():
        raise PrinterError(PrinterError.UNSUPPORTED, reason="unsupported", kind="USB", address=config.address)
    try:
        vendor, product = (int(part, 16) for part in config.address.split(":")[:2])
    except ValueError:
        raise PrinterError(
            QT_TRANSLATE_NOOP("errors", "“{address}” is not a USB printer id like 0416:5011."),
            reason="not_configured",
            address=config.address,
        ) from None
    return escpos_printers.Usb(vendor, product, timeout=int(config.timeout_s * 1000), **profile)


def _translate(exc: BaseException, config: PrinterConfig) -> PrinterError:
    """Map what python-escpos, sockets and the OS raise to one message for the cashier."""
    params = {"address": config.address, "kind": config.kind}
    cause = exc.__cause__ or exc.__context__ or exc
    for candidate in (exc, cause):
        if isinstance(candidate, (TimeoutError, socket.timeout)):
            return PrinterError(PrinterError.TIMEOUT, reason="timeout", **params)
        if isinstance(candidate, (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            return PrinterError(PrinterError.CONNECTION_LOST, reason="connection_lost", **params)
        if isinstance(candidate, OSError) and candidate.errno in (errno.EPIPE, errno.ECONNRESET):
            return PrinterError(PrinterError.CONNECTION_LOST, reason="connection_lost", **params)
    if isinstance(exc, (DeviceNotFoundError, ConnectionRefusedError, OSError, EscposError)):
        return PrinterError(PrinterError.OFFLINE, reason="offline", **params)
    return PrinterError(reason="failed", **params, reason_text=str(exc))


def _job(config: PrinterConfig) -> escpos_printers.Dummy:
    """An in-memory printer whose profile knows the paper (python-escpos checks images against it)."""
    job = escpos_printers.Dummy(**({"profile": config.profile} if config.profile else {}))
    data = job.profile.profile_data  # shared by the profile class: copy, never mutate
    media = {**data.get("media", {}), "width": {"mm": config.paper_mm, "pixels": config.dots}}
    job.profile.profile_data = {**data, "media": media}
    return job




def _body(job: Escpos, config: PrinterConfig, image: Any | None, text: list[TextLine]) -> None:
    if image is not None:
        if image.width != config.dots:
            raise ValueError(f"raster is {image.width} dots wide, paper takes {config.dots}")
        job.image(image, impl="bitImageRaster", high_density_vertical=True, high_density_horizontal=True)
    else:
        write_text_lines(job, text)


def _as_image(doc: ReceiptDoc | ZReportDoc, fits_text: bool, config: PrinterConfig,
              rasterize: Rasterizer | None) -> Any | None:
    """The raster image when the text mode cannot print the document, else None (text)."""
    if fits_text or not config.raster_for_urdu or rasterize is None:
        return None
    return rasterize(doc, config.dots)


def compose_receipt(
    doc: ReceiptDoc,
    config: PrinterConfig,
    *,
    rasterize: Rasterizer | None = None,
    open_drawer: bool = False,
) -> bytes:
    """The full ESC/POS job for a receipt: init, drawer kick, body (text or raster), cut.

    Anything the printer's font cannot print (Urdu, Urdu digits, a non-ASCII outlet
    name or reference) makes the whole receipt a raster image; without one (raster
    off, no renderer) it prints in English with ASCII digits.
    """
    job = _job(config)
    job.hw("INIT")
    if open_drawer and config.drawer_pin:
        job.cashdraw(config.drawer_pin)
    image = _as_image(doc, fits_text_mode(doc), config, rasterize)
    _body(job, config, image, [] if image is not None else receipt_text_lines(doc, config.paper_mm))
    job.cut()
    return job.output


def compose_z_report(doc: ZReportDoc, config: PrinterConfig, *, rasterize: Rasterizer | None = None) -> bytes:
    """A Z report on the receipt roll (the drawer stays shut)."""
    job = _job(config)
    job.hw("INIT")
    image = _as_image(doc, z_fits_text_mode(doc), config, rasterize)
    _body(job, config, image, [] if image is not None else z_report_text_lines(doc, config.paper_mm))
    job.cut()
    return job.output


def compose_test_page(config: PrinterConfig) -> bytes:
    cols = columns_for(config.paper_mm)
    job = _job(config)
    job.hw("INIT")
    lines = [
        TextLine("Dukan POS", "center", True, True),
        TextLine("Printer test page", "center", True),
        TextLine("-" * cols),
        TextLine(f"Connection: {config.kind} {config.address}"[:cols]),
        TextLine(f"Paper: {config.paper_mm} mm, {cols} columns, {config.dots} dots"),
        TextLine("1234567890" * (cols // 10) + "1234567890"[: cols % 10]),
        TextLine(f"Drawer pin: {config.drawer_pin or 'none'}"),
        TextLine("If the line of digits fits on one line, the paper width is right."[:cols * 2]),
    ]
    write_text_lines(job, lines)
    job.cut()
    return job.output


def compose_drawer_kick(config: PrinterConfig) -> bytes:
    job = escpos_printers.Dummy()
    job.cashdraw(config.drawer_pin or 2)
    return job.output


def _is_timeout(exc: BaseException) -> bool:
    # sockets raise TimeoutError; pyusb raises USBTimeoutError (not an OSError)
    return isinstance(exc, TimeoutError) or "timeout" in type(exc).__name__.lower()


def _set_read_timeout(printer: Escpos, kind: str, seconds: float) -> None:
    device = getattr(printer, "_device", None)  # not .device: that property opens the printer
    if not device:
        return
    if kind == "network" and hasattr(device, "settimeout"):
        device.settimeout(seconds)
    elif kind == "serial" and hasattr(device, "timeout"):
        device.timeout = seconds
    elif kind == "usb" and hasattr(device, "default_timeout"):
        device.default_timeout = int(seconds * 1000)


def paper_status(printer: Escpos, config: PrinterConfig) -> int | None:
    """2 paper, 1 nearly out, 0 out (DLE EOT 4); None when the printer cannot say.

    Asked with a short read timeout. A printer that does not answer is remembered and
    not asked again in this process, so it costs one short wait, once.
    """
    key = (config.kind, config.address)
    if config.kind == "file" or key in _no_status_reply:
        return None
    _set_read_timeout(printer, config.kind, STATUS_TIMEOUT_S)
    try:
        reply = printer.query_status(RT_STATUS_PAPER)
    except NotImplementedError:  # the connection cannot be read from
        reply = b""
    except Exception as exc:
        if not _is_timeout(exc):
            raise
        reply = b""
    finally:
        _set_read_timeout(printer, config.kind, config.timeout_s)
    status = reply[-1] if reply else None
    # A status byte has bit 4 set and bit 7 clear; anything else is not an answer.
    if status is None or status & 0x90 != 0x10:
        _no_status_reply.add(key)
        return None
    if status & 0x60 == 0x60:
        return 0
    if status & 0x0C == 0x0C:
        return 1
    return 2


def send(data: bytes, config: PrinterConfig, *, opener: Callable[[PrinterConfig], Escpos] = open_printer,
         check_paper: bool = True) -> None:
    """Open the printer, check paper (if enabled), write the job, close. Raises PrinterError."""
    printer = opener(config)
    sent = False
    try:
        printer.open()
        if check_paper and config.check_paper and paper_status(printer, config) == 0:
            raise PrinterError(PrinterError.OUT_OF_PAPER, reason="out_of_paper", address=config.address)
        sent = True
        printer._raw(data)  # the driver's write: one job, one write
    except PrinterError:
        raise
    except Exception as exc:  # sockets, pyusb, pyserial, escpos: a driver fault must not crash the till
        err = _translate(exc, config)
        err.sent = sent
        raise err from exc
    finally:
        try:
            printer.close()
        except Exception:  # noqa: S110 - closing a dead connection may fail too
            pass


def print_receipt(
    doc: ReceiptDoc,
    config: PrinterConfig,
    *,
    rasterize: Rasterizer | None = None,
    open_drawer: bool | None = None,
    opener: Callable[[PrinterConfig], Escpos] = open_printer,
) -> None:
    """Print a receipt. The drawer opens when cash moved, unless open_drawer says otherwise."""
    if open_drawer is None:
        open_drawer = doc.opens_drawer and not doc.is_reprint
    send(compose_receipt(doc, config, rasterize=rasterize, open_drawer=open_drawer), config, opener=opener)


class PrintService:
    """What the UI calls, from a background worker: each call blocks until sent or failed.

    `rasterize` is `dukan_desktop.ui.raster_render.render_receipt_pil`, injected so this
    module stays Qt-free. Without it, receipts the printer's font cannot print come out
    in English with ASCII digits.
    """

    def __init__(
        self,
        config: PrinterConfig,
        *,
        rasterize: Rasterizer | None = None,
        opener: Callable[[PrinterConfig], Escpos] = open_printer,
    ) -> None:
        self.config = config
        self.rasterize = rasterize
        self.opener = opener

    def print_receipt(self, doc: ReceiptDoc, *, open_drawer: bool | None = None) -> None:
        print_receipt(doc, self.config, rasterize=self.rasterize, open_drawer=open_drawer, opener=self.opener)

    def reprint(self, doc: ReceiptDoc) -> None:
        """A copy: marked REPRINT, and the drawer stays shut."""
        self.print_receipt(replace(doc, is_reprint=True), open_drawer=False)

    def print_z_report(self, doc: ZReportDoc) -> None:
        send(compose_z_report(doc, self.config, rasterize=self.rasterize), self.config, opener=self.opener)

    def print_test_page(self) -> None:
        send(compose_test_page(self.config), self.config, opener=self.opener)

    def kick_drawer(self) -> None:
        """Open the cash drawer on its own (a cash sale with auto-print off)."""
        if self.config.drawer_pin is None:
            return
        send(compose_drawer_kick(self.config), self.config, opener=self.opener, check_paper=False)

    def should_auto_print(self) -> bool:
        return self.config.auto_print and bool(self.config.address)
