"""What the status bar says about sync. The sync engine (later) updates this object.

Protocol: `update(online=, pending=, failed=, last_sync=)`; `changed` fires after
any update; `text()` is the translated one-liner for the status bar.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QObject, Signal


class SyncStatus(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None, *, now=None) -> None:
        super().__init__(parent)
        self.online = False
        self.pending = 0
        self.failed = 0
        self.last_sync: datetime | None = None
        self._now = now or (lambda: datetime.now(UTC))

    def update(self, *, online: bool | None = None, pending: int | None = None,
               failed: int | None = None, last_sync: datetime | None = None) -> None:
        if online is not None:
            self.online = online
        if pending is not None:
            self.pending = pending
        if failed is not None:
            self.failed = failed
        if last_sync is not None:
            self.last_sync = last_sync
        self.changed.emit()

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
        return " · ".join(parts)

    @property
    def severity(self) -> str:
        if self.failed:
            return "error"
        return "ok" if self.online and not self.pending else "warn"
