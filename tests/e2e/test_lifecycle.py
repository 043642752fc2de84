"""Server restart mid-push, owner token refresh, revoked device, expired subscription,
generation change (409), refused records, and server events."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import httpx
import pytest

from dukan_desktop.core.ids import new_id
from dukan_desktop.core.permissions import Role
from dukan_desktop.services import catalog, sales
from dukan_desktop.services.sales import Cart, CartLine, TenderInput
from dukan_desktop.sync import connect, failed_records, outbox
from dukan_desktop.sync.engine import SyncEngine
from dukan_desktop.ui.sync_status import SyncStatus
from dukan_protocol import payload_hash
from dukan_server import testing

from .checks import local_sale_ids, server_sale_ids
from .conftest import SERVER_ENV
from .shops import PASSWORD


def _sell(dev, n):
    s = dev.test_shop
    for _ in range(n):
        with dev.uow() as uow:
            sales.complete_sale(uow, s.cashier, Cart((CartLine(s.products["soap"], 1000),)),
                                [TenderInput("cash", 20000)])
            uow.commit()


def _counts(dev):
    with dev.uow(False) as uow:
        return outbox.counts(uow.conn)


@pytest.fixture(scope="module")
def own_server(pg_db, tmp_path_factory):
    """A server this module may restart; owner access tokens live 1 s."""
    env = SERVER_ENV | {"DUKAN_ACCESS_TOKEN_SECONDS": "1"}
    log_dir = tmp_path_factory.mktemp("own-logs")
    proc = testing.start_server_process(pg_db.app_url, env=env, log_dir=log_dir)
    holder = {"proc": proc, "env": env, "log_dir": log_dir}
    yield holder
    holder["proc"].stop()


def test_server_restart_mid_push(harness, own_server):
    harness.url = own_server["proc"].url
    dev = harness.local_shop("owner")
    _sell(dev, 1200)
    harness.connect_local(dev)
    engine = dev.engine(poll_interval_s=0.3)
    thread = threading.Thread(target=engine.run)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while _counts(dev)[0] > 900 and time.monotonic() < deadline:
            time.sleep(0.02)
        own_server["proc"].stop()          # mid-push
        assert 0 < _counts(dev)[0] < 1200 * 1 + 20
        time.sleep(1.5)
        port = urlsplit(harness.url).port
        own_server["proc"] = testing.start_server_process(
            harness.db.app_url, port=port, env=own_server["env"], log_dir=own_server["log_dir"])
        deadline = time.monotonic() + 60
        while _counts(dev) != (0, 0) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        engine.cancel()
        thread.join(20)
    assert _counts(dev) == (0, 0)
    business_id = dev.test_shop.ctx.business_id
    assert server_sale_ids(harness, business_id) == local_sale_ids(dev)


def test_owner_token_is_refreshed_when_it_expires(harness, own_server):
    harness.url = own_server["proc"].url
    dev = harness.local_shop("owner")
    session = connect.sign_up(harness.url, dev.ledger, email=harness.email, password=PASSWORD)
    first = session.tokens["access_token"]
    time.sleep(2.2)  # the access token has expired
    result = connect.connect(dev.ledger, session)
    assert session.tokens["access_token"] != first
    assert result.outlet_id == dev.test_shop.ctx.outlet_id
    assert connect.is_connected(dev.ledger)
    session.client.close()


def test_revoked_device_is_reported_and_billing_continues(harness):
    dev = harness.local_shop("owner")
    harness.connect_local(dev)
    dev.sync()
    events = []
    engine = dev.engine()
    engine.add_listener(lambda kind, value: events.append((kind, value)))
    owner = httpx.post(harness.url + "/v1/auth/login", timeout=30, json={
        "identifier": harness.email, "password": PASSWORD}).json()
    httpx.post(f"{harness.url}/v1/devices/{dev.context().device_id}/revoke", timeout=30,
               headers={"Authorization": f"Bearer {owner['access_token']}"}).raise_for_status()
    _sell(dev, 2)  # billing never waits for the server
    result = engine.run_cycle()
    assert not result.ok and result.problem == "device_revoked"
    assert ("problem", ("device_revoked", engine.problem[1])) in events
    assert engine.next_delay(result) == 300.0  # no hammering with a dead credential
    assert _counts(dev) == (2, 0)              # nothing marked failed, nothing lost


def test_expired_subscription_is_shown_and_sync_carries_on(harness):
    dev = harness.local_shop("owner")
    harness.connect_local(dev)
    testing.set_subscription(harness.db, dev.test_shop.ctx.business_id, status="expired")
    _sell(dev, 1)
    engine = dev.engine()
    result = engine.run_cycle()
    assert result.ok and result.pushed > 0
    # The code the status bar translates (it used to say "subscription_expired": untranslated).
    assert engine.problem[0] == "subscription_inactive"
    assert "subscription_inactive" in SyncStatus.PROBLEMS
    testing.set_subscription(harness.db, dev.test_shop.ctx.business_id, status="active")
    assert engine.run_cycle().ok and engine.problem is None
    # A trial whose end date has passed is just as inactive, though its status says "trial".
    testing.set_subscription(harness.db, dev.test_shop.ctx.business_id, status="trial",
                             valid_until=datetime.now(UTC) - timedelta(days=1))
    assert engine.run_cycle().ok and engine.problem[0] == "subscription_inactive"


def test_generation_change_repulls_without_touching_the_outbox(harness):
    dev = harness.local_shop("owner")
    harness.connect_local(dev)
    dev.sync()
    _sell(dev, 3)
    with dev.uow(False) as uow:
        before = uow.conn.exec_driver_sql("SELECT seq, status, attempts FROM outbox").all()
    testing.bump_generation(harness.db, dev.test_shop.ctx.business_id)
    engine = dev.engine()
    pulled = engine.pull_all()
    assert pulled > 0  # everything again, from zero
    with dev.uow(False) as uow:
        assert uow.conn.exec_driver_sql("SELECT seq, status, attempts FROM outbox").all() == before
    assert engine.run_cycle().ok and _counts(dev) == (0, 0)


def test_a_refused_record_fails_alone_and_can_be_retried(harness):
    dev = harness.local_shop("owner")
    harness.connect_local(dev)
    _sell(dev, 2)
    # A stock movement for an outlet that is not this device's: the server rejects it.
    data = {"id": new_id(), "outlet_id": new_id(), "product_id": dev.test_shop.products["milk"],
            "kind": "adjust", "qty_milli": 1000, "reason": "x",
            "worker_id": dev.test_shop.owner.worker_id, "created_at": "2026-11-02T05:00:00+00:00"}
    with dev.uow() as uow:
        uow.conn.exec_driver_sql(
            "INSERT INTO outbox (record_id, record_type, tx_id, data_json, payload_hash, status,"
            " attempts, last_error, created_at) VALUES (?, 'stock_movement', ?, ?, ?, 'pending',"
            " 0, '', '2026-11-02 05:00:00.000000')",
            (data["id"], new_id(), json.dumps(data), payload_hash(data)))
        uow.commit()
    _sell(dev, 2)
    assert dev.engine().run_cycle().ok
    assert _counts(dev) == (0, 1)
    with dev.uow(False) as uow:
        [bad] = failed_records.failed_records(uow, dev.test_shop.owner)
        [seen_by_cashier] = failed_records.failed_records(uow, dev.test_shop.cashier)
    assert bad.record_type == "stock_movement" and bad.reason == "wrong_outlet"
    assert "wrong_outlet" in bad.detail and bad.retry_at is None  # a person must act
    assert seen_by_cashier.detail == "" and seen_by_cashier.reason == "wrong_outlet"
    assert len(server_sale_ids(harness, dev.test_shop.ctx.business_id)) == 4
    with dev.uow() as uow:  # a cashier may send it again: it only re-sends
        assert failed_records.retry_failed(uow, dev.test_shop.cashier, [bad.seq]) == 1
        uow.commit()
    assert _counts(dev) == (1, 0)


def test_a_catalog_change_reaches_another_device_through_events(harness):
    owner = harness.local_shop("owner")
    harness.connect_local(owner)
    owner.sync()
    other = harness.fresh_pc("other")
    harness.join(other, outlet_id=owner.test_shop.ctx.outlet_id)
    other.sync()
    engine = SyncEngine(other.path, harness.url, other.token(), poll_interval_s=600)
    other.engines.append(engine)
    thread = threading.Thread(target=engine.run)
    thread.start()
    try:
        time.sleep(1.0)  # the first cycle ran; the event stream is open
        s = owner.test_shop
        with owner.uow() as uow:
            catalog.update_product(uow, s.owner, s.products["soap"], catalog.ProductInput(
                name_en="Lux Soap", price_paisa=16500, tax_mode="exclusive",
                barcodes=("8964000000024",)))
            uow.commit()
        owner.sync()
        deadline = time.monotonic() + 10
        price = None
        while time.monotonic() < deadline:
            with other.uow(False) as uow:
                price = uow.conn.exec_driver_sql("SELECT price_paisa FROM products WHERE id = ?",
                                                 (s.products["soap"],)).scalar()
            if price == 16500:
                break
            time.sleep(0.05)
        assert price == 16500
    finally:
        engine.cancel()
        thread.join(10)


def _local_kind(dev, kind: str) -> None:
    with dev.uow() as uow:
        connect.save_device_kind(uow, kind)
        uow.commit()


def test_a_refused_catalog_edit_brings_the_servers_version_back(harness):
    """A counter PC's product edits are refused (owner_device_required). The server's
    version it skipped while its edit waited, and the one it had before the edit, come
    back; the PC used to keep its own prices for good."""
    owner = harness.local_shop("owner")
    harness.connect_local(owner)  # the account's first PC: the owner's
    owner.sync()
    counter = harness.fresh_pc("counter")
    assert harness.join(counter, outlet_id=owner.test_shop.ctx.outlet_id).kind == "counter"
    counter.sync()
    s = owner.test_shop
    soap, eggs = s.products["soap"], s.products["eggs"]
    owner_here = counter.actor("Asad", Role.OWNER)

    def set_price(dev, actor, pid, price):
        with dev.uow() as uow:
            p = catalog.get_product(uow, actor, pid)
            catalog.update_product(uow, actor, pid, catalog.ProductInput(
                name_en=p.name_en, price_paisa=price, barcodes=p.barcodes))
            uow.commit()

    def price(dev, pid):
        with dev.uow(False) as uow:
            return uow.conn.exec_driver_sql("SELECT price_paisa FROM products WHERE id = ?",
                                            (pid,)).scalar()

    # Edits made while the PC was still the owner's, not yet pushed when the owner made
    # it a counter (a counter PC refuses such edits itself: test_counter_pc).
    _local_kind(counter, "owner")
    set_price(counter, owner_here, soap, 9_900)   # on the counter PC
    set_price(counter, owner_here, eggs, 1_100)
    _local_kind(counter, "counter")
    set_price(owner, s.owner, soap, 16_500)       # meanwhile on the owner's PC
    owner.sync()
    engine = counter.engine()
    engine.pull_all()
    assert price(counter, soap) == 9_900  # skipped: the local edit is still waiting
    assert engine.run_cycle().ok
    assert price(counter, soap) == 16_500  # refused, and the skipped version came back
    with harness.pg() as pg:
        server_eggs = pg.execute("SELECT price_paisa FROM products WHERE id = %s",
                                 (eggs,)).fetchone()["price_paisa"]
    assert price(counter, eggs) == server_eggs != 1_100  # pulled again from the start
    with counter.uow(False) as uow:
        failed = failed_records.failed_records(uow, owner_here)
    assert {r.reason for r in failed} == {"owner_device_required"}
    assert {r.entity_id for r in failed} == {soap, eggs}
    assert all("owner's PC" in r.explanation for r in failed)
