"""Each back-office screen's main path, and role gating."""

from datetime import UTC, datetime

import pytest

from dukan_desktop.core.errors import PermissionDenied
from dukan_desktop.services import catalog_admin, credit, customers, settings, shop, stock, workers
from dukan_desktop.ui.backoffice import open_back_office
from dukan_desktop.ui.backoffice.customers import CustomersPage
from dukan_desktop.ui.backoffice.dashboard import DashboardPage
from dukan_desktop.ui.backoffice.reports import ReportsPage
from dukan_desktop.ui.backoffice.settings_page import SettingsPage
from dukan_desktop.ui.backoffice.staff import StaffPage
from dukan_desktop.ui.backoffice.stock import StockPage
from dukan_desktop.ui.backoffice.suppliers import SuppliersPage
from dukan_desktop.ui.backoffice.window import SECTIONS


def test_cashier_cannot_open_back_office_or_any_page(qtbot, busy_shop):
    with pytest.raises(PermissionDenied):
        open_back_office(None, busy_shop.ledger, busy_shop.cashier)
    from dukan_desktop.ui.backoffice.common import BackOfficeContext

    ctx = BackOfficeContext(busy_shop.ledger, busy_shop.cashier)
    for page in (DashboardPage, SuppliersPage, StockPage, CustomersPage, ReportsPage):
        with pytest.raises(PermissionDenied):
            page(ctx)
    from dukan_desktop.ui.backoffice.products import ProductsPage

    with pytest.raises(PermissionDenied):
        ProductsPage(ctx)
    with busy_shop.uow() as uow:  # and the writes behind Staff and Settings
        with pytest.raises(PermissionDenied):
            workers.create_worker(uow, busy_shop.cashier, name="X", pin="1111",
                                  outlet_id=busy_shop.ctx.outlet_id)
        with pytest.raises(PermissionDenied):
            settings.update_settings(uow, busy_shop.cashier, {"round_off": "none"})


def test_window_opens_every_section(qtbot, busy_shop):
    window = open_back_office(None, busy_shop.ledger, busy_shop.owner)
    qtbot.addWidget(window)
    for key, *_ in SECTIONS:
        page = window.show_section(key)
        assert window.stack.currentWidget() is page
    window.close()


