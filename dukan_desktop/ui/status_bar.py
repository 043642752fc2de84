"""Status bar: worker, outlet, shift, and sync state (pending counts from the outbox)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar

from ..core.clock import to_local
from ..services import outbox_status, shifts
from .events import events
from .session import CounterSession
from .sync_status import SyncStatus

REFRESH_MS = 30_000
COALESCE_MS = 250  # a sale fires several change signals; count the outbox once, after the burst


class CounterStatusBar(QStatusBar):
    def __init__(self, session: CounterSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("counterStatus")
        self.sync = session.sync_status or SyncStatus(self)
        self.worker = QLabel()
        self.outlet = QLabel()
        self.shift = QLabel()
        self.sync_label = QLabel()
        self.sync_label.setObjectName("syncState")
        for w in (self.worker, self.outlet, self.shift):
            self.addWidget(w)
        self.addPermanentWidget(self.sync_label)
        self.sync.changed.connect(self._show_sync)
        events().changed.connect(self._on_event)
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self._soon = QTimer(self, singleShot=True, interval=COALESCE_MS)
        self._soon.timeout.connect(self._refresh_if_shown)
        self.refresh()

    def refresh(self) -> None:
        s = self.session
        role = self.tr("Owner") if s.actor.is_owner else self.tr("Cashier")
        self.worker.setText(self.tr("Worker: {name} ({role})").format(name=s.actor.name, role=role))
        self.outlet.setText(self.tr("Outlet: {name} ({code}-{device})").format(
            name=s.ctx.outlet_name, code=s.ctx.outlet_code, device=s.ctx.device_number))
        s.refresh()
        with s.read() as uow:
            counts = outbox_status.outbox_counts(uow)
            shift = shifts.current_shift(uow)
        if shift is None:
            self.shift.setText(self.tr("No shift open (Ctrl+H)"))
        else:
            self.shift.setText(self.tr("Shift since {time}").format(
                time=to_local(shift.opened_at).strftime("%H:%M")))
        # The sync engine owns online/last_sync; the counts are the outbox's truth.
        self.sync.update(pending=counts.pending, failed=counts.failed)

    def _refresh_if_shown(self) -> None:
        if self.isVisible():  # a closed window waiting for deleteLater must not refresh
            self.refresh()

    def _on_event(self, _what: str, _who: str) -> None:
        if self.isVisible():  # a closed window waiting for deleteLater must not refresh
            self._soon.start()  # not on the keystroke/tender path: the counter stays responsive

    def _show_sync(self) -> None:
        self.sync_label.setText(self.sync.text())
        self.sync_label.setProperty("severity", self.sync.severity)
        self.sync_label.style().unpolish(self.sync_label)
        self.sync_label.style().polish(self.sync_label)
