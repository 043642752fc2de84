"""Each back-office screen's main path, and role gating."""

from datetime import UTC, datetime
from importlib import import_module

import pytest
from PySide6.QtCore import Qt

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
    # Every section the window offers (a page added later is covered without a change here):
    # each is refused by the services it reads, not by a check in the window.
    for key, _title, module, cls in SECTIONS:
        page_cls = getattr(import_module(f"dukan_desktop.ui.backoffice.{module}"), cls)
        with pytest.raises(PermissionDenied):
            page_cls(ctx)
            pytest.fail(f"the {key} page opened for a cashier")
    with busy_shop.uow(False) as uow:  # the reads behind Staff and Settings
        for read in (lambda: workers.list_staff(uow, busy_shop.cashier),
                     lambda: shop.owner_outlets(uow, busy_shop.cashier),
                     lambda: settings.owner_settings(uow, busy_shop.cashier),
                     lambda: shop.owner_profile(uow, busy_shop.cashier)):
            with pytest.raises(PermissionDenied):
                read()
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
    page.view.setCurrentIndex(page.model.index(0, 0))
    assert page.name.text() == "Al-Noor Traders"
    page.new_supplier()
    page.name.setText("Punjab Wholesale")
    page.terms.setValue(30)
    page.save()
    assert page.model.rowCount() == 2 and "Saved" in page.status.text()
    # A→Z when it opens (it opened Z→A: Punjab before Al-Noor)
    assert [s.name for s in page.model.rows] == ["Al-Noor Traders", "Punjab Wholesale"]
    assert page.view.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder


