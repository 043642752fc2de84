"""The owner's stock and udhaar documents come from the owner's PC only.

On the desktop, receiving, adjusting and transferring stock and writing off, adjusting
or settling udhaar are owner-only: on the wire, `stock_movement` and `credit_entry`
records. From a counter the push rejects them (`owner_device_required`), in the fast
path, the per-record path and the fallback from one to the other; PostgreSQL refuses
them again (migration 0007), and also refuses sale and return movements or credit
entries a counter could forge to look like its documents'.

In the `tenant` fixture device 0 (outlet 1) is the owner's PC, device 1 (outlet 2) a
counter.
"""

from __future__ import annotations

import json

import psycopg
import pytest
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from dukan_protocol import payload_hash
from dukan_protocol.records import (
    OWNER_DEVICE_REQUIRED,
    CreditEntryData,
    SaleData,
    StockMovementData,
)
from dukan_server import push_rules as rules
from dukan_server import testing_records as tr

from .migration_cycle import down_and_up

OWNER_ONLY = ("Only the owner's PC may receive, adjust or transfer stock and write off or"
              " adjust udhaar; this PC is a counter.")


def _admin(pg_db):
    return psycopg.connect(pg_db.admin_url.rsplit("/", 1)[0] + "/" + pg_db.name,
                           row_factory=dict_row, autocommit=True)


def push(http, tenant, records, device):
    response = http.post("/v1/sync/push", json=tr.batch(tenant.devices[device]["device_id"],
                                                        records), headers=tenant.device(device))
    assert response.status_code == 200, response.text
    return response.json()["results"]


def _owner_documents(outlet: str, product: str, customer: str,
                     to_outlet: str | None = None) -> list[dict]:
    """What the owner's stock and udhaar screens push (services/stock.py, credit.py); the
    transfer goes to `to_outlet` (a transfer within one outlet is refused)."""
    worker, transfer = tr.new_id(), tr.new_id()

    def move(kind, qty, **extra):
        return tr.record("stock_movement", {
            "id": tr.new_id(), "outlet_id": outlet, "product_id": product, "kind": kind,
            "qty_milli": qty, "worker_id": worker, "created_at": tr.now_iso(), **extra})

    def entry(kind, amount):
        return tr.record("credit_entry", {
            "id": tr.new_id(), "outlet_id": outlet, "customer_id": customer, "kind": kind,
            "amount_paisa": amount, "reason": "owner", "worker_id": worker,
            "created_at": tr.now_iso(), "allocations": []})

    return [move("receive", 50000, unit_cost_paisa=4000), move("adjust", -3000, reason="broken"),
            move("transfer_out", -1000, ref_id=transfer, unit_cost_paisa=4000),
            move("transfer_in", 1000, ref_id=transfer, unit_cost_paisa=4000,
                 outlet_id=to_outlet or outlet),
            entry("writeoff", -100), entry("adjustment", 700)]


