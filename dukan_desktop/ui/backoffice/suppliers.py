"""Suppliers: contacts, payment terms, and the products each one supplies."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import DukanError
from ...services import catalog, catalog_admin
from ..display import ltr
from ..events import events
from .common import (
    CATALOG,
    SUPPLIERS,
    BackOfficeContext,
    ChangeWatcher,
    Loader,
    StatusLine,
    list_table,
    reload_keeping_selection,
    selected_row,
)
from .list_model import ListColumn


class SuppliersPage(QWidget):
    def __init__(self, ctx: BackOfficeContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("suppliersPage")
        self.current: catalog.SupplierView | None = None
        layout = QVBoxLayout(self)
        split = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.filter = QLineEdit()
        self.filter.setObjectName("supplierFilter")
        self.filter.setPlaceholderText(self.tr("Filter suppliers"))
        self.filter.setClearButtonEnabled(True)
        left_layout.addWidget(self.filter)
        self.view, self.model = list_table([
            ListColumn(self.tr("Name"), lambda s: s.name),
            ListColumn(self.tr("Contact"), lambda s: s.contact_person),
            ListColumn(self.tr("Phone"), lambda s: ltr(s.phone) if s.phone else ""),
            ListColumn(self.tr("Terms"), lambda s: self.tr("{days} days").format(days=s.payment_terms_days),
                       key=lambda s: s.payment_terms_days, searchable=False),
            ListColumn(self.tr("Active"), lambda s: self.tr("yes") if s.active else self.tr("no"),
                       key=lambda s: not s.active, searchable=False),
        ], self, object_name="supplierTable")
        self.filter.textChanged.connect(self.model.set_filter)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._select())
        left_layout.addWidget(self.view, 1)
        split.addWidget(left)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        box = QGroupBox(self.tr("Supplier"))
        form = QFormLayout(box)
        self.name, self.contact, self.phone = QLineEdit(), QLineEdit(), QLineEdit()
        self.address, self.notes = QLineEdit(), QLineEdit()
        self.terms = QSpinBox()
        self.terms.setRange(0, 3650)
        self.terms.setSuffix(self.tr(" days"))
        self.active = QCheckBox(self.tr("Active"))
        self.active.setChecked(True)
        for label, widget in ((self.tr("Name"), self.name), (self.tr("Contact person"), self.contact),
                              (self.tr("Phone"), self.phone), (self.tr("Address"), self.address),
                              (self.tr("Payment terms"), self.terms), (self.tr("Notes"), self.notes),
                              ("", self.active)):
            form.addRow(label, widget)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New supplier"))
        self.new_button.clicked.connect(self.new_supplier)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveSupplier")
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        right_layout.addWidget(box)
        self.products_title = QLabel(self.tr("Products of this supplier"))
        right_layout.addWidget(self.products_title)
        self.products_view, self.products_model = list_table([
            ListColumn(self.tr("Product"), lambda p: p.name_en),
            ListColumn(self.tr("Price"), lambda p: ctx.money(p.price_paisa), True,
                       key=lambda p: p.price_paisa, searchable=False),
            ListColumn(self.tr("Cost"), lambda p: ctx.money(p.cost_paisa), True,
                       key=lambda p: p.cost_paisa or 0, searchable=False),
        ], self, object_name="supplierProducts")
        right_layout.addWidget(self.products_view, 1)
        split.addWidget(right)
        split.setSizes([620, 520])
        layout.addWidget(split, 1)
        self.status = StatusLine()
        layout.addWidget(self.status)
        self.products = Loader(self)  # a big supplier has tens of thousands of products
        self.products.loaded.connect(self._products_loaded)
        self.products.failed.connect(self.status.error)
        self.refresh()
        # Last: a page that failed to build never listens.
        self.watcher = ChangeWatcher(self, {SUPPLIERS, CATALOG}, self._changed)

    def refresh(self) -> None:
        with self.ctx.read() as uow:
            rows = catalog.list_suppliers(uow, self.ctx.actor)
        reload_keeping_selection(self.view, self.model, rows)

    def _changed(self, what: set[str]) -> None:
        if SUPPLIERS in what:
            self.refresh()
        elif self.current is not None:
            self._load_products(self.current.id)

    def _select(self) -> None:
        s = selected_row(self.view, self.model)
        if s is None:
            return
        self.current = s
        self.name.setText(s.name)
        self.contact.setText(s.contact_person)
        self.phone.setText(s.phone)
        self.address.setText(s.address)
        self.terms.setValue(s.payment_terms_days)
        self.notes.setText(s.notes)
        self.active.setChecked(s.active)
        self._load_products(s.id)

    def _load_products(self, supplier_id: str) -> None:
        ctx, model = self.ctx, self.products_model

        def fetch():
            with ctx.read() as uow:
                rows = catalog_admin.product_rows(uow, ctx.actor, supplier_id=supplier_id)
            rows.sort(key=lambda r: r.name_en)
            return supplier_id, rows, model.search_keys(rows)

        self.products.start(fetch)

    def _products_loaded(self, result) -> None:
        supplier_id, rows, keys = result
        if self.current is not None and self.current.id == supplier_id:
            self.products_model.set_rows(rows, keys=keys, presorted=0)

    def new_supplier(self) -> None:
        self.current = None
        self.view.clearSelection()
        for field in (self.name, self.contact, self.phone, self.address, self.notes):
            field.clear()
        self.terms.setValue(0)
        self.active.setChecked(True)
        self.products_model.set_rows([])
        self.products.stop()
        self.name.setFocus()

    def save(self) -> None:
        try:
            with self.ctx.write() as uow:
                catalog.save_supplier(
                    uow, self.ctx.actor, supplier_id=self.current.id if self.current else None,
                    name=self.name.text(), contact_person=self.contact.text().strip(),
                    phone=self.phone.text().strip(), address=self.address.text().strip(),
                    payment_terms_days=self.terms.value(), notes=self.notes.text().strip(),
                    active=self.active.isChecked())
                uow.commit()
        except DukanError as err:
            self.status.error(err)
            return
        self.status.info(self.tr("Saved {name}.").format(name=self.name.text().strip()))
        events().notify(SUPPLIERS, self.ctx.actor.worker_id)
        self.watcher.refresh_now()

    def shutdown(self) -> None:
        self.products.stop()
