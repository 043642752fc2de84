"""SIGKILL the syncing process while a push is in flight and while a pulled page is
being applied, at least 50 times each.

The engine runs in a forked child (modules already imported: a fork costs
milliseconds) that reports its phase through a pipe: "P" just before a push request
goes out and "p" once its results are committed; "L" inside a pulled page's write
transaction and "l" once it is committed. The parent kills the child right after a
start marker, and counts a kill as landed in that phase only if the child never
wrote the matching end marker. Afterwards a clean sync must leave the server with
every sale exactly once, nothing lost, and every device's checkpoints consistent.
"""

from __future__ import annotations

import os
import random
import select
import signal
import time

import pytest

from dukan_desktop.services import catalog, sales
from dukan_desktop.services.sales import Cart, CartLine, TenderInput
from dukan_desktop.sync.engine import SyncEngine

from .checks import assert_converged, local_sale_ids, server_sale_ids

LANDED_EACH = 50
MAX_ROUNDS = 80
EDITS_PER_ROUND = 110   # two push batches on the owner's PC, several pages for the other


def _sync_forever_in_child(path, url, token, page_limit) -> tuple[int, int]:
    """Fork a syncing child; returns (pid, read end of its phase pipe)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_fd)
        return pid, read_fd
    try:  # the child never returns into pytest
        os.close(read_fd)
        from dukan_desktop.sync import apply, outbox

        engine = SyncEngine(path, url, token, events=False, page_limit=page_limit)
        after_commit: list[bytes] = []
        real_push, real_write = engine.client.push, engine._write
        real_mark, real_apply = outbox.mark_results, apply.apply_page

        def push(*args, **kwargs):
            os.write(write_fd, b"P")
            return real_push(*args, **kwargs)

        def mark_results(*args, **kwargs):
            after_commit.append(b"p")
            return real_mark(*args, **kwargs)

        def apply_page(*args, **kwargs):
            os.write(write_fd, b"L")  # inside the page's transaction
            after_commit.append(b"l")
            return real_apply(*args, **kwargs)

        def write(work):
            after_commit.clear()
            result = real_write(work)  # committed
            for marker in after_commit:
                os.write(write_fd, marker)
            return result

        engine.client.push, engine._write = push, write
        outbox.mark_results, apply.apply_page = mark_results, apply_page
        while True:
            engine.run_cycle()
            time.sleep(0.005)
    finally:
        os._exit(0)


def _kill_during(pid: int, fd: int, start: bytes, end: bytes, nth: int, delay_s: float,
                 timeout_s: float = 5.0) -> bool:
    """Kill the child `delay_s` after its nth `start` marker; True when the kill landed
    in that phase (no `end` after the last `start`)."""
    seen = b""
    deadline = time.monotonic() + timeout_s
    while seen.count(start) < nth and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        seen += chunk
    if delay_s:
        time.sleep(delay_s)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status), "the child finished before it was killed"
    while chunk := os.read(fd, 4096):  # what it wrote before dying (EOF now)
        seen += chunk
    os.close(fd)
    return start in seen and seen.rfind(start) > seen.rfind(end)


def _sell(dev, n, start_qty):
    s = dev.test_shop
    for i in range(n):
        with dev.uow() as uow:
            sales.complete_sale(uow, s.cashier, Cart((CartLine(
                s.products["eggs"], 1000 + (start_qty + i) * 1000),)),
                [TenderInput("cash", 36000 * (start_qty + i + 1))])
            uow.commit()


@pytest.mark.slow
def test_sigkill_during_push_and_pull(harness):
    started = time.monotonic()
    rng = random.Random(5)
    owner = harness.local_shop("owner")
    s = owner.test_shop
    with owner.uow() as uow:
        extra = [catalog.create_product(uow, s.owner, catalog.ProductInput(
            name_en=f"Item {i}", price_paisa=1000 + i, barcodes=(f"77{i:08d}",)), audit=False)
            for i in range(400)]
        uow.commit()
    _sell(owner, 60, 0)
    harness.connect_local(owner)
    other = harness.fresh_pc("other")
    harness.join(other, outlet_id=s.ctx.outlet_id)
    owner_engine = SyncEngine(owner.path, harness.url, owner.token(), events=False)

    landed = {"push": 0, "pull": 0}
    sold = 60
    rounds = 0
    while min(landed.values()) < LANDED_EACH and rounds < MAX_ROUNDS:
        rounds += 1
        _sell(owner, 3, sold)
        sold += 3
        with owner.uow() as uow:  # the other PC will have these to pull
            for pid in rng.sample(extra, EDITS_PER_ROUND):
                p = catalog.get_product(uow, s.owner, pid)
                catalog.update_product(uow, s.owner, pid, catalog.ProductInput(
                    name_en=p.name_en, price_paisa=p.price_paisa + 1, barcodes=p.barcodes))
            uow.commit()
        # Mid-push: before the request, while the server commits, or after it answered
        # but before this PC recorded the answer (then the replay must be a duplicate).
        pid, fd = _sync_forever_in_child(owner.path, harness.url, owner.token(), 500)
        landed["push"] += _kill_during(pid, fd, b"P", b"p", nth=rng.randint(1, 2),
                                       delay_s=rng.uniform(0, 0.02))
        owner_engine.push_all()  # what the killed child left: the server has the edits now
        # Mid-pull: inside a page's transaction, with its checkpoint.
        pid, fd = _sync_forever_in_child(other.path, harness.url, other.token(), 20)
        landed["pull"] += _kill_during(pid, fd, b"L", b"l", nth=rng.randint(1, 4),
                                       delay_s=rng.uniform(0, 0.002))
    owner_engine.close()
    print(f"kills landed: {landed} in {rounds} rounds, {time.monotonic() - started:.1f} s")
    assert landed["push"] >= LANDED_EACH and landed["pull"] >= LANDED_EACH, (landed, rounds)

    for _ in range(2):
        for dev in (owner, other):
            engine = SyncEngine(dev.path, harness.url, dev.token(), events=False)
            assert engine.run_cycle().ok
            engine.close()
    business_id = s.ctx.business_id
    assert server_sale_ids(harness, business_id) == local_sale_ids(owner)
    assert len(local_sale_ids(owner)) == sold
    assert_converged(harness, business_id, [owner, other])  # and no record failed
    for dev in (owner, other):
        with dev.uow(False) as uow:
            assert uow.conn.exec_driver_sql("SELECT count(*) FROM sync_checkpoints").scalar() == 8
            assert uow.conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert time.monotonic() - started < 60, "keep this test quick"
