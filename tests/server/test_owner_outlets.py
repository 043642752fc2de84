"""The owner's PC writes stock and udhaar documents for every outlet of its business.

Its back office receives goods for any outlet, adjusts their stock, transfers between
them and writes off or adjusts udhaar (dukan_desktop/services/stock.py, credit.py).
The push accepts those for any outlet of the business on every path and keeps each
outlet's stock level; a transfer_in needs its transfer_out at another outlet. All
other documents stay of the device's own outlet, counters push none of these, and
PostgreSQL (migration 0008) refuses another business's outlet by itself.

In the `tenant` fixture device 0 (outlet 1, "A") is the owner's PC, device 1 (outlet 2,
"B") a counter.
"""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from dukan_protocol import derived_id
from dukan_protocol.records import OWNER_DEVICE_REQUIRED
from dukan_server import sync_push, testing
from dukan_server import testing_records as tr
from dukan_server.deps import DevicePrincipal

from .migration_cycle import down_and_up


def _admin(pg_db):
    return psycopg.connect(pg_db.admin_url.rsplit("/", 1)[0] + "/" + pg_db.name,
                           row_factory=dict_row, autocommit=True)


def push(http, tenant, records, device=0):
    response = http.post("/v1/sync/push", json=tr.batch(tenant.devices[device]["device_id"],
                                                        records), headers=tenant.device(device))
    assert response.status_code == 200, response.text
    return response.json()["results"]


def statuses(results) -> list[tuple[str, str | None]]:
    return [(r["status"], r["code"]) for r in results]


def move(outlet, product, kind, qty, **extra) -> dict:
    return tr.record("stock_movement", {
        "id": tr.new_id(), "outlet_id": outlet, "product_id": product, "kind": kind,
        "qty_milli": qty, "worker_id": tr.new_id(), "created_at": tr.now_iso(), **extra})


def transfer(from_outlet, to_outlet, product, qty, ref=None) -> tuple[dict, dict]:
    """What services/stock.transfer writes for one item: out, then in, one transfer id."""
    ref = ref or tr.new_id()
    return (move(from_outlet, product, "transfer_out", -qty, ref_id=ref, unit_cost_paisa=4000),
            move(to_outlet, product, "transfer_in", qty, ref_id=ref, unit_cost_paisa=4000))


def entry(outlet, customer, kind, amount, allocations=()) -> dict:
    entry_id = tr.new_id()
    return tr.record("credit_entry", {
        "id": entry_id, "outlet_id": outlet, "customer_id": customer, "kind": kind,
        "amount_paisa": amount, "reason": "owner", "worker_id": tr.new_id(),
        "created_at": tr.now_iso(),
        "allocations": [{"id": derived_id(entry_id, "alloc", i), "sale_id": sale_id,
                         "amount_paisa": amount} for i, (sale_id, amount) in
                        enumerate(allocations)]})


def levels(pg_db, product) -> dict[str, int]:
    with _admin(pg_db) as conn:
        return {r["outlet_id"]: r["qty_milli"] for r in conn.execute(
            "SELECT outlet_id::text, qty_milli FROM stock_levels WHERE product_id = %s",
            (product,))}


def balance(pg_db, customer) -> int:
    with _admin(pg_db) as conn:
        return conn.execute("SELECT coalesce(sum(amount_paisa), 0)::bigint AS b"
                            " FROM credit_entries WHERE customer_id = %s",
                            (customer,)).fetchone()["b"]


def _back_office(a: str, b: str, product: str, customer: str) -> list[dict]:
    """Receive and adjust at B, transfer A -> B, write off and adjust udhaar at B."""
    out, in_ = transfer(a, b, product, 1000)
    return [move(b, product, "receive", 50000, unit_cost_paisa=4000),
            move(b, product, "adjust", -3000, reason="broken"), out, in_,
            entry(b, customer, "writeoff", -100), entry(b, customer, "adjustment", 700)]


