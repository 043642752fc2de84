"""`python -m bench server [--quick] [--json PATH] [--workers N] [--repeat K]`.

Starts its own PostgreSQL database and `dukan-server` process (dukan_server.testing),
so the numbers include HTTP, JSON, validation, RLS and the push rules.

- push: 100-sale batches (5 lines each) from 4 devices in parallel; request bodies are
  built before the clock starts.
- raw: the *same rows* a push writes (sync_records, sales, sale_lines, sale_tenders,
  stock_movements, stock_levels upsert), written with psycopg directly as the same app
  role under the same forced RLS, one transaction per 100 sales, one set-wise
  `INSERT … SELECT FROM unnest(…)` per table (COPY is refused on tables with
  row-level security), each column passed as one text split by string_to_array, from
  4 connections in parallel like the push. `raw_executemany` is the same rows with
  executemany (the previous baseline), for reference.
  Both connect to the same database, so synchronous_commit and fsync are the same as
  the server's (reported in the output).
- pull: customers, pages of 1000.
- load: N devices (shops of 2 outlets x 2 counters, 200 products each) on one asyncio
  loop (one kept-alive connection each, requests prepared in advance: bench/http_load.py);
  each pushes one sale of 5 random products a second and pulls stock levels every 10 s
  from its checkpoint.

After the warm-up the bench runs ANALYZE, as autovacuum would on a live database: in
a freshly created database each backend otherwise caches foreign-key check plans made
when the tables were empty (sequential scans), and every check then gets slower as
the tables grow. With `--repeat K` the push, raw and pull measurements run K times
and the medians are reported. The load minute starts just after a CHECKPOINT
(`_checkpoint` says why).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
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

from .common import report
from .http_load import HttpError, KeepAliveConnection

LINES = 5
TARGETS = {"push_sales_per_s": (">=", 2000), "push_ratio_vs_raw": (">=", 0.5),
           "pull_rows_per_s": (">=", 20_000), "load_push_ms_p99": ("<=", 100),
           "load_errors": ("<=", 0)}
BATCH = 100
_RAW_TABLES = ("sales", "sale_lines", "sale_tenders", "stock_movements")


def _sales(outlet: str, device: str, products: list[str], n: int, seq0: int) -> list[dict]:
    out = []
    for i in range(n):
        picks = [(products[(i * LINES + k) % len(products)], 1000, 5000 + k * 100)
                 for k in range(LINES)]
        out.append(tr.record("sale", tr.sale(outlet, device, products=picks, seq=seq0 + i)))
    return out


def _body(device_id: str, records: list[dict]) -> bytes:
    return json.dumps(tr.batch(device_id, records), separators=(",", ":")).encode()


def bench_push(url: str, tenant: dict, n_sales: int, clients: int, seq0: int) -> float:
    """Sales per second pushed by `clients` devices in parallel, 100 per request."""
    work = []
    per_client = n_sales // clients
    for c, dev in enumerate(tenant["devices"][:clients]):
        sales = _sales(dev["outlet_id"], dev["device_id"], tenant["products"], per_client,
                       seq0 + c * per_client)
        work.append((dev, [_body(dev["device_id"], sales[i:i + BATCH])
                           for i in range(0, len(sales), BATCH)]))

    def run(dev, bodies):
        headers = {"Authorization": f"Bearer {dev['device_token']}",
                   "Content-Type": "application/json"}
        with httpx.Client(base_url=url, timeout=60) as client:
            for body in bodies:
                response = client.post("/v1/sync/push", content=body, headers=headers)
                response.raise_for_status()
                assert all(r["status"] == "created" for r in response.json()["results"])

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(lambda w: run(*w), work))
    return per_client * clients / (time.perf_counter() - started)


def _raw_batches(tenant: dict, n_sales: int, seq0: int, clients: int) -> list[dict]:
    """Batch k belongs to device k % clients (as _raw_client takes batches[c::clients])."""
    batches = []
    for k, i in enumerate(range(0, n_sales, BATCH)):
        dev = tenant["devices"][k % clients]
        sales = _sales(dev["outlet_id"], dev["device_id"], tenant["products"], BATCH, seq0 + i)
        merged: dict[str, list[tuple]] = {t: [] for t in _RAW_TABLES}
        records = []
        for rec in sales:
            records.append((rec["id"], rec["type"], rec["payload_hash"]))
            rows = push_rules.sale_rows(SaleData.model_validate(rec["data"]), dev["device_id"],
                                        dev["outlet_id"], [])
            for table in _RAW_TABLES:
                merged[table] += rows.get(table, [])
        levels: dict[str, int] = {}
        for move in merged["stock_movements"]:
            levels[move[2]] = levels.get(move[2], 0) + move[4]
        batches.append({"records": records, "rows": merged, "levels": sorted(levels.items())})
    return batches


def _insert_sql(table: str, set_wise: bool) -> str:
    cols = push_rules.COLUMNS[table]
    received = table not in push_rules.WITHOUT_RECEIVED
    names = ", ".join(("business_id",) + cols + (("received_at",) if received else ()))
    if not set_wise:
        values = ", ".join(["%s"] * (len(cols) + 1 + received))
        return f"INSERT INTO {table} ({names}) VALUES ({values})"  # noqa: S608
    args = ", ".join(
        "string_to_array(%s, chr(31), chr(30))::"
        + ("text" if c == "server_flags" else push_rules.column_type(c)) + "[]" for c in cols)
    cast = ["string_to_array(u.server_flags, ',')" if c == "server_flags" else f"u.{c}"
            for c in cols]
    return (f"INSERT INTO {table} ({names}) SELECT %s::uuid, {', '.join(cast)}"  # noqa: S608
            f"{', %s::timestamptz' if received else ''} FROM unnest({args}) AS u({', '.join(cols)})")


def _pack(values: list) -> str:
    """A column as one text (split by string_to_array in SQL): the cheapest way found to
    hand psycopg thousands of values (its array quoting runs in Python)."""
    out = [chr(30) if v is None else v if v.__class__ is str else str(v) for v in values]
    assert len(out) > 1 and not any(chr(31) in v for v in out)
    return chr(31).join(out)


def bench_raw(db_url: str, tenant: dict, batches: list[dict], set_wise: bool,
              clients: int) -> float:
    """The rows of the push, written by psycopg directly by `clients` connections in
    parallel (see the module docstring)."""
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(lambda c: _raw_client(db_url, tenant, batches[c::clients], set_wise,
                                            tenant["devices"][c]), range(clients)))
    return len(batches) * BATCH / (time.perf_counter() - started)


def _raw_client(db_url: str, tenant: dict, batches: list[dict], set_wise: bool,
                dev: dict) -> None:
    business, outlet = tenant["business_id"], dev["outlet_id"]
    received = tr.now_iso()
    with psycopg.connect(db_url) as conn:
        cur = conn.cursor()
        for batch in batches:
            with conn.transaction():
                set_context(conn, business, "device", outlet)
                recs = batch["records"]
                if set_wise:
                    cur.execute(
                        "INSERT INTO sync_records (business_id, record_id, type, payload_hash,"
                        " device_id, outlet_id, received_at) SELECT %s, u.i, u.t, u.h, %s, %s, %s"
                        " FROM unnest(string_to_array(%s, chr(31))::uuid[],"
                        " string_to_array(%s, chr(31)), string_to_array(%s, chr(31)))"
                        " AS u(i, t, h) ON CONFLICT DO NOTHING",
                        (business, dev["device_id"], outlet, received,
                         *[_pack(list(c)) for c in zip(*recs, strict=True)]))
                else:
                    cur.executemany(
                        "INSERT INTO sync_records (business_id, record_id, type, payload_hash,"
                        " device_id, outlet_id, received_at) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                        " ON CONFLICT DO NOTHING",
                        [(business, i, t, h, dev["device_id"], outlet, received)
                         for i, t, h in recs])
                for table in _RAW_TABLES:
                    rows = batch["rows"][table]
                    received_arg = () if table in push_rules.WITHOUT_RECEIVED else (received,)
                    if set_wise:
                        columns = [_pack([",".join(v) for v in c] if name == "server_flags"
                                         else list(c)) for name, c in zip(
                                       push_rules.COLUMNS[table], zip(*rows, strict=True),
                                       strict=True)]
                        cur.execute(_insert_sql(table, True),
                                    (business, *received_arg, *columns))
                    else:
                        cur.executemany(_insert_sql(table, False),
                                        [(business, *row, *received_arg) for row in rows])
                product_ids, qtys = zip(*batch["levels"], strict=True)
                cur.execute(
                    "INSERT INTO stock_levels (business_id, outlet_id, product_id, qty_milli,"
                    " updated_at) SELECT %s, %s, u.p, u.q, %s"
                    " FROM unnest(%s::uuid[], %s::bigint[]) AS u(p, q) ORDER BY u.p"
                    " ON CONFLICT (business_id, outlet_id, product_id) DO UPDATE"
                    " SET qty_milli = stock_levels.qty_milli + EXCLUDED.qty_milli,"
                    " updated_at = EXCLUDED.updated_at",
                    (business, outlet, received, list(product_ids), list(qtys)))


def seed_customers(db_url: str, tenant: dict, n_rows: int) -> None:
    with psycopg.connect(db_url) as conn, conn.transaction():
        set_context(conn, tenant["business_id"], "owner")
        conn.execute(
            "INSERT INTO customers (business_id, id, name, phone, updated_at)"
            " SELECT %s, gen_random_uuid(), 'Customer ' || g, '0300' || g, now()"
            " FROM generate_series(1, %s) g", (tenant["business_id"], n_rows))


def bench_pull(url: str, tenant: dict, n_rows: int) -> float:
    dev = tenant["devices"][0]
    headers = {"Authorization": f"Bearer {dev['device_token']}"}
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


def _p(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))], 2)


async def bench_load(url: str, devices: list[dict], seconds: int) -> dict:
    """Each device pushes one sale a second and pulls stock levels every 10 s from its own
    checkpoint (as the sync engine does), for `seconds`. One kept-alive connection per
    device, requests prepared in advance (bench/http_load.py)."""
    rng = random.Random(7)
    bodies = {d["device_id"]: [_body(d["device_id"], [tr.record("sale", tr.sale(
        d["outlet_id"], d["device_id"], seq=10**7 + n,
        products=[(p, 1000, 5000) for p in rng.sample(d["products"], LINES)]))])
        for n in range(seconds + 1)] for d in devices}
    push_ms: list[float] = []
    pull_ms: list[float] = []
    errors: list[str] = []

    async def pull_changes(conn: KeepAliveConnection, auth: dict, checkpoint: str | None
                           ) -> str | None:
        while True:  # every page, as the engine does
            target = "/v1/sync/pull?collection=stock_levels&limit=500"
            if checkpoint:
                target += "&checkpoint=" + checkpoint
            status, body = await conn.send(conn.prepare("GET", target, auth))
            if status != 200:
                errors.append(f"pull {status}")
                return checkpoint
            page = json.loads(body)
            checkpoint = page["checkpoint"]
            if not page["has_more"]:
                return checkpoint

    def auth_of(dev: dict) -> dict:
        return {"Authorization": f"Bearer {dev['device_token']}"}

    async def device_loop(conn: KeepAliveConnection, dev: dict, offset: float,
                          checkpoint: str | None) -> None:
        auth = auth_of(dev)
        requests = [conn.prepare("POST", "/v1/sync/push", auth | {
            "Content-Type": "application/json"}, body) for body in bodies[dev["device_id"]]]
        await asyncio.sleep(offset)
        start = time.monotonic()
        n = 0
        while n < seconds:
            t0 = time.perf_counter()
            try:
                status, answer = await conn.send(requests[n])
                if status != 200 or b'"status":"created"' not in answer:
                    errors.append(f"push {status}")
            except (OSError, asyncio.IncompleteReadError, HttpError) as exc:
                errors.append(f"push {type(exc).__name__}")
            push_ms.append((time.perf_counter() - t0) * 1000)
            if n % 10 == 0:
                t0 = time.perf_counter()
                try:
                    checkpoint = await pull_changes(conn, auth, checkpoint)
                except (OSError, asyncio.IncompleteReadError, HttpError) as exc:
                    errors.append(f"pull {type(exc).__name__}")
                pull_ms.append((time.perf_counter() - t0) * 1000)
            n += 1
            await asyncio.sleep(max(0.0, start + n - time.monotonic()))

    conns = [KeepAliveConnection(url) for _ in devices]
    try:
        # Each device's first sync happens before the measured minute (a one-time catch-up,
        # not the steady load the target is about).
        checkpoints = await asyncio.gather(*(pull_changes(c, auth_of(d), None)
                                             for c, d in zip(conns, devices, strict=True)))
        cpu_before = time.process_time()
        started = time.monotonic()
        await asyncio.gather(*(device_loop(c, d, i / len(devices), cp) for i, (c, d, cp)
                               in enumerate(zip(conns, devices, checkpoints, strict=True))))
        elapsed = time.monotonic() - started
    finally:
        await asyncio.gather(*(c.close() for c in conns))
    return {"load_devices": len(devices), "load_seconds": seconds,
            "load_push_requests": len(push_ms), "load_pull_requests": len(pull_ms),
            "load_push_per_s": round(len(push_ms) / elapsed, 1),
            "load_push_ms_p50": _p(push_ms, 50), "load_push_ms_p99": _p(push_ms, 99),
            "load_push_ms_max": _p(push_ms, 100),
            "load_pull_ms_p50": _p(pull_ms, 50), "load_pull_ms_p99": _p(pull_ms, 99),
            "load_errors": len(errors), "load_error_kinds": sorted(set(errors))[:5],
            "load_client_cpu_s": round(time.process_time() - cpu_before, 1)}


def _setup(url: str, db: testing.TestDatabase, n_devices: int) -> dict:
    owner = testing.create_business_with_owner(url, business_name="Bench Traders")
    testing.set_subscription(db, owner["business_id"], max_devices=None, max_outlets=None)
    outlets = [testing.create_outlet(url, owner["access_token"], code=f"B{i}") for i in range(2)]
    devices = [testing.register_device(url, owner["access_token"], outlets[i % 2]["id"],
                                       name=f"PC {i}") for i in range(n_devices)]
    return {"business_id": owner["business_id"], "devices": devices,
            "products": [tr.new_id() for _ in range(200)]}


def _setup_shops(url: str, db: testing.TestDatabase, n_devices: int) -> list[dict]:
    """The load's devices as shops have them: businesses of 2 outlets with 2 counters
    each (a device count that is not a multiple of 4 leaves the last shop smaller)."""
    devices: list[dict] = []
    while len(devices) < n_devices:
        shop = len(devices) // 4
        owner = testing.create_business_with_owner(url, business_name=f"Shop {shop}")
        testing.set_subscription(db, owner["business_id"], max_devices=None, max_outlets=None)
        products = [tr.new_id() for _ in range(200)]
        outlets = [testing.create_outlet(url, owner["access_token"], code=f"S{i}")
                   for i in range(2)]
        for i in range(min(4, n_devices - len(devices))):
            device = testing.register_device(url, owner["access_token"], outlets[i % 2]["id"])
            devices.append(device | {"products": products})
    return devices


def _analyze(db: testing.TestDatabase) -> None:
    with psycopg.connect(db.owner_url, autocommit=True) as conn:
        conn.execute("ANALYZE")


def _checkpoint(db: testing.TestDatabase) -> None:
    """Start the load minute just after a checkpoint. The bulk phases before it write
    about 1 GB of WAL in a minute or two (PostgreSQL's default max_wal_size), and the
    checkpoint that forces, flushing some 10,000 dirty buffers, otherwise lands inside
    the load minute at a random point: on this shared 2-core box p99 then measured
    104-184 ms where runs without it measure 30-87 ms. The minute still pays for the
    full-page writes a fresh checkpoint brings. A live server at 200 sales/s writes
    about 9 KB of WAL per sale: see docs/server.md (Performance) for what to set."""
    with psycopg.connect(db.admin_url, autocommit=True) as conn:
        conn.execute("CHECKPOINT")


def _pg_settings(db: testing.TestDatabase) -> dict:
    with psycopg.connect(db.app_url) as conn:
        return {name: conn.execute(f"SHOW {name}").fetchone()[0]  # noqa: S608 (fixed names)
                for name in ("synchronous_commit", "fsync", "shared_buffers", "jit")}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench server")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", dest="json_path")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--load-devices", type=int)
    parser.add_argument("--load-seconds", type=int)
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args(argv)
    n_sales = 3000 if args.quick else 20000
    n_pull = 10000 if args.quick else 50000
    load_devices, load_seconds = (60, 15) if args.quick else (200, 60)
    load_devices = args.load_devices or load_devices
    load_seconds = args.load_seconds or load_seconds
    load_before = os.getloadavg()

    db = testing.start_test_database(prefix="dukan_bench")
    try:
        with testing.run_server_process(db.app_url, workers=args.workers,
                                        env={"DUKAN_DB_POOL_MAX": "10"}) as server:
            tenant = _setup(server.url, db, 4)
            shops = [] if args.skip_load else _setup_shops(server.url, db, load_devices)
            bench_push(server.url, tenant, 800, 4, 1)  # warm up connections and plans
            seed_customers(db.app_url, tenant, n_pull)
            _analyze(db)  # after the bulk load, as autovacuum would (see the docstring)
            push, raw, raw_many, pull = [], [], [], []
            for k in range(args.repeat):
                push.append(bench_push(server.url, tenant, n_sales, 4, 10**5 * (k + 1)))
                raw.append(bench_raw(db.app_url, tenant, _raw_batches(
                    tenant, n_sales, 10**6 * (k + 1), 4), set_wise=True, clients=4))
                raw_many.append(bench_raw(db.app_url, tenant, _raw_batches(
                    tenant, min(n_sales, 2000), 10**6 * (k + 1) + 5 * 10**5, 4),
                    set_wise=False, clients=4))
                pull.append(bench_pull(server.url, tenant, n_pull))
            if not args.skip_load:
                _checkpoint(db)
            load = {} if args.skip_load else asyncio.run(bench_load(
                server.url, shops, load_seconds))
            settings = _pg_settings(db)
    finally:
        db.drop()
    push_rate, raw_rate = statistics.median(push), statistics.median(raw)
    size = {"sales": n_sales, "lines_per_sale": LINES, "batch": BATCH, "pull_rows": n_pull,
            "server_workers": args.workers, "repeat": args.repeat}
    metrics = {"push_sales_per_s": round(push_rate, 1),
               "raw_insert_sales_per_s": round(raw_rate, 1),
               "raw_executemany_sales_per_s": round(statistics.median(raw_many), 1),
               "push_ratio_vs_raw": round(push_rate / raw_rate, 3),
               "pull_rows_per_s": round(statistics.median(pull), 1), **load}
    extra = {"machine": {"cpus": os.cpu_count(), "loadavg_before": load_before,
                         "loadavg_after": os.getloadavg(), "postgres": settings},
             "runs": {"push": [round(x) for x in push], "raw": [round(x) for x in raw],
                      "raw_executemany": [round(x) for x in raw_many],
                      "pull": [round(x) for x in pull]}}
    return report("server", size, metrics, TARGETS, args.json_path, extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
