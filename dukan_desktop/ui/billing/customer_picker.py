"""Find a customer by name or phone; shows balance and credit limit. Ctrl+N adds one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from ...core.errors import DukanError
from ...services import customers
from ...services.customers import CustomerView
from ..events import CUSTOMER, events
from ..i18n import tr_error
from ..keyboard import enter_stays_in_fields
from ..session import CounterSession
from ..table_model import Column, RowsModel


class CustomerPicker(QDialog):
    def __init__(self, session: CounterSession, parent=None, *, title: str | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.chosen: CustomerView | None = None
        self.setWindowTitle(title or self.tr("Customer on the bill"))
        self.setMinimumSize(720, 480)
        layout = QVBoxLayout(self)
        self.query = QLineEdit()
        self.query.setObjectName("customerQuery")
        self.query.setPlaceholderText(self.tr("Name or phone — ↑↓ to choose, Enter to pick"))
        layout.addWidget(self.query)
        money = session.money
        self.model = RowsModel([
            Column(self.tr("Name"), lambda c: c.name),
            Column(self.tr("Phone"), lambda c: c.phone),
            Column(self.tr("Balance (udhaar)"), lambda c: money(c.balance_paisa), align_end=True),
            Column(self.tr("Credit limit"), lambda c: money(c.credit_limit_paisa)
                   if c.credit_limit_paisa is not None else self.tr("No limit"), align_end=True),
        ], self)
        self.view = QTableView()
        self.view.setObjectName("customerList")
        self.view.setModel(self.model)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _i: self.pick())
        layout.addWidget(self.view)

        new_row = QHBoxLayout()
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newCustomerName")
        self.new_name.setPlaceholderText(self.tr("New customer's name"))
        self.new_phone = QLineEdit()
        self.new_phone.setObjectName("newCustomerPhone")
        self.new_phone.setPlaceholderText(self.tr("Phone"))
        add = QPushButton(self.tr("Ctrl+N  Add customer"))
        add.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        add.clicked.connect(self.add_customer)
        self.new_phone.returnPressed.connect(self.add_customer)
        for w in (self.new_name, self.new_phone, add):
            new_row.addWidget(w)
        layout.addLayout(new_row)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_name.setFocus)
        self.error = QLabel()
        self.error.setObjectName("error")
        layout.addWidget(self.error)

        self.query.textChanged.connect(self.search)
        self.query.returnPressed.connect(self.pick)
        self.query.installEventFilter(self)
        self.search("")
        enter_stays_in_fields(self)
        self.query.setFocus()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if obj is self.query and event.type() == event.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                delta = 1 if event.key() == Qt.Key.Key_Down else -1
                row = self.view.currentIndex().row() if self.view.currentIndex().isValid() else 0
                self.view.selectRow(max(0, min(self.model.rowCount() - 1, row + delta)))
                return True
        return super().eventFilter(obj, event)

    def search(self, text: str) -> None:
        with self.session.read() as uow:
            self.model.set_rows(customers.search_customers(uow, text))
        if self.model.rows:
            self.view.selectRow(0)

    def pick(self) -> None:
        if not self.model.rows:
            return
        row = self.view.currentIndex().row() if self.view.currentIndex().isValid() else 0
        self.chosen = self.model.row(row)
        self.accept()

    def add_customer(self) -> None:
        try:
            with self.session.write() as uow:
                customer_id = customers.save_customer(
                    uow, self.session.actor, name=self.new_name.text(), phone=self.new_phone.text())
                uow.commit()
            with self.session.read() as uow:
                self.chosen = customers.get_customer(uow, customer_id)
        except DukanError as err:
            self.error.setText(tr_error(err))
            return
        events().notify(CUSTOMER, self.session.actor.worker_id)
        self.accept()


def pick_customer(parent, session: CounterSession, title: str | None = None) -> CustomerView | None:
    dialog = CustomerPicker(session, parent, title=title)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.chosen
    return None