@pytest.mark.parametrize("path", ["fast", "per_record", "duplicate", "fallback"])
def test_the_owner_pc_writes_stock_and_udhaar_for_another_outlet(http, tenant, pg_db, path):
    """Every path accepts them and keeps each outlet's level; the transfer's in may come
    before its out in one batch."""
    a, b = tenant.outlets[0]["id"], tenant.outlets[1]["id"]
    product, customer = tr.new_id(), tr.new_id()
    records = _back_office(a, b, product, customer)
    records[2], records[3] = records[3], records[2]  # in before out
    expected = [("created", None)] * len(records)
    if path == "per_record":  # an upsert in the batch: record by record from the start
        records.insert(0, tr.record("customer", tr.customer(customer), tr.new_id()))
        expected.insert(0, ("created", None))
    elif path == "duplicate":  # an id twice: record by record, the second a duplicate
        records.append(records[2])
        expected.append(("duplicate", None))
    elif path == "fallback":
        # The owner PC's shift is closed on the server already: the batch's second close
        # breaks a constraint only PostgreSQL sees; the fast path rolls back and the
        # batch goes record by record.
        shift = tr.record("shift_open", {
            "id": tr.new_id(), "outlet_id": a, "device_id": tenant.devices[0]["device_id"],
            "worker_id": tr.new_id(), "opening_float_paisa": 0, "opened_at": tr.now_iso()})

        def close():
            return tr.record("shift_close", {
                "id": tr.new_id(), "shift_id": shift["id"], "closed_by": tr.new_id(),
                "expected_cash_paisa": 0, "counted_cash_paisa": 0, "closed_at": tr.now_iso()})
        assert statuses(push(http, tenant, [shift, close()])) == [("created", None)] * 2
        records.insert(3, close())
        expected.insert(3, ("rejected", "invalid_23505"))
    assert statuses(push(http, tenant, records)) == expected
    assert levels(pg_db, product) == {a: -1000, b: 50000 - 3000 + 1000}
    assert balance(pg_db, customer) == -100 + 700
    # Pushed again (an answer lost on the way): duplicates, nothing counted twice.
    assert {s for s, _ in statuses(push(http, tenant, records))} == {"duplicate"} | (
        {"rejected"} if path == "fallback" else set())
    assert levels(pg_db, product) == {a: -1000, b: 48000}


def test_a_transfer_split_across_two_pushes(http, tenant, pg_db):
    """A transaction bigger than a batch is split: the out in one push, the in in the
    next. Two items of one transfer, the same product twice."""
    a, b = tenant.outlets[0]["id"], tenant.outlets[1]["id"]
    product, ref = tr.new_id(), tr.new_id()
    out1, in1 = transfer(a, b, product, 1000, ref)
    out2, in2 = transfer(a, b, product, 500, ref)
    assert statuses(push(http, tenant, [out1, in1, out2])) == [("created", None)] * 3
    assert levels(pg_db, product) == {a: -1500, b: 1000}
    assert statuses(push(http, tenant, [in2])) == [("created", None)]
    assert levels(pg_db, product) == {a: -1500, b: 1500}


def test_a_transfer_in_needs_its_out_at_another_outlet(http, tenant, pg_db):
    a, b = tenant.outlets[0]["id"], tenant.outlets[1]["id"]
    product = tr.new_id()
    out, in_ = transfer(a, b, product, 1000)
    [alone] = push(http, tenant, [in_])
    assert (alone["status"], alone["code"]) == ("rejected", "unpaired_transfer")
    assert "transfer_out" in alone["message"]
    assert levels(pg_db, product) == {}
    # Its out arrives: the same in pushed again now pairs.
    assert statuses(push(http, tenant, [out])) == [("created", None)]
    assert statuses(push(http, tenant, [in_])) == [("created", None)]
    # One out pairs one in: a second in of the same transfer is refused.
    again = move(b, product, "transfer_in", 1000, ref_id=in_["data"]["ref_id"])
    assert statuses(push(http, tenant, [again])) == [("rejected", "unpaired_transfer")]
    # Another quantity or another product is not its pair.
    out2, in2 = transfer(a, b, product, 1000)
    more = move(b, product, "transfer_in", 2000, ref_id=in2["data"]["ref_id"])
    other = move(b, tr.new_id(), "transfer_in", 1000, ref_id=in2["data"]["ref_id"])
    assert statuses(push(http, tenant, [out2, more, other])) == [
        ("created", None), ("rejected", "unpaired_transfer"), ("rejected", "unpaired_transfer")]
    assert levels(pg_db, product) == {a: -2000, b: 1000}
    # A transfer movement names its transfer and has its sign.
    no_ref = move(a, product, "transfer_out", -1000)
    wrong_sign = move(b, product, "transfer_in", -1000, ref_id=tr.new_id())
    assert statuses(push(http, tenant, [no_ref, wrong_sign])) == [
        ("rejected", "unpaired_transfer"), ("rejected", "bad_sign")]


