"""Bulk benchmark data for the ledger: products with Urdu names, customers, history.

History rows are inserted directly (the same shapes the services write, child ids
derived the same way) because 200k sales through the service would take longer
than the measurements themselves. (History carries no outbox rows: it counts as synced.)
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dukan_desktop.core.ids import derived_id, new_id
from dukan_desktop.services.demo import BRANDS, ITEMS
from dukan_desktop.services.testing import build_test_shop


def _ts(dt: datetime) -> str:
    return dt.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


def build(path: Path, *, products: int, customers: int, sales: int, seed: int = 1):
    shop = build_test_shop(path, start=datetime.now(UTC) - timedelta(days=1))
    shop.ledger.close()
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    biz, outlet, device = shop.ctx.business_id, shop.ctx.outlet_id, shop.ctx.device_id
    owner = shop.owner.worker_id
    now = datetime.now(UTC)
    created = _ts(now - timedelta(days=400))
    prods = []
    rows, codes = [], []
    for i in range(products):
        name, urdu, unit, rupees, tax = ITEMS[i % len(ITEMS)]
        brand = BRANDS[(i // len(ITEMS)) % len(BRANDS)]
        pid = new_id()
        price = rupees * 100 + (i % 97) * 10
        prods.append((pid, f"{brand} {name} {i}", urdu, unit, price, tax))
        rows.append((pid, biz, f"B{i:06d}", f"{brand} {name} {i}", f"{urdu} {brand} {i}", unit, price,
                     price * 85 // 100, 0 if tax == "exempt" else 1800, tax, 0, 1, created, created))
        codes.append((f"89{i:011d}", pid))
    conn.executemany(
        "INSERT INTO products (id, business_id, sku, name_en, name_ur, unit, price_paisa, cost_paisa,"
        " tax_rate_bp, tax_mode, reorder_level_milli, active, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    conn.executemany("INSERT INTO barcodes (code, product_id) VALUES (?, ?)", codes)
    cust = [new_id() for _ in range(customers)]
    conn.executemany(
        "INSERT INTO customers (id, business_id, name, phone, address, credit_limit_paisa, notes,"
        " active, created_at, updated_at) VALUES (?,?,?,?,'',NULL,'',1,?,?)",
        [(c, biz, f"Customer {i}", f"0300{i:07d}", created, created) for i, c in enumerate(cust)])
    heavy = cust[0]  # the customer with thousands of entries
    start = now - timedelta(days=365)
    sale_rows, line_rows, tender_rows, stock_rows, credit_rows = [], [], [], [], []
    for n in range(sales):
        sid = new_id()
        when = _ts(start + timedelta(seconds=n * 365 * 86400 // max(sales, 1)))
        chosen = [prods[rng.randrange(len(prods))] for _ in range(5)]
        total = 0
        for j, (pid, en, ur, unit, price, tax) in enumerate(chosen):
            qty = 1000
            t = price if tax != "exclusive" else price + price * 18 // 100
            taxp = 0 if tax == "exempt" else (t * 1800 + 5900) // 11800
            total += t
            line_rows.append((derived_id(sid, "line", j), sid, j, pid, en, ur, unit, qty, price, price,
                              price * 85 // 100, 0, 0, t, 0 if tax == "exempt" else 1800, tax, taxp))
            stock_rows.append((derived_id(sid, "stock", j), biz, outlet, pid, "sale", -qty,
                               price * 85 // 100, sid, owner, when))
        on_credit = n % 10 == 0
        customer = heavy if on_credit and n % 40 == 0 else (rng.choice(cust) if on_credit else None)
        credit_amt = total // 2 if on_credit else 0
        tax_total = sum(r[16] for r in line_rows[-5:])
        sale_rows.append((sid, biz, outlet, device, owner, customer, n + 1000, f"GUL-1-H{n:07d}",
                          total, 0, tax_total, 0, total, total - credit_amt, 0, credit_amt, "", "", when))
        tender_rows.append((derived_id(sid, "tender", 0), sid, 0, "cash", total - credit_amt, total - credit_amt))
        if credit_amt:
            tender_rows.append((derived_id(sid, "tender", 1), sid, 1, "credit", credit_amt, credit_amt))
            credit_rows.append((derived_id(sid, "credit", 0), biz, outlet, customer, "sale", credit_amt,
                                sid, f"GUL-1-H{n:07d}", owner, when))
        if len(sale_rows) >= 5000 or n == sales - 1:
            _flush(conn, sale_rows, line_rows, tender_rows, stock_rows, credit_rows)
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    return shop, prods, heavy, cust[1]


def _flush(conn, sale_rows, line_rows, tender_rows, stock_rows, credit_rows):
    conn.executemany(
        "INSERT INTO sales (id, business_id, outlet_id, device_id, worker_id, customer_id, seq,"
        " receipt_no, subtotal_paisa, discount_paisa, tax_paisa, round_off_paisa, total_paisa,"
        " paid_paisa, change_paisa, credit_paisa, flags, note, created_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", sale_rows)
    conn.executemany(
        "INSERT INTO sale_lines (id, sale_id, line_no, product_id, name_en, name_ur, unit, qty_milli,"
        " unit_price_paisa, list_price_paisa, cost_paisa, discount_paisa, bill_discount_paisa,"
        " total_paisa, tax_rate_bp, tax_mode, tax_paisa) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        line_rows)
    conn.executemany(
        "INSERT INTO sale_tenders (id, sale_id, line_no, method, amount_paisa, tendered_paisa, reference)"
        " VALUES (?,?,?,?,?,?,'')", tender_rows)
    conn.executemany(
        "INSERT INTO stock_movements (id, business_id, outlet_id, product_id, kind, qty_milli,"
        " unit_cost_paisa, ref_id, reason, worker_id, created_at) VALUES (?,?,?,?,?,?,?,?,'',?,?)",
        stock_rows)
    conn.executemany(
        "INSERT INTO credit_entries (id, business_id, outlet_id, customer_id, kind, amount_paisa,"
        " sale_id, reference, reason, worker_id, created_at) VALUES (?,?,?,?,?,?,?,?,'',?,?)",
        credit_rows)
    for rows in (sale_rows, line_rows, tender_rows, stock_rows, credit_rows):
        rows.clear()
