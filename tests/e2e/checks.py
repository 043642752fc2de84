"""What "converged" means: every device holds the server's catalog, customers, credit
balances and stock levels, and the server holds every local document exactly once."""

from __future__ import annotations

from collections import defaultdict


def server_sale_ids(harness, business_id: str) -> set[str]:
    with harness.pg() as pg:
        rows = pg.execute("SELECT id::text AS id FROM sales WHERE business_id = %s",
                          (business_id,)).fetchall()
    return {r["id"] for r in rows}


def local_sale_ids(dev) -> set[str]:
    with dev.uow(False) as uow:
        return {r[0] for r in uow.conn.exec_driver_sql("SELECT id FROM sales")}


def server_view(harness, business_id: str) -> dict:
    with harness.pg() as pg:
        barcodes = defaultdict(set)
        for r in pg.execute("SELECT product_id::text AS p, code FROM barcodes"
                            " WHERE business_id = %s", (business_id,)):
            barcodes[r["p"]].add(r["code"])
        products = {r["id"]: (r["name_en"], r["price_paisa"], r["active"], frozenset(barcodes[r["id"]]))
                    for r in pg.execute("SELECT id::text AS id, name_en, price_paisa, active"
                                        " FROM products WHERE business_id = %s", (business_id,))}
        customers = {r["id"]: (r["name"], r["phone"], r["credit_limit_paisa"])
                     for r in pg.execute("SELECT id::text AS id, name, phone, credit_limit_paisa"
                                         " FROM customers WHERE business_id = %s", (business_id,))}
        balances = {r["c"]: r["b"] for r in pg.execute(
            "SELECT customer_id::text AS c, sum(amount_paisa)::bigint AS b FROM credit_entries"
            " WHERE business_id = %s GROUP BY customer_id", (business_id,))}
        allocations = {r["id"]: r["amount_paisa"] for r in pg.execute(
            "SELECT id::text AS id, amount_paisa FROM credit_allocations WHERE business_id = %s",
            (business_id,))}
        levels = {(r["o"], r["p"]): r["q"] for r in pg.execute(
            "SELECT outlet_id::text AS o, product_id::text AS p, qty_milli AS q FROM stock_levels"
            " WHERE business_id = %s", (business_id,))}
        movements = {(r["o"], r["p"]): r["q"] for r in pg.execute(
            "SELECT outlet_id::text AS o, product_id::text AS p, sum(qty_milli)::bigint AS q"
            " FROM stock_movements WHERE business_id = %s GROUP BY 1, 2", (business_id,))}
    return dict(products=products, customers=customers, balances=balances,
                allocations=allocations, levels=levels, movements=movements)


def device_view(dev) -> dict:
    with dev.uow(False) as uow:
        c = uow.conn
        barcodes = defaultdict(set)
        for code, pid in c.exec_driver_sql("SELECT code, product_id FROM barcodes"):
            barcodes[pid].add(code)
        products = {r[0]: (r[1], r[2], bool(r[3]), frozenset(barcodes[r[0]]))
                    for r in c.exec_driver_sql("SELECT id, name_en, price_paisa, active FROM products")}
        customers = {r[0]: (r[1], r[2], r[3]) for r in c.exec_driver_sql(
            "SELECT id, name, phone, credit_limit_paisa FROM customers")}
        balances = dict(c.exec_driver_sql(
            "SELECT customer_id, sum(amount_paisa) FROM credit_entries GROUP BY customer_id").all())
        allocations = dict(c.exec_driver_sql("SELECT id, amount_paisa FROM credit_allocations").all())
        levels = {(o, p): q for o, p, q in c.exec_driver_sql(
            "SELECT outlet_id, product_id, qty_milli FROM server_stock_levels")}
        movements = {(o, p): q for o, p, q in c.exec_driver_sql(
            "SELECT outlet_id, product_id, sum(qty_milli) FROM stock_movements GROUP BY 1, 2")}
        outbox = dict(c.exec_driver_sql("SELECT status, count(*) FROM outbox GROUP BY status").all())
        failed = c.exec_driver_sql("SELECT record_type, last_error FROM outbox"
                                   " WHERE status = 'failed' LIMIT 5").all()
    return dict(failed=failed, products=products, customers=customers, balances=balances,
                allocations=allocations, levels=levels, movements=movements, outbox=outbox)


def converged(harness, business_id: str, devices: list) -> bool:
    try:
        assert_converged(harness, business_id, devices)
    except AssertionError:
        return False
    return True


def assert_converged(harness, business_id: str, devices: list) -> None:
    server = server_view(harness, business_id)
    # Levels are the sum of movements: nothing double counted on the way in.
    assert server["levels"] == {k: v for k, v in server["movements"].items()}
    local_movements: dict = defaultdict(int)
    for dev in devices:
        view = device_view(dev)
        assert set(view["outbox"]) <= {"synced"}, (dev.name, view["outbox"], view["failed"])
        for key in ("products", "customers", "balances", "allocations", "levels"):
            assert view[key] == server[key], (dev.name, key)
        for key, qty in view["movements"].items():
            local_movements[key] += qty
    # Each PC's own movements, added up, are exactly what the server counted.
    assert {k: v for k, v in local_movements.items() if v} == {
        k: v for k, v in server["movements"].items() if v}
