"""SIGKILL the syncing process at random points of push and pull, many times over.

The engine runs in a forked child (modules already imported: a fork costs
milliseconds) and is killed after a random delay, while the parent keeps selling and
the owner keeps editing the catalog. Afterwards one clean sync must leave the server
with every sale exactly once, nothing lost, and every device's checkpoints consistent
with what it holds.
"""

from __future__ import annotations

import os
import random
import signal
import time

import pytest

from dukan_desktop.services import catalog, sales
from dukan_desktop.services.sales import Cart, CartLine, TenderInput
from dukan_desktop.sync.engine import SyncEngine

from .checks import assert_converged, local_sale_ids, server_sale_ids

KILLS = 60


def _sync_forever_in_child(path, url, token, page_limit) -> int:
    pid = os.fork()
    if pid:
        return pid
    try:  # the child never returns into pytest
        engine = SyncEngine(path, url, token, events=False, page_limit=page_limit)
        while True:
            engine.run_cycle()
            time.sleep(0.01)
    finally:
        os._exit(0)


def _sell(dev, n):
    s = dev.test_shop
    for i in range(n):
        with dev.uow() as uow:
            sales.complete_sale(uow, s.cashier, Cart((CartLine(s.products["eggs"], 1000 + i * 1000),)),
                                [TenderInput("cash", 36000 * (i + 1))])
            uow.commit()


@pytest.mark.slow
def test_sigkill_during_push_and_pull(harness):
    rng = random.Random(5)
    owner = harness.local_shop("owner")
    s = owner.test_shop
    with owner.uow() as uow:
        extra = [catalog.create_product(uow, s.owner, catalog.ProductInput(
            name_en=f"Item {i}", price_paisa=1000 + i, barcodes=(f"77{i:08d}",)), audit=False)
            for i in range(800)]
        uow.commit()
    _sell(owner, 150)
    harness.connect_local(owner)
    other = harness.fresh_pc("other")
    harness.join(other, outlet_id=s.ctx.outlet_id)

    kills = {"push": 0, "pull": 0}
    for i in range(KILLS):
        if i % 2 == 0:
            target, limit, phase = owner, 500, "push"
            _sell(owner, 4)
            with owner.uow() as uow:  # the other PC will have these to pull
                for pid in rng.sample(extra, 40):
                    p = catalog.get_product(uow, s.owner, pid)
                    catalog.update_product(uow, s.owner, pid, catalog.ProductInput(
                        name_en=p.name_en, price_paisa=p.price_paisa + 1, barcodes=p.barcodes))
                uow.commit()
        else:
            target, limit, phase = other, 40, "pull"
        pid = _sync_forever_in_child(target.path, harness.url, target.token(), limit)
        time.sleep(rng.uniform(0.02, 0.6))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status), "the child finished before it was killed"
        kills[phase] += 1
    assert kills["push"] >= 25 and kills["pull"] >= 25

    for _ in range(2):
        for dev in (owner, other):
            engine = SyncEngine(dev.path, harness.url, dev.token(), events=False)
            assert engine.run_cycle().ok
            engine.close()
    business_id = s.ctx.business_id
    assert server_sale_ids(harness, business_id) == local_sale_ids(owner)
    assert len(local_sale_ids(owner)) == 150 + 4 * (KILLS // 2)
    assert_converged(harness, business_id, [owner, other])
    for dev in (owner, other):
        with dev.uow(False) as uow:
            assert uow.conn.exec_driver_sql("SELECT count(*) FROM sync_checkpoints").scalar() == 8
            assert uow.conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
