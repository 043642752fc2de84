"""Returns by receipt number: choose what comes back, refund cash or to udhaar.

A cashier needs the owner's PIN (the service says so; we ask and retry).
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

from ..core.errors import DukanError
from ..core.quantity import parse_quantity
from ..services import customers, returns, sales
from ..services.returns import ReturnableLine
from .display import Display, ltr, qty_number
from .events import RETURN, events
from .i18n import tr_error
from .keyboard import enter_stays_in_fields
from .owner_pin import Cancelled, with_approval
from .session import CounterSession
from .table_model import Column, RowsModel, editable_table


@dataclass
class _Row:
    line: ReturnableLine
    qty_milli: int


class ReturnsDialog(QDialog):
    def __init__(self, session: CounterSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.sale = None
        self.outcome = None
        self.customer_name: str | None = None  # the sale's customer (for "back on X's udhaar")
        self.display = display = Display(session)
        self.setObjectName("returnsDialog")
        self.setWindowTitle(self.tr("Return goods"))
        self.setMinimumSize(760, 520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.receipt = QLineEdit()
        self.receipt.setObjectName("returnReceipt")
        self.receipt.setPlaceholderText(self.tr("e.g. GUL-1-000012 — Enter to find"))
        self.receipt.returnPressed.connect(self.load)
        form.addRow(self.tr("Receipt number"), self.receipt)
        layout.addLayout(form)
        self.sale_label = QLabel()
        layout.addWidget(self.sale_label)

        def set_qty(row: _Row, text: str) -> None:
            qty = 0 if text.strip() in ("", "0") else parse_quantity(text, row.line.unit)
            row.qty_milli = min(qty, row.line.remaining_milli)

        money = display.money
        self.model = RowsModel([
            Column(self.tr("Item"), lambda r: r.line.name_ur if session.language == "ur" and r.line.name_ur
                   else r.line.name_en),
            Column(self.tr("Sold"), lambda r: display.qty(r.line.sold_milli, r.line.unit), align_end=True),
            Column(self.tr("Returned before"), lambda r: display.qty(r.line.returned_milli, r.line.unit),
                   align_end=True),
            Column(self.tr("Return now"), lambda r: display.qty(r.qty_milli, r.line.unit), align_end=True,
                   edit=set_qty, edit_value=lambda r: qty_number(r.qty_milli)),
            Column(self.tr("Refund (all left)"), lambda r: money(r.line.amount_paisa), align_end=True),
        ], self)
        self.model.edit_failed.connect(lambda err: self.error.setText(tr_error(err)))
        self.view = editable_table(self.model, "returnLines", stretch=0)
        layout.addWidget(self.view)

        options = QFormLayout()
        self.refund = QComboBox()
        self.refund.setObjectName("refundMode")
        self.refund.addItem(self.tr("Automatic (udhaar first, then cash)"), "auto")
        self.refund.addItem(self.tr("Cash back"), "cash")
        self.refund.addItem(self.tr("Off the customer's udhaar"), "credit")
        options.addRow(self.tr("Refund"), self.refund)
        self.reason = QLineEdit()
        self.reason.setObjectName("returnReason")
        self.reason.returnPressed.connect(self.do_return)
        options.addRow(self.tr("Reason"), self.reason)
        layout.addLayout(options)
        self.go = QPushButton(self.tr("F12  Make the return"))
        self.go.clicked.connect(self.do_return)
        layout.addWidget(self.go)
        self.void = QPushButton(self.tr("Ctrl+F12  Void the whole sale"))
        self.void.clicked.connect(self.do_void)
        layout.addWidget(self.void)
        QShortcut(QKeySequence("F12"), self, activated=self.do_return)
        QShortcut(QKeySequence("Ctrl+F12"), self, activated=self.do_void)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        enter_stays_in_fields(self)
        self.receipt.setFocus()

    def load(self) -> None:
        self.error.clear()
        try:
            with self.session.read() as uow:
                self.sale = sales.get_sale(uow, receipt_no=self.receipt.text())
                lines = returns.returnable_lines(uow, self.sale.id)
                self.customer_name = (customers.get_customer(uow, self.sale.customer_id).name
                                      if self.sale.customer_id else None)
        except DukanError as err:
            self.error.setText(tr_error(err))
            self.sale = None
            self.model.set_rows([])
            return
        self.model.set_rows([_Row(ln, ln.remaining_milli) for ln in lines])
        self.sale_label.setText(self.display.para(self.tr("Sale {receipt}: {total}").format(
            receipt=ltr(self.sale.receipt_no), total=self.display.money(self.sale.total_paisa))))
        if lines:
            self.view.setCurrentIndex(self.model.index(0, 3))
        self.view.setFocus()

    def _run(self, make) -> None:
        self.error.clear()
        if self.sale is None:
            self.error.setText(self.tr("Find the receipt first."))
            return

        def attempt(approval):
            with self.session.write() as uow:
                result = make(uow, approval)
                uow.commit()
            return result

        try:
            self.outcome = with_approval(self, self.session, attempt)
        except Cancelled:
            self.error.setText(self.tr("Not approved. Nothing was returned."))
            return
        except DukanError as err:
            self.error.setText(tr_error(err))
            return
        events().notify(RETURN, self.session.actor.worker_id)
        self.accept()  # the billing screen shows the refund to hand back, in large type

    def do_return(self) -> None:
        chosen = [(r.line.sale_line_id, r.qty_milli) for r in self.model.rows if r.qty_milli > 0]
        if self.sale is not None and not chosen:
            self.error.setText(self.tr("Type how many of an item come back."))
            return
        self._run(lambda uow, approval: returns.create_return(
            uow, self.session.actor, self.sale.id, chosen, refund=self.refund.currentData(),
            reason=self.reason.text(), approval=approval, shift_id=self.session.shift_id))

    def do_void(self) -> None:
        self._run(lambda uow, approval: returns.void_sale(
            uow, self.session.actor, self.sale.id, reason=self.reason.text(), approval=approval,
            shift_id=self.session.shift_id))
