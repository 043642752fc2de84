"""Udhaar payment at the counter: find the customer, see what is open, take a payment.

Allocation is oldest first unless the cashier types amounts against chosen sales.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from ..core.clock import to_local
from ..core.errors import DukanError
from ..core.money import format_plain, parse_rupees
from ..services import credit, customers
from ..services.credit import OpenCreditSale
from .billing.customer_picker import pick_customer
from .display import Display, method_name
from .events import CREDIT, events
from .i18n import tr_error
from .keyboard import enter_stays_in_fields
from .session import CounterSession
from .table_model import Column, RowsModel, editable_table

PAY_METHODS = ("cash", "card", "jazzcash", "easypaisa", "raast", "bank")


@dataclass
class _Open:
    sale: OpenCreditSale
    allocate_paisa: int = 0


class CreditPaymentDialog(QDialog):
    def __init__(self, session: CounterSession, parent=None, *, customer=None) -> None:
        super().__init__(parent)
        self.session, self.customer, self.outcome = session, None, None
        self.paid_paisa = 0  # what the customer handed over, once the payment is saved
        self.display = display = Display(session)
        self.setObjectName("creditPaymentDialog")
        self.setWindowTitle(self.tr("Udhaar payment"))
        self.setMinimumSize(760, 540)
        layout = QVBoxLayout(self)
        find = QPushButton(self.tr("F3  Find customer"))
        find.clicked.connect(self.find_customer)
        QShortcut(QKeySequence("F3"), self, activated=self.find_customer)
        layout.addWidget(find)
        self.customer_label = QLabel()
        self.customer_label.setObjectName("customerPanel")
        layout.addWidget(self.customer_label)
        money = display.money

        def set_alloc(row: _Open, text: str) -> None:
            row.allocate_paisa = parse_rupees(text) if text.strip() else 0

        self.model = RowsModel([
            Column(self.tr("Receipt"), lambda r: r.sale.reference),
            Column(self.tr("Date"), lambda r: to_local(r.sale.created_at).strftime("%d-%m-%Y")),
            Column(self.tr("On credit"), lambda r: money(r.sale.credit_paisa), align_end=True),
            Column(self.tr("Still owed"), lambda r: money(r.sale.open_paisa), align_end=True),
            Column(self.tr("Pay against (optional)"),
                   lambda r: money(r.allocate_paisa) if r.allocate_paisa else "", align_end=True,
                   edit=set_alloc, edit_value=lambda r: format_plain(r.allocate_paisa) if r.allocate_paisa else ""),
        ], self)
        self.model.edit_failed.connect(lambda err: self.error.setText(tr_error(err)))
        self.view = editable_table(self.model, "openCreditSales", stretch=0)
        layout.addWidget(self.view)
        layout.addWidget(QLabel(display.para(self.tr("Leave “Pay against” empty to clear the oldest sales first."))))

        form = QFormLayout()
        self.amount = QLineEdit()
        self.amount.setObjectName("paymentAmount")
        self.amount.returnPressed.connect(self.take_payment)
        form.addRow(self.tr("Amount received"), self.amount)
        self.method = QComboBox()
        self.method.setObjectName("paymentMethod")
        for key in PAY_METHODS:
            self.method.addItem(method_name(key), key)
        form.addRow(self.tr("Paid by"), self.method)
        self.reference = QLineEdit()
        self.reference.setObjectName("paymentReference")
        self.reference.returnPressed.connect(self.take_payment)
        form.addRow(self.tr("Reference"), self.reference)
        layout.addLayout(form)
        go = QPushButton(self.tr("F12  Take payment"))
        go.clicked.connect(self.take_payment)
        QShortcut(QKeySequence("F12"), self, activated=self.take_payment)
        layout.addWidget(go)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        if customer is not None:
            self.set_customer(customer)
        self._show_customer()
        enter_stays_in_fields(self)
        self.amount.setFocus()

    def find_customer(self) -> None:
        chosen = pick_customer(self, self.session, self.tr("Who is paying?"))
        if chosen is not None:
            self.set_customer(chosen)
        self.amount.setFocus()

    def set_customer(self, customer) -> None:
        with self.session.read() as uow:
            self.customer = customers.get_customer(uow, customer.id)
            rows = [_Open(s) for s in credit.open_credit_sales(uow, customer.id)]
        self.model.set_rows(rows)
        self._show_customer()

    def _show_customer(self) -> None:
        c = self.customer
        if c is None:
            self.customer_label.setText(self.display.para(self.tr("No customer chosen (F3).")))
            return
        self.customer_label.setText(self.display.para(self.tr("{name} {phone} — owes {balance}").format(
            name=self.display.name(c.name), phone=self.display.name(c.phone), balance=self.display.money(c.balance_paisa))))

    def take_payment(self) -> None:
        self.error.clear()
        if self.customer is None:
            self.error.setText(self.tr("Choose the customer first (F3)."))
            return
        chosen = [(r.sale.sale_id, r.allocate_paisa) for r in self.model.rows if r.allocate_paisa]
        try:
            amount = parse_rupees(self.amount.text(), allow_zero=False)
            with self.session.write() as uow:
                self.outcome = credit.record_payment(
                    uow, self.session.actor, self.customer.id, amount,
                    method=self.method.currentData(), reference=self.reference.text(),
                    allocations=chosen or None, shift_id=self.session.shift_id)
                uow.commit()
        except DukanError as err:
            self.error.setText(tr_error(err))
            return
        self.paid_paisa = amount
        events().notify(CREDIT, self.session.actor.worker_id)
        self.accept()  # the billing screen confirms it, with the new balance
