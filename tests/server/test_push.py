"""Push: per-record results, idempotency, conflicts, rejections, flags, limits."""

from __future__ import annotations

import json
import threading

import psycopg
import pytest
from psycopg.rows import dict_row

from dukan_protocol import derived_id
from dukan_server import testing
from dukan_server import testing_records as tr


def push(http, tenant, records, device=0):
    dev = tenant.devices[device]
    return http.post("/v1/sync/push", json=tr.batch(dev["device_id"], records),
                     headers=tenant.device(device))


def statuses(response):
    assert response.status_code == 200, response.text
    return [r["status"] for r in response.json()["results"]]


def test_created_then_duplicate_then_conflict_leaves_data_unchanged(http, tenant, pg_db):
    outlet, dev = tenant.outlets[0]["id"], tenant.devices[0]["device_id"]
    sale = tr.sale(outlet, dev)
    assert statuses(push(http, tenant, [tr.record("sale", sale)])) == ["created"]
    assert statuses(push(http, tenant, [tr.record("sale", sale)])) == ["duplicate"]
    changed = dict(sale, note="edited later")
    response = push(http, tenant, [tr.record("sale", changed)])
    assert statuses(response) == ["conflict"]
    assert response.json()["results"][0]["code"] == "payload_differs"
    with psycopg.connect(pg_db.admin_url.rsplit("/", 1)[0] + "/" + pg_db.name) as conn:
        note = conn.execute("SELECT note FROM sales WHERE id = %s", (sale["id"],)).fetchone()[0]
        lines = conn.execute("SELECT count(*) FROM sale_lines WHERE sale_id = %s",
                             (sale["id"],)).fetchone()[0]
    assert note == "" and lines == 1


def test_concurrent_duplicate_pushes_one_created_one_duplicate(http, tenant, server):
    outlet, dev = tenant.outlets[0]["id"], tenant.devices[0]["device_id"]
    records = [tr.record("sale", tr.sale(outlet, dev, seq=i + 1)) for i in range(20)]
    results: list[list[str]] = []
    barrier = threading.Barrier(2)

    def worker():
        import httpx
        with httpx.Client(base_url=server.url, timeout=30) as client:
            barrier.wait()
            results.append(statuses(push(client, tenant, records)))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i in range(20):
        assert sorted([results[0][i], results[1][i]]) == ["created", "duplicate"]


def test_one_invalid_among_fifty_and_later_batches_flow(http, tenant, pg_db):
    outlet, dev = tenant.outlets[0]["id"], tenant.devices[0]["device_id"]
    records = [tr.record("sale", tr.sale(outlet, dev, seq=i + 1)) for i in range(50)]
    bad = tr.sale(outlet, dev, seq=99)
    bad["total_paisa"] += 1  # breaks total = subtotal - discount + round_off
    records[17] = tr.record("sale", bad)
    result = statuses(push(http, tenant, records))
    assert result.count("created") == 49 and result[17] == "rejected"
    later = [tr.record("sale", tr.sale(outlet, dev, seq=100 + i)) for i in range(5)]
    assert statuses(push(http, tenant, later)) == ["created"] * 5
    with psycopg.connect(_admin(pg_db)) as conn:
        code = conn.execute("SELECT code FROM dead_letters WHERE record_id = %s",
                            (bad["id"],)).fetchone()[0]
    assert code == "bad_total"


def test_forged_outlet_is_rejected_wrong_outlet(http, tenant):
    other_outlet = tenant.outlets[1]["id"]
    dev = tenant.devices[0]["device_id"]
    forged = tr.sale(other_outlet, dev)
    response = push(http, tenant, [tr.record("sale", forged)])
    assert statuses(response) == ["rejected"]
    assert response.json()["results"][0]["code"] == "wrong_outlet"
    payment = tr.customer_payment(other_outlet, tr.new_id(), 100)
    response = push(http, tenant, [tr.record("customer_payment", payment)])
    assert response.json()["results"][0]["code"] == "wrong_outlet"


def test_bad_child_ids_and_hash_are_rejected(http, tenant):
    outlet, dev = tenant.outlets[0]["id"], tenant.devices[0]["device_id"]
    sale = tr.sale(outlet, dev)
    sale["lines"][0]["id"] = tr.new_id()
    wrong_hash = tr.record("sale", tr.sale(outlet, dev))
    wrong_hash["payload_hash"] = "0" * 64
    response = push(http, tenant, [tr.record("sale", sale), wrong_hash,
                                   {"type": "nonsense", "id": "x"}])
    codes = [r["code"] for r in response.json()["results"]]
    assert codes == ["bad_child_id", "bad_hash", "invalid_record"]


