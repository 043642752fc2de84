"""Stock per outlet: levels, low-stock list, receive, adjust with a reason, transfer."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
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
from ...core.quantity import parse_quantity
from ...services import catalog_admin, shop, stock
from ..display import unit_name
from ..events import RETURN, SALE, events
from .common import (
    CATALOG,
    STOCK,
    BackOfficeContext,
    ChangeWatcher,
    Loader,
    StatusLine,
    list_table,
    open_dialog,
    quantity_text,
    reload_keeping_selection,
    selected_row,
)
from .list_model import ListColumn, ListModel

FIRST_PAGE = 200


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
        form.addRow(self.tr("Quantity ({unit})").format(unit=unit_name(level.unit)), self.qty)
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


def _is_low(s: stock.StockLevel) -> bool:
    return s.reorder_level_milli > 0 and s.qty_milli <= s.reorder_level_milli


def _stock_search(s: stock.StockLevel) -> str:
    return f"{s.name_en}\t{s.name_ur}".casefold()


class StockPage(QWidget):
    """One row per active product (100k in a big catalogue). Opening shows the first page
    at once and loads the rest in the background; sales and stock moves then patch the
    levels in place from the movements written since (a few rows), never a full reload
    on the billing window's thread."""

    loaded = Signal()  # every product is in the list

    def __init__(self, ctx: BackOfficeContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("stockPage")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.outlet = QComboBox()
        self.outlet.setObjectName("stockOutlet")
        with ctx.read() as uow:
            self.outlets = shop.owner_outlets(uow, ctx.actor)
        for o in self.outlets:
            self.outlet.addItem(f"{o.name} ({o.code})", o.id)
        self.filter = QLineEdit()
        self.filter.setObjectName("stockFilter")
        self.filter.setPlaceholderText(self.tr("Filter products"))
        self.filter.setClearButtonEnabled(True)
        self.low_only = QCheckBox(self.tr("Low stock only"))
        self.low_only.setObjectName("lowOnly")
        top.addWidget(QLabel(self.tr("Outlet")))
        top.addWidget(self.outlet)
        top.addWidget(self.filter, 1)
        top.addWidget(self.low_only)
        layout.addLayout(top)
        self.model = ListModel([
            ListColumn(self.tr("Product"), lambda s: s.name_en),
            ListColumn(self.tr("Urdu name"), lambda s: s.name_ur),
            ListColumn(self.tr("In stock"), lambda s: quantity_text(s.qty_milli, s.unit), True,
                       key=lambda s: s.qty_milli),
            ListColumn(self.tr("Reorder at"), lambda s: quantity_text(s.reorder_level_milli, s.unit)
                       if s.reorder_level_milli else "", True, key=lambda s: s.reorder_level_milli),
            ListColumn(self.tr("Cost value"), lambda s: ctx.money(max(s.qty_milli, 0) * s.cost_paisa // 1000),
                       True, key=lambda s: max(s.qty_milli, 0) * s.cost_paisa),
        ], self, search=_stock_search, identity=lambda s: s.product_id)
        self.view, _ = list_table([], self, object_name="stockTable", model=self.model)
        self.view.setColumnWidth(0, 300)
        self.view.setColumnWidth(1, 220)
        self.view.setColumnWidth(2, 130)
        self.view.setColumnWidth(3, 130)
        self.filter.textChanged.connect(self._filter)
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
        self.summary.setObjectName("stockSummary")
        buttons.addWidget(self.summary)
        layout.addLayout(buttons)
        self.status = StatusLine()
        layout.addWidget(self.status)
        self.mark = 0              # movements counted so far (stock.movement_mark)
        self.negative = 0          # products below zero (kept up to date by the patches)
        self.complete = False      # every product loaded
        self.loader = Loader(self)
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self.status.error)
        self.outlet.currentIndexChanged.connect(lambda _i: self.reload())
        self.low_only.toggled.connect(self._low_only)
        self.reload()
        # Last: a page that failed to build never listens.
        self.watcher = ChangeWatcher(self, {STOCK, SALE, RETURN, CATALOG}, self.on_changed)

    # -- loading ---------------------------------------------------------------------

    def reload(self) -> None:
        """The first page now, everything in the background (all counted up to one mark)."""
        outlet_id = self.outlet.currentData()
        if outlet_id is None:
            return
        ctx = self.ctx
        with ctx.read() as uow:
            mark = stock.movement_mark(uow)
            first = stock.levels(uow, ctx.actor, outlet_id, limit=FIRST_PAGE, upto=mark)
        self.mark, self.complete = mark, len(first) < FIRST_PAGE
        reload_keeping_selection(self.view, self.model, first, presorted=0)
        self._update_summary()
        if self.complete:
            self.loaded.emit()
            return
        model = self.model

        def fetch():
            with ctx.read() as uow:
                rows = stock.levels(uow, ctx.actor, outlet_id, upto=mark)
            return outlet_id, mark, rows, model.search_keys(rows), model.positions_of(rows)

        self.summary.setText(self.tr("Loading…"))
        self.loader.start(fetch)

    def _loaded(self, result) -> None:
        outlet_id, mark, rows, keys, positions = result
        if outlet_id != self.outlet.currentData():
            return
        self.mark, self.complete = mark, True
        reload_keeping_selection(self.view, self.model, rows, keys=keys, presorted=0, positions=positions)
        self._update_summary()
        self.loaded.emit()
        if self.watcher.pending:
            self.watcher.flush()

    def on_changed(self, what: set[str]) -> None:
        """After a burst of changes (debounced, on screen only): a catalogue change reloads
        in the background; sales and stock moves patch the rows they touched."""
        if not self.complete:
            self.watcher.pending |= what  # applied once the load is in
            return
        if CATALOG in what:
            self.reload()
            return
        outlet_id = self.outlet.currentData()
        with self.ctx.read() as uow:
            changes = stock.level_changes(uow, self.ctx.actor, outlet_id, self.mark)
        self.mark = changes.mark
        patched = []
        for pid, delta in changes.deltas.items():
            i = self.model.position(pid)
            if i is None:
                continue  # not an active product here (or new: a catalogue change reloads)
            row = self.model.all[i]
            new = replace(row, qty_milli=row.qty_milli + delta)
            self.negative += (new.qty_milli < 0) - (row.qty_milli < 0)
            patched.append(new)
        self.model.patch_rows(patched)
        self._update_summary(recount=False)

    def _update_summary(self, *, recount: bool = True) -> None:
        if not self.complete:
            return
        if recount:
            self.negative = sum(1 for r in self.model.all if r.qty_milli < 0)
        self.summary.setText(self.tr("{shown} of {count} products, {negative} below zero").format(
            shown=f"{self.model.rowCount():,}", count=f"{len(self.model.all):,}", negative=self.negative))

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        self._update_summary(recount=False)

    def _low_only(self, on: bool) -> None:
        self.model.set_predicate(_is_low if on else None)
        self._update_summary(recount=False)

    def open_action(self, kind: str) -> StockDialog | None:
        level = selected_row(self.view, self.model)
        if level is None:
            self.status.error(self.tr("Choose a product first."))
            return None
        dialog = StockDialog(self.ctx, kind, level, self.outlet.currentData(), self.outlets, self)
        return open_dialog(self, dialog, self._saved)

    def _saved(self) -> None:
        self.status.info(self.tr("Saved."))
        self.watcher.refresh_now()

    def shutdown(self) -> None:
        self.loader.stop()
