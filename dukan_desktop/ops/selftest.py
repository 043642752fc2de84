"""`dukan --self-test`: prove an installed build works, without touching the shop's data.

Run by the installer's smoke check and by the bundle test. Everything happens in a
temporary folder: a fresh ledger through the app's own startup path (migrations
shipped in the bundle), a sale, the receipt rendered three ways (ESC/POS text —
which loads python-escpos's capabilities data —, PDF with the bundled Naskh font,
and the Qt raster for Urdu), the translations and fonts, the keyring backends
that are loaded by name (and which one is active), and libusb for USB printers.
Exit code 0 only if every check passes.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from .. import __version__
from ..paths import AppPaths

Check = Callable[[dict], str]


def _ledger_and_sale(state: dict) -> str:
    from ..services import sales
    from ..services.testing import build_test_shop
    from .startup import open_ledger_for_app

    paths: AppPaths = state["paths"]
    open_ledger_for_app(paths).close()  # the schema from the bundled migrations
    shop = build_test_shop(paths.ledger)
    state["shop"] = shop
    cart = sales.Cart(lines=(sales.CartLine(shop.products["milk"], 2000),
                             sales.CartLine(shop.products["rice"], 1500)))
    with shop.uow() as uow:
        due = sales.quote(uow, cart).total_paisa
        result = sales.complete_sale(uow, shop.cashier, cart, [sales.TenderInput("cash", due + 5000)])
        uow.commit()
    with shop.uow(write=False) as uow:
        view = sales.get_sale(uow, sale_id=result.sale_id)
    if view.total_paisa != result.total_paisa or len(view.lines) != 2:
        raise AssertionError("the sale read back differs from the one saved")
    state["sale_id"] = result.sale_id
    return f"sale {result.receipt_no} Rs {result.total_paisa / 100:,.2f} saved and read back"


def _receipt(state: dict) -> str:
    from dataclasses import replace

    from ..printing.builders import receipt_for_sale
    from ..printing.pdf import receipt_pdf
    from ..printing.printers import PrinterConfig, compose_receipt

    shop = state["shop"]
    with shop.uow(write=False) as uow:
        doc = receipt_for_sale(uow, sale_id=state["sale_id"])
    state["receipt"] = doc
    escpos = compose_receipt(doc, PrinterConfig(kind="file", address="selftest"))
    if doc.receipt_no.encode() not in escpos:
        raise AssertionError("the receipt number is missing from the ESC/POS job")
    pdf = receipt_pdf(replace(doc, language="ur"))
    if not pdf.startswith(b"%PDF"):
        raise AssertionError("the PDF renderer did not produce a PDF")
    return f"ESC/POS text {len(escpos):,} bytes, Urdu PDF {len(pdf):,} bytes"


def _translations(state: dict) -> str:
    from ..ui.selftest_checks import check_translations  # Qt lives under ui/

    return check_translations()


def _fonts(state: dict) -> str:
    from ..ui.selftest_checks import check_fonts

    return check_fonts()


def _raster(state: dict) -> str:
    from dataclasses import replace

    from ..ui.raster_render import render_receipt_pil
    from ..ui.selftest_checks import qt_app

    qt_app()
    image = render_receipt_pil(replace(state["receipt"], language="ur"), 576)
    if image.width != 576 or image.height < 100:
        raise AssertionError(f"raster receipt is {image.width}x{image.height}")
    return f"Urdu raster receipt {image.width}x{image.height} dots"


def _keyring(state: dict) -> str:
    """The backends loaded by name import, and which one this PC would really use
    (sync.credentials refuses a "fail"/"null" one: then this PC cannot be connected)."""
    import importlib

    import keyring.backend

    from ..sync import credentials

    expected = {"win32": "keyring.backends.Windows", "darwin": "keyring.backends.macOS"}.get(
        sys.platform, "keyring.backends.SecretService")
    importlib.import_module(expected)
    names = sorted(type(k).__module__.rsplit(".", 1)[-1] for k in keyring.backend.get_all_keyring())
    active = credentials.backend()
    active_name = f"{type(active).__module__}.{type(active).__name__}"
    try:
        credentials.check_available()
        usable = "usable"
    except credentials.NoKeyring:
        usable = "NOT usable: this PC cannot store a sync credential (connecting it will say so)"
    return (f"active backend {active_name} (priority {active.priority:g}, {usable}); "
            f"{expected} importable; all: {', '.join(names) or 'none'}")


def _usb(state: dict) -> str:
    """libusb for USB receipt printers. A bundle ships its own (libusb-package), loaded by
    PyInstaller's pyusb hook from the bundle folder: missing there is a broken build. From
    source pyusb looks for the system's library, and its absence is only reported."""
    import usb.backend.libusb1

    frozen = getattr(sys, "frozen", False)
    backend = usb.backend.libusb1.get_backend()
    if backend is None:
        if frozen:
            raise AssertionError("the bundled libusb could not be loaded: USB printers will not work")
        return "no system libusb-1.0 (USB printers need it; network, serial and file printers do not)"
    lib = getattr(backend, "lib", None)
    where = getattr(lib, "_name", "") or "?"
    return f"libusb-1.0 loaded ({where})"


CHECKS: tuple[tuple[str, Check], ...] = (
    ("ledger and sale", _ledger_and_sale),
    ("receipt", _receipt),
    ("translations", _translations),
    ("fonts", _fonts),
    ("raster receipt", _raster),
    ("keyring backends", _keyring),
    ("usb printer library", _usb),
)


def run_self_test(out=None) -> int:
    out = out or sys.stdout
    if out is None:  # windowed build without a console: nowhere to print, still check
        out = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window is ever shown
    frozen = "bundle" if getattr(sys, "frozen", False) else "source"
    print(f"Dukan POS {__version__} self-test ({frozen}, Python {sys.version.split()[0]}, "
          f"{sys.platform})", file=out)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="dukan-selftest-") as tmp:
        state: dict = {"paths": AppPaths(Path(tmp)).ensure()}
        try:
            for name, check in CHECKS:
                started = time.perf_counter()
                try:
                    detail = check(state)
                except Exception as exc:  # a self-test reports every failure, then exits 1
                    failed += 1
                    print(f"  FAIL {name}: {type(exc).__name__}: {exc}", file=out)
                    traceback.print_exc(file=out)
                else:
                    print(f"  ok   {name} ({time.perf_counter() - started:.2f}s): {detail}",
                          file=out)
        finally:
            shop = state.get("shop")
            if shop is not None:
                shop.ledger.close()
    print("PASS" if not failed else f"FAILED ({failed} of {len(CHECKS)} checks)", file=out)
    return 0 if not failed else 1
