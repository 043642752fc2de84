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
from ..display import Display, method_name
from ..i18n import tr_error
from ..keyboard import enter_stays_in_fields
from ..owner_pin import Cancelled
from ..session import CounterSession
from ..table_model import Column, RowsModel

# (method key, its key on the keyboard); names come from display.method_name
METHODS = (("cash", "F2"), ("card", "F3"), ("jazzcash", "F4"), ("easypaisa", "F5"), ("raast", "F6"),
           ("bank", "F7"))
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
        self.display = display = Display(session)
        self.setWindowTitle(self.tr("Payment"))
        self.setMinimumSize(760, 560)
        layout = QVBoxLayout(self)

        self.total_label = QLabel(display.para(self.tr("Total: {amount}").format(amount=display.money(total_paisa))))
        self.total_label.setObjectName("bigTotal")
        layout.addWidget(self.total_label)
        self.remaining_label = QLabel()
        self.remaining_label.setObjectName("remaining")
        layout.addWidget(self.remaining_label)

        methods = QGridLayout()
        self.method_group = QButtonGroup(self)
        for i, (key, shortcut) in enumerate(METHODS):
            button = QPushButton(display.para(f"{shortcut}  {method_name(key)}"))
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
            button = QPushButton(display.para(f"{key}  {display.money(paisa)}"))
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
            Column(self.tr("Method"), lambda t: method_name(t.method)),
            Column(self.tr("Amount"), lambda t: display.money(t.amount_paisa), align_end=True),
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
        show = self.display
        self.remaining_label.setText(show.para(self.tr("Still due: {amount}").format(amount=show.money(left))))
        change = max(0, cash - due)
        self.change_label.setText(show.para(self.tr("Change: {amount}").format(amount=show.money(change))))

    # -- actions ------------------------------------------------------------------------------

    def choose_method(self, key: str) -> None:
        self.method = key
        for button, (k, _) in zip(self.method_group.buttons(), METHODS, strict=True):
            button.setChecked(k == key)
        self.reference.setEnabled(key != "cash")
        (self.reference if key in NEEDS_REFERENCE and self.amount.text() else self.amount).setFocus()
        self._refresh()

    def _typed_payment(self, default_paisa: int) -> list[TenderInput] | None:
        """What is typed, as a payment by the chosen method ([] when there is nothing to add).
        None, with the reason shown, when it cannot be taken: not an amount, a wallet without
        its reference, or a card/wallet paying more than is due (change is cash only)."""
        text = self.amount.text().strip()
        try:
            paisa = parse_rupees(text, allow_zero=False) if text else default_paisa
        except DukanError as err:
            self.error.setText(tr_error(err))
            return None
        if not paisa:
            return []
        reference = self.reference.text().strip()
        if self.method in NEEDS_REFERENCE and not reference:
            self.error.setText(self.tr("Enter the transaction reference."))
            self.reference.setFocus()
            return None
        if self.method != "cash" and paisa > self.remaining():
            self.error.setText(self.display.para(self.tr(
                "{method} can pay at most the {due} still due; change is given from cash only.").format(
                method=method_name(self.method), due=self.display.money(self.remaining()))))
            self.amount.setFocus()
            self.amount.selectAll()
            return None
        return [TenderInput(self.method, paisa, reference)]

    def _take(self, added: list[TenderInput]) -> None:
        """Add this key press's payments; once the bill is covered, save it. If the sale is
        refused (over the credit limit, no owner PIN...), this key press's payments come out
        again and the typed amount is put back, so the next Enter, F12 or method just works."""
        typed, reference, method = self.amount.text(), self.reference.text(), self.method
        self.tenders.extend(added)
        self.paid_model.set_rows(self.tenders)
        self.amount.clear()
        self.reference.clear()
        self.choose_method("cash")
        if self.remaining():
            return
        self.finish()
        if self.result_sale is None and added:
            del self.tenders[-len(added):]
            self.paid_model.set_rows(self.tenders)
            self.amount.setText(typed)
            self.choose_method(method)
            self.reference.setText(reference)
            self.amount.setFocus()
            self.amount.selectAll()

    def enter(self) -> None:
        self.error.clear()
        added = self._typed_payment(self.remaining())
        if added is not None:
            self._take(added)

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
        self.error.clear()
        # An amount typed first is paid by the chosen method (cash, card or wallet), never dropped.
        added = self._typed_payment(0) if self.amount.text().strip() else []
        if added is None:
            return
        left = self.remaining() - sum(t.amount_paisa for t in added)
        if left > 0:
            added.append(TenderInput("credit", left))
        self._take(added)

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
