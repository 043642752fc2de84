"""The push's outlet and document checks (statement-level triggers of migrations 0006-0009)
find each document by primary key, however long the outlet's history.

They run once per statement, inside PL/pgSQL, with plans cached per connection. Before
0009 a plan made while a shop's tables were small read every sale of the outlet (or of
the business) for each document checked: a 10,000-sale backlog took 12 s to push and
each batch got slower. Counted here with the transaction's own index statistics
(pg_stat_get_xact_tuples_returned), not timed.
"""

from __future__ import annotations

import psycopg
import pytest
from psycopg.rows import dict_row

from dukan_server import sync_push
from dukan_server import testing_records as tr
from dukan_server.deps import DevicePrincipal

from .migration_cycle import down_and_up

SALE_INDEXES = ("sales_pkey", "ix_sales_outlet_created", "ix_sales_shift")


def _context(conn, tenant, device: int) -> DevicePrincipal:
    dev = tenant.devices[device]["device_id"]
    row = conn.execute("SELECT * FROM dukan_device_context(%s, %s)",
                       (tenant.business_id, dev)).fetchone()
    return DevicePrincipal(tenant.business_id, dev, row["outlet_id"], row["number"],
                           row["generation"], row["kind"])


def _reads(conn) -> dict[str, int]:
    # Index entries read in this transaction so far (pg_stat_xact_* has no index view).
    rows = conn.execute(
        "SELECT c.relname AS name, pg_stat_get_xact_tuples_returned(c.oid) AS n"
        " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
        " WHERE i.indrelid = 'sales'::regclass").fetchall()
    return {r["name"]: r["n"] for r in rows}


def _push(conn, principal, n: int, product: str, seq) -> None:
    records = [tr.record("sale", tr.sale(principal.outlet_id, principal.device_id,
                                         products=[(product, 1000, 10000)] * 3,
                                         seq=next(seq)))
               for _ in range(n)]
    received = tr.now_iso()
    validated = [sync_push._validate(raw) for raw in records]
    items = sync_push._plan_all(conn, principal, records, validated, received)
    assert sync_push._apply_fast(conn, principal, items, received) == [
        ("created", None, None)] * n


def _established(conn_url: str, admin_url: str, other, n: int = 3000) -> None:
    """Another shop's sales, analysed: a server that has been running for a while."""
    product, seq = tr.new_id(), iter(range(1, 10**6))
    with psycopg.connect(conn_url, row_factory=dict_row) as conn:
        for _ in range(n // 100):
            with conn.transaction():
                _push(conn, _context(conn, other, 0), 100, product, seq)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute("ANALYZE")


@pytest.mark.parametrize("device", [0, 1], ids=["owner_pc", "counter"])
def test_a_new_shops_backlog_is_checked_by_primary_key(tenant, make_tenant, pg_db, device):
    """A shop joins an established server with 2,000 sales made offline. The statistics
    know nothing of it yet (autovacuum has not come round): the 21st batch of 100 still
    reads each of its sales once, by primary key, not the outlet's whole history."""
    admin_url = pg_db.admin_url.rsplit("/", 1)[0] + "/" + pg_db.name
    _established(pg_db.app_url, admin_url, make_tenant(1))
    product, seq = tr.new_id(), iter(range(1, 10**6))
    with psycopg.connect(pg_db.app_url, row_factory=dict_row) as conn:  # plans made now
        for _ in range(20):
            with conn.transaction():
                principal = _context(conn, tenant, device)
                _push(conn, principal, 100, product, seq)
        with conn.transaction(force_rollback=True):
            principal = _context(conn, tenant, device)
            assert principal.kind == ("owner" if device == 0 else "counter")
            before = _reads(conn)
            _push(conn, principal, 100, product, seq)
            after = _reads(conn)
    assert set(SALE_INDEXES) <= set(after)
    read = {name: after[name] - before.get(name, 0) for name in after}
    # By primary key: the lines' and tenders' parent check (0006), on a counter its stock
    # movements' check (0007), and the foreign keys, each once per sale.
    assert read["sales_pkey"] <= 100 * 8, read
    assert read["ix_sales_outlet_created"] == read["ix_sales_shift"] == 0, read


def test_migration_0009_goes_down_and_up_again():
    def probe(conn):
        sale, entry, stock, credit = (
            conn.execute("SELECT pg_get_functiondef(%s::regproc)", (f,)).fetchone()[0]
            for f in ("dukan_check_sale_parent", "dukan_check_entry_parent",
                      "dukan_check_counter_stock", "dukan_check_counter_credit"))
        assert "app_device_kind() = 'owner'" in entry  # 0008's rule either way
        return ("NOT coalesce((SELECT p.outlet_id = v_outlet" in sale,
                "WHEN 'sale' THEN (SELECT s.outlet_id FROM sales s" in stock,
                "THEN s.credit_paisa END" in credit)

    old, new = (False, False, False), (True, True, True)
    assert down_and_up("0008", probe) == [old, new, old, new]
