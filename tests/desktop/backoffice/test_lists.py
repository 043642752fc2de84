"""Back-office lists: filtered and sorted in the model on plain data (never a proxy that
calls Python per row), opening A→Z, and the stock list kept live cheaply."""

from importlib import import_module

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QTableView

from dukan_desktop.services import catalog_admin, stock
from dukan_desktop.ui.backoffice import open_back_office
from dukan_desktop.ui.backoffice.common import BackOfficeContext
from dukan_desktop.ui.backoffice.list_model import ListColumn, ListModel
from dukan_desktop.ui.backoffice.stock import StockPage
from dukan_desktop.ui.backoffice.window import SECTIONS
from dukan_desktop.ui.events import SALE, events

from .conftest import sell


def test_no_page_lists_through_a_proxy(qtbot, busy_shop):
    window = open_back_office(None, busy_shop.ledger, busy_shop.owner)
    qtbot.addWidget(window)
    for key, *_ in SECTIONS:
        page = window.show_section(key)
        for view in page.findChildren(QTableView):
            assert not isinstance(view.model(), QSortFilterProxyModel), (key, view.objectName())
            assert isinstance(view.model(), ListModel), (key, view.objectName())
    window.close()


class _Row:
    def __init__(self, i: int) -> None:
        self.id, self.name, self.qty = i, f"Item {i:05d} {'rice' if i % 7 else 'sugar'}", (i * 37) % 1000


def test_filter_and_sort_never_call_back_per_row():
    """A keystroke and a sort work on the precomputed keys: no cell text is asked for
    (a QSortFilterProxyModel asks for every row's data on each keystroke and comparison)."""
    calls = []

    def name(r):
        calls.append(r.id)
        return r.name

    model = ListModel([ListColumn("Name", name), ListColumn("Qty", lambda r: str(r.qty), True,
                                                           key=lambda r: r.qty)])
    rows = [_Row(i) for i in range(20_000)]
    model.set_rows(rows, keys=[r.name.casefold() for r in rows], presorted=0)
    calls.clear()
    for text in ("s", "su", "sug", "suga", "sugar", "sugar 01"):
        model.set_filter(text)
    assert model.rowCount() == sum(1 for r in rows if "sugar" in r.name and "01" in r.name)
    model.set_filter("")
    model.sort(1, Qt.SortOrder.DescendingOrder)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert calls == []
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert model.row(0).qty == 999 and [model.row(i).qty for i in range(3)] == sorted(
        [model.row(i).qty for i in range(3)], reverse=True)
    model.set_filter("rice")
    assert all("rice" in model.row(i).name for i in range(model.rowCount()))
    assert model.row(0).qty >= model.row(model.rowCount() - 1).qty  # still by quantity


@pytest.mark.parametrize("section,expected", [
    ("products", "name_en"), ("suppliers", "name"), ("stock", "name_en"), ("staff", "name")])
def test_lists_open_a_to_z(qtbot, ctx, busy_shop, section, expected):
    with busy_shop.uow() as uow:
        from dukan_desktop.services import catalog

        catalog.save_supplier(uow, busy_shop.owner, name="Punjab Wholesale")
        uow.commit()
    module, cls = next((m, c) for k, _t, m, c in SECTIONS if k == section)
    page = getattr(import_module(f"dukan_desktop.ui.backoffice.{module}"), cls)(ctx)
    qtbot.addWidget(page)
    view = page.view
    names = [getattr(r, expected) for r in view.model().rows]
    assert len(names) > 1 and names == sorted(names, key=str.casefold), (section, names)
    assert view.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert view.horizontalHeader().sortIndicatorSection() == 0


def test_customers_open_largest_balance_first(qtbot, ctx, busy_shop):
    from dukan_desktop.services import customers

    with busy_shop.uow() as uow:
        other = customers.save_customer(uow, busy_shop.owner, name="Zahid", phone="03001112223")
        uow.commit()
    sell(busy_shop, [("rice", 10_000)], customer_id=other, credit=True, actor=busy_shop.owner)
    page = import_module("dukan_desktop.ui.backoffice.customers").CustomersPage(ctx)
    qtbot.addWidget(page)
    balances = [c.balance_paisa for c in page.model.rows]
    assert len(balances) == 2 and balances == sorted(balances, reverse=True)


def _shown_stock_page(qtbot, ctx):
    page = StockPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_sales_patch_the_stock_list_after_they_settle(qtbot, ctx, busy_shop, monkeypatch):
    """Each sale at the counter used to reload the whole stock list on the billing
    window's thread. Now a burst of sales is applied once, from the movements since."""
    page = _shown_stock_page(qtbot, ctx)
    full_loads, deltas = [], []
    monkeypatch.setattr(stock, "levels", lambda *a, **k: full_loads.append(k) or [])
    real = stock.level_changes
    monkeypatch.setattr(stock, "level_changes", lambda *a, **k: deltas.append(a) or real(*a, **k))
    milk = busy_shop.products["milk"]
    before = page.model.all[page.model.position(milk)].qty_milli
    for _ in range(5):
        sell(busy_shop, [("milk", 1000)])
        events().notify(SALE, busy_shop.cashier.worker_id)
    assert deltas == [] and full_loads == []  # nothing at all while sales keep coming
    qtbot.waitUntil(lambda: len(deltas) == 1, timeout=3000)
    assert full_loads == []
    assert page.model.all[page.model.position(milk)].qty_milli == before - 5000
    qtbot.wait(page.watcher.timer.interval() + 100)
    assert len(deltas) == 1


def test_hidden_stock_page_does_no_work_until_shown(qtbot, ctx, busy_shop, monkeypatch):
    page = _shown_stock_page(qtbot, ctx)
    page.hide()
    deltas = []
    real = stock.level_changes
    monkeypatch.setattr(stock, "level_changes", lambda *a, **k: deltas.append(a) or real(*a, **k))
    sell(busy_shop, [("eggs", 1000)])
    events().notify(SALE, busy_shop.cashier.worker_id)
    qtbot.wait(page.watcher.timer.interval() + 200)
    assert deltas == []
    page.show()
    qtbot.waitUntil(lambda: len(deltas) == 1, timeout=3000)
    eggs = busy_shop.products["eggs"]
    with busy_shop.uow(False) as uow:
        assert page.model.all[page.model.position(eggs)].qty_milli == stock.level(
            uow, busy_shop.ctx.outlet_id, eggs)


def test_big_stock_list_loads_in_the_background(qtbot, busy_shop):
    with busy_shop.uow() as uow:
        catalog_admin.seed_products(uow, busy_shop.owner, 1500)
        uow.commit()
    page = StockPage(BackOfficeContext(busy_shop.ledger, busy_shop.owner))
    qtbot.addWidget(page)
    assert not page.complete and page.model.rowCount() == 200  # the first page at once
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        pass
    assert page.complete and page.model.rowCount() == 1504
    page.filter.setText("rice")
    shown = page.model.rowCount()
    assert 0 < shown < 1504 and "of 1,504 products" in page.summary.text()
    page.low_only.setChecked(True)  # seeded products have no reorder level: never "low"
    assert page.model.rowCount() <= 4 and not any(r.name_en.startswith("Item") for r in page.model.rows)
