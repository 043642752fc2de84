"""Customers (udhaar): who owes what and since when, with totals; a customer's ledger
with running balance; payments, settle, write-off, adjust, limits, reminders, statements."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...core.i18n import QT_TRANSLATE_NOOP
from ...services import udhaar_admin
from ..events import CREDIT, CUSTOMER, SALE
from . import customer_dialogs as dialogs
from .common import (
    BackOfficeContext,
    ChangeListener,
    SortColumn,
    StatusLine,
    listen_for_changes,
    local_day,
    open_dialog,
    selected_row,
    sortable_table,
)

_C = "CustomersPage"
KINDS = {"sale": QT_TRANSLATE_NOOP("CustomersPage", "Credit sale"), "payment": QT_TRANSLATE_NOOP("CustomersPage", "Payment"),
         "return": QT_TRANSLATE_NOOP("CustomersPage", "Return"), "writeoff": QT_TRANSLATE_NOOP("CustomersPage", "Write-off"),
         "adjustment": QT_TRANSLATE_NOOP("CustomersPage", "Adjustment")}


class CustomersPage(ChangeListener, QWidget):
    def __init__(self, ctx: BackOfficeContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("customersPage")
        money = ctx.money
        layout = QVBoxLayout(self)
        self.totals = QLabel()
        self.totals.setObjectName("udhaarTotals")
        layout.addWidget(self.totals)
        split = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter by name or phone"))
        self.owing_only = QCheckBox(self.tr("Only those who owe"))
        self.owing_only.setChecked(True)
        top.addWidget(self.filter, 1)
        top.addWidget(self.owing_only)
        left_layout.addLayout(top)
        self.view, self.model, self.proxy = sortable_table([
            SortColumn(self.tr("Name"), lambda c: c.name),
            SortColumn(self.tr("Phone"), lambda c: c.phone),
            SortColumn(self.tr("Balance"), lambda c: money(c.balance_paisa), True,
                       key=lambda c: c.balance_paisa),
            SortColumn(self.tr("Oldest due"), lambda c: local_day(c.oldest_due),
                       key=lambda c: c.oldest_due.timestamp() if c.oldest_due else 9e12),
            SortColumn(self.tr("Limit"), lambda c: money(c.credit_limit_paisa)
                       if c.credit_limit_paisa is not None else self.tr("none"), True,
                       key=lambda c: c.credit_limit_paisa if c.credit_limit_paisa is not None else -1),
        ], self, object_name="customerTable")
        self.view.setColumnWidth(0, 190)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.show_ledger())
        left_layout.addWidget(self.view, 1)
        split.addWidget(left)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self.tr("Choose a customer to see their ledger."))
        self.title.setObjectName("ledgerTitle")
        self.title.setWordWrap(True)
        right_layout.addWidget(self.title)
        self.ledger_view, self.ledger_model, _ = sortable_table([
            SortColumn(self.tr("Date"), lambda e: local_day(e.created_at),
                       key=lambda e: e.created_at.isoformat()),
            SortColumn(self.tr("Entry"), lambda e: QCoreApplication.translate(_C, KINDS[e.kind])),
            SortColumn(self.tr("Bill / note"), lambda e: e.reference or e.reason),
            SortColumn(self.tr("Amount"), lambda e: money(e.amount_paisa), True,
                       key=lambda e: e.amount_paisa),
            SortColumn(self.tr("Balance"), lambda e: money(e.running_balance_paisa), True,
                       key=lambda e: e.running_balance_paisa),
        ], self, object_name="ledgerTable")
        right_layout.addWidget(self.ledger_view, 1)
        grid = QGridLayout()
        actions = ((self.tr("Record payment…"), "payment"), (self.tr("Settle…"), "settle"),
                   (self.tr("Write off…"), "writeoff"), (self.tr("Adjust…"), "adjust"),
                   (self.tr("Credit limit…"), "limit"), (self.tr("Reminder…"), "reminder"),
                   (self.tr("Statement PDF…"), "statement"))
        for i, (text, key) in enumerate(actions):
            button = QPushButton(text)
            button.setObjectName(f"udhaar_{key}")
            button.clicked.connect(lambda _c=False, k=key: self.open_action(k))
            grid.addWidget(button, i // 4, i % 4)
        right_layout.addLayout(grid)
        split.addWidget(right)
        split.setSizes([500, 700])
        layout.addWidget(split, 1)
        self.status = StatusLine()
        layout.addWidget(self.status)
        self.owing_only.toggled.connect(lambda _on: self.refresh())
        self.rows: list[udhaar_admin.CustomerRow] = []
        self.refresh()
        self.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        listen_for_changes(self)  # last: a page that failed to build never listens

    def refresh(self) -> None:
        keep = self.current()
        with self.ctx.read() as uow:
            self.rows = udhaar_admin.customer_rows(uow, self.ctx.actor)
        shown = [r for r in self.rows if r.balance_paisa != 0] if self.owing_only.isChecked() else self.rows
        self.model.set_rows(shown)
        t = udhaar_admin.totals(self.rows)
        self.totals.setText(self.tr(
            "{count} customers owe {amount} in all; {over} are over their credit limit.").format(
            count=t.customers_owing, amount=self.ctx.money(t.outstanding_paisa), over=t.over_limit))
        if keep is not None:
            self.select(keep.id)

    def on_changed(self, what: str) -> None:
        if what in (CREDIT, CUSTOMER, SALE):
            self.refresh()

    def current(self) -> udhaar_admin.CustomerRow | None:
        return selected_row(self.view, self.model) if hasattr(self, "view") else None

    def select(self, customer_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0))
            if self.model.row(source.row()).id == customer_id:
                self.view.setCurrentIndex(self.proxy.index(row, 0))
                return

    def show_ledger(self) -> None:
        c = self.current()
        if c is None:
            return
        with self.ctx.read() as uow:
            st = udhaar_admin.ledger(uow, self.ctx.actor, c.id)
        self.ledger_model.set_rows(st.entries)
        self.ledger_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.ledger_view.scrollToBottom()
        limit = self.ctx.money(c.credit_limit_paisa) if c.credit_limit_paisa is not None else self.tr("none")
        self.title.setText(self.tr("{name} ({phone}) — owes {amount}, limit {limit}").format(
            name=c.name, phone=c.phone or "—", amount=self.ctx.money(c.balance_paisa), limit=limit))

    def open_action(self, key: str):
        c = self.current()
        if c is None:
            self.status.error(self.tr("Choose a customer first."))
            return None
        if key == "payment":
            dialog = dialogs.PaymentDialog(self.ctx, c, self)
        elif key in ("settle", "writeoff", "adjust"):
            dialog = dialogs.OwnerEntryDialog(self.ctx, c, key, self)
        elif key == "limit":
            dialog = dialogs.LimitDialog(self.ctx, c, self)
        elif key == "reminder":
            dialog = dialogs.ReminderDialog(self.ctx, c, self)
        else:
            dialog = dialogs.StatementDialog(self.ctx, c, self)
        return open_dialog(self, dialog)
