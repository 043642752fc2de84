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
from ...services import catalog
from ..events import events
from .common import (
    BackOfficeContext,
    ChangeListener,
    SortColumn,
    StatusLine,
    listen_for_changes,
    reload_keeping_selection,
    selected_row,
    sortable_table,
)

SUPPLIERS = "suppliers"


class SuppliersPage(ChangeListener, QWidget):
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
        self.filter.setPlaceholderText(self.tr("Filter suppliers"))
        left_layout.addWidget(self.filter)
        self.view, self.model, self.proxy = sortable_table([
            SortColumn(self.tr("Name"), lambda s: s.name),
            SortColumn(self.tr("Contact"), lambda s: s.contact_person),
            SortColumn(self.tr("Phone"), lambda s: s.phone),
            SortColumn(self.tr("Terms"), lambda s: self.tr("{days} days").format(days=s.payment_terms_days),
                       key=lambda s: s.payment_terms_days),
            SortColumn(self.tr("Active"), lambda s: self.tr("yes") if s.active else self.tr("no")),
        ], self, object_name="supplierTable")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
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
        self.products_view, self.products_model, _ = sortable_table([
            SortColumn(self.tr("Product"), lambda p: p.name_en),
            SortColumn(self.tr("Price"), lambda p: ctx.money(p.price_paisa), True,
                       key=lambda p: p.price_paisa),
            SortColumn(self.tr("Cost"), lambda p: ctx.money(p.cost_paisa), True,
                       key=lambda p: p.cost_paisa or 0),
        ], self, object_name="supplierProducts")
        right_layout.addWidget(self.products_view, 1)
        split.addWidget(right)
        split.setSizes([620, 520])
        layout.addWidget(split, 1)
        self.status = StatusLine()
        layout.addWidget(self.status)
        self.refresh()
        listen_for_changes(self)  # last: a page that failed to build never listens

    def refresh(self) -> None:
        with self.ctx.read() as uow:
            rows = catalog.list_suppliers(uow, self.ctx.actor)
        reload_keeping_selection(self.view, self.model, rows)

    def on_changed(self, what: str) -> None:
        if what == SUPPLIERS:
            self.refresh()

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
        with self.ctx.read() as uow:
            self.products_model.set_rows(catalog.products_of_supplier(uow, self.ctx.actor, s.id))

    def new_supplier(self) -> None:
        self.current = None
        self.view.clearSelection()
        for field in (self.name, self.contact, self.phone, self.address, self.notes):
            field.clear()
        self.terms.setValue(0)
        self.active.setChecked(True)
        self.products_model.set_rows([])
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