def test_sales_are_flagged_never_refused(http, tenant, pg_db):
    outlet, dev = tenant.outlets[0]["id"], tenant.devices[0]["device_id"]
    product_id, customer_id = tr.new_id(), tr.new_id()
    setup = [tr.record("product", tr.product(product_id, price_paisa=10000), tr.new_id()),
             tr.record("customer", tr.customer(customer_id, credit_limit_paisa=1000),
                       tr.new_id())]
    assert statuses(push(http, tenant, setup)) == ["created", "created"]
    sale = tr.sale(outlet, dev, products=[(product_id, 3000, 9000)], customer_id=customer_id,
                   credit_paisa=5000)
    assert statuses(push(http, tenant, [tr.record("sale", sale)])) == ["created"]
    with psycopg.connect(_admin(pg_db)) as conn:
        flags = conn.execute("SELECT server_flags FROM sales WHERE id = %s",
                             (sale["id"],)).fetchone()[0]
        level = conn.execute("SELECT qty_milli FROM stock_levels WHERE product_id = %s",
                             (product_id,)).fetchone()[0]
        credit = conn.execute("SELECT amount_paisa FROM credit_entries WHERE id = %s",
                              (derived_id(sale["id"], "credit", 0),)).fetchone()[0]
    assert flags == ["negative_stock", "over_credit_limit", "price_mismatch"]
    assert level == -3000 and credit == 5000


def test_expired_plan_never_stops_sales(http, tenant, pg_db):
    testing.set_subscription(pg_db, tenant.business_id, status="expired", max_devices=0,
                             max_outlets=0)
    outlet, dev = tenant.outlets[0]["id"], tenant.devices[0]["device_id"]
    assert statuses(push(http, tenant, [tr.record("sale", tr.sale(outlet, dev))])) == ["created"]
    response = http.post("/v1/outlets", json={"name": "X", "code": "X9"}, headers=tenant.owner())
    assert response.status_code == 402
    assert response.json()["error"]["code"] == "subscription_inactive"
    response = http.post("/v1/devices", json={"outlet_id": outlet}, headers=tenant.owner())
    assert response.status_code == 402


def test_plan_limits_alone_answer_plan_limit(http, tenant, pg_db):
    testing.set_subscription(pg_db, tenant.business_id, status="active", max_devices=2,
                             max_outlets=2)
    response = http.post("/v1/outlets", json={"name": "X", "code": "X9"}, headers=tenant.owner())
    assert response.status_code == 402 and response.json()["error"]["code"] == "plan_limit"
    response = http.post("/v1/devices", json={"outlet_id": tenant.outlets[0]["id"]},
                         headers=tenant.owner())
    assert response.status_code == 402 and response.json()["error"]["code"] == "plan_limit"


@pytest.mark.parametrize("state", [{"status": "expired"}, {"status": "cancelled"},
                                   {"status": "trial", "valid_until": "2020-01-01T00:00:00Z"}])
def test_inactive_plan_blocks_growth_but_never_sales(http, make_tenant, pg_db, state):
    """Even with unlimited outlets and devices, an expired or cancelled plan (or a trial
    past its end) cannot add outlets or devices; pushes keep working."""
    tenant = make_tenant(1)
    testing.set_subscription(pg_db, tenant.business_id, max_devices=None, max_outlets=None,
                             **state)
    outlet, dev = tenant.outlets[0]["id"], tenant.devices[0]["device_id"]
    response = http.post("/v1/outlets", json={"name": "X", "code": "X9"}, headers=tenant.owner())
    assert response.status_code == 402, response.text
    error = response.json()["error"]
    assert error["code"] == "subscription_inactive" and "sales still sync" in error["message"]
    response = http.post("/v1/devices", json={"outlet_id": outlet, "name": "New"},
                         headers=tenant.owner())
    assert response.status_code == 402
    assert response.json()["error"]["code"] == "subscription_inactive"
    # Replacing the credential of a device in use is not growth: allowed.
    response = http.post("/v1/devices", json={"outlet_id": outlet, "device_id": dev},
                         headers=tenant.owner())
    assert response.status_code == 201, response.text
    tenant.devices[0] = response.json()
    sale = tr.record("sale", tr.sale(outlet, dev))
    known_outlet = tr.record("outlet", {"id": outlet, "name": "Renamed", "code": "O1",
                                        "updated_at": tr.now_iso()}, tr.new_id())
    new_outlet = tr.record("outlet", {"id": tr.new_id(), "name": "New", "code": "N1",
                                      "updated_at": tr.now_iso()}, tr.new_id())
    response = push(http, tenant, [sale, known_outlet, new_outlet])
    assert statuses(response) == ["created", "created", "rejected"]
    assert response.json()["results"][2]["code"] == "subscription_inactive"
    # A revoked device coming back is growth again.
    assert http.post(f"/v1/devices/{dev}/revoke", headers=tenant.owner()).status_code == 204
    response = http.post("/v1/devices", json={"outlet_id": outlet, "device_id": dev},
                         headers=tenant.owner())
    assert response.status_code == 402
    testing.set_subscription(pg_db, tenant.business_id, status="active", valid_until=None)
    assert http.post("/v1/outlets", json={"name": "X", "code": "X9"},
                     headers=tenant.owner()).status_code == 201
    subscription = http.get("/v1/subscription", headers=tenant.owner()).json()
    assert subscription["status"] == "active"


