"""The new back-office services: product rows, CSV import/export, udhaar desk, dashboard."""

import pytest

from dukan_desktop.core.errors import PermissionDenied
from dukan_desktop.services import catalog_admin, catalog_csv, credit, dashboard, udhaar_admin

GOOD_AND_BAD = (
    "sku,barcodes,name_en,name_ur,unit,price,cost,tax_percent,tax_mode,supplier,reorder_level,active\n"
    "NEW-1,1111111,Tapal Danedar 200g,تپال,pc,350,300,18,inclusive,Al-Noor Traders,5,yes\n"
    "RICE-1,,Basmati Rice,,kg,400,,,,,,\n"
    "BAD-1,,No Price,,pc,abc,,,,,,\n"
    "BAD-2,8964000000017,Stolen Barcode,,pc,10,,,,,,\n"
    ",,,,pc,10,,,,,,\n"
    "BAD-3,,Bad Unit,,box,10,,,,,,\n"
    "BAD-4,,Unknown Supplier,,pc,10,,,,Nobody,,\n"
)


def test_product_rows_owner_only(busy_shop):
    with busy_shop.uow(False) as uow:
        rows = catalog_admin.product_rows(uow, busy_shop.owner)
        first = catalog_admin.product_rows(uow, busy_shop.owner, limit=2)
        with pytest.raises(PermissionDenied):
            catalog_admin.product_rows(uow, busy_shop.cashier)
    assert [r.name_en for r in rows] == sorted(r.name_en for r in rows)
    assert [r.name_en for r in first] == [r.name_en for r in rows[:2]]
    milk = next(r for r in rows if r.name_en == "Milk Pack 1L")
    assert milk.barcodes == "8964000000017" and milk.cost_paisa == 20000


def test_csv_import_good_and_bad_rows(busy_shop, tmp_path):
    path = tmp_path / "products.csv"
    path.write_text(GOOD_AND_BAD, encoding="utf-8")
    with busy_shop.uow() as uow:
        preview = catalog_csv.import_products(uow, busy_shop.owner, path, dry_run=True)
    with busy_shop.uow(False) as uow:
        assert len(catalog_admin.product_rows(uow, busy_shop.owner)) == 4  # dry run wrote nothing
    with busy_shop.uow() as uow:
        report = catalog_csv.import_products(uow, busy_shop.owner, path)
    assert [n for _, n in preview.added] == [n for _, n in report.added] == ["Tapal Danedar 200g"]
    assert report.changed == [(3, "Basmati Rice")]
    refused = {r.line: r.message for r in report.refused}
    assert set(refused) == {4, 5, 6, 7, 8}
    assert "not an amount" in refused[4]
    assert "already belongs" in refused[5]
    assert "English name" in refused[6]
    assert "Nobody" in refused[8]
    with busy_shop.uow(False) as uow:
        rows = {r.name_en: r for r in catalog_admin.product_rows(uow, busy_shop.owner)}
    assert rows["Basmati Rice"].price_paisa == 40000 and rows["Basmati Rice"].cost_paisa == 33000
    assert rows["Tapal Danedar 200g"].supplier_name == "Al-Noor Traders"
    assert rows["Tapal Danedar 200g"].reorder_level_milli == 5000


def test_csv_export_round_trips_unchanged(busy_shop, tmp_path):
    path = tmp_path / "out.csv"
    with busy_shop.uow(False) as uow:
        assert catalog_csv.export_products(uow, busy_shop.owner, path) == 4
    with busy_shop.uow() as uow:
        report = catalog_csv.import_products(uow, busy_shop.owner, path, dry_run=True)
    assert report.unchanged == 4 and not report.added and not report.changed and not report.refused


def test_udhaar_desk(busy_shop):
    with busy_shop.uow(False) as uow:
        rows = udhaar_admin.customer_rows(uow, busy_shop.owner)
        ledger = udhaar_admin.ledger(uow, busy_shop.owner, busy_shop.customer_id)
        text_ur = udhaar_admin.reminder_text(uow, busy_shop.owner, busy_shop.customer_id, "ur")
        text_en = udhaar_admin.reminder_text(uow, busy_shop.owner, busy_shop.customer_id, "en")
        doc = udhaar_admin.statement_doc(uow, busy_shop.owner, busy_shop.customer_id,
                                         busy_shop.clock.now().date(), busy_shop.clock.now().date())
        with pytest.raises(PermissionDenied):
            udhaar_admin.customer_rows(uow, busy_shop.cashier)
    (rashid,) = rows
    assert rashid.balance_paisa == 58000 and rashid.oldest_due is not None
    assert udhaar_admin.totals(rows).outstanding_paisa == 58000
    assert ledger.entries[-1].running_balance_paisa == 58000
    assert "Rs 580.00" in text_en and "Madina" in text_en and "ادھار" in text_ur
    doc.check_consistent()
    assert udhaar_admin.whatsapp_link("0300-1234567", "a b") == "https://wa.me/923001234567?text=a%20b"
    with busy_shop.uow() as uow:
        credit.record_payment(uow, busy_shop.owner, busy_shop.customer_id, 58000)
        uow.commit()
    with busy_shop.uow(False) as uow:
        (rashid,) = udhaar_admin.customer_rows(uow, busy_shop.owner)
    assert rashid.balance_paisa == 0 and rashid.oldest_due is None


