"""Status bar: worker, outlet, shift, and sync state (pending counts from the outbox).

The sync line is a way in: a click on it, or Ctrl+Shift+S, opens the sync dialog
(ui/sync_failed.py) with the records that did not go through, Retry and Sync now.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QStatusBar

from ..core.clock import to_local
from ..services import outbox_status, settings, shifts
from .events import events
from .session import CounterSession
from .sync_status import SyncStatus

REFRESH_MS = 30_000
COALESCE_MS = 250  # a sale fires several change signals; count the outbox once, after the burst
SYNC_DETAILS_KEY = "Ctrl+Shift+S"


class _SyncLabel(QLabel):
    """The sync line: clickable, and elided to the room it gets (a long problem text must
    not widen the billing window); the full text is its tooltip and in the sync dialog."""

    clicked = Signal()
    MIN_WIDTH = 220

    def __init__(self) -> None:
        super().__init__()
        self._full = ""
        self._hint = ""

    def set_full_text(self, text: str, hint: str) -> None:
        self._full, self._hint = text, hint
        self.setToolTip(f"{text}\n{hint}" if text else hint)
        self._elide()
        self.updateGeometry()

    def full_text(self) -> str:
        return self._full

    def sizeHint(self):  # noqa: N802 - Qt API
        hint = super().sizeHint()
        hint.setWidth(self.fontMetrics().horizontalAdvance(self._full) + 8)
        return hint

    def minimumSizeHint(self):  # noqa: N802 - Qt API
        hint = super().minimumSizeHint()
        hint.setWidth(min(self.MIN_WIDTH, self.sizeHint().width()))
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                                   max(0, self.width() - 4)))

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class CounterStatusBar(QStatusBar):
    def __init__(self, session: CounterSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("counterStatus")
        self.sync = session.sync_status or SyncStatus(self)
        self.worker = QLabel()
        self.outlet = QLabel()
        self.shift = QLabel()
        self.sync_label = _SyncLabel()
        self.sync_label.setObjectName("syncState")
        self.sync_label.setCursor(Qt.CursorShape.PointingHandCursor)
        self._sync_hint = self.tr("Sync details, failed records and retry ({key})").format(
            key=SYNC_DETAILS_KEY)
        self.sync_label.clicked.connect(self.open_sync_details)
        for w in (self.worker, self.outlet, self.shift):
            self.addWidget(w)
        self.addPermanentWidget(self.sync_label)
        if parent is not None:  # the key works wherever the window has the keyboard
            action = QAction(self.tr("Sync details"), parent)
            action.setObjectName("action_sync_details")
            action.setShortcut(QKeySequence(SYNC_DETAILS_KEY))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(self.open_sync_details)
            parent.addAction(action)
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
            connected = bool(settings.get(uow, "server_url"))
        if shift is None:
            self.shift.setText(self.tr("No shift open (Ctrl+H)"))
        elif s.other_shift is not None:
            self.shift.setText(self.tr("Another cashier's shift is open: your sales are outside it"))
        else:
            self.shift.setText(self.tr("Shift since {time}").format(
                time=to_local(shift.opened_at).strftime("%H:%M")))
        # The sync engine owns online/last_sync; the counts are the outbox's truth. A
        # shop never connected to a server is "this PC only", not forever "waiting".
        self.sync.update(pending=counts.pending, failed=counts.failed, local_only=not connected)

    def open_sync_details(self) -> None:
        from .sync_failed import SyncDetailsDialog  # loads only when asked for

        dialog = SyncDetailsDialog(self.session, self.sync, self.window())
        dialog.exec()
        self._refresh_if_shown()

    def _refresh_if_shown(self) -> None:
        if self.isVisible():  # a closed window waiting for deleteLater must not refresh
            self.refresh()

    def _on_event(self, _what: str, _who: str) -> None:
        if self.isVisible():  # a closed window waiting for deleteLater must not refresh
            self._soon.start()  # not on the keystroke/tender path: the counter stays responsive

    def _show_sync(self) -> None:
        self.sync_label.set_full_text(self.sync.text(), self._sync_hint)
        self.sync_label.setProperty("severity", self.sync.severity)
        self.sync_label.style().unpolish(self.sync_label)
        self.sync_label.style().polish(self.sync_label)
