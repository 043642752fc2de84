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
from escpos.escpos import Escpos
from escpos.exceptions import DeviceNotFoundError
from escpos.exceptions import Error as EscposError

from ..core.errors import DukanError
from ..core.i18n import QT_TRANSLATE_NOOP
from .document import ReceiptDoc
from .escpos_text import TextLine, columns_for, write_receipt_text, write_text_lines

KINDS = ("usb", "network", "serial", "file")
DOTS = {58: 384, 80: 576}
# (receipt, dots wide) -> 1-bit PIL image. Given by the UI: ui.raster_render.render_receipt_pil.
Rasterizer = Callable[[ReceiptDoc, int], Any]


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
        "errors", "The printer is out of paper. Load a new roll and press Retry. The sale is saved."
    )
    NOT_CONFIGURED = QT_TRANSLATE_NOOP(
        "errors", "No receipt printer is set up. Choose one in Settings → Printer."
    )
    UNSUPPORTED = QT_TRANSLATE_NOOP(
        "errors", "This computer cannot use {kind} printers: {reason}."
    )

    def __init__(self, template: str | None = None, *, reason: str = "failed", **params: Any) -> None:
        self.reason = reason  # offline | timeout | connection_lost | out_of_paper | not_configured | ...
        super().__init__(template, **params)


@dataclass(frozen=True, slots=True)
class PrinterConfig:
    """How to reach the receipt printer. Stored as plain settings (see to_settings)."""

    kind: str = "network"  # usb | network | serial | file
    # usb "0416:5011" (vendor:product, hex); network "192.168.1.50" or "host:9100";
    # serial "COM3" or "/dev/ttyUSB0"; file a device or file path ("/dev/usb/lp0")
    address: str = ""
    paper_mm: int = 80  # 58 or 80
    raster_for_urdu: bool = True  # Urdu receipts as an image; off: English text only
    drawer_pin: int | None = 2  # 2 or 5; None: no cash drawer
    auto_print: bool = True  # print the receipt as soon as a sale is saved
    baudrate: int = 9600  # serial only
    timeout_s: float = 5.0
    check_paper: bool = False  # ask the printer for paper status first (not all answer)
    profile: str = ""  # python-escpos printer profile name, "" = generic

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"printer kind must be one of {KINDS}, not {self.kind!r}")
        columns_for(self.paper_mm)
        if self.drawer_pin not in (None, 2, 5):
            raise ValueError("drawer pin must be 2, 5 or None")

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
            elif name in ("paper_mm", "baudrate") or (name == "drawer_pin" and value not in (None, "")):
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


def compose_receipt(
    doc: ReceiptDoc,
    config: PrinterConfig,
    *,
    rasterize: Rasterizer | None = None,
    open_drawer: bool = False,
) -> bytes:
    """The full ESC/POS job for a receipt: init, drawer kick, body (text or raster), cut."""
    job = _job(config)
    job.hw("INIT")
    if open_drawer and config.drawer_pin:
        job.cashdraw(config.drawer_pin)
    if doc.has_urdu and config.raster_for_urdu and rasterize is not None:
        image = rasterize(doc, config.dots)
        if image.width != config.dots:
            raise ValueError(f"raster is {image.width} dots wide, paper takes {config.dots}")
        job.image(image, impl="bitImageRaster", high_density_vertical=True, high_density_horizontal=True)
    else:
        write_receipt_text(job, doc, config.paper_mm)
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


def send(data: bytes, config: PrinterConfig, *, opener: Callable[[PrinterConfig], Escpos] = open_printer) -> None:
    """Open the printer, (optionally) check paper, write the job, close. Raises PrinterError."""
    printer = opener(config)
    try:
        printer.open()
        if config.check_paper and printer.paper_status() == 0:
            raise PrinterError(PrinterError.OUT_OF_PAPER, reason="out_of_paper", address=config.address)
        printer._raw(data)  # the driver's write: one job, one write
    except PrinterError:
        raise
    except Exception as exc:  # sockets, pyusb, pyserial, escpos: a driver fault must not crash the till
        raise _translate(exc, config) from exc
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
    """Print a receipt. The drawer opens for cash sales unless open_drawer says otherwise."""
    if open_drawer is None:
        open_drawer = doc.is_cash_sale and not doc.is_reprint
    send(compose_receipt(doc, config, rasterize=rasterize, open_drawer=open_drawer), config, opener=opener)


class PrintService:
    """What the UI calls, from a background worker: each call blocks until sent or failed.

    `rasterize` is `dukan_desktop.ui.raster_render.render_receipt_pil`, injected so this
    module stays Qt-free. Without it Urdu receipts fall back to English text.
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

    def print_test_page(self) -> None:
        send(compose_test_page(self.config), self.config, opener=self.opener)

    def kick_drawer(self) -> None:
        if self.config.drawer_pin is None:
            return
        send(compose_drawer_kick(self.config), self.config, opener=self.opener)

    def should_auto_print(self) -> bool:
        return self.config.auto_print and bool(self.config.address)
