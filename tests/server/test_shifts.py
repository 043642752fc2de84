"""Shifts belong to an outlet: another outlet's device can neither close one nor move its
cash, and documents naming a foreign shift are kept but not counted in it."""

from __future__ import annotations

import psycopg
import pytest
from psycopg.rows import dict_row

from dukan_protocol import derived_id
from dukan_server import testing_records as tr


def _admin(pg_db):
    return psycopg.connect(pg_db.admin_url.rsplit("/", 1)[0] + "/" + pg_db.name,
                           row_factory=dict_row, autocommit=True)


def push(http, tenant, records, device, per_record=False):
    if per_record:  # an upsert in the batch sends it down the per-record path
        records = [*records, tr.record("customer", tr.customer(), tr.new_id())]
    response = http.post("/v1/sync/push", json=tr.batch(tenant.devices[device]["device_id"],
                                                        records), headers=tenant.device(device))
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    return [(r["status"], r["code"]) for r in results][:len(results) - per_record]


def shift_open(tenant, device, shift_id=None) -> dict:
    outlet = tenant.devices[device]["outlet_id"]
    return tr.record("shift_open", {
        "id": shift_id or tr.new_id(), "outlet_id": outlet,
        "device_id": tenant.devices[device]["device_id"],
        "worker_id": derived_id(outlet, "worker", 0), "opening_float_paisa": 10000,
        "opened_at": tr.now_iso()})


def shift_close(shift_id, counted=10000) -> dict:
    return tr.record("shift_close", {"id": tr.new_id(), "shift_id": shift_id,
                                     "closed_by": tr.new_id(), "expected_cash_paisa": counted,
                                     "counted_cash_paisa": counted, "closed_at": tr.now_iso()})


def cash_out(tenant, device, shift_id, amount=2500) -> dict:
    outlet = tenant.devices[device]["outlet_id"]
    return tr.record("cash_movement", {"id": tr.new_id(), "outlet_id": outlet,
                                       "shift_id": shift_id, "kind": "out",
                                       "amount_paisa": amount, "reason": "tea",
                                       "worker_id": tr.new_id(), "created_at": tr.now_iso()})


def cash_report(http, tenant, shift_id) -> dict:
    rows = http.get("/v1/reports/cash-by-shift", headers=tenant.owner()).json()
    (row,) = [r for r in rows if r["shift_id"] == shift_id]
    return row


@pytest.mark.parametrize("per_record", [False, True], ids=["fast", "per-record"])
def test_another_outlets_shift_cannot_be_closed_or_have_cash_moved(http, tenant, per_record):
    """The review's attack: outlet 1's device closed outlet 2's open shift (the real
    close then hit UNIQUE) and added a cash-out to its cash report."""
    open2 = shift_open(tenant, 1)
    s2 = open2["id"]
    assert push(http, tenant, [open2], 1) == [("created", None)]
    unknown = tr.new_id()
    attack = [shift_close(s2, 0), cash_out(tenant, 0, s2), shift_close(unknown),
              cash_out(tenant, 0, unknown)]
    assert push(http, tenant, attack, 0, per_record) == [("rejected", "wrong_outlet")] * 4
    assert push(http, tenant, [cash_out(tenant, 1, s2, 1000), shift_close(s2, 9000)], 1) == [
        ("created", None)] * 2
    row = cash_report(http, tenant, s2)
    assert row["outlet_id"] == tenant.outlets[1]["id"]
    assert (row["cash_out_paisa"], row["counted_cash_paisa"]) == (1000, 9000)
    assert row["expected_cash_paisa"] == 10000 - 1000


@pytest.mark.parametrize("per_record", [False, True], ids=["fast", "per-record"])
def test_a_shift_opened_earlier_in_the_batch_takes_cash_and_closes(http, tenant, per_record):
    opened = shift_open(tenant, 0)
    late = shift_open(tenant, 0)
    batch = [opened, cash_out(tenant, 0, opened["id"]), shift_close(opened["id"], 7500),
             shift_close(late["id"]), late]
    assert push(http, tenant, batch, 0, per_record) == [("created", None)] * 3 + [
        ("rejected", "wrong_outlet"), ("created", None)]
    row = cash_report(http, tenant, opened["id"])
    assert (row["cash_out_paisa"], row["counted_cash_paisa"]) == (2500, 7500)


