"""`python -m bench server [--quick] [--json PATH]`: push, raw insert, pull and load.

Starts its own PostgreSQL database and `dukan-server` process (dukan_server.testing),
so the numbers include HTTP, JSON, validation, RLS and the per-record savepoints.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg

from dukan_protocol.records import SaleData
from dukan_server import push_rules, testing
from dukan_server import testing_records as tr
from dukan_server.db import set_context

LINES = 5
BATCH = 100


def _sales(outlet: str, device: str, products: list[str], n: int, seq0: int) -> list[dict]:
    out = []
    for i in range(n):
        picks = [(products[(i * LINES + k) % len(products)], 1000, 5000 + k * 100)
                 for k in range(LINES)]
        out.append(tr.record("sale", tr.sale(outlet, device, products=picks, seq=seq0 + i)))
    return out


def bench_push(url: str, tenant: dict, n_sales: int, clients: int) -> float:
    """Sales per second pushed by `clients` devices in parallel, 100 per request."""
    work = []
    for c, dev in enumerate(tenant["devices"][:clients]):
        sales = _sales(dev["outlet_id"], dev["device_id"], tenant["products"],
                       n_sales // clients, 1 + c * n_sales)
        work.append((dev, [sales[i:i + BATCH] for i in range(0, len(sales), BATCH)]))

    def run(dev, batches):
        headers = {"Authorization": f"Bearer {dev['device_token']}"}
        with httpx.Client(base_url=url, timeout=60) as client:
            for batch in batches:
                response = client.post("/v1/sync/push", json=tr.batch(dev["device_id"], batch),
                                       headers=headers)
                response.raise_for_status()
                assert all(r["status"] == "created" for r in response.json()["results"])

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(lambda w: run(*w), work))
    return (n_sales // clients * clients) / (time.perf_counter() - started)


def bench_raw(db_url: str, tenant: dict, n_sales: int) -> float:
    """The same rows a push writes, inserted with psycopg executemany, 100 sales a tx."""
    dev = tenant["devices"][0]
    sales = _sales(dev["outlet_id"], dev["device_id"], tenant["products"], n_sales, 10**6)
    received = tr.now_iso()
    tables: list[dict[str, list[dict]]] = []
    for i in range(0, n_sales, BATCH):
        merged: dict[str, list[dict]] = {}
        for rec in sales[i:i + BATCH]:
            rows = push_rules.sale_rows(SaleData.model_validate(rec["data"]),
                                        tenant["business_id"], dev["device_id"],
                                        dev["outlet_id"], received, [])
            for table, items in rows.items():
                merged.setdefault(table, []).extend(items)
        tables.append(merged)
    started = time.perf_counter()
    with psycopg.connect(db_url) as conn:
        for merged in tables:
            with conn.transaction():
                set_context(conn, tenant["business_id"], "device", dev["outlet_id"])
                for table in ("sales", "sale_lines", "sale_tenders", "stock_movements"):
                    rows = merged[table]
                    cols = list(rows[0])
                    conn.cursor().executemany(
                        f"INSERT INTO {table} ({', '.join(cols)}) VALUES"  # noqa: S608
                        f" ({', '.join(['%s'] * len(cols))})",
                        [[r[c] for c in cols] for r in rows])
    return n_sales / (time.perf_counter() - started)


def bench_pull(url: str, db_url: str, tenant: dict, n_rows: int) -> float:
    with psycopg.connect(db_url) as conn, conn.transaction():
        set_context(conn, tenant["business_id"], "owner")
        conn.execute(
            "INSERT INTO customers (business_id, id, name, phone, updated_at)"
            " SELECT %s, gen_random_uuid(), 'Customer ' || g, '0300' || g, now()"
            " FROM generate_series(1, %s) g", (tenant["business_id"], n_rows))
    dev = tenant["devices"][0]
    headers = {"Authorization": f"Bearer {dev['device_token']}"}
    time.sleep(0.2)
    started = time.perf_counter()
    got, checkpoint = 0, None
    with httpx.Client(base_url=url, timeout=60) as client:
        while True:
            params = {"collection": "customers", "limit": 1000}
            if checkpoint:
                params["checkpoint"] = checkpoint
            body = client.get("/v1/sync/pull", params=params, headers=headers).json()
            got += len(body["changes"])
            checkpoint = body["checkpoint"]
            if not body["has_more"]:
                break
    assert got >= n_rows, (got, n_rows)
    return got / (time.perf_counter() - started)


async def bench_load(url: str, tenant: dict, devices: list[dict], seconds: int) -> dict:
    """Each device pushes one sale a second and pulls every 10 s, for `seconds`."""
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=len(devices) + 10, max_keepalive_connections=len(devices) + 10)

    async def device_loop(client: httpx.AsyncClient, dev: dict, offset: float) -> None:
        nonlocal errors
        headers = {"Authorization": f"Bearer {dev['device_token']}"}
        await asyncio.sleep(offset)
        start = time.monotonic()
        n = 0
        while time.monotonic() - start < seconds:
            sale = _sales(dev["outlet_id"], dev["device_id"], tenant["products"], 1, 10**7 + n)
            t0 = time.perf_counter()
            try:
                response = await client.post("/v1/sync/push", headers=headers,
                                             json=tr.batch(dev["device_id"], sale))
                ok = response.status_code == 200 and response.json()["results"][0][
                    "status"] == "created"
            except httpx.HTTPError:
                ok = False
            latencies.append((time.perf_counter() - t0) * 1000)
            errors += 0 if ok else 1
            if n % 10 == 0:
                try:
                    pulled = await client.get("/v1/sync/pull", headers=headers,
                                              params={"collection": "stock_levels"})
                    errors += 0 if pulled.status_code == 200 else 1
                except httpx.HTTPError:
                    errors += 1
            n += 1
            await asyncio.sleep(max(0.0, start + n - time.monotonic()))

    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
        await asyncio.gather(*(device_loop(client, d, i / len(devices))
                               for i, d in enumerate(devices)))
    latencies.sort()
    return {"load_devices": len(devices), "load_seconds": seconds,
            "load_requests": len(latencies),
            "load_push_ms_p50": round(statistics.median(latencies), 2),
            "load_push_ms_p99": round(latencies[int(len(latencies) * 0.99) - 1], 2),
            "load_errors": errors}


def _setup(url: str, db: testing.TestDatabase, n_devices: int) -> dict:
    owner = testing.create_business_with_owner(url, business_name="Bench Traders")
    testing.set_subscription(db, owner["business_id"], max_devices=None, max_outlets=None)
    outlets = [testing.create_outlet(url, owner["access_token"], code=f"B{i}") for i in range(2)]
    devices = [testing.register_device(url, owner["access_token"], outlets[i % 2]["id"],
                                       name=f"PC {i}") for i in range(n_devices)]
    return {"business_id": owner["business_id"], "devices": devices,
            "products": [tr.new_id() for _ in range(200)]}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench server")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", dest="json_path")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    n_sales = 3000 if args.quick else 20000
    n_pull = 10000 if args.quick else 50000
    load_devices, load_seconds = (60, 15) if args.quick else (200, 60)

    db = testing.start_test_database(prefix="dukan_bench")
    try:
        with testing.run_server_process(db.app_url, workers=args.workers,
                                        env={"DUKAN_DB_POOL_MAX": "10"}) as server:
            tenant = _setup(server.url, db, max(load_devices, 4))
            bench_push(server.url, tenant, 400, 2)  # warm up connections and plans
            push_rate = bench_push(server.url, tenant, n_sales, 4)
            raw_rate = bench_raw(db.app_url, tenant, n_sales)
            pull_rate = bench_pull(server.url, db.app_url, tenant, n_pull)
            load = asyncio.run(bench_load(server.url, tenant, tenant["devices"][:load_devices],
                                          load_seconds))
    finally:
        db.drop()
    result = {"suite": "server", "size": {"sales": n_sales, "lines_per_sale": LINES,
                                          "batch": BATCH, "pull_rows": n_pull,
                                          "server_workers": args.workers},
              "metrics": {"push_sales_per_s": round(push_rate, 1),
                          "raw_insert_sales_per_s": round(raw_rate, 1),
                          "push_ratio_vs_raw": round(push_rate / raw_rate, 3),
                          "pull_rows_per_s": round(pull_rate, 1), **load}}
    text = json.dumps(result, indent=2)
    print(text)
    if args.json_path:
        with open(args.json_path, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