def test_envelope_errors(http, tenant):
    dev = tenant.devices[0]["device_id"]
    body = tr.batch(dev, [])
    body["schema_version"] = 999
    response = http.post("/v1/sync/push", json=body, headers=tenant.device())
    assert response.status_code == 426
    assert response.json()["error"]["code"] == "schema_version_mismatch"
    outlet = tenant.outlets[0]["id"]
    too_many = [tr.record("sale", tr.sale(outlet, dev, seq=i + 1)) for i in range(101)]
    assert push(http, tenant, too_many).status_code == 413
    huge = json.dumps(tr.batch(dev, [])).replace("[]", "[" + " " * 600_000 + "]")
    response = http.post("/v1/sync/push", content=huge, headers={
        **tenant.device(), "Content-Type": "application/json"})
    assert response.status_code == 413
    other_device = tr.batch(tenant.devices[1]["device_id"], [])
    assert http.post("/v1/sync/push", json=other_device,
                     headers=tenant.device()).status_code == 403


def test_every_record_type_is_accepted(http, tenant, pg_db):
    outlet, dev = tenant.outlets[0]["id"], tenant.devices[0]["device_id"]
    product_id, customer_id = tr.new_id(), tr.new_id()
    records = tr.upserts(outlet, product_id, customer_id) + tr.every_document(
        outlet, dev, product_id, customer_id)
    assert set(statuses(push(http, tenant, records))) == {"created"}
    with psycopg.connect(_admin(pg_db), row_factory=dict_row) as conn:
        level = conn.execute("SELECT qty_milli FROM stock_levels WHERE product_id = %s",
                             (product_id,)).fetchone()["qty_milli"]
        balance = conn.execute("SELECT sum(amount_paisa) AS b FROM credit_entries"
                               " WHERE customer_id = %s", (customer_id,)).fetchone()["b"]
    assert level == 50000 - 2000 + 1000
    assert balance == 4000 - 5000 - 1000 - 100


def _admin(pg_db) -> str:
    return pg_db.admin_url.rsplit("/", 1)[0] + "/" + pg_db.name


def test_database_level_failure_falls_back_to_per_record_savepoints(http, tenant):
    """A row that breaks a constraint only the database sees (a primary key already
    taken by a derived row) fails alone; the rest of the batch is created."""
    outlet, dev = tenant.outlets[0]["id"], tenant.devices[0]["device_id"]
    first = tr.sale(outlet, dev)
    assert statuses(push(http, tenant, [tr.record("sale", first)])) == ["created"]
    clash = {"id": derived_id(first["id"], "stock", 0), "outlet_id": outlet,
             "product_id": tr.new_id(), "kind": "adjust", "qty_milli": 5,
             "worker_id": tr.new_id(), "created_at": tr.now_iso()}
    batch = [tr.record("sale", tr.sale(outlet, dev, seq=2)), tr.record("stock_movement", clash),
             tr.record("sale", tr.sale(outlet, dev, seq=3))]
    response = push(http, tenant, batch)
    assert statuses(response) == ["created", "rejected", "created"]
    assert response.json()["results"][1]["code"] == "invalid_23505"


def test_fast_path_mixes_created_duplicate_conflict_and_rejected(http, tenant, pg_db):
    """One set-wise batch: new sales, a replay, a changed replay and an invalid record
    give the same per-record results as the per-record path; the invalid one is kept
    in dead_letters and the replay does not double the stock movement."""
    outlet, dev = tenant.outlets[0]["id"], tenant.devices[0]["device_id"]
    product = tr.new_id()
    old = tr.sale(outlet, dev, products=[(product, 1000, 100)], seq=1)
    changed_old = tr.sale(outlet, dev, seq=2)
    assert statuses(push(http, tenant, [tr.record("sale", old),
                                        tr.record("sale", changed_old)])) == ["created"] * 2
    bad = tr.sale(outlet, dev, seq=3)
    bad["paid_paisa"] += 1
    fresh = tr.sale(outlet, dev, products=[(product, 2000, 100)], seq=4)
    response = push(http, tenant, [tr.record("sale", fresh), tr.record("sale", old),
                                   tr.record("sale", dict(changed_old, note="x")),
                                   tr.record("sale", bad)])
    assert statuses(response) == ["created", "duplicate", "conflict", "rejected"]
    assert [r["code"] for r in response.json()["results"]] == [
        None, None, "payload_differs", "bad_paid"]
    with psycopg.connect(_admin(pg_db)) as conn:
        level = conn.execute("SELECT qty_milli FROM stock_levels WHERE product_id = %s",
                             (product,)).fetchone()[0]
        payload = conn.execute("SELECT payload FROM dead_letters WHERE record_id = %s",
                               (bad["id"],)).fetchone()[0]
    assert level == -3000
    assert payload["data"]["paid_paisa"] == bad["paid_paisa"]


