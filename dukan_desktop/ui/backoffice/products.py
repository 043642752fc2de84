"""Products: filter and sort the whole catalogue (100k rows), edit, CSV import/export.

Opening shows the first page at once (a LIMIT query on the name index) and loads
every row in the background; filtering then runs in memory (see product_model).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...services import catalog_admin, catalog_csv
from ..events import events
from ..worker import BackgroundJob
from .common import (
    CATALOG,
    BackOfficeContext,
    JobBar,
    ProgressJob,
    StatusLine,
    enable_sorting,
    fit_columns,
    open_dialog,
    setup_view,
)
from .csv_import import ImportDialog
from .product_dialog import ProductDialog
from .product_model import ProductTableModel, search_keys

FIRST_PAGE = 200


class ProductsPage(QWidget):
    loaded = Signal()  # every product is in the model

    def __init__(self, ctx: BackOfficeContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("productsPage")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setObjectName("productFilter")
        self.filter.setPlaceholderText(self.tr("Filter by name, Urdu name, SKU, barcode or supplier"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.inactive = QCheckBox(self.tr("Show inactive"))
        self.inactive.setChecked(True)
        self.inactive.toggled.connect(self._show_inactive)
        self.count = QLabel()
        self.count.setObjectName("productCount")
        top.addWidget(self.filter, 1)
        top.addWidget(self.inactive)
        top.addWidget(self.count)
        layout.addLayout(top)
        self.model = ProductTableModel(ctx.money, self)
        self.view = QTableView()
        self.view.setObjectName("productTable")
        self.view.setModel(self.model)
        setup_view(self.view)
        enable_sorting(self.view, 0, Qt.SortOrder.AscendingOrder)  # A→Z by name
        self.view.doubleClicked.connect(lambda _i: self.edit_selected())
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        for text, slot, name in ((self.tr("New product"), self.new_product, "newProduct"),
                                 (self.tr("Edit"), self.edit_selected, "editProduct"),
                                 (self.tr("Import CSV…"), self.choose_import, "importCsv"),
                                 (self.tr("Export CSV…"), self.choose_export, "exportCsv")):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.jobs = JobBar()
        layout.addWidget(self.jobs)
        self.status = StatusLine()
        layout.addWidget(self.status)
        self.loader: BackgroundJob | None = None
        self.reload()

    # -- loading -------------------------------------------------------------------

    def reload(self) -> None:
        with self.ctx.read() as uow:
            first = catalog_admin.product_rows(uow, self.ctx.actor, limit=FIRST_PAGE)
        self.model.set_rows(first, complete=len(first) < FIRST_PAGE)
        fit_columns(self.view)  # by the first page: no barcode or name cut off ("…")
        self._update_count()
        if self.model.complete:
            self.loaded.emit()
            return
        ctx = self.ctx

        def load(_cancelled):
            with ctx.read() as uow:
                rows = catalog_admin.product_rows(uow, ctx.actor)
            return rows, search_keys(rows)

        self.loader = BackgroundJob(load, self)
        self.loader.succeeded.connect(self._loaded)
        self.loader.failed.connect(self.status.error)
        self.count.setText(self.tr("Loading…"))
        self.loader.run()

    def _loaded(self, loaded) -> None:
        rows, keys = loaded
        self.model.set_rows(rows, keys=keys)
        self._update_count()
        self.loaded.emit()

    def _update_count(self) -> None:
        if self.model.complete:
            self.count.setText(self.tr("{shown} of {total}").format(
                shown=f"{self.model.rowCount():,}", total=f"{len(self.model.all):,}"))

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        self._update_count()

    def _show_inactive(self, on: bool) -> None:
        self.model.set_include_inactive(on)
        self._update_count()

    # -- editing -------------------------------------------------------------------

    def selected(self) -> catalog_admin.ProductRow | None:
        index = self.view.currentIndex()
        return self.model.product(index.row()) if index.isValid() else None

    def new_product(self) -> ProductDialog:
        return self._edit(None)

    def edit_selected(self) -> ProductDialog | None:
        row = self.selected()
        if row is None:
            self.status.error(self.tr("Choose a product first."))
            return None
        return self._edit(row)

    def _edit(self, row) -> ProductDialog:
        dialog = ProductDialog(self.ctx, row, self)
        return open_dialog(self, dialog, lambda: self._saved(dialog))

    def _saved(self, dialog: ProductDialog) -> None:
        if dialog.saved is not None:
            self.model.replace_row(dialog.saved)
            self._update_count()
            self.status.info(self.tr("Saved {name}.").format(name=dialog.saved.name_en))
            events().notify(CATALOG, self.ctx.actor.worker_id)

    # -- CSV -----------------------------------------------------------------------

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import products"), "",
                                              self.tr("CSV files (*.csv)"))
        if path:
            self.import_from(path)

    def import_from(self, path: str | Path) -> ImportDialog:
        dialog = ImportDialog(self.ctx, path, self)
        dialog.imported.connect(self._imported)
        open_dialog(self, dialog)
        dialog.start_preview()
        return dialog

    def _imported(self, _report) -> None:
        self.reload()
        events().notify(CATALOG, self.ctx.actor.worker_id)

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export products"), "products.csv",
                                              self.tr("CSV files (*.csv)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str | Path) -> ProgressJob:
        ctx = self.ctx

        def work(cancelled, progress):
            with ctx.read() as uow:
                return catalog_csv.export_products(uow, ctx.actor, path, progress=progress,
                                                   cancelled=cancelled)

        job = ProgressJob(work, self, cancellable=True)
        job.succeeded.connect(lambda n: self.status.info(
            self.tr("Exported {count} products to {path}.").format(count=f"{n:,}", path=path)))
        job.failed.connect(self.status.error)
        return self.jobs.start(job, self.tr("Exporting…"))

    def shutdown(self) -> None:
        for job in (self.loader, self.jobs.job):
            if job is not None:
                job.cancel()
                job.wait()