@pytest.mark.parametrize("path", ["fast", "per_record", "fallback"])
def test_a_counter_cannot_push_stock_or_udhaar_documents(http, tenant, pg_db, path):
    """Sales, returns and payments (their movements, entries and allocations) from a
    counter are created; every owner document beside them is rejected and kept in
    dead_letters, and changes neither stock nor any balance. Made an owner's PC, the
    same device then pushes the same records again and they are created."""
    outlet2, dev2 = tenant.outlets[1]["id"], tenant.devices[1]["device_id"]
    product, customer = tr.new_id(), tr.new_id()
    documents = tr.counter_documents(outlet2, dev2, product, customer)
    owner_only = _owner_documents(outlet2, product, customer, tenant.outlets[0]["id"])
    expected = {r["id"]: ("created", None) for r in documents}
    if path == "fallback":
        # The shift is already closed on the server: the batch's own close breaks a
        # constraint only PostgreSQL sees, so the fast path rolls back and the batch goes
        # record by record.
        shift_open = next(r for r in documents if r["type"] == "shift_open")
        earlier_close = tr.record("shift_close", {
            "id": tr.new_id(), "shift_id": shift_open["id"], "closed_by": tr.new_id(),
            "expected_cash_paisa": 0, "counted_cash_paisa": 0, "closed_at": tr.now_iso()})
        assert [r["status"] for r in push(http, tenant, [shift_open, earlier_close], 1)] == [
            "created", "created"]
        expected[shift_open["id"]] = ("duplicate", None)
        expected[next(r["id"] for r in documents if r["type"] == "shift_close")] = (
            "rejected", "invalid_23505")
    records = [r for pair in zip(documents[:6], owner_only, strict=True) for r in pair]
    records += documents[6:]
    if path == "per_record":  # an upsert in the batch: record by record from the start
        records.insert(0, tr.record("customer", tr.customer(customer), tr.new_id()))
        expected[records[0]["id"]] = ("created", None)
    expected.update({r["id"]: ("rejected", OWNER_DEVICE_REQUIRED) for r in owner_only})
    results = push(http, tenant, records, 1)
    assert {r["id"]: (r["status"], r["code"]) for r in results} == expected
    assert {r["message"] for r in results if r["code"] == OWNER_DEVICE_REQUIRED} == {OWNER_ONLY}

    with _admin(pg_db) as conn:
        level = conn.execute("SELECT qty_milli FROM stock_levels WHERE outlet_id = %s"
                             " AND product_id = %s", (outlet2, product)).fetchone()["qty_milli"]
        moves = {r["kind"] for r in conn.execute(
            "SELECT kind FROM stock_movements WHERE product_id = %s", (product,))}
        entries = conn.execute("SELECT array_agg(DISTINCT kind) AS kinds,"
                               " sum(amount_paisa) AS balance FROM credit_entries"
                               " WHERE customer_id = %s", (customer,)).fetchone()
        dead = {r["record_id"]: r["code"] for r in conn.execute(
            "SELECT record_id, code FROM dead_letters WHERE business_id = %s",
            (tenant.business_id,))}
    assert level == -2000 + 1000  # the sale and the return only
    assert moves == {"sale", "return"}
    assert sorted(entries["kinds"]) == ["payment", "return", "sale"]
    assert entries["balance"] == 4000 - 5000 - 1000
    assert {i: c for i, c in dead.items() if c == OWNER_DEVICE_REQUIRED} == {
        r["id"]: OWNER_DEVICE_REQUIRED for r in owner_only}

    made_owner = http.patch(f"/v1/devices/{dev2}", json={"kind": "owner"},
                            headers=tenant.owner())
    assert made_owner.status_code == 200
    assert [r["status"] for r in push(http, tenant, owner_only, 1)] == ["created"] * 6
    with _admin(pg_db) as conn:
        level = conn.execute("SELECT qty_milli FROM stock_levels WHERE outlet_id = %s"
                             " AND product_id = %s", (outlet2, product)).fetchone()["qty_milli"]
        balance = conn.execute("SELECT sum(amount_paisa) AS b FROM credit_entries"
                               " WHERE customer_id = %s", (customer,)).fetchone()["b"]
    assert level == -1000 + 50000 - 3000 - 1000  # the transfer's in is at outlet 1
    assert balance == -2000 - 100 + 700


def test_no_device_pushes_a_sale_or_return_movement_itself(http, tenant):
    """Sale and return movements are derived by the server from the document
    (push_rules.sale_rows, return_rows); a stock_movement record never has those kinds."""
    outlet1 = tenant.outlets[0]["id"]
    for kind, qty in (("sale", -1000), ("return", 1000)):
        forged = tr.record("stock_movement", {
            "id": tr.new_id(), "outlet_id": outlet1, "product_id": tr.new_id(), "kind": kind,
            "qty_milli": qty, "ref_id": tr.new_id(), "worker_id": tr.new_id(),
            "created_at": tr.now_iso()})
        [result] = push(http, tenant, [forged], 0)
        assert (result["status"], result["code"]) == ("rejected", "invalid_data")
        assert result["message"].startswith("kind:")


