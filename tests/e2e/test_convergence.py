"""Two outlets, two counters and the owner's PC sell offline for days, then converge."""

from __future__ import annotations

from dukan_desktop.core.permissions import Actor, Role
from dukan_desktop.services import catalog, credit, customers, sales, stock, workers
from dukan_desktop.services.sales import Cart, CartLine, TenderInput

from .checks import assert_converged, local_sale_ids, server_sale_ids

DEAD_URL = "http://127.0.0.1:9"  # nothing listens: the internet is down


def _sell(dev, actor, lines, tenders, customer_id=None):
    with dev.uow() as uow:
        r = sales.complete_sale(uow, actor, Cart(tuple(CartLine(p, q) for p, q in lines),
                                                 customer_id=customer_id), tenders)
        uow.commit()
    return r.sale_id


def test_offline_days_then_everything_converges(harness):
    owner_pc = harness.local_shop("owner")
    s = owner_pc.test_shop
    harness.connect_local(owner_pc)
    owner_pc.sync()
    gul = s.ctx.outlet_id

    counter_a = harness.fresh_pc("counter-a")
    harness.join(counter_a, outlet_id=gul)
    counter_a.sync()
    counter_b = harness.fresh_pc("counter-b")
    dha = harness.join(counter_b, new_outlet=("DHA Phase 5", "DHA")).outlet_id
    counter_b.sync()
    assert counter_a.context().device_number == 2 and counter_b.context().outlet_code == "DHA"

    # The owner hires a cashier for DHA and edits the catalog, then everyone syncs.
    owner_pc.sync()
    with owner_pc.uow() as uow:
        workers.create_worker(uow, s.owner, name="Sana", pin="4321", outlet_id=dha)
        catalog.update_product(uow, s.owner, s.products["milk"], catalog.ProductInput(
            name_en="Milk Pack 1L", name_ur="دودھ", price_paisa=23000, cost_paisa=20000,
            barcodes=("8964000000017", "8964000000099")))
        uow.commit()
    owner_pc.sync()
    counter_a.sync()
    counter_b.sync()

    bilal = counter_a.actor("Bilal")
    sana = counter_b.actor("Sana")
    owner_at_b = Actor(s.owner.worker_id, Role.OWNER, None, "Asad")
    milk, eggs, rice = s.products["milk"], s.products["eggs"], s.products["rice"]
    rashid = s.customer_id

    # Days offline. Outlet A's credit sales come first (oldest).
    counter_b.clock.advance(hours=1)
    a_credit = []
    for _day in range(3):
        for dev in (counter_a, counter_b, owner_pc):
            dev.clock.advance(days=1)
        a_credit.append(_sell(counter_a, bilal, [(eggs, 1000)], [TenderInput("credit", 36000)],
                              rashid))
        _sell(counter_a, bilal, [(milk, 2000), (rice, 1500)], [TenderInput("cash", 110000)])
        _sell(counter_b, sana, [(milk, 1000)], [TenderInput("card", 23000, "x1")])
        _sell(counter_b, sana, [(eggs, 1000)], [TenderInput("cash", 10000),
                                                TenderInput("credit", 26000)], rashid)
        _sell(owner_pc, s.cashier, [(rice, 500)], [TenderInput("cash", 19000)])
        # Trying to sync while offline changes nothing and loses nothing.
        engine = counter_b.engine(DEAD_URL)
        result = engine.run_cycle()
        assert not result.ok and engine.online is False
        engine.close()
    with counter_b.uow() as uow:  # a counter may add customers (not receive stock)
        # No limit (a new customer's default is now the shop's, Rs 0: udhaar needs a PIN).
        walk_in = customers.save_customer(uow, owner_at_b, name="Naveed", phone="03211234567",
                                          credit_limit_paisa=None)
        uow.commit()
    _sell(counter_b, sana, [(rice, 1000)], [TenderInput("credit", 38000)], walk_in)
    # Stock is received and adjusted on the owner's PC: the server refuses both from a
    # counter (owner_device_required).
    with owner_pc.uow() as uow:
        stock.receive(uow, s.owner, gul, [(milk, 24_000, 20000)], supplier_id=None)
        stock.adjust(uow, s.owner, gul, eggs, -2000, reason="broken")
        # The owner's PC (at Gulberg) also stocks the other outlet: a transfer to DHA and
        # goods received at DHA (migration 0008; the transfer's two halves pair up).
        stock.transfer(uow, s.owner, gul, dha, [(milk, 6_000)], reason="DHA ran out")
        stock.receive(uow, s.owner, dha, [(rice, 10_000, 33000)], supplier_id=None)
        uow.commit()

    # The network is back.
    for _ in range(2):
        for dev in (counter_a, counter_b, owner_pc):
            dev.sync()

    # A payment at outlet B allocates to outlet A's (oldest) credit sale.
    with counter_b.uow() as uow:
        paid = credit.record_payment(uow, sana, rashid, 50000)
        uow.commit()
    assert paid.allocations[0] == (a_credit[0], 36000)
    assert sum(a for _, a in paid.allocations) == 50000
    for _ in range(2):
        for dev in (counter_b, counter_a, owner_pc):
            dev.sync()

    devices = [owner_pc, counter_a, counter_b]
    assert server_sale_ids(harness, s.ctx.business_id) == set().union(
        *(local_sale_ids(d) for d in devices))
    assert len(server_sale_ids(harness, s.ctx.business_id)) == 3 * 5 + 1
    assert_converged(harness, s.ctx.business_id, devices)
    with harness.pg() as pg:
        rows = pg.execute(
            "SELECT kind, sum(qty_milli)::bigint AS q FROM stock_movements WHERE outlet_id = %s"
            " AND kind IN ('transfer_in', 'receive') GROUP BY kind", (dha,)).fetchall()
    at_dha = {r["kind"]: r["q"] for r in rows}
    assert at_dha == {"transfer_in": 6_000, "receive": 10_000}
    for dev in devices:
        with dev.uow(False) as uow:
            assert a_credit[0] not in {o.sale_id for o in credit.open_credit_sales(uow, rashid)}
            alloc = uow.conn.exec_driver_sql(
                "SELECT amount_paisa FROM credit_allocations WHERE sale_id = ?",
                (a_credit[0],)).scalar()
            assert alloc == 36000
