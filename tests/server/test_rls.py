"""Row-level security: every table, both directions, owners and devices, pooled connections.

These tests talk to PostgreSQL as the app role directly, proving the isolation holds
without the API in front of it.
"""

from __future__ import annotations

import threading

import httpx
import psycopg
import pytest
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from dukan_server import testing
from dukan_server import testing_records as tr
from dukan_server.db import open_pool, set_context, tenant_tx

# Tables whose rows outlet-bound devices insert: RLS also checks the outlet.
OUTLET_TABLES = {"sales", "returns", "customer_payments", "credit_entries", "stock_movements",
                 "stock_levels", "shifts", "shift_closes", "cash_movements", "approvals",
                 "sync_records", "dead_letters"}


def _admin(pg_db):
    return psycopg.connect(pg_db.admin_url.rsplit("/", 1)[0] + "/" + pg_db.name,
                           row_factory=dict_row, autocommit=True)


def _tables(pg_db) -> list[dict]:
    with _admin(pg_db) as conn:
        return conn.execute(
            "SELECT c.relname AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,"
            " (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies,"
            " pg_get_userbyid(c.relowner) AS owner"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1").fetchall()


def test_every_table_has_forced_rls_a_policy_and_business_id(pg_db):
    tables = [t for t in _tables(pg_db) if t["name"] != "alembic_version"]
    assert len(tables) >= 25
    for t in tables:
        assert t["rls"] and t["forced"], f"{t['name']}: RLS must be enabled and forced"
        assert t["policies"] >= 1, f"{t['name']}: no policy"
        assert t["owner"] == testing.OWNER_ROLE
    with _admin(pg_db) as conn:
        keys = conn.execute(
            "SELECT c.relname AS name, (SELECT a.attname FROM pg_attribute a"
            "  WHERE a.attrelid = c.oid AND a.attnum = i.indkey[0]) AS first"
            " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE i.indisprimary AND n.nspname = 'public' AND c.relname <> 'alembic_version'"
        ).fetchall()
    assert {k["name"]: k["first"] for k in keys} == {t["name"]: "business_id" for t in tables}


def test_app_role_owns_nothing_and_cannot_bypass_rls(pg_db):
    with _admin(pg_db) as conn:
        role = conn.execute("SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles"
                            " WHERE rolname = %s", (testing.APP_ROLE,)).fetchone()
        owned = conn.execute("SELECT count(*) AS n FROM pg_class WHERE relowner ="
                             " (SELECT oid FROM pg_roles WHERE rolname = %s)",
                             (testing.APP_ROLE,)).fetchone()["n"]
    assert role == {"rolsuper": False, "rolbypassrls": False, "rolcreaterole": False}
    assert owned == 0
    with psycopg.connect(pg_db.app_url) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM alembic_version")
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("ALTER TABLE sales DISABLE ROW LEVEL SECURITY")


def _populate(http, tenant) -> None:
    outlet, dev = tenant.outlets[0]["id"], tenant.devices[0]["device_id"]
    product_id, customer_id = tr.new_id(), tr.new_id()
    records = tr.upserts(outlet, product_id, customer_id) + tr.every_document(
        outlet, dev, product_id, customer_id) + [{"type": "sale", "id": "garbage"}]
    response = http.post("/v1/sync/push", json=tr.batch(dev, records), headers=tenant.device())
    assert response.status_code == 200
    assert [r["status"] for r in response.json()["results"]].count("created") == len(records) - 1


def test_rls_matrix_no_cross_tenant_read_or_write(http, make_tenant, pg_db):
    a, b = make_tenant(2), make_tenant(2)
    _populate(http, a)
    _populate(http, b)
    # A failed login leaves a throttle row (nil business) for completeness.
    http.post("/v1/auth/login", json={"identifier": "nobody@example.pk", "password": "x"},
              headers={"X-Forwarded-For": "10.1.2.3"})
    tables = [t["name"] for t in _tables(pg_db) if t["name"] != "alembic_version"]
    with _admin(pg_db) as admin:
        samples, columns = {}, {}
        for table in tables:
            samples[table] = admin.execute(
                f"SELECT to_jsonb(t) AS row FROM {table} t WHERE business_id = %s LIMIT 1",  # noqa: S608
                (b.business_id,)).fetchone()
            columns[table] = [r["column_name"] for r in admin.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
                " AND is_generated = 'NEVER' ORDER BY ordinal_position", (table,))]
    assert {t for t, s in samples.items() if s is None} == {"auth_throttle"}

    contexts = [("owner", None), ("device", a.outlets[0]["id"]), ("admin", None),
                ("signup", None)]
    with psycopg.connect(pg_db.app_url, row_factory=dict_row) as conn:
        for role, outlet in contexts:
            for table in tables:
                with conn.transaction():
                    set_context(conn, a.business_id, role, outlet)
                    foreign = conn.execute(f"SELECT count(*) AS n FROM {table}"  # noqa: S608
                                           " WHERE business_id <> %s", (a.business_id,))
                    assert foreign.fetchone()["n"] == 0, (role, table)
                    _assert_no_write(conn, table, b.business_id)
                    if samples[table] is not None:
                        _assert_insert_refused(conn, table, columns[table],
                                               samples[table]["row"])