# ------------------------------------------------------- in PostgreSQL, without the API

def _columns(admin, table: str) -> list[str]:
    return [r["column_name"] for r in admin.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
        " AND is_generated = 'NEVER' ORDER BY ordinal_position", (table,))]


def _one(admin, sql: str, *args) -> dict:
    return admin.execute(f"SELECT to_jsonb(x) AS row FROM ({sql}) x LIMIT 1",  # noqa: S608
                         args).fetchone()["row"]


def _copy(admin, cols: dict, table: str, row: dict, **changes) -> dict:
    """Insert a copy of `row` as the superuser (no RLS, not a counter): the owner's own
    writes, or a document whose derived rows a test wants to write itself."""
    row = dict(row, **changes)
    names = ", ".join(cols[table])
    admin.execute(f"INSERT INTO {table} ({names}) SELECT {names}"  # noqa: S608
                  f" FROM jsonb_populate_record(NULL::{table}, %s)", (Jsonb(row),))
    return row


class _Counter:
    """A direct app-role connection in the counter's context, set as the API sets it."""

    def __init__(self, conn, tenant, cols: dict) -> None:
        self.conn, self.tenant, self.cols = conn, tenant, cols

    def _context(self, kind: str | None) -> None:
        if kind is None:  # the real thing: from the counter's credential row
            self.conn.execute("SELECT * FROM dukan_device_context(%s, %s)",
                              (self.tenant.business_id, self.tenant.devices[1]["device_id"]))
            assert self.conn.execute("SELECT app_device_kind() AS k").fetchone()["k"] == "counter"
        else:
            self.conn.execute("SELECT set_config('app.business_id', %s, true),"
                              " set_config('app.role', 'device', true),"
                              " set_config('app.outlet_id', %s, true),"
                              " set_config('app.device_kind', %s, true)",
                              (self.tenant.business_id, self.tenant.outlets[1]["id"], kind))

    def insert(self, table: str, *rows: dict) -> None:
        names = ", ".join(self.cols[table])
        self.conn.execute(f"INSERT INTO {table} ({names}) SELECT {names}"  # noqa: S608
                          f" FROM jsonb_populate_recordset(NULL::{table}, %s)", (Jsonb(rows),))

    def refused(self, table: str, *rows: dict, what: str = "", kind: str | None = None) -> None:
        with self.conn.transaction(force_rollback=True):
            self._context(kind)
            try:
                self.insert(table, *rows)
            except psycopg.errors.InsufficientPrivilege as exc:
                assert "(owner_device_required)" in str(exc), (what, str(exc))
                return
        pytest.fail(f"{table}: not refused: {what or rows}")

    def accepted(self, table: str, *rows: dict, kind: str | None = None) -> None:
        with self.conn.transaction(force_rollback=True):
            self._context(kind)
            self.insert(table, *rows)


