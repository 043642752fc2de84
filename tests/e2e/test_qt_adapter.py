"""The QThread adapter against the real server: signals reach the status bar object."""

from __future__ import annotations

from dukan_desktop.services import sales
from dukan_desktop.services.sales import Cart, CartLine, TenderInput
from dukan_desktop.sync.qt_adapter import SyncService
from dukan_desktop.ui.sync_status import SyncStatus


def test_adapter_feeds_sync_status_and_pushes_after_a_sale(qtbot, harness):
    dev = harness.local_shop("owner")
    harness.connect_local(dev)
    status = SyncStatus()
    service = SyncService.start_if_connected(dev.ledger, status)
    assert service is not None
    try:
        qtbot.waitUntil(lambda: status.online and status.pending == 0
                        and status.last_sync is not None, timeout=20_000)
        s = dev.test_shop
        with dev.uow() as uow:
            sales.complete_sale(uow, s.cashier, Cart((CartLine(s.products["milk"], 1000),)),
                                [TenderInput("cash", 22000)])
            uow.commit()
        with qtbot.waitSignal(service.counts_changed, timeout=5000):
            service.local_change()
        qtbot.waitUntil(lambda: status.pending == 0 and status.failed == 0, timeout=10_000)
    finally:
        service.stop()
    assert not service._thread.isRunning()


def test_not_connected_means_no_sync(harness):
    dev = harness.local_shop("owner")
    assert SyncService.start_if_connected(dev.ledger, SyncStatus()) is None
