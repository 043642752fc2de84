"""Device kinds: the owner's PC changes the catalog, staff and outlets; counters sell.

In the `tenant` fixture device 0 (outlet 1) is the business's first device, so its
owner PC; device 1 (outlet 2) is a counter.
"""

from __future__ import annotations

import json
import threading
import time

import httpx
import psycopg
from psycopg.rows import dict_row

from dukan_protocol.records import OWNER_DEVICE_REQUIRED
from dukan_server import testing
from dukan_server import testing_records as tr

OWNER_ONLY = ("Only the owner's PC may change products, prices, staff and outlets;"
              " this PC is a counter.")


def _admin(pg_db):
    return psycopg.connect(pg_db.admin_url.rsplit("/", 1)[0] + "/" + pg_db.name,
                           row_factory=dict_row, autocommit=True)


def push(http, tenant, records, device):
    response = http.post("/v1/sync/push", json=tr.batch(tenant.devices[device]["device_id"],
                                                        records), headers=tenant.device(device))
    assert response.status_code == 200, response.text
    return response.json()["results"]


def test_first_device_is_the_owner_pc_later_ones_counters(http, make_tenant):
    tenant = make_tenant(2)
    assert [d["kind"] for d in tenant.devices] == ["owner", "counter"]
    outlet = tenant.outlets[1]["id"]
    owner2 = testing.register_device(http.base_url.__str__().rstrip("/"), tenant.owner_token,
                                     outlet, name="Back office 2", kind="owner")
    assert owner2["kind"] == "owner"
    listed = {d["device_id"]: d["kind"] for d in
              http.get("/v1/devices", headers=tenant.owner()).json()}
    assert listed == {tenant.devices[0]["device_id"]: "owner",
                      tenant.devices[1]["device_id"]: "counter", owner2["device_id"]: "owner"}
    assert http.get("/v1/device", headers=tenant.device(1)).json()["kind"] == "counter"
    assert http.get("/v1/device", headers=tenant.device(0)).json()["kind"] == "owner"
    # Re-registering (a reinstalled PC) keeps the kind unless the owner names one.
    again = http.post("/v1/devices", json={"outlet_id": outlet,
                                           "device_id": tenant.devices[1]["device_id"]},
                      headers=tenant.owner())
    assert again.status_code == 201 and again.json()["kind"] == "counter"
    bad = http.post("/v1/devices", json={"outlet_id": outlet, "kind": "manager"},
                    headers=tenant.owner())
    assert bad.status_code == 422


def test_patch_changes_the_kind_and_only_the_owner_may(http, tenant):
    counter = tenant.devices[1]
    product = tr.record("product", tr.product(), tr.new_id())
    assert push(http, tenant, [product], 1)[0]["code"] == OWNER_DEVICE_REQUIRED
    path = f"/v1/devices/{counter['device_id']}"
    assert http.patch(path, json={"kind": "owner"}, headers=tenant.device(1)).status_code == 401
    changed = http.patch(path, json={"kind": "owner", "name": "Office PC"},
                         headers=tenant.owner())
    assert changed.status_code == 200, changed.text
    assert changed.json()["kind"] == "owner" and changed.json()["name"] == "Office PC"
    assert push(http, tenant, [product], 1)[0]["status"] == "created"
    assert http.patch(path, json={"kind": "counter"}, headers=tenant.owner()).json()["kind"] \
        == "counter"
    later = tr.record("product", tr.product(), tr.new_id())
    assert push(http, tenant, [later], 1)[0]["code"] == OWNER_DEVICE_REQUIRED
    missing = http.patch(f"/v1/devices/{tr.new_id()}", json={"kind": "owner"},
                         headers=tenant.owner())
    assert missing.status_code == 404
    assert http.patch(path, json={"kind": "boss"}, headers=tenant.owner()).status_code == 422