@pytest.fixture
def stocked(http, tenant, pg_db):
    """Outlet 1's owner PC and outlet 2's counter have each pushed one of every document
    they may; returns (tenant, rows of outlet 2 by name, column lists)."""
    outlet1, outlet2 = tenant.outlets[0]["id"], tenant.outlets[1]["id"]
    dev1, dev2 = tenant.devices[0]["device_id"], tenant.devices[1]["device_id"]
    p1, c1, p2, c2 = tr.new_id(), tr.new_id(), tr.new_id(), tr.new_id()
    first = tr.upserts(outlet1, p1, c1) + tr.every_document(outlet1, dev1, p1, c1)
    assert {r["status"] for r in push(http, tenant, first, 0)} == {"created"}
    cash_sale = tr.sale(outlet2, dev2, products=[(p2, 1000, 3000)], seq=901)
    second = tr.counter_documents(outlet2, dev2, p2, c2) + [tr.record("sale", cash_sale)]
    assert {r["status"] for r in push(http, tenant, second, 1)} == {"created"}
    b = tenant.business_id
    with _admin(pg_db) as admin:
        cols = {t: _columns(admin, t) for t in (
            "sales", "sale_lines", "customer_payments", "stock_movements", "credit_entries",
            "credit_allocations")}
        rows = {
            "sale_move": _one(admin, "SELECT * FROM stock_movements WHERE business_id = %s"
                              " AND outlet_id = %s AND kind = 'sale' AND product_id = %s"
                              " AND qty_milli = -2000", b, outlet2, p2),
            "return_move": _one(admin, "SELECT * FROM stock_movements WHERE business_id = %s"
                                " AND outlet_id = %s AND kind = 'return'", b, outlet2),
            "sale_entry": _one(admin, "SELECT * FROM credit_entries WHERE business_id = %s"
                               " AND outlet_id = %s AND kind = 'sale'", b, outlet2),
            "payment_entry": _one(admin, "SELECT * FROM credit_entries WHERE business_id = %s"
                                  " AND outlet_id = %s AND kind = 'payment'", b, outlet2),
            "return_entry": _one(admin, "SELECT * FROM credit_entries WHERE business_id = %s"
                                 " AND outlet_id = %s AND kind = 'return'", b, outlet2),
            "allocation": _one(admin, "SELECT a.* FROM credit_allocations a JOIN credit_entries e"
                               " ON e.business_id = a.business_id AND e.id = a.entry_id"
                               " WHERE a.business_id = %s AND e.outlet_id = %s"
                               " AND e.kind = 'payment'", b, outlet2),
            "sale": _one(admin, "SELECT * FROM sales WHERE business_id = %s AND outlet_id = %s"
                         " AND credit_paisa > 0", b, outlet2),
            "line": _one(admin, "SELECT l.* FROM sale_lines l JOIN sales s ON s.business_id ="
                         " l.business_id AND s.id = l.sale_id WHERE l.business_id = %s"
                         " AND s.outlet_id = %s AND s.credit_paisa > 0", b, outlet2),
            "payment": _one(admin, "SELECT * FROM customer_payments WHERE business_id = %s"
                            " AND outlet_id = %s", b, outlet2),
        }
        rows["cash_sale_id"] = cash_sale["id"]
        rows["return_id"] = rows["return_move"]["ref_id"]
        # Documents whose derived rows nobody wrote yet: the counter's own (outlet 2) and
        # another outlet's, so that only the outlet tells them apart.
        for name, outlet in (("bare_sale", outlet2), ("foreign_sale", outlet1)):
            sale = _copy(admin, cols, "sales", rows["sale"], id=tr.new_id(), outlet_id=outlet)
            _copy(admin, cols, "sale_lines", rows["line"], id=tr.new_id(), sale_id=sale["id"])
            rows[name] = sale
        for name, outlet in (("bare_payment", outlet2), ("foreign_payment", outlet1)):
            rows[name] = _copy(admin, cols, "customer_payments", rows["payment"],
                               id=tr.new_id(), outlet_id=outlet, amount_paisa=300)
        rows["owner_writeoff"] = _copy(admin, cols, "credit_entries", rows["sale_entry"],
                                       id=tr.new_id(), kind="writeoff", amount_paisa=-100,
                                       sale_id=None)
    return tenant, rows, cols


