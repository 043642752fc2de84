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


CATALOG_TABLES = ("outlets", "workers", "suppliers", "products", "barcodes")
# child or shift-referencing table -> (parent table, reference column)
PARENTS = {"sale_lines": ("sales", "sale_id"), "sale_tenders": ("sales", "sale_id"),
           "return_lines": ("returns", "return_id"), "return_refunds": ("returns", "return_id"),
           "credit_allocations": ("credit_entries", "entry_id"),
           "cash_movements": ("shifts", "shift_id"), "shift_closes": ("shifts", "shift_id")}


def _columns(admin, table: str) -> list[str]:
    return [r["column_name"] for r in admin.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
        " AND is_generated = 'NEVER' ORDER BY ordinal_position", (table,))]


def _fresh(row: dict) -> dict:
    """The same row under new ids (and a new code where one is unique)."""
    row = dict(row)
    for key in ("id", "record_id"):
        if key in row:
            row[key] = tr.new_id()
    if "code" in row:
        row["code"] = "Z" + tr.new_id()[:8]
    if "sku" in row:
        row["sku"] = None
    return row


def _push_outlet2_documents(http, tenant) -> str:
    """Outlet 2's counter pushes one of every document, plus a shift left open."""
    outlet2, dev2 = tenant.outlets[1]["id"], tenant.devices[1]["device_id"]
    records = tr.counter_documents(outlet2, dev2, tr.new_id(), tr.new_id())
    open_shift = tr.record("shift_open", {
        "id": tr.new_id(), "outlet_id": outlet2, "device_id": dev2, "worker_id": tr.new_id(),
        "opening_float_paisa": 100, "opened_at": tr.now_iso()})
    response = http.post("/v1/sync/push", json=tr.batch(dev2, records + [open_shift]),
                         headers=tenant.device(1))
    assert {r["status"] for r in response.json()["results"]} == {"created"}
    return open_shift["id"]


def test_children_and_shift_references_must_be_of_the_devices_outlet(http, make_tenant, pg_db):
    """The review's direct attack: as outlet 1's device, a tender into outlet 2's sale.
    Every child table (and cash movements and closes, which name a shift) refuses a
    parent of another outlet, and takes one of its own."""
    tenant = make_tenant(2)
    _populate(http, tenant)
    open2 = _push_outlet2_documents(http, tenant)
    outlet1, outlet2 = tenant.outlets[0]["id"], tenant.outlets[1]["id"]
    with _admin(pg_db) as admin:
        own, foreign, cols = {}, {}, {}
        for table, (parent, ref) in PARENTS.items():
            cols[table] = _columns(admin, table)
            for outlet, found in ((outlet1, own), (outlet2, foreign)):
                found[table] = admin.execute(
                    f"SELECT to_jsonb(c) AS row FROM {table} c JOIN {parent} p"  # noqa: S608
                    f" ON p.business_id = c.business_id AND p.id = c.{ref}"
                    " WHERE c.business_id = %s AND p.outlet_id = %s LIMIT 1",
                    (tenant.business_id, outlet)).fetchone()["row"]
        shift_cols = _columns(admin, "shifts")
        own_shift = admin.execute(
            "SELECT to_jsonb(s) AS row FROM shifts s WHERE business_id = %s AND outlet_id = %s"
            " LIMIT 1", (tenant.business_id, outlet1)).fetchone()["row"]
    with psycopg.connect(pg_db.app_url, row_factory=dict_row) as conn:
        for table in PARENTS:
            forged = _fresh(foreign[table])
            if "outlet_id" in forged:  # the row's own outlet passes; its shift does not
                forged["outlet_id"] = outlet1
            if table == "shift_closes":
                forged["shift_id"] = open2  # still open: UNIQUE (shift_id) is no obstacle
            good = _fresh(own[table])
            with conn.transaction(force_rollback=True):
                set_context(conn, tenant.business_id, "device", outlet1)
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level"):
                    _insert(conn, table, cols[table], [forged])
            for rows in ([good], [good, forged]):
                with conn.transaction(force_rollback=True):
                    set_context(conn, tenant.business_id, "device", outlet1)
                    if table == "shift_closes":  # closes a new shift of outlet 1
                        shift = _fresh(own_shift)
                        _insert(conn, "shifts", shift_cols, [shift])
                        good["shift_id"] = shift["id"]
                    if len(rows) == 1:
                        _insert(conn, table, cols[table], rows)
                    else:  # one statement, a good row and a bad one: refused as a whole
                        with pytest.raises(psycopg.errors.InsufficientPrivilege):
                            _insert(conn, table, cols[table], rows)
            with conn.transaction(force_rollback=True):
                set_context(conn, tenant.business_id, "owner")  # owners are not outlet-bound
                _insert(conn, table, cols[table], [forged])


