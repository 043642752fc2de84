"""`python -m bench sync [--quick] [--json PATH]`: the sync engine against a real server.

Starts its own PostgreSQL database and `dukan-server` process (dukan_server.testing).

- backlog_10k_s: a shop that sold 10,000 sales offline connects; seconds until every
  outbox record is synced (push only; the sales are made before the clock starts).
- catalog_100k_pull_s: the server holds 100,000 products (with barcodes); seconds for
  a fresh PC's first pull of every collection.
- idle_cycle_cpu_ms: CPU time (process_time) of one cycle with nothing to push or
  pull (median of 30). Between cycles the engine sleeps on an event: no busy polling.
- change_visible_ms_p50: a product's price changed on the server until another
  device's ledger has it, through `/v1/sync/events` (polling set to 10 minutes).
--quick: 2,000 sales and 20,000 products.

The server is not empty when the shop connects: other shops have pushed 20,000 sales
(10,000 with --quick) and the tables have been analysed, as on a hosted server where
autovacuum keeps statistics current. On a brand-new database every backend would
plan its foreign-key checks against empty tables and keep those plans (an index scan
over all of the business's sales per check) until the first auto-analyze.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

import psycopg

from dukan_desktop.ledger.uow import UnitOfWork
from dukan_desktop.services import sales
from dukan_desktop.services.sales import Cart, CartLine, TenderInput
from dukan_desktop.services.testing import build_test_shop
from dukan_desktop.sync import connect, credentials
from dukan_desktop.sync.engine import SyncEngine
from dukan_server import testing

from . import common
from . import server as server_bench

PASSWORD = "bench password 1"
ENV = {"DUKAN_DEFAULT_MAX_DEVICES": "50", "DUKAN_DEFAULT_MAX_OUTLETS": "20"}


def _admin(db) -> psycopg.Connection:
    return psycopg.connect(db.admin_url.rsplit("/", 1)[0] + "/" + db.name, autocommit=True)


def _local_shop(tmp: Path, name: str, n_sales: int):
    shop = build_test_shop(tmp / f"{name}.sqlite3")
    s = shop
    lines = [(s.products["milk"], 1000), (s.products["soap"], 2000), (s.products["eggs"], 1000)]
    for i in range(n_sales):
        with UnitOfWork(shop.ledger) as uow:
            sales.complete_sale(uow, s.cashier, Cart((CartLine(*lines[i % 3]),)),
                                [TenderInput("cash", 100000)])
            uow.commit()
    return shop


def bench_backlog(url: str, tmp: Path, n_sales: int) -> tuple[float, object]:
    shop = _local_shop(tmp, "backlog", n_sales)
    email = f"backlog-{time.time_ns()}@example.pk"
    session = connect.sign_up(url, shop.ledger, email=email, password=PASSWORD)
    connect.connect(shop.ledger, session)
    session.client.close()
    engine = SyncEngine(shop.ledger.path, url, credentials.load_token(shop.ledger.path),
                        events=False)
    start = time.perf_counter()
    pushed = engine.push_all()
    seconds = time.perf_counter() - start
    with engine.ledger.read_engine.connect() as conn:
        left = conn.exec_driver_sql("SELECT count(*) FROM outbox WHERE status != 'synced'").scalar()
    assert left == 0 and pushed >= n_sales, (left, pushed)
    assert engine.run_cycle().ok
    engine.close()
    return seconds, (shop, email)


def _seed_catalog(db, business_id: str, n: int) -> None:
    with _admin(db) as conn:
        conn.execute(
            "INSERT INTO products (business_id, id, sku, name_en, name_ur, unit, price_paisa,"
            " cost_paisa, tax_rate_bp, tax_mode, reorder_level_milli, active, updated_at)"
            " SELECT %s, gen_random_uuid(), 'SKU-' || i, 'Product ' || i, 'مال ' || i, 'pc',"
            " 1000 + i %% 5000, 800, 1800, 'inclusive', 0, true, now()"
            " FROM generate_series(1, %s) AS i", (business_id, n))
        conn.execute(
            "INSERT INTO barcodes (business_id, code, product_id)"
            " SELECT business_id, '89' || lpad(row_number() OVER ()::text, 11, '0'), id"
            " FROM products WHERE business_id = %s AND sku LIKE 'SKU-%%'", (business_id,))
        conn.execute("ANALYZE products; ANALYZE barcodes")


def _fresh_device(url: str, tmp: Path, name: str, email: str, outlet_id: str):
    from dukan_desktop.ledger.engine import Ledger

    ledger = Ledger.open(tmp / f"{name}.sqlite3")
    session = connect.sign_in(url, email, PASSWORD)
    connect.connect(ledger, session, outlet_id=outlet_id, device_name=name)
    session.client.close()
    return ledger


def bench_catalog(url: str, db, tmp: Path, shop, email: str, n: int) -> tuple[float, object]:
    _seed_catalog(db, shop.ctx.business_id, n)
    ledger = _fresh_device(url, tmp, "fresh", email, shop.ctx.outlet_id)
    engine = SyncEngine(ledger.path, url, credentials.load_token(ledger.path), events=False)
    start = time.perf_counter()
    pulled = engine.pull_all()
    seconds = time.perf_counter() - start
    with engine.ledger.read_engine.connect() as conn:
        have = conn.exec_driver_sql("SELECT count(*) FROM products").scalar()
    assert pulled >= n and have >= n, (pulled, have)
    return seconds, (ledger, engine)


def bench_idle(engine: SyncEngine, rounds: int = 30) -> float:
    assert engine.run_cycle().ok
    samples = []
    for _ in range(rounds):
        start = time.process_time()
        result = engine.run_cycle()
        samples.append((time.process_time() - start) * 1000)
        assert result.ok and result.pulled == 0 and result.pushed == 0
    return statistics.median(samples)


def bench_change_visible(url: str, db, shop, ledger, rounds: int) -> float:
    url_engine = SyncEngine(ledger.path, url, credentials.load_token(ledger.path),
                            poll_interval_s=600)
    thread = threading.Thread(target=url_engine.run, daemon=True)
    thread.start()
    product = shop.products["milk"]
    samples = []
    try:
        deadline = time.monotonic() + 30
        while (url_engine._events is None or not url_engine._events.connected.is_set()) \
                and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)  # the cycle the stream's hello asked for is done
        with _admin(db) as admin:
            for i in range(rounds):
                price = 50_000 + i
                start = time.perf_counter()
                admin.execute("UPDATE products SET price_paisa = %s, updated_at = now()"
                              " WHERE business_id = %s AND id = %s",
                              (price, shop.ctx.business_id, product))
                while True:
                    with url_engine.ledger.read_engine.connect() as conn:
                        seen = conn.exec_driver_sql("SELECT price_paisa FROM products WHERE id = ?",
                                                    (product,)).scalar()
                    if seen == price:
                        break
                    if time.perf_counter() - start > 30:
                        raise RuntimeError("change never arrived")
                    time.sleep(0.002)
                samples.append((time.perf_counter() - start) * 1000)
                time.sleep(0.2)
    finally:
        url_engine.cancel()
        thread.join(15)
        url_engine.close()
    return common.percentile(samples, 50)


def seed_other_shops(url: str, db, n_sales: int) -> None:
    tenant = server_bench._setup(url, db, 4)
    server_bench.bench_push(url, tenant, n_sales, 4, 1)
    server_bench._analyze(db)


def main(argv: list[str] | None = None) -> int:
    args = common.parser("sync").parse_args(argv)
    # The device credential of these throw-away devices stays in memory, not the OS keyring.
    os.environ.setdefault("DUKAN_KEYRING_BACKEND", "memory")
    n_sales, n_products = (2_000, 20_000) if args.quick else (10_000, 100_000)
    db = testing.start_test_database(prefix="dukan_bench_sync")
    try:
        with tempfile.TemporaryDirectory(prefix="sync-bench-") as tmpdir, \
                testing.run_server_process(db.app_url, env=ENV, log_dir=Path(tmpdir)) as server:
            tmp = Path(tmpdir)
            seed_other_shops(server.url, db, 10_000 if args.quick else 20_000)
            backlog_s, (shop, email) = bench_backlog(server.url, tmp, n_sales)
            catalog_s, (ledger, engine) = bench_catalog(server.url, db, tmp, shop, email,
                                                        n_products)
            idle_ms = bench_idle(engine)
            engine.close()
            visible_ms = bench_change_visible(server.url, db, shop, ledger, 15 if args.quick else 25)
    finally:
        db.drop()
    size = "quick" if args.quick else "full"
    metrics = {
        "backlog_10k_s": round(backlog_s * (10_000 / n_sales), 3) if args.quick else round(backlog_s, 3),
        "catalog_100k_pull_s": round(catalog_s * (100_000 / n_products), 3)
        if args.quick else round(catalog_s, 3),
        "idle_cycle_cpu_ms": round(idle_ms, 3),
        "change_visible_ms_p50": round(visible_ms, 1),
    }
    if args.quick:
        print(f"(quick: {n_sales} sales, {n_products} products; times scaled linearly to 10k/100k)")
    targets = {"backlog_10k_s": ("<=", 10.0), "catalog_100k_pull_s": ("<=", 10.0),
               "idle_cycle_cpu_ms": ("<=", 20.0), "change_visible_ms_p50": ("<=", 1000.0)}
    return common.report("sync", size, metrics, targets, args.json)