def test_a_counter_cannot_push_catalog_staff_or_outlets(http, tenant, pg_db):
    """The review's attack: from a counter, an owner worker with a PIN of the attacker's
    choosing, and another outlet renamed and closed. All refused; nothing changed."""
    outlet1, outlet2 = tenant.outlets[0]["id"], tenant.outlets[1]["id"]
    evil_worker = {"id": tr.new_id(), "name": "Boss", "role": "owner", "outlet_id": None,
                   "pin_hash": "attacker-chosen", "updated_at": tr.now_iso()}
    records = [
        tr.record("worker", evil_worker, tr.new_id()),
        tr.record("outlet", {"id": outlet1, "name": "Pwned", "code": "O1", "active": False,
                             "updated_at": tr.now_iso()}, tr.new_id()),
        tr.record("product", tr.product(price_paisa=1), tr.new_id()),
        tr.record("supplier", {"id": tr.new_id(), "name": "S", "updated_at": tr.now_iso()},
                  tr.new_id()),
        tr.record("sale", tr.sale(outlet2, tenant.devices[1]["device_id"])),
    ]
    results = push(http, tenant, records, 1)
    assert [r["status"] for r in results] == ["rejected"] * 4 + ["created"]
    for r in results[:4]:
        assert r["code"] == OWNER_DEVICE_REQUIRED and r["message"] == OWNER_ONLY
    with _admin(pg_db) as conn:
        assert conn.execute("SELECT count(*) AS n FROM workers WHERE id = %s",
                            (evil_worker["id"],)).fetchone()["n"] == 0
        outlet = conn.execute("SELECT name, active FROM outlets WHERE id = %s",
                              (outlet1,)).fetchone()
        dead = conn.execute("SELECT code FROM dead_letters WHERE business_id = %s",
                            (tenant.business_id,)).fetchall()
    assert outlet == {"name": tenant.outlets[0]["name"], "active": True}
    assert [d["code"] for d in dead] == [OWNER_DEVICE_REQUIRED] * 4
    # The owner's PC still may.
    from_owner = push(http, tenant, records[:4], 0)
    assert [r["status"] for r in from_owner] == ["created"] * 4


def test_a_counter_adds_customers_but_never_changes_a_credit_limit(http, tenant, pg_db):
    customer_id = tr.new_id()
    new = tr.customer(customer_id, name="Bilal", credit_limit_paisa=5000)
    # New to the server: stored as sent, even when the same batch edits it again.
    results = push(http, tenant, [tr.record("customer", new, tr.new_id()),
                                  tr.record("customer", dict(new, credit_limit_paisa=6000),
                                            tr.new_id())], 1)
    assert [(r["status"], r["code"]) for r in results] == [("created", None),
                                                           ("created", "credit_limit_kept")]
    raised = dict(new, name="Bilal Ahmed", phone="0300 1234567",
                  credit_limit_paisa=10_000_000, updated_at=tr.now_iso())
    result = push(http, tenant, [tr.record("customer", raised, tr.new_id())], 1)[0]
    assert (result["status"], result["code"]) == ("created", "credit_limit_kept")
    same_limit = dict(raised, credit_limit_paisa=5000, notes="pays on Fridays")
    result = push(http, tenant, [tr.record("customer", same_limit, tr.new_id())], 1)[0]
    assert (result["status"], result["code"]) == ("created", None)
    with _admin(pg_db) as conn:
        row = conn.execute("SELECT name, phone, notes, credit_limit_paisa FROM customers"
                           " WHERE id = %s", (customer_id,)).fetchone()
    assert row == {"name": "Bilal Ahmed", "phone": "0300 1234567", "notes": "pays on Fridays",
                   "credit_limit_paisa": 5000}
    # The owner's PC changes limits; the counter then pulls the server's version.
    owner_edit = dict(same_limit, credit_limit_paisa=20000)
    assert push(http, tenant, [tr.record("customer", owner_edit, tr.new_id())], 0)[0][
        "status"] == "created"
    pulled = http.get("/v1/sync/pull", params={"collection": "customers"},
                      headers=tenant.device(1)).json()["changes"]
    assert [c["data"]["credit_limit_paisa"] for c in pulled if c["id"] == customer_id] == [20000]


def test_no_device_on_an_inactive_outlet(http, tenant):
    outlet = tenant.outlets[1]["id"]
    closed = http.patch(f"/v1/outlets/{outlet}", json={"active": False}, headers=tenant.owner())
    assert closed.status_code == 200
    for body in ({"outlet_id": outlet, "name": "New PC"},
                 {"outlet_id": outlet, "device_id": tenant.devices[1]["device_id"]}):
        response = http.post("/v1/devices", json=body, headers=tenant.owner())
        assert response.status_code == 409, response.text
        assert response.json()["error"]["code"] == "outlet_inactive"
    http.patch(f"/v1/outlets/{outlet}", json={"active": True}, headers=tenant.owner())
    assert http.post("/v1/devices", json={"outlet_id": outlet, "name": "New PC"},
                     headers=tenant.owner()).status_code == 201