def test_dashboard(busy_shop):
    with busy_shop.uow(False) as uow:
        d = dashboard.local_dashboard(uow, busy_shop.owner)
        with pytest.raises(PermissionDenied):
            dashboard.local_dashboard(uow, busy_shop.cashier)
    assert d.today_sales_count == 3 and len(d.trend) == 30 and d.trend[-1][1] == d.today_sales_paisa
    assert d.credit_outstanding_paisa == 58000 and d.customers_owing == 1
    assert d.top_products[0].name_en in ("Milk Pack 1L", "Basmati Rice")


def test_csv_import_takes_the_shops_tax_defaults(busy_shop, tmp_path):
    from dukan_desktop.services import settings

    with busy_shop.uow() as uow:
        settings.update_settings(uow, busy_shop.owner, {"default_tax_rate_bp": 1700,
                                                        "default_tax_mode": "exclusive"})
        uow.commit()
    path = tmp_path / "new.csv"
    path.write_text("name_en,price\nShan Masala,120\n", encoding="utf-8")
    with busy_shop.uow() as uow:
        catalog_csv.import_products(uow, busy_shop.owner, path)
    with busy_shop.uow(False) as uow:
        row = next(r for r in catalog_admin.product_rows(uow, busy_shop.owner) if r.name_en == "Shan Masala")
    assert (row.tax_rate_bp, row.tax_mode) == (1700, "exclusive")


def test_stock_levels_up_to_a_mark_and_the_changes_since(busy_shop):
    from dukan_desktop.services import stock

    from .conftest import sell

    outlet, milk = busy_shop.ctx.outlet_id, busy_shop.products["milk"]
    with busy_shop.uow(False) as uow:
        mark = stock.movement_mark(uow)
        full = {s.product_id: s.qty_milli for s in stock.levels(uow, busy_shop.owner, outlet)}
        page = stock.levels(uow, busy_shop.owner, outlet, limit=2, upto=mark)
        with pytest.raises(PermissionDenied):
            stock.level_changes(uow, busy_shop.cashier, outlet, mark)
    assert [s.name_en for s in page] == sorted(s.name_en for s in page) and len(page) == 2
    assert all(full[s.product_id] == s.qty_milli for s in page)
    sell(busy_shop, [("milk", 3000)])
    with busy_shop.uow(False) as uow:
        changes = stock.level_changes(uow, busy_shop.owner, outlet, mark)
        again = stock.level_changes(uow, busy_shop.owner, outlet, changes.mark)
        before = {s.product_id: s.qty_milli for s in stock.levels(uow, busy_shop.owner, outlet, upto=mark)}
    assert changes.deltas == {milk: -3000} and again.deltas == {} and changes.mark > mark
    assert before == full  # counted up to the mark: the new sale is not in it


def test_demo_sells_up_to_today(tmp_path):
    from datetime import UTC, datetime

    from sqlalchemy import text

    from dukan_desktop.core.clock import to_local
    from dukan_desktop.core.permissions import Actor, Role
    from dukan_desktop.ledger.engine import Ledger
    from dukan_desktop.ledger.uow import UnitOfWork
    from dukan_desktop.services import workers
    from dukan_desktop.services.demo import build_demo

    path = tmp_path / "demo.sqlite3"
    build_demo(path, days=3, products=30)
    ledger = Ledger.open(path)
    try:
        with UnitOfWork(ledger, write=False) as uow:
            owner = next(w for w in workers.list_workers(uow) if w.role == "owner")
            d = dashboard.local_dashboard(uow, Actor(owner.id, Role.OWNER, None, owner.name))
            newest = uow.session.execute(text("SELECT max(created_at) FROM sales")).scalar()
    finally:
        ledger.close()
    assert d.today == to_local(datetime.now(UTC)).date()
    assert d.today_sales_count > 0 and d.trend[-1][1] == d.today_sales_paisa > 0
    assert all(v > 0 for _day, v in d.trend[-3:])
    assert datetime.fromisoformat(str(newest)).replace(tzinfo=UTC) <= datetime.now(UTC)
