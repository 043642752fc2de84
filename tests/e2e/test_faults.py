"""Sync through a proxy that drops, resets, delays, truncates and answers 503."""

from __future__ import annotations

import threading
import time
from urllib.parse import urlsplit

import pytest

from dukan_desktop.services import sales
from dukan_desktop.services.sales import Cart, CartLine, TenderInput
from dukan_desktop.sync import outbox

from .checks import assert_converged, converged, local_sale_ids, server_sale_ids
from .fault_proxy import FaultProxy


@pytest.fixture
def proxy(server):
    p = FaultProxy("127.0.0.1", urlsplit(server.url).port, seed=7).start()
    yield p
    p.stop()


def _sell(dev, n):
    s = dev.test_shop
    for _ in range(n):
        with dev.uow() as uow:
            sales.complete_sale(uow, s.cashier, Cart((CartLine(s.products["milk"], 1000),),
                                                     customer_id=s.customer_id),
                                [TenderInput("cash", 20000), TenderInput("credit", 2000)])
            uow.commit()
        dev.clock.advance(hours=1)


def _pending(dev) -> int:
    with dev.uow(False) as uow:
        return outbox.counts(uow.conn)[0]


def test_faults_converge_without_duplicates(harness, proxy):
    owner = harness.local_shop("owner")
    _sell(owner, 150)
    harness.connect_local(owner)
    other = harness.fresh_pc("other")
    harness.join(other, outlet_id=owner.test_shop.ctx.outlet_id)
    proxy.set_faults(**{"pass": 3, "drop": 1, "reset": 1, "delay": 1, "truncate": 2, "503": 1})
    proxy.retry_after = 0
    business_id = owner.test_shop.ctx.business_id
    engines = [dev.engine(proxy.url, page_limit=20) for dev in (owner, other)]
    for i in range(600):
        for engine in engines:
            engine.run_cycle()
        if i % 5 == 4 and converged(harness, business_id, [owner, other]):
            break
    else:
        pytest.fail(f"no convergence through the faults: {proxy.counts}")
    assert all(proxy.counts[f] > 0 for f in ("drop", "reset", "delay", "truncate", "503"))
    assert server_sale_ids(harness, business_id) == local_sale_ids(owner)
    assert len(local_sale_ids(owner)) == 150
    assert_converged(harness, business_id, [owner, other])


def test_no_busy_retry_loop_when_every_request_fails(harness, proxy):
    owner = harness.local_shop("owner")
    _sell(owner, 3)
    harness.connect_local(owner)
    proxy.set_faults(**{"drop": 1, "reset": 1, "503": 1})
    proxy.retry_after = 1
    engine = owner.engine(proxy.url, poll_interval_s=0.2)
    thread = threading.Thread(target=engine.run)
    before = proxy.connections
    thread.start()
    time.sleep(6)
    engine.cancel()
    thread.join(10)
    attempts = proxy.connections - before
    # Full-jitter backoff from 1 s (with Retry-After: 1): a handful, not hundreds.
    assert 2 <= attempts <= 12, attempts
    assert engine.online is False
    assert _pending(owner) > 0  # nothing was lost or marked failed by the outage
    with owner.uow(False) as uow:
        assert outbox.counts(uow.conn)[1] == 0
