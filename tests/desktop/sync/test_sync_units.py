"""Sync engine parts that need no server: batching, backoff, Retry-After, applying
pages, the keyring, and the clock-skew warning."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import keyring.backends.fail
import pytest

from dukan_desktop.services import catalog, sales
from dukan_desktop.services.sales import Cart, CartLine, TenderInput
from dukan_desktop.sync import apply, credentials, outbox
from dukan_desktop.sync.client import parse_retry_after
from dukan_desktop.sync.engine import BACKOFF_CAP_S, BACKOFF_FLOOR_S, SyncEngine, full_jitter


def _mark_setup_synced(shop):
    with shop.ledger.write_engine.begin() as conn:
        conn.exec_driver_sql("UPDATE outbox SET status = 'synced'")


def _sell(shop, n):
    for _ in range(n):
        with shop.uow() as uow:
            sales.complete_sale(uow, shop.cashier, Cart((CartLine(shop.products["milk"], 1000),)),
                                [TenderInput("cash", 22000)])
            uow.commit()


def test_batches_keep_transactions_together_and_respect_limits(test_shop):
    _mark_setup_synced(test_shop)
    _sell(test_shop, 30)
    with test_shop.uow(False) as uow:
        everything = outbox.next_batch(uow.conn, "dev", max_records=1000, max_bytes=10**9)
        tx_of = {r.seq: r.tx_id for r in everything.rows}
        batch = outbox.next_batch(uow.conn, "dev", max_records=10)
    assert 0 < len(batch.rows) <= 10
    last_tx = batch.rows[-1].tx_id
    assert sum(1 for t in tx_of.values() if t == last_tx) == sum(
        1 for r in batch.rows if r.tx_id == last_tx)  # no transaction cut in two
    body = json.loads(batch.body)
    assert body["schema_version"] == 1 and len(body["records"]) == len(batch.rows)
    assert body["records"][0]["data"] == json.loads(batch.rows[0].data_json)


def test_a_transaction_bigger_than_a_batch_is_split(test_shop):
    _mark_setup_synced(test_shop)
    with test_shop.uow() as uow:  # one transaction, 150 records
        for i in range(150):
            catalog.create_product(uow, test_shop.owner, catalog.ProductInput(
                name_en=f"Bulk {i}", price_paisa=100), audit=False)
        uow.commit()
    with test_shop.uow(False) as uow:
        rows = outbox.next_batch(uow.conn, "dev").rows
        assert len(rows) == 100 and len({r.tx_id for r in rows}) == 1
        small = outbox.next_batch(uow.conn, "dev", max_bytes=2000)
        assert 1 <= len(small.rows) and len(small.body) <= 2000 + 400


def test_results_mark_synced_and_failed_without_blocking(test_shop):
    _mark_setup_synced(test_shop)
    _sell(test_shop, 3)
    with test_shop.ledger.write_engine.begin() as conn:
        rows = outbox.next_batch(conn, "dev").rows
        results = [{"id": r.record_id, "status": "created"} for r in rows]
        results[0] = {"id": rows[0].record_id, "status": "rejected", "code": "bad", "message": "no"}
        marked = outbox.mark_results(conn, rows, results, datetime.now(UTC))
        assert (len(marked.synced), len(marked.refused)) == (len(rows) - 1, 1)
    with test_shop.uow(False) as uow:
        assert outbox.counts(uow.conn) == (0, 1)
        assert outbox.next_batch(uow.conn, "dev") is None  # failed rows are not re-sent


def test_full_jitter_is_bounded_and_grows():
    assert all(BACKOFF_FLOOR_S <= full_jitter(n) <= BACKOFF_CAP_S for n in range(40))
    assert full_jitter(0, rng=lambda: 1.0) == 1.0
    assert full_jitter(3, rng=lambda: 1.0) == 8.0
    assert full_jitter(50, rng=lambda: 1.0) == BACKOFF_CAP_S
    assert full_jitter(5, rng=lambda: 0.0) == BACKOFF_FLOOR_S  # never a tight loop


def test_retry_after_seconds_and_http_date():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    later = (datetime.now(UTC) + timedelta(seconds=30)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert 25 <= parse_retry_after(later) <= 31


def _product_change(pid, sku, price, barcodes):
    return {"id": pid, "deleted": False, "data": {
        "id": pid, "sku": sku, "name_en": f"P {sku}", "name_ur": "", "unit": "pc",
        "price_paisa": price, "cost_paisa": 0, "tax_rate_bp": 1800, "tax_mode": "inclusive",
        "supplier_id": str(uuid.uuid4()), "reorder_level_milli": 0, "active": True,
        "barcodes": barcodes, "updated_at": "2026-11-25T10:00:00.000001+00:00"}}


def test_applying_a_page_twice_changes_nothing_and_search_finds_bulk_products(test_shop):
    changes = [_product_change(str(uuid.uuid4()), f"S{i}", 100 + i, [f"99{i:06d}"])
               for i in range(120)]
    bid = test_shop.ctx.business_id
    for _ in range(2):
        with test_shop.ledger.write_engine.begin() as conn:
            apply.apply_page(conn, "products", changes, "cp-1", business_id=bid,
                             now=datetime.now(UTC))
    with test_shop.uow(False) as uow:
        c = uow.conn
        assert c.exec_driver_sql("SELECT count(*) FROM products WHERE sku LIKE 'S%'").scalar() == 120
        assert c.exec_driver_sql("SELECT count(*) FROM barcodes WHERE code LIKE '99%'").scalar() == 120
        assert apply.load_checkpoints(c) == {"products": "cp-1"}
        assert c.exec_driver_sql("SELECT count(*) FROM sync_state").scalar() == 0
        found = catalog.search_products(uow, test_shop.owner, "P S11")
        assert any(p.sku == "S11" for p in found)


def test_server_version_wins_but_not_over_a_pending_local_edit(test_shop):
    pid = test_shop.products["soap"]
    change = _product_change(pid, "SOAP", 99_900, ["8964000000024", "123"])
    with test_shop.ledger.write_engine.begin() as conn:
        skip = outbox.pending_entity_ids(conn, ("product",))
        assert pid in skip  # created locally, not pushed yet
        apply.apply_page(conn, "products", [change], "cp", business_id=test_shop.ctx.business_id,
                         now=datetime.now(UTC), skip_ids=skip)
        assert conn.exec_driver_sql("SELECT price_paisa FROM products WHERE id = ?",
                                    (pid,)).scalar() == 15000
        apply.apply_page(conn, "products", [change], "cp", business_id=test_shop.ctx.business_id,
                         now=datetime.now(UTC))
        assert conn.exec_driver_sql("SELECT price_paisa FROM products WHERE id = ?",
                                    (pid,)).scalar() == 99_900
        assert conn.exec_driver_sql("SELECT count(*) FROM barcodes WHERE product_id = ?",
                                    (pid,)).scalar() == 2


def test_a_pulled_product_takes_over_its_sku_from_an_older_holder(test_shop):
    old, sku = test_shop.products["milk"], "MILK-1L"
    with test_shop.uow() as uow:
        uow.sql("UPDATE products SET sku = ? WHERE id = ?", (sku, old))
        uow.commit()
    new = str(uuid.uuid4())
    with test_shop.ledger.write_engine.begin() as conn:
        apply.apply_page(conn, "products", [_product_change(new, sku, 500, [])], "cp",
                         business_id=test_shop.ctx.business_id, now=datetime.now(UTC))
    with test_shop.uow(False) as uow:
        holders = dict(uow.sql("SELECT id, sku FROM products WHERE id IN (?, ?)", (old, new)))
    assert holders == {old: None, new: sku}


def test_credit_entry_for_an_unknown_customer_gets_a_placeholder(test_shop):
    entry = {"id": str(uuid.uuid4()), "outlet_id": str(uuid.uuid4()),
             "customer_id": str(uuid.uuid4()), "kind": "sale", "amount_paisa": 5000,
             "sale_id": str(uuid.uuid4()), "payment_id": None, "reference": "DHA-1-000001",
             "reason": "", "worker_id": str(uuid.uuid4()),
             "created_at": "2026-11-25T10:00:00+00:00", "received_at": "2026-11-25T10:00:01+00:00",
             "allocations": []}
    for _ in range(2):
        with test_shop.ledger.write_engine.begin() as conn:
            apply.apply_page(conn, "credit_entries", [{"id": entry["id"], "data": entry}], "c",
                             business_id=test_shop.ctx.business_id, now=datetime.now(UTC))
    with test_shop.uow(False) as uow:
        assert uow.conn.exec_driver_sql("SELECT active FROM customers WHERE id = ?",
                                        (entry["customer_id"],)).scalar() == 0
        assert uow.conn.exec_driver_sql("SELECT sum(amount_paisa) FROM credit_entries WHERE"
                                        " customer_id = ?", (entry["customer_id"],)).scalar() == 5000


def test_memory_keyring_and_a_missing_keyring(tmp_path, monkeypatch):
    credentials.store_token(tmp_path / "a.sqlite3", "secret-a")
    assert credentials.load_token(tmp_path / "a.sqlite3") == "secret-a"
    assert credentials.load_token(tmp_path / "b.sqlite3") is None
    credentials.delete_token(tmp_path / "a.sqlite3")
    assert credentials.load_token(tmp_path / "a.sqlite3") is None
    monkeypatch.setattr(credentials, "backend", lambda: keyring.backends.fail.Keyring())
    with pytest.raises(credentials.NoKeyring) as err:
        credentials.store_token(tmp_path / "a.sqlite3", "x")
    assert "local" in str(err.value)


def test_clock_skew_is_a_warning_only(test_shop):
    with test_shop.uow() as uow:
        from dukan_desktop.services import settings

        settings.put(uow, "server_url", "http://127.0.0.1:9")
        uow.commit()
    engine = SyncEngine(test_shop.ledger.path, "http://127.0.0.1:9", "t", events=False)
    seen = []
    engine.add_listener(lambda kind, value: seen.append((kind, value)))
    engine._note_server_time((datetime.now(UTC) - timedelta(minutes=9)).isoformat())
    engine._note_server_time((datetime.now(UTC) - timedelta(minutes=9)).isoformat())
    engine._note_server_time(datetime.now(UTC).isoformat())
    skews = [v for k, v in seen if k == "clock_skew"]
    assert len(skews) == 2 and skews[0] > 500 and skews[1] is None
    result = engine.run_cycle()  # offline: nothing lost, a backoff follows
    assert not result.ok and engine.online is False
    assert 0 < engine.next_delay(result) <= BACKOFF_CAP_S
    engine.close()


def test_the_memory_keyring_is_never_chosen_by_itself():
    """Without DUKAN_KEYRING_BACKEND=memory a PC with no real keyring must be told so, not
    keep its device credential in memory (lost at the next start)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items()
           if k not in ("DUKAN_KEYRING_BACKEND", "PYTHON_KEYRING_BACKEND")}
    code = ("import keyring; from dukan_desktop.sync import credentials as c;"
            "print(type(keyring.get_keyring()).__name__)")
    chosen = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, check=True, timeout=60).stdout.strip()
    assert chosen != "MemoryKeyring"
