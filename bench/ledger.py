"""`python -m bench ledger [--quick] [--json PATH]`: the billing path and the reads
around it, on a ledger the size of a busy shop's year."""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dukan_desktop.core.clock import SystemClock, to_local
from dukan_desktop.core.ids import derived_id, new_id
from dukan_desktop.ledger.engine import Ledger, connect_pragmas
from dukan_desktop.ledger.uow import UnitOfWork
from dukan_desktop.services import catalog, customers, reports, sales
from dukan_desktop.services.sales import Cart, CartLine, TenderInput

from .common import Timer, median, parser, percentile, report
from .ledger_data import build

SIZES = {"full": (100_000, 5_000, 200_000), "quick": (10_000, 1_000, 20_000)}
TARGETS = {
    "sale_commit_ms_p99": ("<=", 5.0), "commit_ratio_vs_raw": ("<=", 2.0),
    "barcode_lookup_us_p99": ("<=", 200.0), "name_search_ms_p99": ("<=", 15.0),
    "customer_balance_ms_p99": ("<=", 5.0), "day_report_ms": ("<=", 100.0),
}


def _sale_commits(ledger, shop, prods, customer, n) -> list[float]:
    rng = random.Random(3)
    times = []
    for _ in range(n):
        lines = tuple(CartLine(prods[rng.randrange(len(prods))][0], 1000) for _ in range(5))
        cart = Cart(lines, customer_id=customer)
        with UnitOfWork(ledger, write=False) as uow:  # the screen already shows the total
            total = sales.quote(uow, cart).total_paisa
        with Timer() as t:  # tender → saved: what the cashier waits for
            with UnitOfWork(ledger) as uow:
                sales.complete_sale(uow, shop.cashier, cart,
                                    [TenderInput("credit", total // 2), TenderInput("cash", total)])
                uow.commit()
        times.append(t.ms)
    return times


def _raw_commits(path: Path, shop, prods, n) -> list[float]:
    """The same 15 rows per sale with plain sqlite3, one transaction each, with the
    ledger's own pragmas (WAL, synchronous=FULL, foreign keys, cache, checkpoint size)."""
    conn = sqlite3.connect(path, isolation_level=None)
    connect_pragmas(conn, None)
    # The outbox text of a real 5-line sale (names in Urdu too), not a stand-in.
    payload = conn.execute("SELECT data_json FROM outbox WHERE record_type = 'sale'"
                           " ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    rng = random.Random(4)
    biz, outlet, device = shop.ctx.business_id, shop.ctx.outlet_id, shop.ctx.device_id
    wid, cust = shop.cashier.worker_id, shop.customer_id
    times = []
    for k in range(n):
        sid, now = new_id(), datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
        chosen = [prods[rng.randrange(len(prods))] for _ in range(5)]
        with Timer() as t:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO sales (id, business_id, outlet_id, device_id, worker_id, customer_id,"
                " seq, receipt_no, subtotal_paisa, discount_paisa, tax_paisa, round_off_paisa,"
                " total_paisa, paid_paisa, change_paisa, credit_paisa, flags, note, created_at)"
                " VALUES (?,?,?,?,?,?,?,?,1000,0,0,0,1000,500,0,500,'','',?)",
                (sid, biz, outlet, device, wid, cust, 10_000_000 + k, f"RAW-{k}", now))
            conn.executemany(
                "INSERT INTO sale_lines (id, sale_id, line_no, product_id, name_en, name_ur, unit,"
                " qty_milli, unit_price_paisa, list_price_paisa, cost_paisa, discount_paisa,"
                " bill_discount_paisa, total_paisa, tax_rate_bp, tax_mode, tax_paisa)"
                " VALUES (?,?,?,?,?,?,?,1000,200,200,170,0,0,200,0,'exempt',0)",
                [(derived_id(sid, "line", j), sid, j, p[0], p[1], p[2], p[3]) for j, p in enumerate(chosen)])
            conn.executemany(
                "INSERT INTO sale_tenders (id, sale_id, line_no, method, amount_paisa, tendered_paisa,"
                " reference) VALUES (?,?,?,?,500,500,'')",
                [(derived_id(sid, "tender", j), sid, j, m) for j, m in enumerate(("cash", "credit"))])
            conn.executemany(
                "INSERT INTO stock_movements (id, business_id, outlet_id, product_id, kind, qty_milli,"
                " unit_cost_paisa, ref_id, reason, worker_id, created_at)"
                " VALUES (?,?,?,?,'sale',-1000,170,?,'',?,?)",
                [(derived_id(sid, "stock", j), biz, outlet, p[0], sid, wid, now) for j, p in enumerate(chosen)])
            conn.execute(
                "INSERT INTO credit_entries (id, business_id, outlet_id, customer_id, kind, amount_paisa,"
                " sale_id, reference, reason, worker_id, created_at) VALUES (?,?,?,?,'sale',500,?,?,'',?,?)",
                (derived_id(sid, "credit", 0), biz, outlet, cust, sid, f"RAW-{k}", wid, now))
            conn.execute(
                "INSERT INTO outbox (record_id, record_type, tx_id, data_json, payload_hash, status,"
                " attempts, last_error, created_at) VALUES (?,'sale',?,?,?,'pending',0,'',?)",
                (sid, sid, payload, "0" * 64, now))
            conn.execute("COMMIT")
        times.append(t.ms)
    conn.close()
    return times


def main(argv: list[str]) -> int:
    args = parser("ledger").parse_args(argv)
    size = "quick" if args.quick else "full"
    n_products, n_customers, n_sales = SIZES[size]
    with tempfile.TemporaryDirectory(prefix="bench-ledger-") as tmp:
        path = Path(tmp) / "ledger.sqlite3"
        t0 = time.perf_counter()
        shop, prods, heavy, regular = build(path, products=n_products, customers=n_customers, sales=n_sales)
        print(f"built {n_products:,} products, {n_customers:,} customers, {n_sales:,} sales "
              f"in {time.perf_counter() - t0:.1f} s")
        ledger = Ledger(path, SystemClock())
        _sale_commits(ledger, shop, prods, regular, 20)  # warm caches and statement compilation
        commit = _sale_commits(ledger, shop, prods, regular, 300)
        ledger.close()
        raw = _raw_commits(path, shop, prods, 300)
        ledger = Ledger(path, SystemClock())
        rng = random.Random(5)
        lookups = []
        for _ in range(2000):
            code = f"89{rng.randrange(n_products):011d}"
            with Timer() as t:
                with UnitOfWork(ledger, write=False) as uow:
                    catalog.lookup_barcode(uow, shop.cashier, code)
            lookups.append(t.seconds * 1e6)
        queries = ["Basmati", "rice 12", "Shan Tea", "چاول", "دودھ Nestle", "B00123", "Sugar 99",
                   "کوکنگ", "Mineral", "Desi Ghee 5"]
        searches = []
        for _ in range(20):
            for q in queries:
                with Timer() as t:
                    with UnitOfWork(ledger, write=False) as uow:
                        catalog.search_products(uow, shop.cashier, q, limit=50)
                searches.append(t.ms)
        balances = []
        for _ in range(300):
            with Timer() as t:
                with UnitOfWork(ledger, write=False) as uow:
                    customers.balance_of(uow, heavy)
            balances.append(t.ms)
        with UnitOfWork(ledger, write=False) as uow:
            entries = uow.session.connection().exec_driver_sql(
                "SELECT COUNT(*) FROM credit_entries WHERE customer_id = ?", (heavy,)).scalar()
        day = to_local(datetime.now(UTC) - timedelta(days=100)).date()
        days = []
        for _ in range(10):
            with Timer() as t:
                with UnitOfWork(ledger, write=False) as uow:
                    reports.day_report(uow, shop.owner, day)
            days.append(t.ms)
        ledger.close()
    metrics = {
        "sale_commit_ms_p50": round(median(commit), 3),
        "sale_commit_ms_p99": round(percentile(commit, 99), 3),
        "raw_commit_ms_p50": round(median(raw), 3),
        "raw_commit_ms_p99": round(percentile(raw, 99), 3),
        "commit_ratio_vs_raw": round(median(commit) / median(raw), 3),
        "barcode_lookup_us_p50": round(median(lookups), 1),
        "barcode_lookup_us_p99": round(percentile(lookups, 99), 1),
        "name_search_ms_p50": round(median(searches), 3),
        "name_search_ms_p99": round(percentile(searches, 99), 3),
        "customer_balance_ms_p99": round(percentile(balances, 99), 3),
        "customer_balance_entries": entries,
        "day_report_ms": round(median(days), 3),
    }
    return report("ledger", size, metrics, TARGETS, args.json)
