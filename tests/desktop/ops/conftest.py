"""Fixtures for the operations tests: a data dir per test, never the user's own."""

from __future__ import annotations

import pytest

from dukan_desktop.paths import ENV_DATA_DIR, AppPaths
from dukan_desktop.services import sales
from dukan_desktop.services.testing import build_test_shop


@pytest.fixture(autouse=True)
def _no_leftover_log_handlers():
    """`dukan` commands run in-process add file handlers; drop them after each test."""
    import logging

    root = logging.getLogger()
    saved = root.handlers[:], root.level
    yield
    for handler in root.handlers[:]:
        if handler not in saved[0]:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(saved[1])


@pytest.fixture
def app_paths(tmp_path, monkeypatch) -> AppPaths:
    paths = AppPaths(tmp_path / "data").ensure()
    monkeypatch.setenv(ENV_DATA_DIR, str(paths.data_dir))
    return paths


@pytest.fixture
def shop_paths(app_paths):
    """A data dir holding a small shop with three sales; the ledger is closed again."""
    shop = build_test_shop(app_paths.ledger)
    receipts = [sell(shop).receipt_no for _ in range(3)]
    shop.ledger.close()
    return app_paths, shop, receipts


def sell(shop, product: str = "milk", qty_milli: int = 1000):
    cart = sales.Cart(lines=(sales.CartLine(shop.products[product], qty_milli),))
    with shop.uow() as uow:
        due = sales.quote(uow, cart).total_paisa
        result = sales.complete_sale(uow, shop.cashier, cart, [sales.TenderInput("cash", due)])
        uow.commit()
    return result


def count_sales(path) -> int:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM sales").fetchone()[0]
    finally:
        conn.close()