def test_a_transfer_within_one_outlet_is_refused(http, tenant, pg_db):
    a, b = tenant.outlets[0]["id"], tenant.outlets[1]["id"]
    product = tr.new_id()
    out, in_ = transfer(b, b, product, 1000)
    assert statuses(push(http, tenant, [out, in_])) == [
        ("rejected", "same_outlet_transfer"), ("rejected", "same_outlet_transfer")]
    # Its out stored first (an older push): the in at the same outlet is still refused.
    out2, _ = transfer(a, b, product, 1000)
    same = move(a, product, "transfer_in", 1000, ref_id=out2["data"]["ref_id"])
    assert statuses(push(http, tenant, [out2])) == [("created", None)]
    assert statuses(push(http, tenant, [same])) == [("rejected", "same_outlet_transfer")]
    assert levels(pg_db, product) == {a: -1000}


def test_a_write_off_at_another_outlet_allocates_to_its_sales(http, tenant, pg_db):
    """The counter at B sold on udhaar; the owner's PC writes the rest off there,
    allocated to that sale (its allocations' parent check, migration 0006 and 0008)."""
    a, b = tenant.outlets[0]["id"], tenant.outlets[1]["id"]
    customer = tr.new_id()
    sale = tr.sale(b, tenant.devices[1]["device_id"], customer_id=customer, credit_paisa=3000,
                   products=[(tr.new_id(), 1000, 5000)], seq=77)
    assert statuses(push(http, tenant, [tr.record("customer", tr.customer(customer),
                                                  tr.new_id()),
                                        tr.record("sale", sale)], 1)) == [("created", None)] * 2
    writeoff = entry(b, customer, "writeoff", -3000, allocations=[(sale["id"], 3000)])
    assert statuses(push(http, tenant, [writeoff])) == [("created", None)]
    assert balance(pg_db, customer) == 0
    # The owner's PC's own outlet keeps working as before.
    assert statuses(push(http, tenant, [entry(a, customer, "adjustment", 500)])) == [
        ("created", None)]


def test_a_counter_still_pushes_none_of_them(http, tenant, pg_db):
    """A counter at A (the owner PC's outlet) and the counter at B."""
    a, b = tenant.outlets[0]["id"], tenant.outlets[1]["id"]
    counter_a = testing.register_device(str(http.base_url).rstrip("/"), tenant.owner_token, a,
                                        name="Counter A", kind="counter")
    tenant.devices.append(counter_a)
    product, customer = tr.new_id(), tr.new_id()
    for device in (2, 1):
        for records in (_back_office(a, b, product, customer),
                        _back_office(b, a, product, customer)):
            assert statuses(push(http, tenant, records, device)) == [
                ("rejected", OWNER_DEVICE_REQUIRED)] * len(records)
    assert levels(pg_db, product) == {}
    assert balance(pg_db, customer) == 0


def test_other_documents_stay_of_the_owner_pcs_own_outlet(http, tenant, pg_db):
    a, b = tenant.outlets[0]["id"], tenant.outlets[1]["id"]
    dev = tenant.devices[0]["device_id"]
    customer, product = tr.new_id(), tr.new_id()
    records = [
        tr.record("sale", tr.sale(b, dev, products=[(product, 1000, 100)], seq=5)),
        tr.record("customer_payment", tr.customer_payment(b, customer, 100)),
        tr.record("shift_open", {"id": tr.new_id(), "outlet_id": b, "device_id": dev,
                                 "worker_id": tr.new_id(), "opening_float_paisa": 0,
                                 "opened_at": tr.now_iso()}),
        tr.record("approval", {"id": tr.new_id(), "outlet_id": b, "action": "return",
                               "requested_by": tr.new_id(), "approved_by": tr.new_id(),
                               "created_at": tr.now_iso()}),
    ]
    records.append(tr.record("sale", tr.sale(a, dev, products=[(product, 1000, 100)], seq=6)))
    assert statuses(push(http, tenant, records)) == [("rejected", "wrong_outlet")] * 4 + [
        ("created", None)]
    assert levels(pg_db, product) == {a: -1000}


