"""Receipts from the counter: printed on a background thread, only after the sale is saved.

The counter never waits for a printer. A job builds its document from the ledger and
sends it on a worker thread; the result comes back by signal. The last job that failed
can be sent again (Retry) — the sale, return or shift it prints is already committed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ..ledger.uow import UnitOfWork
from ..services import sales, settings
from .session import CounterSession
from .worker import BackgroundJob

Job = Callable[[UnitOfWork], object]  # reads what it needs, sends it, returns what to report


class CounterPrinting(QObject):
    """What the billing screen asks of the printer. `done(kind)` / `failed(exc)` on the UI thread."""

    done = Signal(str, object)  # "receipt" | "reprint" | "return" | "z_report", detail
    failed = Signal(object)

    def __init__(self, session: CounterSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.job: BackgroundJob | None = None
        self._retry: tuple[str, Job] | None = None

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
        value = values.get("printer.auto_print", True)  # PrinterConfig's default
        return value.strip().lower() in ("1", "true", "yes", "on") if isinstance(value, str) else bool(value)

    @staticmethod
    def _service(values: dict):
        from ..printing.printers import PrinterConfig, PrintService
        from .raster_render import render_receipt_pil

        return PrintService(PrinterConfig.from_settings(values), rasterize=render_receipt_pil)

    def _start(self, kind: str, job: Job) -> BackgroundJob:
        ledger = self.session.ledger

        def work(_cancelled):
            with UnitOfWork(ledger, write=False) as uow:
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

    # -- what the counter prints ----------------------------------------------------------------

    def sale_saved(self, sale_id: str) -> BackgroundJob | None:
        """Auto-print the receipt (the drawer opens for cash) if the owner turned it on."""
        values = self._settings()
        if values is None or not self._auto_print(values):
            return None

        def job(uow):
            from ..printing import builders

            self._service(values).print_receipt(builders.receipt_for_sale(uow, sale_id=sale_id))
        return self._start("receipt", job)

    def return_saved(self, return_id: str) -> BackgroundJob | None:
        values = self._settings()
        if values is None or not self._auto_print(values):
            return None

        def job(uow):
            from ..printing import builders

            self._service(values).print_receipt(builders.receipt_for_return(uow, return_id))
        return self._start("return", job)

    def reprint_last(self) -> BackgroundJob | None:
        """A copy of this PC's last receipt, marked REPRINT; None when no printer is set up."""
        values = self._settings()
        if values is None:
            return None
        with self.session.read() as uow:
            sale_id = sales.last_sale_id(uow)
        if sale_id is None:
            return None

        def job(uow):
            from ..printing import builders

            self._service(values).reprint(builders.receipt_for_sale(uow, sale_id=sale_id, reprint=True))
        return self._start("reprint", job)

    def save_z_report(self, shift_id: str, path: Path) -> BackgroundJob:
        actor = self.session.actor

        def job(uow):
            from ..printing import builders
            from ..printing.pdf import z_report_pdf

            path.write_bytes(z_report_pdf(builders.z_report_for(uow, actor, shift_id)))
            return path
        return self._start("z_report", job)
