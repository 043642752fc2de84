"""Products screen: first page, background load, filter, sort, edit, CSV import/export."""

from PySide6.QtCore import Qt

from dukan_desktop.services import catalog_admin
from dukan_desktop.ui.backoffice.products import ProductsPage

from .test_services import GOOD_AND_BAD


def test_filter_sort_and_edit(qtbot, ctx):
    page = ProductsPage(ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 4 and page.model.complete
    page.filter.setText("soap")
    assert page.model.rowCount() == 1 and page.model.product(0).name_en == "Lux Soap"
    page.filter.setText("")
    page.model.sort(5, Qt.SortOrder.DescendingOrder)  # price, highest first
    assert page.model.product(0).name_en == "Basmati Rice"
    page.view.setCurrentIndex(page.model.index(0, 0))
    dialog = page.edit_selected()
    dialog.price.setText("395")
    dialog.name_ur.setText("باسمتی")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert page.model.product(0).price_paisa == 39500
    dialog = page.new_product()
    dialog.save()  # no name, no price
    assert dialog.status.text() and dialog.isVisible()
    dialog.name_en.setText("Shan Masala")
    dialog.price.setText("120")
    dialog.barcodes.setText("8961234 8961235")
    dialog.save()
    assert page.model.rowCount() == 5
    with ctx.read() as uow:
        rows = {r.name_en: r for r in catalog_admin.product_rows(uow, ctx.actor)}
    assert rows["Shan Masala"].barcodes == "8961234 8961235"
    assert rows["Basmati Rice"].name_ur == "باسمتی"


def test_csv_import_and_export(qtbot, ctx, tmp_path):
    page = ProductsPage(ctx)
    qtbot.addWidget(page)
    path = tmp_path / "in.csv"
    path.write_text(GOOD_AND_BAD, encoding="utf-8")
    dialog = page.import_from(path)
    with qtbot.waitSignal(dialog.report_ready, timeout=10_000):
        pass
    assert dialog.report.dry_run and dialog.refused.rowCount() == 5
    assert "5 refused" in dialog.summary.text()
    with qtbot.waitSignal(page.loaded, timeout=10_000):  # reloads after the import
        dialog.run_import()
    assert page.model.rowCount() == 5
    out = tmp_path / "out.csv"
    job = page.export_to(out)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert out.read_text(encoding="utf-8-sig").count("\n") == 6
    assert "Exported 5 products" in page.status.text()

