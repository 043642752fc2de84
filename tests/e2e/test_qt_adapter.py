"""The QThread adapter and the app against the real server: signals reach the status
bar object, a long first sync shows its progress, and connecting again after a
revocation puts the running engine on the new credential."""

from __future__ import annotations

from functools import partial

import httpx

from dukan_desktop.services import catalog, sales
from dukan_desktop.services.sales import Cart, CartLine, TenderInput
from dukan_desktop.sync import connect
from dukan_desktop.sync.engine import SyncEngine
from dukan_desktop.sync.qt_adapter import SyncService
from dukan_desktop.ui import app as counter_app
from dukan_desktop.ui import events as ev
from dukan_desktop.ui.sync_status import SyncStatus
from dukan_desktop.ui.worker import cancel_all

from .checks import local_sale_ids, server_sale_ids
from .shops import PASSWORD


def _sell(dev, n=1):
    s = dev.test_shop
    for _ in range(n):
        with dev.uow() as uow:
            sales.complete_sale(uow, s.cashier, Cart((CartLine(s.products["milk"], 1000),)),
                                [TenderInput("cash", 22000)])
            uow.commit()


def test_adapter_feeds_sync_status_and_pushes_after_a_sale(qtbot, harness):
    dev = harness.local_shop("owner")
    harness.connect_local(dev)
    status = SyncStatus()
    service = SyncService.start_if_connected(dev.ledger, status)
    assert service is not None
    try:
        qtbot.waitUntil(lambda: status.online and status.pending == 0
                        and status.last_sync is not None, timeout=20_000)
        _sell(dev)
        with qtbot.waitSignal(service.counts_changed, timeout=5000):
            service.local_change()
        qtbot.waitUntil(lambda: status.pending == 0 and status.failed == 0, timeout=10_000)
    finally:
        service.stop()
    assert not service._thread.isRunning()


def test_not_connected_means_no_sync(harness):
    dev = harness.local_shop("owner")
    assert SyncService.start_if_connected(dev.ledger, SyncStatus()) is None


def test_a_long_first_sync_shows_rows_uploaded_and_downloaded(qtbot, harness):
    """The status bar used to say "10000 waiting" until the very end."""
    owner = harness.local_shop("owner")
    with owner.uow() as uow:
        for i in range(300):
            catalog.create_product(uow, owner.test_shop.owner, catalog.ProductInput(
                name_en=f"Item {i}", price_paisa=1000 + i), audit=False)
        uow.commit()
    _sell(owner, 20)
    harness.connect_local(owner)
    texts: list[str] = []
    status = SyncStatus()
    status.changed.connect(lambda: texts.append(status.text()))
    service = SyncService.start_if_connected(owner.ledger, status)
    seen: list[tuple[str, int, int]] = []
    service.progress.connect(lambda phase, done, total: seen.append((phase, done, total)))
    try:
        qtbot.waitUntil(lambda: status.last_sync is not None and status.pending == 0,
                        timeout=30_000)
    finally:
        service.stop()
    pushes = [(d, t) for p, d, t in seen if p == "push"]
    assert pushes and pushes[0][0] < pushes[0][1] and pushes[-1][0] == pushes[-1][1]
    assert any(t.startswith("Uploading ") and " of " in t for t in texts), texts[:20]
    assert status.progress is None and status.text().startswith("All synced")

    other = harness.fresh_pc("other")
    harness.join(other, outlet_id=owner.test_shop.ctx.outlet_id)
    status = SyncStatus()
    texts.clear()
    status.changed.connect(lambda: texts.append(status.text()))
    service = SyncService.start_if_connected(
        other.ledger, status, engine_factory=partial(SyncEngine, page_limit=50))
    seen.clear()
    service.progress.connect(lambda phase, done, total: seen.append((phase, done, total)))
    try:
        qtbot.waitUntil(lambda: status.last_sync is not None, timeout=30_000)
    finally:
        service.stop()
    products = [d for p, d, _t in seen if p == "pull:products"]
    assert products[:3] == [50, 100, 150] and products[-1] >= 300
    assert any(t.startswith("Downloading catalogue") for t in texts), texts[:20]


def test_connecting_again_after_a_revocation_resumes_pushes(qtbot, harness):
    """The running engine kept the token it started with: after "Connect this PC" ran
    again it went on failing with the revoked one until the app was restarted."""
    dev = harness.local_shop("owner")
    harness.connect_local(dev)
    qapp = counter_app.ensure_application()
    counter = counter_app.CounterApp(qapp, dev.ledger, "en")
    status = counter.sync_status
    try:
        qtbot.waitUntil(lambda: counter.sync is not None and status.online
                        and status.pending == 0 and status.last_sync is not None,
                        timeout=30_000)
        owner = httpx.post(harness.url + "/v1/auth/login", timeout=30, json={
            "identifier": harness.email, "password": PASSWORD}).json()
        httpx.post(f"{harness.url}/v1/devices/{dev.context().device_id}/revoke", timeout=30,
                   headers={"Authorization": f"Bearer {owner['access_token']}"}
                   ).raise_for_status()
        _sell(dev)
        ev.events().notify(ev.SALE, "")
        qtbot.waitUntil(lambda: status.problem_code == "device_revoked", timeout=20_000)
        _sell(dev, 2)  # billing carries on; the revoked engine waits 5 minutes
        ev.events().notify(ev.SALE, "")
        qtbot.wait(500)
        assert status.pending >= 2 and status.problem_code == "device_revoked"
        session = connect.sign_in(harness.url, harness.email, PASSWORD)
        try:
            connect.connect(dev.ledger, session)  # the owner connects this PC again
        finally:
            session.client.close()
        ev.events().notify(ev.SETTINGS, "")  # what the settings page says after connecting
        qtbot.waitUntil(lambda: status.pending == 0 and not status.problem, timeout=20_000)
    finally:
        counter.shutdown()
        cancel_all()
    business_id = dev.test_shop.ctx.business_id
    assert server_sale_ids(harness, business_id) == local_sale_ids(dev)
