"""SIGKILL a process that commits sales in a loop, at random moments, 100+ times.

Afterwards the ledger passes every check and every sale the process reported as
committed is present and whole. The writer is a forked child (modules already
imported, so each round costs milliseconds, not an interpreter start).
"""

import os
import random
import select as io_select
import shutil
import signal
import time

from sqlalchemy import func, select

from dukan_desktop.core.clock import SystemClock
from dukan_desktop.ledger.engine import Ledger
from dukan_desktop.ledger.models import OutboxRecord, Sale, SaleLine
from dukan_desktop.ledger.uow import UnitOfWork
from dukan_desktop.services import sales
from dukan_desktop.services.integrity import check_ledger
from dukan_desktop.services.sales import Cart, CartLine, TenderInput

ROUNDS = 120


def _writer(path, products, actor, customer, fd, seed):
    """Child: sell forever; after each commit returns, report '<sale id> <lines>'."""
    rng = random.Random(seed)
    ledger = Ledger(path, SystemClock())
    out = os.fdopen(fd, "w", buffering=1)
    while True:
        n = rng.randrange(1, 6)
        lines = tuple(CartLine(rng.choice(products), rng.randrange(1, 4) * 1000) for _ in range(n))
        with UnitOfWork(ledger) as uow:
            cart = Cart(lines, customer_id=customer)
            total = sales.quote(uow, cart).total_paisa
            r = sales.complete_sale(uow, actor, cart, [TenderInput("credit", total // 3),
                                                       TenderInput("cash", total)])
            uow.commit()
        out.write(f"{r.sale_id} {n}\n")


def test_sales_survive_sigkill_at_random_moments(_shop_template, tmp_path):
    path = tmp_path / "ledger.sqlite3"
    shutil.copyfile(_shop_template.ledger.path, path)
    products = [p for k, p in _shop_template.products.items() if k != "rice"]
    reported: dict[str, int] = {}
    rng = random.Random(2026)
    for round_no in range(ROUNDS):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            os.close(r)
            try:
                _writer(path, products, _shop_template.owner, _shop_template.customer_id, w, round_no)
            finally:
                os._exit(1)
        os.close(w)
        # Wait until the writer has committed once (it is really in its loop, whatever the
        # machine's load), then kill it at a random moment of the loop.
        ready, _, _ = io_select.select([r], [], [], 30)
        assert ready, "the writer made no sale in 30 s"
        time.sleep(rng.uniform(0.0, 0.06))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(r) as fh:
            for line in fh.read().splitlines():
                parts = line.split()
                if len(parts) == 2:  # a torn last line was never a report
                    reported[parts[0]] = int(parts[1])
    assert len(reported) > ROUNDS  # the writer really got work done between kills

    ledger = Ledger(path)
    try:
        with UnitOfWork(ledger, write=False) as uow:
            assert check_ledger(uow) == []
            counts = dict(uow.session.execute(
                select(SaleLine.sale_id, func.count()).group_by(SaleLine.sale_id)).all())
            outboxed = set(uow.session.scalars(select(OutboxRecord.record_id)))
            stored = set(uow.session.scalars(select(Sale.id)))
        for sale_id, n_lines in reported.items():
            assert sale_id in stored, "a sale reported as saved was lost"
            assert counts[sale_id] == n_lines
            assert sale_id in outboxed
    finally:
        ledger.close()
    # And the command-line check agrees.
    from dukan_desktop.cli import main
    assert main(["check", "--data-dir", str(tmp_path)]) == 0
