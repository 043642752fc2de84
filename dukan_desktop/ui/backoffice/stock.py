"""Stock per outlet: levels, low-stock list, receive, adjust with a reason, transfer."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import DukanError, InvalidInput
from ...core.i18n import QT_TRANSLATE_NOOP
from ...core.money import parse_rupees
from ...core.quantity import format_quantity, parse_quantity
from ...services import catalog_admin, shop, stock
from ..events import events
from .common import (
    BackOfficeContext,
    ChangeListener,
    SortColumn,
    StatusLine,
    listen_for_changes,
    open_dialog,
    reload_keeping_selection,
    selected_row,
    sortable_table,
)

STOCK = "stock"


class StockDialog(QDialog):
    """Receive, adjust or transfer one product at the page's outlet."""

    def __init__(self, ctx: BackOfficeContext, kind: str, level: stock.StockLevel, outlet_id: str,
                 outlets: list[shop.OutletInfo], parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.kind, self.level, self.outlet_id = ctx, kind, level, outlet_id
        titles = {"receive": self.tr("Receive stock"), "adjust": self.tr("Adjust stock"),
                  "transfer": self.tr("Transfer stock")}
        self.setWindowTitle(titles[kind])
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{level.name_en}  {level.name_ur}".strip()))
        form = QFormLayout()
        self.qty = QLineEdit()
        self.cost = QLineEdit()
        self.supplier = QComboBox()
        self.direction = QComboBox()
        self.reason = QLineEdit()
        self.to_outlet = QComboBox()
        form.addRow(self.tr("Quantity ({unit})").format(unit=level.unit), self.qty)
        if kind == "receive":
            self.supplier.addItem(self.tr("(none)"), None)
            with ctx.read() as uow:
                for sid, name in catalog_admin.supplier_choices(uow, ctx.actor):
                    self.supplier.addItem(name, sid)
            form.addRow(self.tr("Supplier"), self.supplier)
            form.addRow(self.tr("Unit cost (Rs, optional)"), self.cost)
            form.addRow(self.tr("Bill / reference"), self.reason)
        elif kind == "adjust":
            self.direction.addItem(self.tr("Remove (damaged, lost, recount lower)"), -1)
            self.direction.addItem(self.tr("Add (found, recount higher)"), 1)
            form.addRow(self.tr("Change"), self.direction)
            form.addRow(self.tr("Reason"), self.reason)
        else:
            for o in outlets:
                if o.id != outlet_id and o.active:
                    self.to_outlet.addItem(f"{o.name} ({o.code})", o.id)
            form.addRow(self.tr("To outlet"), self.to_outlet)
            form.addRow(self.tr("Note"), self.reason)
        layout.addLayout(form)
        self.status = StatusLine()
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        ctx, lv = self.ctx, self.level
        try:
            qty = parse_quantity(self.qty.text(), lv.unit)
            with ctx.write() as uow:
                if self.kind == "receive":
                    cost = parse_rupees(self.cost.text()) if self.cost.text().strip() else None
                    stock.receive(uow, ctx.actor, self.outlet_id, [(lv.product_id, qty, cost)],
                                  supplier_id=self.supplier.currentData(),
                                  reference=self.reason.text().strip())
                elif self.kind == "adjust":
                    stock.adjust(uow, ctx.actor, self.outlet_id, lv.product_id,
                                 qty * self.direction.currentData(), reason=self.reason.text())
                else:
                    if self.to_outlet.currentData() is None:
                        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Add another outlet first."))
                    stock.transfer(uow, ctx.actor, self.outlet_id, self.to_outlet.currentData(),
                                   [(lv.product_id, qty)], reason=self.reason.text().strip())
                uow.commit()
        except DukanError as err:
            self.status.error(err)
            return
        events().notify(STOCK, ctx.actor.worker_id)
        self.accept()


class StockPage(ChangeListener, QWidget):
    def __init__(self, ctx: BackOfficeContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("stockPage")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.outlet = QComboBox()
        self.outlet.setObjectName("stockOutlet")
        with ctx.read() as uow:
            self.outlets = shop.list_outlets(uow)
        for o in self.outlets:
            self.outlet.addItem(f"{o.name} ({o.code})", o.id)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter products"))
        self.low_only = QCheckBox(self.tr("Low stock only"))
        self.low_only.setObjectName("lowOnly")
        top.addWidget(QLabel(self.tr("Outlet")))
        top.addWidget(self.outlet)
        top.addWidget(self.filter, 1)
        top.addWidget(self.low_only)
        layout.addLayout(top)
        self.view, self.model, self.proxy = sortable_table([
            SortColumn(self.tr("Product"), lambda s: s.name_en),
            SortColumn(self.tr("Urdu name"), lambda s: s.name_ur),
            SortColumn(self.tr("In stock"), lambda s: format_quantity(s.qty_milli, s.unit)
                       if s.qty_milli >= 0 else "-" + format_quantity(-s.qty_milli, s.unit), True,
                       key=lambda s: s.qty_milli),
            SortColumn(self.tr("Reorder at"), lambda s: format_quantity(s.reorder_level_milli, s.unit)
                       if s.reorder_level_milli else "", True, key=lambda s: s.reorder_level_milli),
            SortColumn(self.tr("Cost value"), lambda s: ctx.money(max(s.qty_milli, 0) * s.cost_paisa // 1000),
                       True, key=lambda s: max(s.qty_milli, 0) * s.cost_paisa),
        ], self, object_name="stockTable")
        self.view.setColumnWidth(0, 260)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        for text, kind in ((self.tr("Receive…"), "receive"), (self.tr("Adjust…"), "adjust"),
                           (self.tr("Transfer…"), "transfer")):
            button = QPushButton(text)
            button.setObjectName(f"stock_{kind}")
            button.clicked.connect(lambda _c=False, k=kind: self.open_action(k))
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.summary = QLabel()
        buttons.addWidget(self.summary)
        layout.addLayout(buttons)
        self.status = StatusLine()
        layout.addWidget(self.status)
        self.outlet.currentIndexChanged.connect(lambda _i: self.refresh())
        self.low_only.toggled.connect(lambda _on: self.refresh())
        self.refresh()
        listen_for_changes(self)  # last: a page that failed to build never listens

    def refresh(self) -> None:
        outlet_id = self.outlet.currentData()
        if outlet_id is None:
            return
        with self.ctx.read() as uow:
            rows = stock.levels(uow, self.ctx.actor, outlet_id, low_only=self.low_only.isChecked())
        reload_keeping_selection(self.view, self.model, rows)
        negative = sum(1 for r in rows if r.qty_milli < 0)
        self.summary.setText(self.tr("{count} products, {negative} below zero").format(
            count=len(rows), negative=negative))

    def on_changed(self, what: str) -> None:
        if what in (STOCK, "sale", "return"):
            self.refresh()

    def open_action(self, kind: str) -> StockDialog | None:
        level = selected_row(self.view, self.model)
        if level is None:
            self.status.error(self.tr("Choose a product first."))
            return None
        dialog = StockDialog(self.ctx, kind, level, self.outlet.currentData(), self.outlets, self)
        return open_dialog(self, dialog, lambda: self.status.info(self.tr("Saved.")))
