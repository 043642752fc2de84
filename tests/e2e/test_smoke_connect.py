"""A shop that billed local-only connects: its history uploads once, then pulls back."""

from dukan_desktop.services import sales
from dukan_desktop.services.sales import Cart, CartLine, TenderInput


def test_local_shop_connects_and_uploads_history(harness):
    dev = harness.local_shop()
    s = dev.test_shop
    for i in range(5):
        with dev.uow() as uow:
            sales.complete_sale(uow, s.cashier, Cart((CartLine(s.products["milk"], 1000 * (i + 1)),)),
                                [TenderInput("cash", 22000 * (i + 1))])
            uow.commit()
        dev.clock.advance(days=1)
    result = harness.connect_local(dev)
    assert result.business_id == s.ctx.business_id
    dev.sync()
    with harness.pg() as pg:
        n = pg.execute("SELECT count(*) AS n FROM sales WHERE business_id = %s",
                       (s.ctx.business_id,)).fetchone()["n"]
        products = pg.execute("SELECT count(*) AS n FROM products WHERE business_id = %s",
                              (s.ctx.business_id,)).fetchone()["n"]
    assert n == 5
    assert products == 4
    with dev.uow(False) as uow:
        statuses = dict(uow.conn.exec_driver_sql(
            "SELECT status, count(*) FROM outbox GROUP BY status").all())
        assert set(statuses) == {"synced"}, statuses
        cps = uow.conn.exec_driver_sql("SELECT count(*) FROM sync_checkpoints").scalar()
        assert cps == 8