def test_another_business_outlet_is_refused(http, tenant, make_tenant, pg_db):
    other = make_tenant(1)
    foreign, product, customer = other.outlets[0]["id"], tr.new_id(), tr.new_id()
    out, in_ = transfer(foreign, tenant.outlets[0]["id"], product, 1000)
    records = [move(foreign, product, "receive", 1000), out, in_,
               entry(foreign, customer, "writeoff", -100),
               move(tr.new_id(), product, "adjust", 5)]  # no outlet at all
    results = push(http, tenant, records)
    # The in at the owner PC's own outlet has no out it could pair with.
    assert statuses(results) == [("rejected", "wrong_outlet")] * 2 + [
        ("rejected", "unpaired_transfer")] + [("rejected", "wrong_outlet")] * 2
    assert f"outlet {foreign} is not an outlet of this business" in results[0]["message"]
    assert levels(pg_db, product) == {}


# ------------------------------------------------- each path's SQL, without fallback

def _owner_context(conn, tenant) -> DevicePrincipal:
    dev = tenant.devices[0]["device_id"]
    row = conn.execute("SELECT * FROM dukan_device_context(%s, %s)",
                       (tenant.business_id, dev)).fetchone()
    assert row["kind"] == "owner"
    return DevicePrincipal(tenant.business_id, dev, row["outlet_id"], row["number"],
                           row["generation"], row["kind"])


@pytest.mark.parametrize("apply", ["_apply_fast", "_apply_per_record"])
def test_each_path_writes_them_itself(tenant, pg_db, apply):
    """The fast path's one statement and `dukan_apply_push` called directly on an
    app-role connection (no fallback from one to the other can hide a refusal)."""
    a, b = tenant.outlets[0]["id"], tenant.outlets[1]["id"]
    product, customer = tr.new_id(), tr.new_id()
    records = _back_office(a, b, product, customer)
    received = tr.now_iso()
    with psycopg.connect(pg_db.app_url, row_factory=dict_row) as conn, \
            conn.transaction(force_rollback=True):
        device = _owner_context(conn, tenant)
        validated = [sync_push._validate(raw) for raw in records]
        items = sync_push._plan_all(conn, device, records, validated, received)
        results = getattr(sync_push, apply)(conn, device, items, received)
        found = {r["outlet_id"]: r["qty_milli"] for r in conn.execute(
            "SELECT outlet_id::text, qty_milli FROM stock_levels WHERE product_id = %s",
            (product,))}
    assert results == [("created", None, None)] * len(records)
    assert found == {a: -1000, b: 48000}


# ------------------------------------------------------- in PostgreSQL, without the API

def _columns(conn, table: str) -> str:
    return ", ".join(r["column_name"] for r in conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
        " AND is_generated = 'NEVER' ORDER BY ordinal_position", (table,)))


def _insert(conn, table: str, row: dict) -> None:
    names = _columns(conn, table)
    conn.execute(f"INSERT INTO {table} ({names}) SELECT {names}"  # noqa: S608
                 f" FROM jsonb_populate_record(NULL::{table}, %s)", (Jsonb(row),))