def test_documents_naming_a_foreign_shift_are_flagged_and_not_counted(http, tenant, pg_db):
    """Sales are never refused: one that names another outlet's shift is kept, flagged
    foreign_shift, and counted in no shift (nor are its return and the payment)."""
    outlet1, dev1 = tenant.outlets[0]["id"], tenant.devices[0]["device_id"]
    open2 = shift_open(tenant, 1)
    s2 = open2["id"]
    open1 = shift_open(tenant, 0)
    assert push(http, tenant, [open2], 1) == [("created", None)]
    sale = tr.sale(outlet1, dev1, products=[(tr.new_id(), 1000, 3000)], seq=5)
    sale["shift_id"] = s2
    ret_id = tr.new_id()
    ret = {"id": ret_id, "sale_id": sale["id"], "outlet_id": outlet1, "device_id": dev1,
           "worker_id": sale["worker_id"], "shift_id": s2, "kind": "return",
           "receipt_no": "R-5", "total_paisa": 1000, "tax_paisa": 152,
           "created_at": tr.now_iso(),
           "lines": [{"id": derived_id(ret_id, "line", 0), "line_no": 0,
                      "sale_line_id": sale["lines"][0]["id"],
                      "product_id": sale["lines"][0]["product_id"], "qty_milli": 333,
                      "amount_paisa": 1000, "tax_paisa": 152}],
           "refunds": [{"id": derived_id(ret_id, "refund", 0), "line_no": 0, "method": "cash",
                        "amount_paisa": 1000}]}
    payment = tr.customer_payment(outlet1, tr.new_id(), 700)
    payment["shift_id"] = s2
    own = tr.sale(outlet1, dev1, products=[(tr.new_id(), 1000, 4000)], seq=6)
    own["shift_id"] = open1["id"]
    records = [open1, tr.record("sale", sale), tr.record("return", ret),
               tr.record("customer_payment", payment), tr.record("sale", own)]
    assert push(http, tenant, records, 0) == [("created", None)] * 5
    with _admin(pg_db) as conn:
        flags = {r["id"]: r["server_flags"] for r in conn.execute(
            "SELECT id::text, server_flags FROM sales WHERE id = ANY(%s::uuid[])"
            " UNION ALL SELECT id::text, server_flags FROM returns WHERE id = %s"
            " UNION ALL SELECT id::text, server_flags FROM customer_payments WHERE id = %s",
            ([sale["id"], own["id"]], ret_id, payment["id"]))}
    assert "foreign_shift" in flags[sale["id"]] and "foreign_shift" not in flags[own["id"]]
    assert flags[ret_id] == ["foreign_shift"] and flags[payment["id"]] == ["foreign_shift"]
    foreign = cash_report(http, tenant, s2)
    assert (foreign["cash_sales_paisa"], foreign["cash_refunds_paisa"],
            foreign["cash_payments_paisa"]) == (0, 0, 0)
    assert cash_report(http, tenant, open1["id"])["cash_sales_paisa"] == 4000


def test_the_cash_report_joins_documents_on_the_shifts_outlet(http, tenant, pg_db):
    """Rows written before the push checked shifts (or by any other writer) are not
    counted in another outlet's shift either."""
    open2 = shift_open(tenant, 1)
    assert push(http, tenant, [open2], 1) == [("created", None)]
    outlet1, dev1 = tenant.outlets[0]["id"], tenant.devices[0]["device_id"]
    with _admin(pg_db) as conn:
        for sql in (
                "INSERT INTO cash_movements (business_id, id, outlet_id, shift_id, kind,"
                " amount_paisa, reason, worker_id, created_at, received_at)"
                " VALUES (%(b)s, gen_random_uuid(), %(o)s, %(s)s, 'out', 999, '', %(w)s, now(),"
                " now())",
                "INSERT INTO shift_closes (business_id, id, shift_id, outlet_id, closed_by,"
                " expected_cash_paisa, counted_cash_paisa, note, closed_at, received_at)"
                " VALUES (%(b)s, gen_random_uuid(), %(s)s, %(o)s, %(w)s, 0, 0, '', now(), now())",
                "INSERT INTO customer_payments (business_id, id, outlet_id, customer_id,"
                " shift_id, amount_paisa, method, reference, worker_id, created_at, received_at)"
                " VALUES (%(b)s, gen_random_uuid(), %(o)s, %(w)s, %(s)s, 55, 'cash', '', %(w)s,"
                " now(), now())"):
            conn.execute(sql, {"b": tenant.business_id, "o": outlet1, "s": open2["id"],
                               "w": dev1})
    row = cash_report(http, tenant, open2["id"])
    assert (row["cash_out_paisa"], row["cash_payments_paisa"], row["closed_at"]) == (0, 0, None)
