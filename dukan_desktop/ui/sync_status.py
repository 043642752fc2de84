"""What the status bar says about sync; the sync service (sync/qt_adapter.py) feeds it.

Protocol: `update(online=, pending=, failed=, last_sync=)`; `changed` fires after
any update; `text()` is the translated one-liner for the status bar.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ..core.i18n import QT_TRANSLATE_NOOP


class SyncStatus(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None, *, now=None) -> None:
        super().__init__(parent)
        self.online = False
        self.pending = 0
        self.failed = 0
        self.last_sync: datetime | None = None
        self.problem = ""            # e.g. this PC was disconnected, the plan expired
        self.skew_seconds: float | None = None
        self._now = now or (lambda: datetime.now(UTC))

    def update(self, *, online: bool | None = None, pending: int | None = None,
               failed: int | None = None, last_sync: datetime | None = None,
               problem: str | None = None, skew_seconds: float | None | bool = False) -> None:
        if problem is not None:
            self.problem = problem
        if skew_seconds is not False:
            self.skew_seconds = skew_seconds
        if online is not None:
            self.online = online
        if pending is not None:
            self.pending = pending
        if failed is not None:
            self.failed = failed
        if last_sync is not None:
            self.last_sync = last_sync
        self.changed.emit()

    # What the cashier reads for the problems sync reports (the server's English text
    # is kept for anything else). Billing always carries on.
    PROBLEMS = {
        "device_revoked": QT_TRANSLATE_NOOP(
            "SyncStatus", "This PC was disconnected by the owner — sales are kept here"),
        "auth_failed": QT_TRANSLATE_NOOP(
            "SyncStatus", "The server did not accept this PC — sales are kept here"),
        "subscription_inactive": QT_TRANSLATE_NOOP(
            "SyncStatus", "The plan has expired — sales are kept and sync when renewed"),
    }

    def set_problem(self, code: str, message: str) -> None:
        text = self.PROBLEMS.get(code)
        self.update(problem=QCoreApplication.translate("SyncStatus", text) if text else message)

    def _ago(self) -> str:
        if self.last_sync is None:
            return QCoreApplication.translate("SyncStatus", "never")
        minutes = max(0, int((self._now() - self.last_sync).total_seconds() // 60))
        if minutes < 1:
            return QCoreApplication.translate("SyncStatus", "just now")
        if minutes < 120:
            return QCoreApplication.translate("SyncStatus", "{n} min ago").format(n=minutes)
        return QCoreApplication.translate("SyncStatus", "{n} h ago").format(n=minutes // 60)

    def text(self) -> str:
        parts = []
        if not self.online:
            if self.pending:
                parts.append(QCoreApplication.translate("SyncStatus", "Offline — {n} waiting to sync").format(n=self.pending))
            else:
                parts.append(QCoreApplication.translate("SyncStatus", "Offline"))
        elif self.pending:
            parts.append(QCoreApplication.translate("SyncStatus", "Online — {n} waiting to sync").format(n=self.pending))
        else:
            parts.append(QCoreApplication.translate("SyncStatus", "All synced {ago}").format(ago=self._ago()))
        if self.failed:
            parts.append(QCoreApplication.translate("SyncStatus", "{n} failed").format(n=self.failed))
        if self.problem:
            parts.append(self.problem)
        if self.skew_seconds is not None:
            parts.append(QCoreApplication.translate(
                "SyncStatus", "This PC's clock is {n} min off").format(n=round(abs(self.skew_seconds) / 60)))
        return " · ".join(parts)

    @property
    def severity(self) -> str:
        if self.failed or self.problem:
            return "error"
        return "ok" if self.online and not self.pending else "warn"
