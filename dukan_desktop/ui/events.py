"""One app-wide change signal: after a write, say what changed and who did it.

Each view decides for itself whether to refresh (the way Anki's `operation_did_execute`
works). Writers call `events().notify("sale", worker_id)`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

# What can change; views compare against these.
SALE = "sale"
RETURN = "return"
HELD = "held"
CREDIT = "credit"
CUSTOMER = "customer"
SHIFT = "shift"
SETTINGS = "settings"
OUTBOX = "outbox"
# A restore from the back office: stop writing (sync) / it did not happen, carry on.
RESTORE_STARTING = "restore_starting"
RESTORE_ABANDONED = "restore_abandoned"


class AppEvents(QObject):
    changed = Signal(str, str)  # what, worker id ("" when not a person)

    def notify(self, what: str, worker_id: str = "") -> None:
        self.changed.emit(what, worker_id or "")


_events: AppEvents | None = None


def events() -> AppEvents:
    global _events
    if _events is None:
        _events = AppEvents()
    return _events