def test_suppliers(qtbot, ctx):
    page = SuppliersPage(ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 1
    page.view.setCurrentIndex(page.proxy.index(0, 0))
    assert page.name.text() == "Al-Noor Traders"
    page.new_supplier()
    page.name.setText("Punjab Wholesale")
    page.terms.setValue(30)
    page.save()
    assert page.model.rowCount() == 2 and "Saved" in page.status.text()


def test_stock_receive_adjust_transfer(qtbot, ctx, busy_shop):
    with busy_shop.uow() as uow:
        second = shop.create_outlet(uow, busy_shop.owner, name="Model Town", code="MTN")
        uow.commit()
    page = StockPage(ctx)
    qtbot.addWidget(page)
    milk = busy_shop.products["milk"]
    row = next(r for r in range(page.proxy.rowCount())
               if page.model.row(page.proxy.mapToSource(page.proxy.index(r, 0)).row()).product_id == milk)
    page.view.setCurrentIndex(page.proxy.index(row, 0))
    outlet = busy_shop.ctx.outlet_id
    with busy_shop.uow(False) as uow:
        before = stock.level(uow, outlet, milk)
    dialog = page.open_action("receive")
    dialog.qty.setText("24")
    dialog.save()
    dialog = page.open_action("adjust")
    dialog.qty.setText("2")
    dialog.save()  # no reason
    assert dialog.status.text() and dialog.isVisible()
    dialog.reason.setText("Two packs burst")
    dialog.save()
    dialog = page.open_action("transfer")
    dialog.qty.setText("10")
    dialog.save()
    with busy_shop.uow(False) as uow:
        assert stock.level(uow, outlet, milk) == before + 24_000 - 2_000 - 10_000
        assert stock.level(uow, second, milk) == 10_000
    page.low_only.setChecked(True)
    assert page.model.rowCount() == 0


def test_customers_udhaar(qtbot, ctx, busy_shop, tmp_path):
    page = CustomersPage(ctx)
    qtbot.addWidget(page)
    assert "580.00" in page.totals.text()
    page.view.setCurrentIndex(page.proxy.index(0, 0))
    assert page.ledger_model.rowCount() == 1 and "Rashid" in page.title.text()
    pay = page.open_action("payment")
    pay.amount.setText("100")
    pay.save()
    assert "480.00" in page.totals.text()
    adjust = page.open_action("adjust")
    adjust.amount.setText("20")
    adjust.save()
    assert adjust.status.text()  # a reason is required
    adjust.reason.setText("Forgot a bread on the last bill")
    adjust.save()
    limit = page.open_action("limit")
    limit.amount.setText("1000")
    limit.save()
    reminder = page.open_action("reminder")
    assert "udhaar balance is Rs 500.00" in reminder.text.toPlainText()
    reminder.language.setCurrentIndex(reminder.language.findData("ur"))
    assert "ادھار" in reminder.text.toPlainText()
    assert reminder.whatsapp_url().startswith("https://wa.me/923001234567?text=")
    statement = page.open_action("statement")
    assert statement.save_pdf(tmp_path / "st.pdf")
    assert (tmp_path / "st.pdf").read_bytes()[:4] == b"%PDF"
    settle = page.open_action("settle")
    settle.amount.setText("300")
    settle.reason.setText("Moved away; agreed to close the account")
    settle.save()
    with busy_shop.uow(False) as uow:
        assert customers.balance_of(uow, busy_shop.customer_id) == 0
        c = customers.get_customer(uow, busy_shop.customer_id)
        assert c.credit_limit_paisa == 100_000
        kinds = [e.kind for e in credit.statement(uow, busy_shop.owner, busy_shop.customer_id,
                                                  datetime(2000, 1, 1, tzinfo=UTC),
                                                  datetime(2100, 1, 1, tzinfo=UTC)).entries]
    assert sorted(kinds) == ["adjustment", "payment", "payment", "sale", "writeoff"]  # one clock tick


def test_staff_and_outlets(qtbot, ctx, busy_shop):
    page = StaffPage(ctx)
    qtbot.addWidget(page)
    dialog = page.add_cashier()
    dialog.name.setText("Kamran")
    dialog.pin.setText("4321")
    dialog.pin_again.setText("4320")
    dialog.save()
    assert dialog.status.text()  # PINs differ
    dialog.pin_again.setText("4321")
    dialog.save()
    assert page.model.rowCount() == 3
    outlet = page.add_outlet()
    outlet.name.setText("Model Town")
    outlet.code.setText("mtn")
    outlet.save()
    assert [o.code for o in page.outlets] == ["GUL", "MTN"]
    with busy_shop.uow(False) as uow:
        kamran = next(w for w in workers.list_workers(uow) if w.name == "Kamran")
    row = next(r for r in range(page.model.rowCount()) if page.model.row(r).id == kamran.id)
    page.view.setCurrentIndex(page.view.model().mapFromSource(page.model.index(row, 0)))
    pin = page.reset_pin()
    pin.pin.setText("9999")
    pin.pin_again.setText("9999")
    pin.save()
    page.toggle_active()
    with busy_shop.uow() as uow:
        assert not any(w.id == kamran.id for w in workers.list_workers(uow))


def test_dashboard_and_reports(qtbot, ctx, tmp_path):
    dash = DashboardPage(ctx)
    qtbot.addWidget(dash)
    assert "This PC's ledger" in dash.source.text() and "GUL" in dash.source.text()
    assert dash.bills_value.text() == "3"
    reports = ReportsPage(ctx)
    qtbot.addWidget(reports)
    for i in range(reports.kind.count()):
        reports.kind.setCurrentIndex(i)
        assert not reports.status.text(), reports.kind.currentText()
    reports.kind.setCurrentIndex(0)
    assert reports.model.rowCount() == 1
    reports.export_to(tmp_path / "r.csv")
    assert (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()[0].startswith("Day,Bills")


def test_settings(qtbot, ctx, busy_shop):
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    assert page.profile["name"].text() == "Madina General Store"
    page.profile["ntn"].setText("1234567-8")
    page.footer.setText("Shukriya!")
    page.round_off.setCurrentIndex(1)
    page.printer_address.setText("192.168.1.50")
    assert page.save()
    with busy_shop.uow(False) as uow:
        values = settings.get_all(uow)
        assert shop.business_profile(uow)["ntn"] == "1234567-8"
    assert values["round_off"] == "nearest_rupee" and values["receipt_footer"] == "Shukriya!"
    assert values["printer.address"] == "192.168.1.50"
    job = page.backup_now()
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert "Backup saved" in page.status.text() and page.backups.count() == 1


def test_product_rows_cashier_refused(busy_shop):
    with busy_shop.uow(False) as uow, pytest.raises(PermissionDenied):
        catalog_admin.supplier_choices(uow, busy_shop.cashier)
