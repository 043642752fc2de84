"""Taking payment: quick cash, split tenders, wallet references, rest on credit.

Enter adds what was typed as a payment of the chosen method; once the bill is
covered the sale is saved (through the `complete` callback, which commits) and the
dialog closes. Nothing is printed until the sale is saved.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from ...core.errors import DukanError, InvalidInput
from ...core.i18n import QT_TRANSLATE_NOOP
from ...core.money import parse_rupees
from ...services.sales import SaleResult, TenderInput
from ..i18n import tr_error
from ..keyboard import enter_stays_in_fields
from ..owner_pin import Cancelled
from ..session import CounterSession
from ..table_model import Column, RowsModel

METHODS = (
    ("cash", QT_TRANSLATE_NOOP("TenderDialog", "Cash"), "F2"),
    ("card", QT_TRANSLATE_NOOP("TenderDialog", "Card"), "F3"),
    ("jazzcash", QT_TRANSLATE_NOOP("TenderDialog", "JazzCash"), "F4"),
    ("easypaisa", QT_TRANSLATE_NOOP("TenderDialog", "Easypaisa"), "F5"),
    ("raast", QT_TRANSLATE_NOOP("TenderDialog", "Raast"), "F6"),
    ("bank", QT_TRANSLATE_NOOP("TenderDialog", "Bank transfer"), "F7"),
)
NEEDS_REFERENCE = {"jazzcash", "easypaisa", "raast", "bank"}
QUICK_CASH = (("F9", 500_00), ("F10", 1000_00), ("F11", 5000_00))


class TenderDialog(QDialog):
    def __init__(self, session: CounterSession, total_paisa: int, has_customer: bool,
                 complete: Callable[[list[TenderInput]], SaleResult], parent=None) -> None:
        super().__init__(parent)
        self.session, self.total, self.complete = session, total_paisa, complete
        self.has_customer = has_customer
        self.tenders: list[TenderInput] = []
        self.result_sale: SaleResult | None = None
        self.method = "cash"
        self.setWindowTitle(self.tr("Payment"))
        self.setMinimumSize(760, 560)
        layout = QVBoxLayout(self)

        self.total_label = QLabel(self.tr("Total: {amount}").format(amount=session.money(total_paisa)))
        self.total_label.setObjectName("bigTotal")
        layout.addWidget(self.total_label)
        self.remaining_label = QLabel()
        self.remaining_label.setObjectName("remaining")
        layout.addWidget(self.remaining_label)

        methods = QGridLayout()
        self.method_group = QButtonGroup(self)
        for i, (key, label, shortcut) in enumerate(METHODS):
            button = QPushButton(f"{shortcut}  {self.tr(label)}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setChecked(key == "cash")
            button.clicked.connect(lambda _=False, k=key: self.choose_method(k))
            self.method_group.addButton(button)
            methods.addWidget(button, i // 3, i % 3)
            QShortcut(QKeySequence(shortcut), self, activated=lambda k=key: self.choose_method(k))
        layout.addLayout(methods)

        row = QHBoxLayout()
        self.amount = QLineEdit()
        self.amount.setObjectName("tenderAmount")
        self.amount.setPlaceholderText(self.tr("Amount received — Enter for exact"))
        self.amount.returnPressed.connect(self.enter)
        row.addWidget(self.amount, 2)
        self.reference = QLineEdit()
        self.reference.setObjectName("tenderReference")
        self.reference.setPlaceholderText(self.tr("Transaction reference"))
        self.reference.returnPressed.connect(self.enter)
        self.reference.setEnabled(False)
        row.addWidget(self.reference, 2)
        layout.addLayout(row)

        quick = QHBoxLayout()
        exact = QPushButton(self.tr("F8  Exact cash"))
        exact.clicked.connect(self.exact_cash)
        quick.addWidget(exact)
        QShortcut(QKeySequence("F8"), self, activated=self.exact_cash)
        for key, paisa in QUICK_CASH:
            button = QPushButton(f"{key}  {session.money(paisa)}")
            button.clicked.connect(lambda _=False, p=paisa: self.quick_cash(p))
            quick.addWidget(button)
            QShortcut(QKeySequence(key), self, activated=lambda p=paisa: self.quick_cash(p))
        self.credit_button = QPushButton(self.tr("F12  Rest on credit (udhaar)"))
        self.credit_button.setEnabled(has_customer)
        self.credit_button.clicked.connect(self.rest_on_credit)
        QShortcut(QKeySequence("F12"), self, activated=self.rest_on_credit)
        self.credit_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for i in range(quick.count()):
            quick.itemAt(i).widget().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addLayout(quick)
        layout.addWidget(self.credit_button)

        self.paid_model = RowsModel([
            Column(self.tr("Method"), lambda t: self._method_name(t.method)),
            Column(self.tr("Amount"), lambda t: session.money(t.amount_paisa), align_end=True),
            Column(self.tr("Reference"), lambda t: t.reference),
        ], self)
        self.paid_view = QTableView()
        self.paid_view.setModel(self.paid_model)
        self.paid_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.paid_view.verticalHeader().hide()
        self.paid_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.paid_view.setMaximumHeight(140)
        layout.addWidget(self.paid_view)
        clear = QPushButton(self.tr("Ctrl+Del  Clear payments"))
        clear.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        clear.clicked.connect(self.clear_tenders)
        QShortcut(QKeySequence("Ctrl+Del"), self, activated=self.clear_tenders)
        layout.addWidget(clear)

        self.change_label = QLabel()
        self.change_label.setObjectName("bigChange")
        self.change_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.change_label)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.amount.textChanged.connect(self._refresh)
        self._refresh()
        enter_stays_in_fields(self)
        self.amount.setFocus()

    # -- arithmetic shown to the cashier (the service decides) ---------------------------

    def _method_name(self, key: str) -> str:
        if key == "credit":
            return self.tr("Credit (udhaar)")
        return next((self.tr(label) for k, label, _ in METHODS if k == key), key)

    def _sums(self, extra: list[TenderInput] = ()) -> tuple[int, int]:
        tenders = [*self.tenders, *extra]
        non_cash = sum(t.amount_paisa for t in tenders if t.method != "cash")
        cash = sum(t.amount_paisa for t in tenders if t.method == "cash")
        return non_cash, cash

    def remaining(self) -> int:
        non_cash, cash = self._sums()
        return max(0, self.total - non_cash - cash)

    def _typed(self) -> int | None:
        text = self.amount.text().strip()
        if not text:
            return None
        try:
            return parse_rupees(text, allow_zero=False)
        except DukanError:
            return None

    def _refresh(self) -> None:
        typed = self._typed()
        extra = [TenderInput(self.method, typed)] if typed else []
        non_cash, cash = self._sums(extra)
        due = max(0, self.total - non_cash)
        left = max(0, due - cash)
        self.remaining_label.setText(self.tr("Still due: {amount}").format(amount=self.session.money(left)))
        change = max(0, cash - due)
        self.change_label.setText(self.tr("Change: {amount}").format(amount=self.session.money(change)))

    # -- actions ------------------------------------------------------------------------------

    def choose_method(self, key: str) -> None:
        self.method = key
        for button, (k, _, _) in zip(self.method_group.buttons(), METHODS, strict=True):
            button.setChecked(k == key)
        self.reference.setEnabled(key != "cash")
        (self.reference if key in NEEDS_REFERENCE and self.amount.text() else self.amount).setFocus()
        self._refresh()

    def _add(self, tender: TenderInput) -> None:
        self.tenders.append(tender)
        self.paid_model.set_rows(self.tenders)
        self.amount.clear()
        self.reference.clear()
        self.choose_method("cash")

    def enter(self) -> None:
        self.error.clear()
        text = self.amount.text().strip()
        try:
            paisa = parse_rupees(text, allow_zero=False) if text else self.remaining()
        except DukanError as err:
            self.error.setText(tr_error(err))
            return
        if paisa:
            if self.method in NEEDS_REFERENCE and not self.reference.text().strip():
                self.error.setText(self.tr("Enter the transaction reference."))
                self.reference.setFocus()
                return
            self._add(TenderInput(self.method, paisa, self.reference.text().strip()))
        if self.remaining() == 0:
            self.finish()
        else:
            self._refresh()

    def exact_cash(self) -> None:
        self.amount.clear()
        self.choose_method("cash")
        self.enter()

    def quick_cash(self, paisa: int) -> None:
        self.choose_method("cash")
        self.amount.setText(str(paisa // 100))
        self.enter()

    def rest_on_credit(self) -> None:
        if not self.has_customer:
            self.error.setText(tr_error(InvalidInput(QT_TRANSLATE_NOOP(
                "errors", "Choose the customer before putting anything on credit."))))
            return
        typed = self._typed()
        if typed and self.method == "cash":
            self._add(TenderInput("cash", typed))
        left = self.remaining()
        if left:
            self._add(TenderInput("credit", left))
        self.finish()

    def clear_tenders(self) -> None:
        self.tenders.clear()
        self.paid_model.set_rows([])
        self._refresh()

    def finish(self) -> None:
        try:
            self.result_sale = self.complete(list(self.tenders))
        except Cancelled:
            self.error.setText(self.tr("Not approved. The sale was not saved."))
            return
        except DukanError as err:
            self.error.setText(tr_error(err))
            return
        self.accept()