def test_a_counter_cannot_move_stock_but_by_its_documents_even_directly(stocked, pg_db):
    tenant, rows, cols = stocked
    move = rows["sale_move"]  # outlet 2's sale: 2000 of the product, all moved already
    with psycopg.connect(pg_db.app_url, row_factory=dict_row) as conn:
        counter = _Counter(conn, tenant, cols)
        for kind, qty in (("receive", 5000), ("adjust", -1000), ("adjust", 1000),
                          ("transfer_out", -1000), ("transfer_in", 1000)):
            counter.refused("stock_movements",
                            dict(move, id=tr.new_id(), kind=kind, qty_milli=qty, ref_id=None))
            counter.accepted("stock_movements",  # the owner's PC may
                             dict(move, id=tr.new_id(), kind=kind, qty_milli=qty, ref_id=None),
                             kind="owner")
        forged = {
            "one more than the sale sold": dict(move, qty_milli=-1),
            "a sale that puts stock back": dict(move, qty_milli=1),
            "a product the sale did not sell": dict(move, product_id=tr.new_id()),
            "no document": dict(move, ref_id=None),
            "a return passed off as a sale": dict(move, ref_id=rows["return_id"]),
            "another outlet's sale": dict(move, ref_id=rows["foreign_sale"]["id"]),
            "one more than the return took back": dict(rows["return_move"], qty_milli=1),
            "a return that takes stock out": dict(rows["return_move"], qty_milli=-1),
        }
        for what, row in forged.items():
            counter.refused("stock_movements", dict(row, id=tr.new_id()), what=what)
        # A sale of its own outlet that nothing moved yet: up to its line, and no more,
        # also across statements.
        bare = dict(move, ref_id=rows["bare_sale"]["id"], qty_milli=-2000)
        counter.accepted("stock_movements", dict(bare, id=tr.new_id()))
        counter.refused("stock_movements", dict(bare, id=tr.new_id()),
                        dict(bare, id=tr.new_id(), qty_milli=-1))
        with conn.transaction(force_rollback=True):
            counter._context(None)
            counter.insert("stock_movements", dict(bare, id=tr.new_id(), qty_milli=-1500))
            with pytest.raises(psycopg.errors.InsufficientPrivilege,
                               match=r"\(owner_device_required\)"):
                counter.insert("stock_movements", dict(bare, id=tr.new_id(), qty_milli=-501))


def test_a_counter_cannot_write_udhaar_but_by_its_documents_even_directly(stocked, pg_db):
    tenant, rows, cols = stocked
    sale_entry, payment_entry = rows["sale_entry"], rows["payment_entry"]
    with psycopg.connect(pg_db.app_url, row_factory=dict_row) as conn:
        counter = _Counter(conn, tenant, cols)
        for kind, amount in (("writeoff", -100), ("adjustment", -100), ("adjustment", 100)):
            owner_entry = dict(sale_entry, id=tr.new_id(), kind=kind, amount_paisa=amount,
                               sale_id=None)
            counter.refused("credit_entries", owner_entry)
            counter.accepted("credit_entries", owner_entry, kind="owner")
        bare = rows["bare_payment"]
        for_bare = dict(payment_entry, payment_id=bare["id"], amount_paisa=-300)
        forged = {
            "a second credit entry for the sale": dict(sale_entry, amount_paisa=1),
            "credit for a cash sale": dict(sale_entry, sale_id=rows["cash_sale_id"]),
            "credit for another outlet's sale": dict(sale_entry,
                                                     sale_id=rows["foreign_sale"]["id"]),
            "a payment entry without its payment": dict(payment_entry, payment_id=None),
            "more than the payment": dict(payment_entry, amount_paisa=-1),
            "another outlet's payment": dict(payment_entry,
                                             payment_id=rows["foreign_payment"]["id"]),
            "a payment of another customer": dict(for_bare, customer_id=tr.new_id()),
            "more than the return refunded to udhaar": dict(rows["return_entry"],
                                                            amount_paisa=-1),
            "a return entry of no return": dict(rows["return_entry"], reference="R-404"),
        }
        for what, row in forged.items():
            counter.refused("credit_entries", dict(row, id=tr.new_id()), what=what)
        counter.accepted("credit_entries", dict(for_bare, id=tr.new_id()))
        counter.refused("credit_entries", dict(for_bare, id=tr.new_id()),
                        dict(for_bare, id=tr.new_id(), amount_paisa=-1))

        allocation = rows["allocation"]  # 500 of a payment of 1000
        counter.accepted("credit_allocations",
                         dict(allocation, id=tr.new_id(), amount_paisa=500))
        counter.refused("credit_allocations", dict(allocation, id=tr.new_id(), amount_paisa=501))
        counter.refused("credit_allocations", dict(
            allocation, id=tr.new_id(), entry_id=rows["owner_writeoff"]["id"], amount_paisa=50))