def test_postgresql_lets_the_owner_pc_write_only_its_business_outlets(tenant, make_tenant,
                                                                      pg_db):
    other = make_tenant(1)
    a, b, foreign = tenant.outlets[0]["id"], tenant.outlets[1]["id"], other.outlets[0]["id"]
    base = {"business_id": tenant.business_id, "product_id": tr.new_id(),
            "worker_id": tr.new_id(), "created_at": tr.now_iso(), "received_at": tr.now_iso(),
            "reason": "", "id": None}
    moves = {kind: dict(base, kind=kind, qty_milli=qty, ref_id=tr.new_id())
             for kind, qty in (("receive", 1000), ("adjust", -5), ("transfer_out", -1),
                               ("transfer_in", 1))}
    credit = {"business_id": tenant.business_id, "customer_id": tr.new_id(), "reference": "",
              "reason": "", "worker_id": tr.new_id(), "created_at": tr.now_iso(),
              "received_at": tr.now_iso()}
    entries = {"writeoff": dict(credit, kind="writeoff", amount_paisa=-100),
               "adjustment": dict(credit, kind="adjustment", amount_paisa=100)}
    level = {"business_id": tenant.business_id, "product_id": tr.new_id(), "qty_milli": 5,
             "updated_at": tr.now_iso()}

    def attempt(conn, table, row, kind="owner") -> bool:
        with conn.transaction(force_rollback=True):
            if kind == "owner":
                _owner_context(conn, tenant)
            else:
                conn.execute("SELECT * FROM dukan_device_context(%s, %s)",
                             (tenant.business_id, tenant.devices[1]["device_id"]))
            try:
                _insert(conn, table, dict(row, id=tr.new_id()))
            except psycopg.errors.InsufficientPrivilege as exc:
                assert "row-level security" in str(exc) or "(owner_device_required)" in str(exc)
                return False
            if table == "stock_levels":  # the push's upsert updates an existing level
                updated = conn.execute(
                    "UPDATE stock_levels SET qty_milli = qty_milli + 1"
                    " WHERE business_id = %s AND outlet_id = %s AND product_id = %s",
                    (tenant.business_id, row["outlet_id"], row["product_id"]))
                assert updated.rowcount == 1
            return True

    with psycopg.connect(pg_db.app_url, row_factory=dict_row) as conn:
        for outlet, allowed in ((a, True), (b, True), (foreign, False)):
            for name, row in {**moves, **entries}.items():
                table = "credit_entries" if name in entries else "stock_movements"
                assert attempt(conn, table, dict(row, outlet_id=outlet)) is allowed, (
                    name, outlet)
            assert attempt(conn, "stock_levels", dict(level, outlet_id=outlet)) is allowed
        # The owner's PC's other outlet takes only the owner's kinds: no sale movement or
        # sale entry passes there.
        sale_move = dict(moves["adjust"], kind="sale", qty_milli=-1, outlet_id=b)
        sale_entry = dict(credit, kind="sale", amount_paisa=100, sale_id=tr.new_id(),
                          outlet_id=b)
        assert not attempt(conn, "stock_movements", sale_move)
        assert not attempt(conn, "credit_entries", sale_entry)
        # A counter gains nothing: B is its own outlet, A is not.
        assert not attempt(conn, "stock_movements", dict(moves["receive"], outlet_id=b),
                           kind="counter")
        assert not attempt(conn, "stock_levels", dict(level, outlet_id=a), kind="counter")
        assert attempt(conn, "stock_levels", dict(level, outlet_id=b), kind="counter")


def test_a_push_cut_off_mid_body_leaves_no_traceback(server):
    """starlette's ClientDisconnect while the body streams is answered, not logged."""
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(b"POST /v1/sync/push HTTP/1.1\r\nHost: x\r\n"
                     b"Authorization: Bearer d.x.y\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 5000\r\n\r\n" + b'{"records": [' + b" " * 100)
        time.sleep(0.3)
    time.sleep(0.5)
    assert "ClientDisconnect" not in server.log()


def test_migration_0008_goes_down_and_up_again():
    def probe(conn):
        return conn.execute(
            "SELECT (SELECT count(*) FROM pg_policies WHERE policyname IN"
            "   ('outlet_insert', 'outlet_update')"
            "   AND with_check LIKE '%%app_owner_may_write%%'),"
            " to_regprocedure('app_owner_may_write(uuid)') IS NOT NULL,"
            " pg_get_functiondef('dukan_check_entry_parent'::regproc)"
            "   LIKE '%%app_device_kind()%%'").fetchone()

    before, after = (0, False, False), (4, True, True)
    assert down_and_up("0007", probe) == [before, after, before, after]