def test_stock_receive_adjust_transfer(qtbot, ctx, busy_shop):
    with busy_shop.uow() as uow:
        second = shop.create_outlet(uow, busy_shop.owner, name="Model Town", code="MTN")
        uow.commit()
    page = StockPage(ctx)
    qtbot.addWidget(page)
    milk = busy_shop.products["milk"]
    names = [s.name_en for s in page.model.rows]
    assert names == sorted(names)  # A→Z
    page.view.setCurrentIndex(page.model.index(page.model.row_of(milk), 0))
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
    page.view.setCurrentIndex(page.model.index(0, 0))
    assert page.ledger_model.rowCount() == 1 and "Rashid" in page.title.text()
    pay = page.open_action("payment")
    pay.amount.setText("100")
    with qtbot.waitSignal(page.loaded, timeout=5000):  # balances are read again in the background
        pay.save()
        page.watcher.refresh_now()
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
    page.view.setCurrentIndex(page.model.index(page.model.row_of(kamran.id), 0))
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
    lines = (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Day,Bills")
    assert "\u2066" not in lines[1] and lines[1].count("/") == 2  # a shop day, no direction marks


def test_settings(qtbot, ctx, busy_shop):
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    assert page.profile["name"].text() == "Madina General Store"
    page.profile["ntn"].setText("1234567-8")
    page.footer.setText("Shukriya!")
    page.round_off.setCurrentIndex(1)
    page.printer_address.setText("192.168.1.50")
    assert page.new_customer_limit.text() == "0.00"
    page.new_customer_limit.setText("2,500")
    assert page.save()
    with busy_shop.uow(False) as uow:
        values = settings.get_all(uow)
        assert shop.business_profile(uow)["ntn"] == "1234567-8"
    assert values["round_off"] == "nearest_rupee" and values["receipt_footer"] == "Shukriya!"
    assert values["printer.address"] == "192.168.1.50"
    assert values["default_credit_limit_paisa"] == 250_000
    with busy_shop.uow() as uow:  # a customer a cashier adds at the counter gets that limit
        added = customers.save_customer(uow, busy_shop.cashier, name="Naya Gahak", phone="03110000000")
        assert customers.get_customer(uow, added).credit_limit_paisa == 250_000
    page.new_customer_limit.setText("abc")
    assert not page.save()  # refused with a message; nothing saved
    with busy_shop.uow(False) as uow:
        assert settings.get_all(uow)["default_credit_limit_paisa"] == 250_000
    job = page.backup_now()
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert "Backup saved" in page.status.text() and page.backups.count() == 1


def test_product_rows_cashier_refused(busy_shop):
    with busy_shop.uow(False) as uow, pytest.raises(PermissionDenied):
        catalog_admin.supplier_choices(uow, busy_shop.cashier)


def test_new_product_takes_the_shops_tax_defaults(qtbot, ctx, busy_shop):
    from dukan_desktop.ui.backoffice.product_dialog import ProductDialog

    with busy_shop.uow() as uow:
        settings.update_settings(uow, busy_shop.owner, {"default_tax_rate_bp": 1600,
                                                        "default_tax_mode": "exclusive"})
        uow.commit()
    dialog = ProductDialog(ctx, None)
    qtbot.addWidget(dialog)
    assert dialog.tax_rate.text() == "16" and dialog.tax_mode.currentData() == "exclusive"
    data = (dialog.name_en.setText("Tapal Tea"), dialog.price.setText("350"), dialog.product_input())[-1]
    assert (data.tax_rate_bp, data.tax_mode) == (1600, "exclusive")


def test_paying_one_bill_puts_the_rest_on_the_oldest_others(qtbot, ctx, busy_shop):
    from .conftest import sell

    busy_shop.clock.advance(hours=1)
    sell(busy_shop, [("rice", 1000)], customer_id=busy_shop.customer_id, credit=True)  # a second bill
    page = CustomersPage(ctx)
    qtbot.addWidget(page)
    page.view.setCurrentIndex(page.model.index(0, 0))
    pay = page.open_action("payment")
    (first, newest) = pay.open_sales
    pay.apply_to.setCurrentIndex(2)  # the newer bill
    pay.amount.setText(str((newest.open_paisa + 10_000) // 100))
    assert pay.allocations(newest.open_paisa + 10_000) == [(newest.sale_id, newest.open_paisa),
                                                           (first.sale_id, 10_000)]
    pay.save()
    with busy_shop.uow(False) as uow:
        left = {s.sale_id: s.open_paisa for s in credit.open_credit_sales(uow, busy_shop.customer_id)}
    assert left == {first.sale_id: first.open_paisa - 10_000}  # nothing left unallocated


def test_urdu_quantities_units_and_dates(qtbot, qapp, ctx, busy_shop):
    from dukan_desktop.ui.backoffice.common import quantity_text
    from dukan_desktop.ui.backoffice.products import ProductsPage
    from dukan_desktop.ui.display import LRI, PDI, plain
    from dukan_desktop.ui.i18n import install_language

    install_language(qapp, "ur")
    try:
        assert quantity_text(-3000, "dozen") == f"{LRI}-3{PDI} درجن"  # the number stays in one piece
        assert plain(quantity_text(27_500, "kg")) == "27.5 کلو"
        ctx.language = "ur"
        products = ProductsPage(ctx)
        qtbot.addWidget(products)
        units = {products.model.index(r, 4).data() for r in range(products.model.rowCount())}
        assert "kg" not in units and "کلو" in units
        reports = ReportsPage(ctx)
        qtbot.addWidget(reports)
        assert not reports.start.isRightToLeft() and reports.start.displayFormat() == "dd/MM/yyyy"
        reports.kind.setCurrentIndex(reports.kind.findData("payment_mix"))
        methods = {plain(r[0][0]) for r in reports.model.rows}
        assert "cash" not in methods and "نقد" in methods
        from dukan_desktop.ui.backoffice.wizard import SetupWizard

        wizard = SetupWizard(busy_shop.ledger, "ur")
        qtbot.addWidget(wizard)
        kinds = [wizard.printer_kind.itemText(i) for i in range(wizard.printer_kind.count())]
        assert "network" not in kinds
        # The import report: the sentence right to left, every quote pair the same way round
        from dukan_desktop.services.catalog_csv import Refusal
        from dukan_desktop.ui.backoffice.csv_import import refusal_reason
        from dukan_desktop.ui.display import FSI, RLM

        for template, key in (("No supplier is called “{name}”.", "name"),
                              ("“{text}” should be yes or no.", "text")):
            text = refusal_reason(Refusal(8, "X", template, {key: "Nobody"}))
            assert text.startswith(RLM) and f"”{FSI}Nobody{PDI}“" in text, text
    finally:
        install_language(qapp, "en")


@pytest.mark.parametrize("language", ["en", "ur"])
def test_customer_columns_fit_at_the_default_size(qtbot, qapp, busy_shop, language):
    """"Oldest due" and its dates were cut off and the Limit column was out of sight."""
    from dukan_desktop.ui.i18n import install_language

    install_language(qapp, language)
    try:
        window = open_back_office(None, busy_shop.ledger, busy_shop.owner, language=language,
                                  section="customers")
        qtbot.addWidget(window)
        qtbot.waitExposed(window)
        page = window.pages["customers"]
        view, header = page.view, page.view.horizontalHeader()
        assert header.length() <= view.viewport().width() + 1, (header.length(), view.viewport().width())
        for col in range(page.model.columnCount()):
            assert header.sectionSize(col) >= header.sectionSizeHint(col), col
            assert header.sectionSize(col) >= view.sizeHintForColumn(col), col
        window.close()
    finally:
        install_language(qapp, "en")