def test_the_per_record_function_refuses_them_with_the_same_code(stocked, pg_db):
    """`dukan_apply_push` called directly in the counter's context: its sale is created,
    the owner documents are rejected `owner_device_required` and kept in dead_letters."""
    tenant, _rows, _cols = stocked
    b, outlet2, dev2 = tenant.business_id, tenant.outlets[1]["id"], tenant.devices[1]["device_id"]
    received = tr.now_iso()
    sale = tr.sale(outlet2, dev2, seq=950)
    owner_only = {r["data"]["kind"]: r["data"]
                  for r in _owner_documents(outlet2, tr.new_id(), tr.new_id())}
    writeoff, receive = owner_only["writeoff"], owner_only["receive"]
    plans = [("sale", sale, rules.sale_rows(SaleData.model_validate(sale), dev2, outlet2, [])),
             ("credit_entry", writeoff,
              rules.credit_entry_rows(CreditEntryData.model_validate(writeoff), outlet2)),
             ("stock_movement", receive, rules.simple_rows(
                 StockMovementData.model_validate(receive), "stock_movement", outlet2))]
    items = [{"i": data["id"], "t": rtype, "h": payload_hash(data),
              "rows": rules.row_dicts(rows, b, received)} for rtype, data, rows in plans]
    with psycopg.connect(pg_db.app_url, row_factory=dict_row) as conn, \
            conn.transaction(force_rollback=True):
        conn.execute("SELECT * FROM dukan_device_context(%s, %s)", (b, dev2))
        results = conn.execute(
            "SELECT record_id, status, code, message FROM dukan_apply_push(%s, %s, %s,"
            " %s::jsonb, false)", (dev2, outlet2, received, json.dumps(items, default=str))
        ).fetchall()
        dead = {r["record_id"]: r["code"] for r in conn.execute(
            "SELECT record_id, code FROM dead_letters WHERE record_id = ANY(%s)",
            ([writeoff["id"], receive["id"]],))}
    assert [(r["status"], r["code"]) for r in results] == [
        ("created", None), ("rejected", OWNER_DEVICE_REQUIRED), ("rejected", OWNER_DEVICE_REQUIRED)]
    assert "(owner_device_required)" in results[1]["message"]
    assert dead == {writeoff["id"]: OWNER_DEVICE_REQUIRED, receive["id"]: OWNER_DEVICE_REQUIRED}


def test_migration_0007_goes_down_and_up_again():
    """Downgrade restores 0002's per-record function and drops the checks and indexes."""
    def probe(conn):
        return conn.execute(
            "SELECT pg_get_functiondef('dukan_apply_push'::regproc)"
            "  LIKE '%%owner_device_required%%',"
            " (SELECT count(*) FROM pg_trigger WHERE tgname = 'check_counter_document'),"
            " (SELECT count(*) FROM pg_indexes WHERE indexname = ANY(%s))",
            (["ix_stock_movements_ref", "ix_credit_entries_sale",
              "ix_credit_entries_payment", "ix_returns_sale", "ix_return_lines_return",
              "ix_return_refunds_return", "ix_auth_throttle_window"],)).fetchone()

    assert down_and_up("0006", probe, ("down", "up")) == [(False, 0, 0), (True, 3, 7)]