def test_a_pushed_outlet_waits_for_the_business_lock(http, make_tenant, pg_db):
    """POST /v1/outlets counts outlets under a per-business advisory lock; a pushed new
    outlet must count under the same lock, or both could take the last place."""
    tenant = make_tenant(1)
    testing.set_subscription(pg_db, tenant.business_id, status="active", max_outlets=2)
    record = tr.record("outlet", {"id": tr.new_id(), "name": "Second", "code": "O2",
                                  "updated_at": tr.now_iso()}, tr.new_id())
    results: list = []
    with _admin(pg_db) as holder:
        holder.execute("SELECT pg_advisory_lock(hashtextextended(%s, 42))",
                       (tenant.business_id,))
        thread = threading.Thread(target=lambda: results.append(push(http, tenant, [record], 0)))
        thread.start()
        thread.join(1.5)
        assert thread.is_alive(), "the push did not wait for the business lock"
        # Meanwhile the owner's other request took the last place.
        holder.execute("INSERT INTO outlets (business_id, id, name, code) VALUES (%s, %s, %s,"
                       " 'LAST')", (tenant.business_id, tr.new_id(), "Last"))
        holder.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 42))",
                       (tenant.business_id,))
    thread.join(10)
    assert results and results[0][0]["status"] == "rejected"
    assert results[0][0]["code"] == "plan_limit"


def _stream(client: httpx.Client, headers, events: list, ready: threading.Event,
            done: threading.Event) -> None:
    try:
        with client.stream("GET", "/v1/sync/events", headers=headers) as response:
            name = None
            for line in response.iter_lines():
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    events.append((name, json.loads(line[6:])))
                    if name == "hello":
                        ready.set()
        done.set()  # the server ended the stream
    except httpx.HTTPError:
        pass  # closed by the test


def test_revoking_a_device_closes_its_event_stream_at_once(http, tenant, server):
    """The session server re-checks streams only every 30 s: the revocation's own
    notification must end the stream, after telling the device why."""
    events: list = []
    ready, done = threading.Event(), threading.Event()
    others: list = []
    other_ready, other_done = threading.Event(), threading.Event()
    clients = [httpx.Client(base_url=server.url, timeout=30) for _ in range(2)]
    threads = [threading.Thread(target=_stream, args=(client, *args), daemon=True)
               for client, args in zip(clients, ((tenant.device(1), events, ready, done),
                                                 (tenant.device(0), others, other_ready,
                                                  other_done)), strict=True)]
    for thread in threads:
        thread.start()
    assert ready.wait(10) and other_ready.wait(10)
    assert events[0][1]["kind"] == "counter"
    kind = http.patch(f"/v1/devices/{tenant.devices[1]['device_id']}", json={"kind": "owner"},
                      headers=tenant.owner())
    assert kind.status_code == 200
    deadline = time.monotonic() + 5
    while ("device", {"device_id": tenant.devices[1]["device_id"], "kind": "owner"}) \
            not in events and time.monotonic() < deadline:
        time.sleep(0.05)
    assert events[-1] == ("device", {"device_id": tenant.devices[1]["device_id"],
                                     "kind": "owner"}), events
    started = time.monotonic()
    assert http.post(f"/v1/devices/{tenant.devices[1]['device_id']}/revoke",
                     headers=tenant.owner()).status_code == 204
    assert done.wait(5), f"stream still open after revocation: {events}"
    assert time.monotonic() - started < 5
    assert events[-1] == ("revoked", {"device_id": tenant.devices[1]["device_id"]})
    # The other device's stream stays, and never saw the device notifications as pulls.
    time.sleep(0.3)
    assert not other_done.is_set()
    assert all(name != "pull" or not any(c.startswith("device:") for c in data["collections"])
               for name, data in others)
    for client in clients:
        client.close()
    for thread in threads:
        thread.join(5)



def test_a_stream_rechecks_its_credential_even_without_a_notification(pg_db, make_tenant):
    """If the revocation's notification is lost, the periodic re-check still ends it."""
    tenant = make_tenant(1)
    events: list = []
    ready, done = threading.Event(), threading.Event()
    with testing.run_server_process(pg_db.app_url, env={
            "DUKAN_SSE_RECHECK_SECONDS": "1", "DUKAN_SSE_HEARTBEAT_SECONDS": "1"}) as other, \
            httpx.Client(base_url=other.url, timeout=30) as client:
        thread = threading.Thread(target=_stream, daemon=True,
                                  args=(client, tenant.device(0), events, ready, done))
        thread.start()
        assert ready.wait(10)
        with _admin(pg_db) as admin:
            admin.execute("SET session_replication_role = replica")  # no trigger, no NOTIFY
            admin.execute("UPDATE devices SET revoked_at = now() WHERE id = %s",
                          (tenant.devices[0]["device_id"],))
        assert done.wait(5), events
        assert events[-1][0] == "revoked"
        thread.join(5)