def test_marker_characters_and_nulls_survive_the_column_wise_insert(http, tenant, pg_db):
    """Columns travel as one joined text each; values that contain the separator or the
    null marker (or are empty strings and NULLs) must come back exactly."""
    outlet, dev = tenant.outlets[0]["id"], tenant.devices[0]["device_id"]
    odd = tr.sale(outlet, dev, seq=1)
    odd["note"] = "a\x1fb\x1ec,"
    odd["lines"][0]["name_en"] = "\x1e"
    plain = tr.sale(outlet, dev, seq=2)
    plain["note"] = ""
    response = push(http, tenant, [tr.record("sale", odd), tr.record("sale", plain)])
    assert statuses(response) == ["created", "created"]
    with psycopg.connect(_admin(pg_db)) as conn:
        rows = dict(conn.execute("SELECT id::text, note FROM sales WHERE id = ANY(%s::uuid[])",
                                 ([odd["id"], plain["id"]],)).fetchall())
        name, barcode, shift = conn.execute(
            "SELECT l.name_en, l.barcode, s.shift_id FROM sale_lines l JOIN sales s"
            " ON s.id = l.sale_id WHERE l.sale_id = %s", (odd["id"],)).fetchone()
    assert rows == {odd["id"]: "a\x1fb\x1ec,", plain["id"]: ""}
    assert name == "\x1e" and barcode is None and shift is None


def test_derived_ids_are_uuid5_of_the_parent():
    import uuid

    from dukan_protocol.ids import Derived

    for _ in range(50):
        parent = tr.new_id()
        derive = Derived(parent)
        for kind in ("line", "tender", "stock", "credit", "alloc"):
            for i in (0, 1, 7, 1000):
                expected = str(uuid.uuid5(uuid.UUID(parent), f"{kind}:{i}"))
                assert derive(kind, i) == derived_id(parent, kind, i) == expected


def test_document_columns_match_the_schema(pg_db):
    """push_rules.COLUMNS and column_type() describe every column of each document table."""
    from dukan_server.push_rules import COLUMNS, WITHOUT_RECEIVED, column_type

    with psycopg.connect(_admin(pg_db)) as conn:
        for table, cols in COLUMNS.items():
            actual = dict(conn.execute(
                "SELECT attname, format_type(atttypid, NULL) FROM pg_attribute"
                " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                (table,)).fetchall())
            expected = set(cols) | {"business_id"} | (
                set() if table in WITHOUT_RECEIVED else {"received_at"})
            assert set(actual) - {"sync_tx"} == expected, table
            for col in cols:
                want = {"timestamptz": "timestamp with time zone"}.get(
                    column_type(col), column_type(col))
                assert actual[col] == want, (table, col)


def test_fast_path_column_with_null_first_then_numbers(http, tenant, pg_db):
    """A return's stock movement has no unit cost (NULL), a sale's has one: the same
    column carries both, in either order."""
    outlet, dev = tenant.outlets[0]["id"], tenant.devices[0]["device_id"]
    product, customer = tr.new_id(), tr.new_id()
    docs = {r["type"]: r for r in tr.every_document(outlet, dev, product, customer)}
    later_sale = tr.sale(outlet, dev, products=[(product, 1000, 700)], seq=77)
    later_sale["lines"][0]["cost_paisa"] = 450
    first = push(http, tenant, [docs["sale"]])
    assert statuses(first) == ["created"]
    response = push(http, tenant, [docs["return"], tr.record("sale", later_sale)])
    assert statuses(response) == ["created", "created"]
    with psycopg.connect(_admin(pg_db)) as conn:
        costs = dict(conn.execute(
            "SELECT kind, unit_cost_paisa FROM stock_movements WHERE ref_id = ANY(%s::uuid[])",
            ([docs["return"]["id"], later_sale["id"]],)).fetchall())
    assert costs == {"return": None, "sale": 450}