def _assert_no_write(conn, table: str, other_business: str) -> None:
    for sql in (f"UPDATE {table} SET business_id = business_id WHERE business_id = %s",  # noqa: S608
                f"DELETE FROM {table} WHERE business_id = %s"):  # noqa: S608
        try:
            with conn.transaction():
                assert conn.execute(sql, (other_business,)).rowcount == 0, sql
        except psycopg.errors.InsufficientPrivilege:
            pass  # no grant at all (append-only tables): also refused


def _assert_insert_refused(conn, table: str, cols: list[str], row: dict) -> None:
    names = ", ".join(cols)
    with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
        conn.execute(f"INSERT INTO {table} ({names}) SELECT {names}"  # noqa: S608
                     f" FROM jsonb_populate_record(NULL::{table}, %s)", (Jsonb(row),))


def test_device_cannot_write_other_outlet_rows_even_directly(http, make_tenant, pg_db):
    tenant = make_tenant(2)
    _populate(http, tenant)
    outlet1, outlet2 = tenant.outlets[0]["id"], tenant.outlets[1]["id"]
    with _admin(pg_db) as admin:
        rows = {t: admin.execute(f"SELECT to_jsonb(x) AS row FROM {t} x"  # noqa: S608
                                 " WHERE business_id = %s LIMIT 1",
                                 (tenant.business_id,)).fetchone()["row"]
                for t in OUTLET_TABLES}
        cols = {t: [r["column_name"] for r in admin.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
            " AND is_generated = 'NEVER' ORDER BY ordinal_position", (t,))]
            for t in OUTLET_TABLES}
    with psycopg.connect(pg_db.app_url, row_factory=dict_row) as conn:
        for table, row in rows.items():
            assert row["outlet_id"] == outlet1
            forged = dict(row, outlet_id=outlet2)
            for key in ("id", "record_id", "product_id"):
                if key in forged:
                    forged[key] = tr.new_id()
            with conn.transaction():
                set_context(conn, tenant.business_id, "device", outlet1)
                _assert_insert_refused(conn, table, cols[table], forged)


def test_no_context_sees_nothing(pg_db, http, make_tenant):
    _populate(http, make_tenant(1))
    with psycopg.connect(pg_db.app_url, row_factory=dict_row) as conn:
        for table in [t["name"] for t in _tables(pg_db) if t["name"] != "alembic_version"]:
            n = conn.execute(f"SELECT count(*) AS n FROM {table}").fetchone()["n"]  # noqa: S608
            assert n == 0, table


def test_interleaved_tenants_on_one_pooled_connection(pg_db, http, make_tenant):
    a, b = make_tenant(1), make_tenant(1)
    _populate(http, a)
    _populate(http, b)
    pool = open_pool(pg_db.app_url, 1, 1)
    try:
        for i in range(20):
            tenant = (a, b)[i % 2]
            with tenant_tx(pool, tenant.business_id, "owner") as conn:
                seen = {r["business_id"] for r in conn.execute(
                    "SELECT DISTINCT business_id::text AS business_id FROM sales")}
                assert seen == {tenant.business_id}
            with pool.connection() as conn:  # the same (only) connection, next transaction
                leaked = conn.execute("SELECT current_setting('app.business_id', true) AS b,"
                                      " (SELECT count(*) FROM sales) AS n").fetchone()
                assert leaked["b"] in (None, "") and leaked["n"] == 0
    finally:
        pool.close()


def test_interleaved_requests_through_a_one_connection_server(pg_db, make_tenant, http):
    a, b = make_tenant(1), make_tenant(1)
    _populate(http, a)
    _populate(http, b)
    errors: list[str] = []
    with testing.run_server_process(pg_db.app_url, env={"DUKAN_DB_POOL_MIN": "1",
                                                        "DUKAN_DB_POOL_MAX": "1"}) as server:
        def hammer(tenant, other):
            with httpx.Client(base_url=server.url, timeout=30) as client:
                for _ in range(15):
                    pulled = client.get("/v1/sync/pull", params={"collection": "credit_entries"},
                                        headers=tenant.device()).json()
                    outlets = {c["data"]["outlet_id"] for c in pulled["changes"]}
                    devices = client.get("/v1/devices", headers=tenant.owner()).json()
                    if outlets != {tenant.outlets[0]["id"]} or any(
                            d["outlet_id"] == other.outlets[0]["id"] for d in devices):
                        errors.append("leak")
        threads = [threading.Thread(target=hammer, args=pair) for pair in ((a, b), (b, a))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
