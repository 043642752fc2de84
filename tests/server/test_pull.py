"""Pull: watermark checkpoints, tombstones, pagination, generations; SSE nudges."""

from __future__ import annotations

import json
import random
import threading
import time

import httpx
import psycopg
import pytest
from psycopg.rows import dict_row

from dukan_protocol.pull import PULL_DATA_MODELS
from dukan_protocol.sync import PULL_COLLECTIONS
from dukan_server import testing
from dukan_server import testing_records as tr
from dukan_server.db import set_context


def pull_all(client, headers, collection, checkpoint=None, limit=500):
    changes = []
    while True:
        params = {"collection": collection, "limit": limit}
        if checkpoint:
            params["checkpoint"] = checkpoint
        response = client.get("/v1/sync/pull", params=params, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        changes += body["changes"]
        checkpoint = body["checkpoint"]
        if not body["has_more"]:
            return changes, checkpoint


def push(http, tenant, records, device=0):
    response = http.post("/v1/sync/push", json=tr.batch(tenant.devices[device]["device_id"],
                                                        records), headers=tenant.device(device))
    assert response.status_code == 200, response.text
    return [r["status"] for r in response.json()["results"]]


def test_every_collection_matches_its_protocol_shape(http, tenant):
    outlet, dev = tenant.outlets[0]["id"], tenant.devices[0]["device_id"]
    product_id, customer_id = tr.new_id(), tr.new_id()
    push(http, tenant, tr.upserts(outlet, product_id, customer_id)
         + tr.every_document(outlet, dev, product_id, customer_id))
    for collection in PULL_COLLECTIONS:
        changes, _ = pull_all(http, tenant.device(1), collection)
        assert changes, collection
        for change in changes:
            if not change["deleted"]:
                PULL_DATA_MODELS[collection].model_validate(change["data"])
    entries, _ = pull_all(http, tenant.device(1), "credit_entries")
    kinds = {e["data"]["kind"]: e["data"] for e in entries}
    assert set(kinds) == {"sale", "return", "payment", "writeoff"}
    assert kinds["sale"]["reference"] == "T-1-900"  # receipt number, for other outlets
    assert kinds["payment"]["allocations"][0]["amount_paisa"] == 500


def test_pagination_and_checkpoint_resume(http, tenant):
    records = [tr.record("customer", tr.customer(name=f"C{i}"), tr.new_id()) for i in range(25)]
    push(http, tenant, records)
    first, checkpoint = pull_all(http, tenant.device(), "customers", limit=7)
    assert len({c["id"] for c in first}) == 25
    again, _ = pull_all(http, tenant.device(), "customers", checkpoint=checkpoint)
    assert again == []
    edit = tr.customer(first[3]["id"], name="Renamed")
    push(http, tenant, [tr.record("customer", edit, tr.new_id())])
    later, _ = pull_all(http, tenant.device(), "customers", checkpoint=checkpoint)
    assert [c["data"]["name"] for c in later] == ["Renamed"]


def test_tombstones_for_moved_cashier_and_moved_barcode(http, tenant):
    outlet1, outlet2 = tenant.outlets[0]["id"], tenant.outlets[1]["id"]
    worker = {"id": tr.new_id(), "name": "Ali", "role": "cashier", "outlet_id": outlet1,
              "pin_hash": "h", "updated_at": tr.now_iso()}
    p1, p2 = tr.product(barcodes=["111", "222"]), tr.product(barcodes=["333"])
    push(http, tenant, [tr.record("worker", worker, tr.new_id()),
                        tr.record("product", p1, tr.new_id()),
                        tr.record("product", p2, tr.new_id())])
    workers, wcp = pull_all(http, tenant.device(0), "workers")
    assert [w["deleted"] for w in workers] == [False]
    products, pcp = pull_all(http, tenant.device(0), "products")
    assert {p["id"]: p["data"]["barcodes"] for p in products} == {
        p1["id"]: ["111", "222"], p2["id"]: ["333"]}
    moved = dict(worker, outlet_id=outlet2, updated_at=tr.now_iso())
    p2_again = dict(p2, barcodes=["222", "333"], updated_at=tr.now_iso())
    push(http, tenant, [tr.record("worker", moved, tr.new_id()),
                        tr.record("product", p2_again, tr.new_id())])
    workers, _ = pull_all(http, tenant.device(0), "workers", wcp)
    assert workers == [{"id": worker["id"], "deleted": True, "data": None}]
    products, _ = pull_all(http, tenant.device(0), "products", pcp)
    assert {p["id"]: p["data"]["barcodes"] for p in products} == {
        p1["id"]: ["111"], p2["id"]: ["222", "333"]}


def test_generation_change_answers_409(http, tenant, pg_db):
    _, checkpoint = pull_all(http, tenant.device(), "outlets")
    testing.bump_generation(pg_db, tenant.business_id)
    response = http.get("/v1/sync/pull", params={"collection": "outlets",
                                                 "checkpoint": checkpoint},
                        headers=tenant.device())
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "generation_changed"
    fresh, _ = pull_all(http, tenant.device(), "outlets")
    assert len(fresh) == 2
    bad = http.get("/v1/sync/pull", params={"collection": "outlets", "checkpoint": "!!"},
                   headers=tenant.device())
    assert bad.status_code == 400


def test_late_commits_are_never_skipped(http, tenant, pg_db, server):
    """Writers hold their transactions open for random times and commit out of order
    while pullers page through; every puller must end with exactly the table."""
    stop_writing = threading.Event()
    errors: list[BaseException] = []
    ids = [tr.new_id() for _ in range(30)]

    def writer(seed: int) -> None:
        rng = random.Random(seed)
        try:
            with psycopg.connect(pg_db.app_url) as conn:
                for n in range(12):
                    with conn.transaction():
                        set_context(conn, tenant.business_id, "owner")
                        for _ in range(rng.randint(1, 3)):
                            conn.execute(
                                "INSERT INTO customers (business_id, id, name, updated_at)"
                                " VALUES (%s, %s, %s, now()) ON CONFLICT (business_id, id)"
                                " DO UPDATE SET name = EXCLUDED.name, updated_at = now()",
                                (tenant.business_id, rng.choice(ids), f"w{seed}-{n}"))
                        time.sleep(rng.uniform(0, 0.25))  # commit late, out of order
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    def puller(result: dict) -> None:
        checkpoint = None
        with httpx.Client(base_url=server.url, timeout=30) as client:
            while True:
                done = stop_writing.is_set()
                changes, checkpoint = pull_all(client, tenant.device(), "customers",
                                               checkpoint, limit=5)
                for c in changes:
                    result[c["id"]] = c["data"]["name"]
                if done:
                    return
                time.sleep(0.02)

    writers = [threading.Thread(target=writer, args=(s,)) for s in range(4)]
    results = [{} for _ in range(3)]
    pullers = [threading.Thread(target=puller, args=(r,)) for r in results]
    for t in writers + pullers:
        t.start()
    for t in writers:
        t.join()
    stop_writing.set()
    for t in pullers:
        t.join()
    assert not errors
    with psycopg.connect(pg_db.app_url, row_factory=dict_row) as conn, conn.transaction():
        set_context(conn, tenant.business_id, "owner")
        table = {r["id"]: r["name"] for r in conn.execute(
            "SELECT id::text AS id, name FROM customers WHERE business_id = %s",
            (tenant.business_id,))}
    for result in results:
        assert result == table


def _sale_and_credit(tenant) -> tuple[list[dict], set[str]]:
    outlet, dev = tenant.outlets[0]["id"], tenant.devices[0]["device_id"]
    sale = tr.sale(outlet, dev, customer_id=tr.new_id(), credit_paisa=500)
    return [tr.record("sale", sale)], {"stock_levels", "credit_entries"}


@pytest.mark.parametrize("what", ["upsert", "sale"])
def test_events_stream_says_pull_after_a_push(http, tenant, server, what):
    """Upserts notify from the trigger; the set-wise document path publishes after
    commit from the process's Notifier (migration 0005): both reach the stream."""
    records, expected = ([tr.record("product", tr.product(), tr.new_id())], {"products"}) \
        if what == "upsert" else _sale_and_credit(tenant)
    received: list[dict] = []
    ready = threading.Event()

    def listen() -> None:
        with httpx.Client(base_url=server.url, timeout=10) as client, client.stream(
                "GET", "/v1/sync/events", headers=tenant.device(1)) as response:
            assert response.status_code == 200
            event = None
            for line in response.iter_lines():
                if line.startswith("event: "):
                    event = line[7:]
                    if event == "hello":
                        ready.set()
                elif line.startswith("data: ") and event == "pull":
                    received.append(json.loads(line[6:]))
                    if expected <= {c for r in received for c in r["collections"]}:
                        return

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    assert ready.wait(10)
    time.sleep(0.2)
    assert push(http, tenant, records) == ["created"]
    thread.join(10)
    assert expected <= {c for r in received for c in r["collections"]}, received