def test_a_parent_and_its_children_in_one_statement_pass(http, make_tenant, pg_db):
    """The push's fast path writes a sale and its children in one statement: the
    end-of-statement check sees the parent (a WITH CHECK subquery would not)."""
    tenant = make_tenant(1)
    _populate(http, tenant)
    outlet1 = tenant.outlets[0]["id"]
    with _admin(pg_db) as admin:
        sale = admin.execute("SELECT to_jsonb(s) AS row FROM sales s WHERE business_id = %s"
                             " LIMIT 1", (tenant.business_id,)).fetchone()["row"]
        tender = admin.execute("SELECT to_jsonb(t) AS row FROM sale_tenders t"
                               " WHERE sale_id = %s LIMIT 1", (sale["id"],)).fetchone()["row"]
        sale_cols, tender_cols = _columns(admin, "sales"), _columns(admin, "sale_tenders")
    sale, tender = _fresh(sale), _fresh(tender)
    tender["sale_id"] = sale["id"]
    statement = (f"WITH s AS (INSERT INTO sales ({', '.join(sale_cols)})"  # noqa: S608
                 f" SELECT {', '.join(sale_cols)} FROM jsonb_populate_record(NULL::sales, %s)"
                 f" RETURNING id) INSERT INTO sale_tenders ({', '.join(tender_cols)})"
                 f" SELECT {', '.join(tender_cols)}"
                 " FROM jsonb_populate_record(NULL::sale_tenders, %s)")
    with psycopg.connect(pg_db.app_url, row_factory=dict_row) as conn:
        with conn.transaction(force_rollback=True):
            set_context(conn, tenant.business_id, "device", outlet1)
            conn.execute(statement, (Jsonb(sale), Jsonb(tender)))
            assert conn.execute("SELECT count(*) AS n FROM sale_tenders WHERE sale_id = %s",
                                (sale["id"],)).fetchone()["n"] == 1


def _insert(conn, table: str, cols: list[str], rows: list[dict]) -> None:
    names = ", ".join(cols)
    conn.execute(f"INSERT INTO {table} ({names}) SELECT {names}"  # noqa: S608
                 f" FROM jsonb_populate_recordset(NULL::{table}, %s)", (Jsonb(rows),))


