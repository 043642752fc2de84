"""Add or edit one product: barcodes, names, unit, price, cost, tax, supplier, active."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
)

from ...core.errors import DukanError
from ...core.money import format_plain, parse_rupees
from ...core.quantity import Unit, parse_quantity
from ...services import catalog, catalog_admin, settings
from ...services.catalog_admin import ProductRow
from ..display import unit_name
from .common import BackOfficeContext, StatusLine, plain_quantity


class ProductDialog(QDialog):
    def __init__(self, ctx: BackOfficeContext, row: ProductRow | None, parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.row = ctx, row
        self.saved: ProductRow | None = None
        self.setWindowTitle(self.tr("New product") if row is None else self.tr("Edit product"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name_en, self.name_ur, self.sku = QLineEdit(), QLineEdit(), QLineEdit()
        self.barcodes = QLineEdit()
        self.barcodes.setPlaceholderText(self.tr("Scan or type; separate several with spaces"))
        self.unit = QComboBox()
        for unit in Unit:
            self.unit.addItem(unit_name(unit.value), unit.value)
        self.price, self.cost = QLineEdit(), QLineEdit()
        self.tax_mode = QComboBox()
        for mode, label in (("inclusive", self.tr("Price includes tax")),
                            ("exclusive", self.tr("Tax added to price")),
                            ("exempt", self.tr("Exempt"))):
            self.tax_mode.addItem(label, mode)
        self.tax_rate = QLineEdit()
        self.supplier = QComboBox()
        self.supplier.addItem(self.tr("(none)"), None)
        with ctx.read() as uow:
            for sid, name in catalog_admin.supplier_choices(uow, ctx.actor):
                self.supplier.addItem(name, sid)
        self.reorder = QLineEdit()
        self.active = QCheckBox(self.tr("Sold at the counter"))
        for label, widget in ((self.tr("English name"), self.name_en),
                              (self.tr("Urdu name"), self.name_ur), (self.tr("SKU"), self.sku),
                              (self.tr("Barcodes"), self.barcodes), (self.tr("Unit"), self.unit),
                              (self.tr("Price (Rs)"), self.price), (self.tr("Cost (Rs)"), self.cost),
                              (self.tr("Tax"), self.tax_mode), (self.tr("Tax rate %"), self.tax_rate),
                              (self.tr("Supplier"), self.supplier),
                              (self.tr("Reorder level"), self.reorder), ("", self.active)):
            form.addRow(label, widget)
        layout.addLayout(form)
        self.status = StatusLine()
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill(row)

    def _fill(self, r: ProductRow | None) -> None:
        if r is None:  # the shop's tax defaults (Settings → Tax and rounding)
            with self.ctx.read() as uow:
                rate, mode = settings.get(uow, "default_tax_rate_bp"), settings.get(uow, "default_tax_mode")
            self.tax_mode.setCurrentIndex(max(0, self.tax_mode.findData(mode)))
            self.tax_rate.setText(f"{int(rate) / 100:g}" if mode != "exempt" else "0")
            self.active.setChecked(True)
            self.price.setText("")
            self.cost.setText("0")
            self.reorder.setText("0")
            return
        self.name_en.setText(r.name_en)
        self.name_ur.setText(r.name_ur)
        self.sku.setText(r.sku)
        self.barcodes.setText(r.barcodes)
        self.unit.setCurrentIndex(max(0, self.unit.findData(r.unit)))
        self.price.setText(format_plain(r.price_paisa))
        self.cost.setText(format_plain(r.cost_paisa))
        self.tax_mode.setCurrentIndex(max(0, self.tax_mode.findData(r.tax_mode)))
        self.tax_rate.setText(f"{r.tax_rate_bp / 100:g}")
        self.supplier.setCurrentIndex(max(0, self.supplier.findData(r.supplier_id)))
        self.reorder.setText(plain_quantity(r.reorder_level_milli) if r.reorder_level_milli else "0")
        self.active.setChecked(r.active)

    def product_input(self) -> catalog.ProductInput:
        unit = self.unit.currentData()
        reorder = self.reorder.text().strip()
        try:
            rate = round(float(self.tax_rate.text().strip().rstrip("%") or "0") * 100)
        except ValueError:
            rate = -1  # the service refuses it with its own message
        mode = self.tax_mode.currentData()
        return catalog.ProductInput(
            name_en=self.name_en.text(), name_ur=self.name_ur.text(), sku=self.sku.text() or None,
            unit=unit, price_paisa=parse_rupees(self.price.text()),
            cost_paisa=parse_rupees(self.cost.text() or "0"),
            tax_rate_bp=0 if mode == "exempt" else rate, tax_mode=mode,
            supplier_id=self.supplier.currentData(),
            reorder_level_milli=0 if reorder in ("", "0") else parse_quantity(reorder, unit),
            active=self.active.isChecked(), barcodes=tuple(self.barcodes.text().split()))

    def save(self) -> None:
        try:
            data = self.product_input()
            with self.ctx.write() as uow:
                if self.row is None:
                    product_id = catalog.create_product(uow, self.ctx.actor, data)
                else:
                    product_id = self.row.id
                    catalog.update_product(uow, self.ctx.actor, product_id, data)
                uow.commit()
            with self.ctx.read() as uow:
                self.saved = catalog_admin.product_row(uow, self.ctx.actor, product_id)
        except DukanError as err:
            self.status.error(err)
            return
        self.accept()
