"""Receipts from the counter: printed on a background thread, only after the sale is saved.

The counter never waits for a printer. A job builds its document from the ledger and
sends it on a worker thread; the result comes back by signal. The last job that failed
can be sent again (Retry) — the sale, return or shift it prints is already committed.

The cash drawer opens once for every sale (or return) where cash changed hands: with
the receipt when auto-print is on, on its own when it is off. A retry opens it only if
the failed attempt never reached the printer; reprints never open it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ..ledger.uow import UnitOfWork
from ..services import settings
from .session import CounterSession
from .worker import BackgroundJob

Job = Callable[[UnitOfWork], object]  # reads what it needs, sends it, returns what to report


def _truthy(value) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on") if isinstance(value, str) else bool(value)


class CounterPrinting(QObject):
    """What the billing screen asks of the printer. `done(kind, detail)` / `failed(exc)` on the UI thread.

    kinds: receipt, return, drawer (auto-print off: the drawer only), reprint, z_print
    (the Z report on the roll), z_report (the Z report saved as PDF).
    """

    done = Signal(str, object)
    failed = Signal(object)

    def __init__(self, session: CounterSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.job: BackgroundJob | None = None
        self._retry: tuple[str, Job] | None = None
        self._printer_lock = threading.Lock()  # one job at a time talks to the printer

    def _settings(self) -> dict | None:
        """This PC's printer settings, or None when no printer is set up.

        Read here without importing python-escpos (half a second on first import): the
        PrintService is built on the worker thread.
        """
        with self.session.read() as uow:
            values = settings.get_all(uow)
        return values if values.get("printer.address") else None

    @staticmethod
    def _auto_print(values: dict) -> bool:
        return _truthy(values.get("printer.auto_print", settings.DEFAULTS["printer.auto_print"]))

    @staticmethod
    def _has_drawer(values: dict) -> bool:
        return values.get("printer.drawer_pin") not in (None, "", 0, "0")

    @staticmethod
    def _service(values: dict):
        from ..printing.printers import PrinterConfig, PrintService
        from .raster_render import render_receipt_pil

        return PrintService(PrinterConfig.from_settings(values), rasterize=render_receipt_pil)

    def _start(self, kind: str, job: Job) -> BackgroundJob:
        ledger, lock = self.session.ledger, self._printer_lock

        def work(_cancelled):
            with lock, UnitOfWork(ledger, write=False) as uow:
                return job(uow)

        def failed(exc) -> None:
            self._retry = (kind, job)
            self.failed.emit(exc)

        self.job = BackgroundJob(work, self)
        self.job.succeeded.connect(lambda detail: self.done.emit(kind, detail))
        self.job.failed.connect(failed)
        return self.job.run()

    def retry(self) -> BackgroundJob | None:
        if self._retry is None:
            return None
        kind, job = self._retry
        self._retry = None
        return self._start(kind, job)

    def _receipt_job(self, values: dict, build: Callable[[UnitOfWork], object], *, print_it: bool) -> Job:
        """Print (or, with print_it False, only open the drawer for) a freshly saved document.

        The drawer decision is made once and survives retries: after an attempt that may
        have reached the printer, a retry prints without the kick.
        """
        state: dict[str, bool | None] = {"kick": None}

        def job(uow):
            from ..printing.printers import PrinterError

            doc = build(uow)
            service = self._service(values)
            if state["kick"] is None:
                state["kick"] = doc.opens_drawer and service.config.drawer_pin is not None
            try:
                if print_it:
                    service.print_receipt(doc, open_drawer=bool(state["kick"]))
                elif state["kick"]:
                    service.kick_drawer()
            except PrinterError as err:
                if err.sent:
                    state["kick"] = False
                raise
            state["kick"] = False
            return doc.receipt_no
        return job

    # -- what the counter prints ----------------------------------------------------------------

    def sale_saved(self, sale_id: str) -> BackgroundJob | None:
        """Print the receipt if auto-print is on; the drawer opens for cash either way."""
        values = self._settings()
        if values is None:
            return None
        auto = self._auto_print(values)
        if not auto and not self._has_drawer(values):
            return None

        def build(uow):
            from ..printing import builders

            return builders.receipt_for_sale(uow, sale_id=sale_id)
        return self._start("receipt" if auto else "drawer", self._receipt_job(values, build, print_it=auto))

    def return_saved(self, return_id: str) -> BackgroundJob | None:
        """The return slip (if auto-print is on); the drawer opens for a cash refund."""
        values = self._settings()
        if values is None:
            return None
        auto = self._auto_print(values)
        if not auto and not self._has_drawer(values):
            return None

        def build(uow):
            from ..printing import builders

            return builders.receipt_for_return(uow, return_id)
        return self._start("return" if auto else "drawer", self._receipt_job(values, build, print_it=auto))

    def reprint(self, receipt_no: str) -> BackgroundJob | None:
        """A copy of any receipt or return slip, marked REPRINT, drawer shut; None when no
        printer is set up (the caller shows it on screen instead)."""
        values = self._settings()
        if values is None:
            return None
        actor = self.session.actor

        def job(uow):
            from ..printing import builders

            doc = builders.receipt_by_number(uow, actor, receipt_no, reprint=True)
            self._service(values).reprint(doc)
            return doc.receipt_no
        return self._start("reprint", job)

    def reprint_last(self) -> BackgroundJob | None:
        """A copy of this PC's last receipt or return slip (None: no printer, or nothing yet)."""
        from ..printing.builders import last_receipt_no

        with self.session.read() as uow:
            receipt_no = last_receipt_no(uow)
        return self.reprint(receipt_no) if receipt_no else None

    def shift_closed(self, shift_id: str) -> BackgroundJob | None:
        """The Z report on the receipt roll, when a printer is set up to print by itself."""
        values = self._settings()
        if values is None or not self._auto_print(values):
            return None
        actor = self.session.actor

        def job(uow):
            from ..printing import builders

            self._service(values).print_z_report(builders.z_report_for(uow, actor, shift_id))
            return shift_id
        return self._start("z_print", job)

    def save_z_report(self, shift_id: str, path: Path) -> BackgroundJob:
        actor = self.session.actor

        def job(uow):
            from ..printing import builders
            from ..printing.pdf import z_report_pdf

            path.write_bytes(z_report_pdf(builders.z_report_for(uow, actor, shift_id)))
            return path
        return self._start("z_report", job)
