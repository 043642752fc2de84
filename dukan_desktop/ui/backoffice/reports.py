"""Reports: sales by day/outlet/worker, payment mix, top products, credit aging, stock
valuation, shift (Z) history; a date range and outlet; CSV export of what is shown."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.clock import to_local
from ...core.errors import DukanError, PermissionDenied
from ...core.i18n import QT_TRANSLATE_NOOP
from ...core.quantity import format_quantity
from ...services import catalog_csv, reports, shifts, shop, udhaar_admin
from .common import (
    BackOfficeContext,
    SortableRowsModel,
    SortColumn,
    StatusLine,
    local_time,
    sortable_table,
)

_C = "ReportsPage"
REPORTS = (
    ("sales_day", QT_TRANSLATE_NOOP("ReportsPage", "Sales by day")),
    ("sales_outlet", QT_TRANSLATE_NOOP("ReportsPage", "Sales by outlet")),
    ("sales_worker", QT_TRANSLATE_NOOP("ReportsPage", "Sales by worker")),
    ("payment_mix", QT_TRANSLATE_NOOP("ReportsPage", "Payment mix")),
    ("top_products", QT_TRANSLATE_NOOP("ReportsPage", "Top products")),
    ("credit_aging", QT_TRANSLATE_NOOP("ReportsPage", "Credit aging")),
    ("stock_value", QT_TRANSLATE_NOOP("ReportsPage", "Stock valuation")),
    ("shifts", QT_TRANSLATE_NOOP("ReportsPage", "Shift (Z) history")),
)


def _t(text: str) -> str:
    return QCoreApplication.translate(_C, text)


class ReportsPage(QWidget):
    def __init__(self, ctx: BackOfficeContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reportsPage")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.setObjectName("reportKind")
        for key, title in REPORTS:
            self.kind.addItem(_t(title), key)
        today = to_local(ctx.ledger.clock.now()).date()
        start = today - timedelta(days=29)
        self.start = QDateEdit(QDate(start.year, start.month, start.day))
        self.end = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.outlet = QComboBox()
        self.outlet.addItem(self.tr("All outlets"), None)
        with ctx.read() as uow:
            self.outlets = shop.list_outlets(uow)
        for o in self.outlets:
            self.outlet.addItem(f"{o.name} ({o.code})", o.id)
        export = QPushButton(self.tr("Export CSV…"))
        export.clicked.connect(self.choose_export)
        for widget in (self.kind, QLabel(self.tr("From")), self.start, QLabel(self.tr("To")),
                       self.end, self.outlet):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(export)
        layout.addLayout(top)
        self.view, self.model, self.proxy = sortable_table([], self, object_name="reportTable")
        layout.addWidget(self.view, 1)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.status = StatusLine()
        layout.addWidget(self.status)
        for signal in (self.kind.currentIndexChanged, self.outlet.currentIndexChanged,
                       self.start.dateChanged, self.end.dateChanged):
            signal.connect(lambda *_: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        try:
            header, rows = self._build(self.kind.currentData())
        except PermissionDenied:
            raise  # not the owner: the page must not open at all
        except DukanError as err:
            self.status.error(err)
            return
        model: SortableRowsModel = self.model
        model.beginResetModel()
        model.columns = [SortColumn(h, (lambda r, i=i: r[0][i]), i > 0 and isinstance(rows[0][1][i], int)
                                    if rows else False, key=(lambda r, i=i: r[1][i]))
                         for i, h in enumerate(header)]
        model.rows = rows
        model.endResetModel()
        self.header = header
        self.summary.setText(self.tr("{count} rows").format(count=len(rows)))
        self.status.setText("")

    def _build(self, kind: str) -> tuple[list[str], list[tuple[list[str], list]]]:
        ctx, m = self.ctx, self.ctx.money
        lo, hi = self.start.date().toPython(), self.end.date().toPython()
        outlet = self.outlet.currentData()
        names = {o.id: f"{o.name} ({o.code})" for o in self.outlets}
        with ctx.read() as uow:
            if kind.startswith("sales_"):
                by = kind.removeprefix("sales_")
                data = reports.sales_by(uow, ctx.actor, lo, hi, by=by, outlet_id=outlet)
                header = [_t({"day": QT_TRANSLATE_NOOP("ReportsPage", "Day"), "outlet": QT_TRANSLATE_NOOP("ReportsPage", "Outlet"),
                              "worker": QT_TRANSLATE_NOOP("ReportsPage", "Worker")}[by]), QCoreApplication.translate("ReportsPage", "Bills"),
                          QCoreApplication.translate("ReportsPage", "Total"), QCoreApplication.translate("ReportsPage", "Tax"), QCoreApplication.translate("ReportsPage", "Discounts"), QCoreApplication.translate("ReportsPage", "On udhaar")]
                return header, [([names.get(r.key, r.key), str(r.sales_count), m(r.total_paisa),
                                  m(r.tax_paisa), m(r.discount_paisa), m(r.credit_paisa)],
                                 [r.key, r.sales_count, r.total_paisa, r.tax_paisa, r.discount_paisa,
                                  r.credit_paisa]) for r in data]
            if kind == "payment_mix":
                data = reports.payment_mix(uow, ctx.actor, lo, hi, outlet)
                total = sum(data.values()) or 1
                return [QCoreApplication.translate("ReportsPage", "Method"), QCoreApplication.translate("ReportsPage", "Amount"), QCoreApplication.translate("ReportsPage", "Share")], [
                    ([meth, m(v), f"{100 * v / total:.1f}%"], [meth, v, v])
                    for meth, v in sorted(data.items(), key=lambda kv: -kv[1])]
            if kind == "top_products":
                data = reports.top_products(uow, ctx.actor, lo, hi, limit=100, outlet_id=outlet)
                return [QCoreApplication.translate("ReportsPage", "Product"), QCoreApplication.translate("ReportsPage", "Quantity"), QCoreApplication.translate("ReportsPage", "Revenue"), QCoreApplication.translate("ReportsPage", "Profit")], [
                    ([t.name_en, format_quantity(t.qty_milli, "pc").split(" ")[0], m(t.revenue_paisa),
                      m(t.profit_paisa)], [t.name_en, t.qty_milli, t.revenue_paisa, t.profit_paisa])
                    for t in data]
            if kind == "credit_aging":
                data = udhaar_admin.aging_report(uow, ctx.actor)
                return [QCoreApplication.translate("ReportsPage", "Customer"), QCoreApplication.translate("ReportsPage", "Phone"), "0–30", "31–60", "61–90", "90+", QCoreApplication.translate("ReportsPage", "Total")], [
                    ([a.name, a.phone, *(m(b) for b in a.buckets), m(a.total_paisa)],
                     [a.name, a.phone, *a.buckets, a.total_paisa]) for a in data]
            if kind == "stock_value":
                outlets = [o for o in self.outlets if outlet in (None, o.id)]
                data = [reports.stock_valuation(uow, ctx.actor, o.id) for o in outlets]
                return [QCoreApplication.translate("ReportsPage", "Outlet"), QCoreApplication.translate("ReportsPage", "Items in stock"), QCoreApplication.translate("ReportsPage", "At cost"), QCoreApplication.translate("ReportsPage", "At retail"),
                        QCoreApplication.translate("ReportsPage", "Below zero")], [
                    ([names[v.outlet_id], str(v.items), m(v.cost_value_paisa), m(v.retail_value_paisa),
                      str(v.negative_items)], [names[v.outlet_id], v.items, v.cost_value_paisa,
                                                v.retail_value_paisa, v.negative_items]) for v in data]
            data = [z for z in shifts.shift_history(uow, ctx.actor)
                    if lo <= to_local(z.opened_at).date() <= hi and outlet in (None, z.outlet_id)]
            return [QCoreApplication.translate("ReportsPage", "Opened"), QCoreApplication.translate("ReportsPage", "Closed"), QCoreApplication.translate("ReportsPage", "Cashier"), QCoreApplication.translate("ReportsPage", "Bills"), QCoreApplication.translate("ReportsPage", "Sales"),
                    QCoreApplication.translate("ReportsPage", "Expected cash"), QCoreApplication.translate("ReportsPage", "Counted"), QCoreApplication.translate("ReportsPage", "Difference")], [
                ([local_time(z.opened_at), local_time(z.closed_at), z.worker_name, str(z.sales_count),
                  m(z.sales_total_paisa), m(z.expected_cash_paisa), m(z.counted_cash_paisa),
                  m(z.difference_paisa)],
                 [z.opened_at.isoformat(), z.closed_at.isoformat() if z.closed_at else "", z.worker_name,
                  z.sales_count, z.sales_total_paisa, z.expected_cash_paisa, z.counted_cash_paisa or 0,
                  z.difference_paisa or 0]) for z in data]

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export report"),
                                              f"{self.kind.currentData()}.csv", self.tr("CSV files (*.csv)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str | Path) -> None:
        rows = []
        for r in range(self.proxy.rowCount()):  # in the order shown
            rows.append(self.model.row(self.proxy.mapToSource(self.proxy.index(r, 0)).row())[0])
        try:
            catalog_csv.write_table(path, self.header, rows)
        except OSError as err:
            self.status.error(str(err))
            return
        self.status.info(self.tr("Saved {path}.").format(path=path))
