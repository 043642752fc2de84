"""What the status bar says about sync; the sync service (sync/qt_adapter.py) feeds it.

Protocol: `update(state=, pending=, failed=, last_sync=, progress=, local_only=, ...)`;
`changed` fires after any update; `text()` is the translated one-liner for the status
bar. `request_sync()` is a person asking for sync now ("Sync now", "Retry"): the sync
service listens to `sync_requested`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ..core.i18n import QT_TRANSLATE_NOOP

_UNSET = object()

# What each pulled collection is called in "Downloading … 40,000 of 100,000…".
COLLECTION_NAMES = {
    "outlets": QT_TRANSLATE_NOOP("SyncStatus", "outlets"),
    "workers": QT_TRANSLATE_NOOP("SyncStatus", "staff"),
    "suppliers": QT_TRANSLATE_NOOP("SyncStatus", "suppliers"),
    "products": QT_TRANSLATE_NOOP("SyncStatus", "catalogue"),
    "customers": QT_TRANSLATE_NOOP("SyncStatus", "customers"),
    "credit_entries": QT_TRANSLATE_NOOP("SyncStatus", "udhaar"),
    "stock_levels": QT_TRANSLATE_NOOP("SyncStatus", "stock"),
    "subscription": QT_TRANSLATE_NOOP("SyncStatus", "plan"),
}


def _n(value: int) -> str:
    return f"{value:,}"


class SyncStatus(QObject):
    changed = Signal()
    sync_requested = Signal()

    def __init__(self, parent: QObject | None = None, *, now=None) -> None:
        super().__init__(parent)
        self.state = "offline"       # "online", "offline" or "busy" (5xx / 429: retrying)
        self.pending = 0
        self.failed = 0
        self.last_sync: datetime | None = None
        self.problem = ""            # e.g. this PC was disconnected, the plan expired
        self.problem_code = ""
        self.skew_seconds: float | None = None
        self.progress: tuple[str, int, int] | None = None   # phase, done, total (0: unknown)
        self.local_only = False      # never connected to a server: nothing to nag about
        self._now = now or (lambda: datetime.now(UTC))

    @property
    def online(self) -> bool:
        return self.state == "online"

    def update(self, *, online: bool | None = None, state: str | None = None,
               pending: int | None = None, failed: int | None = None,
               last_sync: datetime | None = None, problem: str | None = None,
               skew_seconds: float | None | bool = False, progress=_UNSET,
               local_only: bool | None = None) -> None:
        if problem is not None:
            self.problem = problem
        if skew_seconds is not False:
            self.skew_seconds = skew_seconds
        if online is not None:
            self.state = "online" if online else "offline"
        if state is not None:
            self.state = state
        if pending is not None:
            self.pending = pending
        if failed is not None:
            self.failed = failed
        if last_sync is not None:
            self.last_sync = last_sync
        if progress is not _UNSET:
            self.progress = progress
        if local_only is not None:
            self.local_only = local_only
        self.changed.emit()

    def request_sync(self) -> None:
        self.sync_requested.emit()

    # What the cashier reads for the problems sync reports (the server's English text
    # is kept for anything else). Billing always carries on.
    PROBLEMS = {
        "device_revoked": QT_TRANSLATE_NOOP(
            "SyncStatus", "This PC was disconnected by the owner — sales are kept here"),
        "auth_failed": QT_TRANSLATE_NOOP(
            "SyncStatus", "The server did not accept this PC — sales are kept here"),
        "subscription_inactive": QT_TRANSLATE_NOOP(
            "SyncStatus", "The plan has expired — sales are kept and sync when renewed"),
        "app_outdated": QT_TRANSLATE_NOOP(
            "SyncStatus", "This app is too old for the server — update it; sales are kept here"),
        "credential_missing": QT_TRANSLATE_NOOP(
            "SyncStatus", "This PC's sync key is missing — connect this PC again"),
        "not_connected": QT_TRANSLATE_NOOP(
            "SyncStatus", "This PC's sync key is missing — connect this PC again"),
        "sync_error": QT_TRANSLATE_NOOP(
            "SyncStatus", "Sync hit a problem and will retry — sales are kept here"),
    }

    def set_problem(self, code: str, message: str) -> None:
        self.problem_code = code
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

    def _progress_text(self) -> str:
        phase, done, total = self.progress  # type: ignore[misc]
        if phase == "push":
            return QCoreApplication.translate("SyncStatus", "Uploading {done} of {total}…").format(
                done=_n(done), total=_n(total))
        collection = phase.partition(":")[2]
        what = QCoreApplication.translate("SyncStatus", COLLECTION_NAMES.get(collection, collection))
        if total:
            return QCoreApplication.translate(
                "SyncStatus", "Downloading {what} {done} of {total}…").format(
                what=what, done=_n(done), total=_n(total))
        return QCoreApplication.translate("SyncStatus", "Downloading {what}: {done} so far…").format(
            what=what, done=_n(done))

    def _state_text(self) -> str:
        translate = QCoreApplication.translate
        if self.state == "busy":
            if self.pending:
                return translate("SyncStatus", "Server busy, retrying — {n} waiting to sync").format(
                    n=_n(self.pending))
            return translate("SyncStatus", "Server busy, retrying")
        if self.state != "online":
            if self.pending:
                return translate("SyncStatus", "Offline — {n} waiting to sync").format(
                    n=_n(self.pending))
            return translate("SyncStatus", "Offline")
        if self.pending:
            return translate("SyncStatus", "Online — {n} waiting to sync").format(n=_n(self.pending))
        if self.last_sync is None:  # connected, the first cycle is still running
            return translate("SyncStatus", "Online")
        return translate("SyncStatus", "All synced {ago}").format(ago=self._ago())

    def text(self) -> str:
        if self.local_only:
            return QCoreApplication.translate("SyncStatus", "This PC only (not connected)")
        parts = [self._progress_text() if self.progress else self._state_text()]
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
        if self.local_only:
            return "ok"
        if self.failed or self.problem:
            return "error"
        return "ok" if self.online and not self.pending else "warn"
