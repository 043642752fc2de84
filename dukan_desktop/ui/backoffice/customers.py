"""Customers (udhaar): who owes what and since when, with totals; a customer's ledger
with running balance; payments, settle, write-off, adjust, limits, reminders, statements."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
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
from ..display import isolate, ltr
from ..events import CREDIT, CUSTOMER, RETURN, SALE
from . import customer_dialogs as dialogs
from .common import (
    BackOfficeContext,
    ChangeWatcher,
    Loader,
    StatusLine,
    list_table,
    local_day,
    open_dialog,
    reload_keeping_selection,
    select_row,
    selected_row,
)
from .list_model import ListColumn, ListModel

_C = "CustomersPage"
KINDS = {"sale": QT_TRANSLATE_NOOP("CustomersPage", "Credit sale"), "payment": QT_TRANSLATE_NOOP("CustomersPage", "Payment"),
         "return": QT_TRANSLATE_NOOP("CustomersPage", "Return"), "writeoff": QT_TRANSLATE_NOOP("CustomersPage", "Write-off"),
         "adjustment": QT_TRANSLATE_NOOP("CustomersPage", "Adjustment")}


def _owes(c: udhaar_admin.CustomerRow) -> bool:
    return c.balance_paisa != 0


def _customer_search(c: udhaar_admin.CustomerRow) -> str:
    return f"{c.name}\t{c.phone}".casefold()


class CustomersPage(QWidget):
    loaded = Signal()  # a refresh is in the list

    def __init__(self, ctx: BackOfficeContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("customersPage")
        money = ctx.money
        layout = QVBoxLayout(self)
        self.totals = QLabel()
        self.totals.setObjectName("udhaarTotals")
        self.totals.setWordWrap(True)
        layout.addWidget(self.totals)
        # The list above, the chosen customer's ledger below: both get the page's full
        # width (side by side, "Oldest due" and "Limit" were cut off at the default size).
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setObjectName("customerFilter")
        self.filter.setPlaceholderText(self.tr("Filter by name or phone"))
        self.filter.setClearButtonEnabled(True)
        self.owing_only = QCheckBox(self.tr("Only those who owe"))
        self.owing_only.setChecked(True)
        top.addWidget(self.filter, 1)
        top.addWidget(self.owing_only)
        left_layout.addLayout(top)
        self.model = ListModel([
            ListColumn(self.tr("Name"), lambda c: c.name),
            ListColumn(self.tr("Phone"), lambda c: ltr(c.phone) if c.phone else ""),
            ListColumn(self.tr("Balance"), lambda c: money(c.balance_paisa), True,
                       key=lambda c: c.balance_paisa, descending_first=True),
            ListColumn(self.tr("Oldest due"), lambda c: local_day(c.oldest_due),
                       key=lambda c: c.oldest_due.timestamp() if c.oldest_due else 9e12),
            ListColumn(self.tr("Limit"), lambda c: money(c.credit_limit_paisa)
                       if c.credit_limit_paisa is not None else self.tr("none"), True,
                       key=lambda c: c.credit_limit_paisa if c.credit_limit_paisa is not None else -1),
        ], self, search=_customer_search)
        self.model.set_predicate(_owes)
        # Who owes most first: the udhaar desk's natural order.
        self.view, _ = list_table([], self, object_name="customerTable", model=self.model,
                                  sort=(2, Qt.SortOrder.DescendingOrder))
        self.filter.textChanged.connect(self.model.set_filter)
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
        self.ledger_view, self.ledger_model = list_table([
            ListColumn(self.tr("Date"), lambda e: local_day(e.created_at),
                       key=lambda e: e.created_at.isoformat()),
            ListColumn(self.tr("Entry"), lambda e: QCoreApplication.translate(_C, KINDS[e.kind])),
            ListColumn(self.tr("Bill / note"), lambda e: e.reference or e.reason),
            ListColumn(self.tr("Amount"), lambda e: money(e.amount_paisa), True,
                       key=lambda e: e.amount_paisa),
            ListColumn(self.tr("Balance"), lambda e: money(e.running_balance_paisa), True,
                       key=lambda e: e.running_balance_paisa),
        ], self, object_name="ledgerTable")  # oldest first: the running balance reads down
        below = QHBoxLayout()
        below.addWidget(self.ledger_view, 1)
        column = QVBoxLayout()
        actions = ((self.tr("Record payment…"), "payment"), (self.tr("Settle…"), "settle"),
                   (self.tr("Write off…"), "writeoff"), (self.tr("Adjust…"), "adjust"),
                   (self.tr("Credit limit…"), "limit"), (self.tr("Reminder…"), "reminder"),
                   (self.tr("Statement PDF…"), "statement"))
        for text, key in actions:
            button = QPushButton(text)
            button.setObjectName(f"udhaar_{key}")
            button.clicked.connect(lambda _c=False, k=key: self.open_action(k))
            column.addWidget(button)
        column.addStretch(1)
        below.addLayout(column)
        right_layout.addLayout(below, 1)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([380, 400])
        layout.addWidget(split, 1)
        self.status = StatusLine()
        layout.addWidget(self.status)
        self.owing_only.toggled.connect(lambda on: self.model.set_predicate(_owes if on else None))
        with ctx.read() as uow:  # the first list at once (a cashier is refused here)
            rows = udhaar_admin.customer_rows(uow, ctx.actor)
        self._apply((rows, None))
        self.loader = Loader(self)
        self.loader.loaded.connect(self._apply)
        self.loader.failed.connect(self.status.error)
        # Last: a page that failed to build never listens.
        self.watcher = ChangeWatcher(self, {CREDIT, CUSTOMER, SALE, RETURN}, lambda _what: self.refresh())

    def refresh(self) -> None:
        """Balances again, read in the background (a credit sale at the counter lands here)."""
        ctx, model = self.ctx, self.model

        def fetch():
            with ctx.read() as uow:
                rows = udhaar_admin.customer_rows(uow, ctx.actor)
            return rows, model.search_keys(rows)

        self.loader.start(fetch)

    def _apply(self, result) -> None:
        rows, keys = result
        self.rows = rows
        reload_keeping_selection(self.view, self.model, rows, keys=keys)
        t = udhaar_admin.totals(rows)
        self.totals.setText(self.tr(
            "{count} customers owe {amount} in all; {over} are over their credit limit.").format(
            count=t.customers_owing, amount=self.ctx.money(t.outstanding_paisa), over=t.over_limit))
        if self.current() is not None:
            self.show_ledger()
        self.loaded.emit()

    def current(self) -> udhaar_admin.CustomerRow | None:
        return selected_row(self.view, self.model) if hasattr(self, "view") else None

    def select(self, customer_id: str) -> None:
        select_row(self.view, customer_id)

    def show_ledger(self) -> None:
        c = self.current()
        if c is None:
            return
        with self.ctx.read() as uow:
            st = udhaar_admin.ledger(uow, self.ctx.actor, c.id)
        self.ledger_model.set_rows(st.entries, presorted=0)
        self.ledger_view.scrollToBottom()
        limit = self.ctx.money(c.credit_limit_paisa) if c.credit_limit_paisa is not None else self.tr("none")
        self.title.setText(self.tr("{name} ({phone}) — owes {amount}, limit {limit}").format(
            name=isolate(c.name), phone=ltr(c.phone) if c.phone else "—",
            amount=self.ctx.money(c.balance_paisa), limit=limit))

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

    def shutdown(self) -> None:
        self.loader.stop()