def test_a_counter_cannot_write_the_catalog_even_directly(http, make_tenant, pg_db):
    """Catalog, staff and outlets: written by the device role only as the owner's PC
    (app.device_kind, set by dukan_device_context). Customers: a counter adds and edits
    them, but an existing customer's credit limit stays the server's."""
    tenant = make_tenant(2)
    _populate(http, tenant)
    outlet1 = tenant.outlets[0]["id"]
    with _admin(pg_db) as admin:
        samples = {t: admin.execute(f"SELECT to_jsonb(x) AS row FROM {t} x"  # noqa: S608
                                    " WHERE business_id = %s LIMIT 1",
                                    (tenant.business_id,)).fetchone()["row"]
                   for t in (*CATALOG_TABLES, "customers")}
        cols = {t: _columns(admin, t) for t in samples}
    customer = samples["customers"]
    with psycopg.connect(pg_db.app_url, row_factory=dict_row) as conn:
        for kind in (None, "counter"):
            for table in CATALOG_TABLES:
                with conn.transaction(force_rollback=True):
                    set_context(conn, tenant.business_id, "device", outlet1, kind)
                    with pytest.raises(psycopg.errors.InsufficientPrivilege):
                        _insert(conn, table, cols[table], [_fresh(samples[table])])
                with conn.transaction(force_rollback=True):
                    set_context(conn, tenant.business_id, "device", outlet1, kind)
                    assert conn.execute(f"UPDATE {table} SET business_id = business_id"  # noqa: S608
                                        " WHERE business_id = %s",
                                        (tenant.business_id,)).rowcount == 0
                    if table == "barcodes":
                        assert conn.execute("DELETE FROM barcodes").rowcount == 0
            with conn.transaction(force_rollback=True):  # the push's upsert statement
                set_context(conn, tenant.business_id, "device", outlet1, kind)
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute("INSERT INTO products SELECT * FROM jsonb_populate_record("
                                 "NULL::products, %s) ON CONFLICT (business_id, id) DO UPDATE"
                                 " SET price_paisa = 1", (Jsonb(samples["products"]),))
            with conn.transaction(force_rollback=True):
                set_context(conn, tenant.business_id, "device", outlet1, kind)
                fresh = dict(_fresh(customer), credit_limit_paisa=777)
                _insert(conn, "customers", cols["customers"], [fresh])
                conn.execute("UPDATE customers SET name = 'Renamed', credit_limit_paisa ="
                             " 99999999 WHERE id = ANY(%s::uuid[])", ([customer["id"], fresh["id"]],))
                rows = {r["id"]: (r["name"], r["credit_limit_paisa"]) for r in conn.execute(
                    "SELECT id::text AS id, name, credit_limit_paisa FROM customers"
                    " WHERE id = ANY(%s::uuid[])", ([customer["id"], fresh["id"]],))}
                assert rows == {customer["id"]: ("Renamed", customer["credit_limit_paisa"]),
                                fresh["id"]: ("Renamed", 777)}
        with conn.transaction(force_rollback=True):
            set_context(conn, tenant.business_id, "device", outlet1, "owner")
            for table in CATALOG_TABLES:
                _insert(conn, table, cols[table], [_fresh(samples[table])])
            conn.execute("UPDATE customers SET credit_limit_paisa = 5 WHERE id = %s",
                         (customer["id"],))
            assert conn.execute("SELECT credit_limit_paisa FROM customers WHERE id = %s",
                                (customer["id"],)).fetchone()["credit_limit_paisa"] == 5


def test_device_context_sets_the_kind_from_the_credential_row(http, tenant, pg_db):
    with psycopg.connect(pg_db.app_url, row_factory=dict_row) as conn:
        for device, kind in zip(tenant.devices, ("owner", "counter"), strict=True):
            with conn.transaction(force_rollback=True):
                row = conn.execute("SELECT kind FROM dukan_device_context(%s, %s)",
                                   (tenant.business_id, device["device_id"])).fetchone()
                setting = conn.execute("SELECT current_setting('app.device_kind') AS k"
                                       ).fetchone()["k"]
                assert row["kind"] == setting == kind
        http.post(f"/v1/devices/{tenant.devices[0]['device_id']}/revoke", headers=tenant.owner())
        with conn.transaction(force_rollback=True):  # revoked: neither outlet nor kind
            conn.execute("SELECT * FROM dukan_device_context(%s, %s)",
                         (tenant.business_id, tenant.devices[0]["device_id"]))
            assert conn.execute("SELECT app_device_kind() AS k, app_outlet_id() AS o"
                                ).fetchone() == {"k": "counter", "o": None}
