"""The WAL is copied into the database file by the checkpointer once writes pause,
never inside a sale's COMMIT (the billing p99 depends on it)."""

import sqlite3
import time

from dukan_desktop.ledger import engine
from dukan_desktop.services import sales
from dukan_desktop.services.sales import Cart, CartLine, TenderInput


def _sales_in_main_file(path) -> int:
    """Sales in the database file itself, ignoring the WAL (immutable=1 never reads it)."""
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return conn.execute("SELECT COUNT(*) FROM sales").fetchone()[0]
    finally:
        conn.close()


def _sell(shop, n):
    for _ in range(n):
        with shop.uow() as uow:
            sales.complete_sale(uow, shop.cashier, Cart((CartLine(shop.products["milk"], 1000),)),
                                [TenderInput("cash", 100_000)])
            uow.commit()


def _wait_for(predicate, seconds=10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def _wal_pages(path) -> int:
    wal = path.with_name(path.name + "-wal")
    return wal.stat().st_size // (4096 + 24) if wal.exists() else 0


def test_commits_leave_the_copy_to_the_checkpointer(test_shop, monkeypatch):
    monkeypatch.setattr(engine, "CHECKPOINT_IDLE_S", 60.0)  # no pause long enough in this test
    path = test_shop.ledger.path
    before = _sales_in_main_file(path)
    sold = 0
    # Well past the 1,000 WAL pages at which SQLite's default checkpoints inside a COMMIT.
    while _wal_pages(path) < 1500 and sold < 600:
        _sell(test_shop, 10)
        sold += 10
    assert _wal_pages(path) >= 1500
    with test_shop.uow(write=False) as uow:
        assert uow.sql("SELECT COUNT(*) FROM sales")[0][0] == before + sold
    assert _sales_in_main_file(path) == before  # no COMMIT checkpointed on its own


def test_a_pause_in_writes_checkpoints_the_wal(test_shop, monkeypatch):
    monkeypatch.setattr(engine, "CHECKPOINT_IDLE_S", 0.2)
    path = test_shop.ledger.path
    before = _sales_in_main_file(path)
    _sell(test_shop, 3)
    assert _wait_for(lambda: _sales_in_main_file(path) == before + 3)
    thread = test_shop.ledger.checkpointer._thread
    assert thread is not None and thread.is_alive()
    test_shop.ledger.checkpointer.close()
    assert not thread.is_alive()
