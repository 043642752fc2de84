"""Sync through a proxy that drops, resets, delays, stalls, truncates (both ways) and
answers what our server never would (503, 500, 404, 408, a 200 without results)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import httpx
import pytest

from dukan_desktop.services import sales
from dukan_desktop.services.sales import Cart, CartLine, TenderInput
from dukan_desktop.sync import failed_records, outbox
from dukan_desktop.sync.events import EventListener

from .checks import assert_converged, converged, local_sale_ids, server_sale_ids
from .fault_proxy import FaultProxy

# Short enough that a stalled answer costs little, long enough for a loaded 2-core box.
SHORT_TIMEOUT = httpx.Timeout(connect=3.0, read=2.0, write=3.0, pool=3.0)
PUSH, PULL, EVENTS = "/v1/sync/push", "/v1/sync/pull", "/v1/sync/events"


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


def _counts(dev) -> tuple[int, int]:
    with dev.uow(False) as uow:
        return outbox.counts(uow.conn)


class _Wakes:
    def __init__(self) -> None:
        self.calls: list[list[str] | None] = []

    def __call__(self, collections=None, **_kw) -> None:
        self.calls.append(list(collections) if collections else None)


def test_faults_converge_without_duplicates(harness, proxy):
    owner = harness.local_shop("owner")
    _sell(owner, 150)
    harness.connect_local(owner)
    other = harness.fresh_pc("other")
    harness.join(other, outlet_id=owner.test_shop.ctx.outlet_id)
    proxy.set_faults(**{"pass": 5, "drop": 1, "reset": 1, "delay": 1, "truncate": 2,
                        "truncate_request": 1, "stall": 0.3, "503": 1, "404": 0.5, "408": 0.5,
                        "bad200": 0.5})
    proxy.retry_after = 0
    proxy.stall_s = 3.0  # longer than the read timeout below
    # The event streams go through the proxy too (the engines are stepped by hand here).
    wakes = {dev.name: _Wakes() for dev in (owner, other)}
    listeners = [EventListener(proxy.url, dev.token(), wakes[dev.name], timeout=SHORT_TIMEOUT)
                 for dev in (owner, other)]
    for listener in listeners:
        listener.start()
    business_id = owner.test_shop.ctx.business_id
    engines = [dev.engine(proxy.url, page_limit=20, timeout=SHORT_TIMEOUT)
               for dev in (owner, other)]
    try:
        for i in range(600):
            for engine in engines:
                engine.run_cycle()
            if i % 5 == 4 and converged(harness, business_id, [owner, other]):
                break
        else:
            pytest.fail(f"no convergence through the faults: {proxy.counts}")
    finally:
        for listener in listeners:
            listener.cancel()
    for fault in ("drop", "reset", "delay", "stall", "truncate", "truncate_request", "503",
                  "404", "408", "bad200"):
        assert proxy.counts[fault] > 0, (fault, proxy.counts)
    assert proxy.paths[EVENTS] >= 2, proxy.paths   # the streams were cut and came back
    assert any(calls for calls in wakes.values())  # and still delivered events
    assert server_sale_ids(harness, business_id) == local_sale_ids(owner)
    assert len(local_sale_ids(owner)) == 150
    assert_converged(harness, business_id, [owner, other])  # nothing failed on the way


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
    assert _counts(owner)[0] > 0 and _counts(owner)[1] == 0  # nothing lost, nothing failed


def test_a_misbehaving_proxy_never_fails_a_record(harness, proxy):
    """404, 408, a 200 without results: the engine used to halve the batch down to single
    records and fail each one, so one bad hour of a proxy failed the whole outbox."""
    owner = harness.local_shop("owner")
    _sell(owner, 40)
    harness.connect_local(owner)
    pending = _counts(owner)[0]
    engine = owner.engine(proxy.url)
    for fault in ("404", "408", "bad200", "truncate_request"):
        proxy.set_rule(PUSH, **{fault: 1})
        for _ in range(3):
            result = engine.run_cycle()
            assert not result.ok
        assert _counts(owner) == (pending, 0), fault
    assert engine.state == "busy" or engine.state == "offline"
    proxy.set_rule(PUSH, **{"pass": 1})
    assert engine.run_cycle().ok
    assert _counts(owner) == (0, 0)
    business_id = owner.test_shop.ctx.business_id
    assert server_sale_ids(harness, business_id) == local_sale_ids(owner)


def test_503_reads_as_server_busy_not_offline(harness, proxy):
    owner = harness.local_shop("owner")
    harness.connect_local(owner)
    proxy.set_faults(**{"503": 1})
    engine = owner.engine(proxy.url)
    states = []
    engine.add_listener(lambda kind, value: states.append(value) if kind == "state" else None)
    result = engine.run_cycle()
    assert not result.ok and result.retry_after == 1
    assert states == ["busy"] and engine.online is False


def test_backoff_holds_with_events_and_sales_while_the_server_answers_500(harness, proxy):
    """Every sale, every server event and every stream reconnect used to start a cycle at
    once after a failure: with a persistent 500, devices retried as fast as events came."""
    owner = harness.local_shop("owner")
    _sell(owner, 2)
    harness.connect_local(owner)
    owner.sync()
    helper = harness.fresh_pc("helper")   # sells at the same outlet: server events for us
    harness.join(helper, outlet_id=owner.test_shop.ctx.outlet_id)
    helper.sync()
    proxy.set_rule(PUSH, **{"500": 1})
    proxy.set_rule(PULL, **{"500": 1})
    proxy.set_rule(EVENTS, **{"pass": 1})
    engine = owner.engine(proxy.url, events=True, rng=lambda: 1.0)  # backoff 1, 2, 4, 8 s
    thread = threading.Thread(target=engine.run)
    thread.start()
    helper_engine = helper.engine()
    cashier = helper.actor("Bilal")
    try:
        assert _until(lambda: engine._events is not None and engine._events.connected.is_set())
        started = time.monotonic()
        while time.monotonic() - started < 8.0:
            _sell(owner, 1)
            engine.wake()                 # what the app does after every sale
            with helper.uow() as uow:     # another PC's sale: the server tells us to pull
                sales.complete_sale(uow, cashier, Cart((CartLine(
                    owner.test_shop.products["milk"], 1000),)), [TenderInput("cash", 22000)])
                uow.commit()
            helper_engine.push_all()
            time.sleep(0.1)
        requests = proxy.paths[PUSH] + proxy.paths[PULL]
        events_seen = engine._events.received
        # Cycles at about 0, 1, 3, 7 s (plus one search of the failing batch): not one
        # per sale (~60) or per event.
        assert 3 <= requests <= 16, (requests, proxy.faults_by_path)
        assert events_seen >= 3  # the wake-ups did come, and were waited out
        before = requests
        engine.wake(user=True)   # "Sync now" goes at once, backoff or not
        assert _until(lambda: proxy.paths[PUSH] + proxy.paths[PULL] > before, timeout=3)
    finally:
        engine.cancel()
        thread.join(10)
    assert _counts(owner)[1] == 0  # a server failing everything never fails a record


def _until(predicate, timeout=15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_a_record_the_server_keeps_failing_on_is_isolated_and_fails_alone(harness, proxy):
    owner = harness.local_shop("owner")
    _sell(owner, 30)
    harness.connect_local(owner)
    with owner.uow(False) as uow:
        receipt = uow.conn.exec_driver_sql(
            "SELECT receipt_no FROM sales ORDER BY created_at LIMIT 1 OFFSET 12").scalar()
    proxy.poison = receipt.encode()  # a push carrying that sale makes "the server" fail
    engine = owner.engine(proxy.url)
    results = [engine.run_cycle() for _ in range(6)]
    assert not results[0].ok and not results[1].ok  # a 500 or two is just retried
    pending, failed = _counts(owner)
    assert (pending, failed) == (0, 1), results
    with owner.uow(False) as uow:
        [bad] = failed_records.failed_records(uow, owner.test_shop.owner)
    assert bad.record_type == "sale" and bad.reference == receipt
    assert bad.reason == "server_error" and bad.retry_at is not None  # retried by itself
    business_id = owner.test_shop.ctx.business_id
    assert len(server_sale_ids(harness, business_id)) == 29  # the rest went through
    # The server is fixed; the retry time comes (or the app starts again): it goes up.
    proxy.poison = None
    with owner.ledger.write_engine.begin() as conn:
        assert outbox.requeue_due(conn, datetime.now(UTC) + timedelta(hours=4)) == 1
    assert engine.run_cycle().ok and _counts(owner) == (0, 0)
    assert server_sale_ids(harness, business_id) == local_sale_ids(owner)


def test_a_server_failing_everything_fails_no_record(harness, proxy):
    """Halving needs proof the server is otherwise fine: with every push answered 500
    (or 400, or 413), nothing is marked failed however often a batch is searched, and a
    cycle searches one batch, not every batch of the outbox."""
    owner = harness.local_shop("owner")
    _sell(owner, 150)
    harness.connect_local(owner)
    engine = owner.engine(proxy.url)
    for status in ("500", "400", "413"):
        proxy.set_rule(PUSH, **{status: 1})
        for _ in range(4):
            before = proxy.paths[PUSH]
            assert not engine.run_cycle().ok
            assert proxy.paths[PUSH] - before <= 10, (status, proxy.paths[PUSH] - before)
        assert _counts(owner)[1] == 0, status
    proxy.set_rule(PUSH, **{"pass": 1})
    assert engine.run_cycle().ok and _counts(owner) == (0, 0)
