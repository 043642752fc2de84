"""Udhaar actions on one customer: payment with allocation, settle / write off / adjust
with a reason, credit limit, reminder message, statement PDF."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from ...core.clock import to_local
from ...core.errors import DukanError
from ...core.money import format_plain, parse_rupees
from ...printing.pdf_statement import statement_pdf
from ...services import credit, customers, udhaar_admin
from ...services.udhaar_admin import CustomerRow
from ..display import isolate, ltr, method_name
from ..events import CREDIT, CUSTOMER, events
from .common import BackOfficeContext, StatusLine, local_day, ltr_date_edit

_C = "CustomerDialogs"
METHODS = ("cash", "card", "jazzcash", "easypaisa", "raast", "bank")


class _Form(QDialog):
    """A small form with a status line and Save/Cancel; subclasses fill `form` and do `apply`."""

    changed_what = CREDIT

    def __init__(self, ctx: BackOfficeContext, customer: CustomerRow, title: str, parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.customer = ctx, customer
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.layout_ = QVBoxLayout(self)
        head = QLabel(QCoreApplication.translate("CustomerDialogs", "{name} owes {amount}").format(
            name=isolate(customer.name), amount=ctx.money(customer.balance_paisa)))
        head.setObjectName("dialogTitle")
        self.layout_.addWidget(head)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.status = StatusLine()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(QCoreApplication.translate("CustomerDialogs", "Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(QCoreApplication.translate("CustomerDialogs", "Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.status)
        self.layout_.addWidget(self.buttons)

    def methods(self) -> QComboBox:
        box = QComboBox()
        for code in METHODS:
            box.addItem(method_name(code), code)
        return box

    def apply(self, uow) -> None:
        raise NotImplementedError

    def save(self) -> None:
        try:
            with self.ctx.write() as uow:
                self.apply(uow)
                uow.commit()
        except DukanError as err:
            self.status.error(err)
            return
        events().notify(self.changed_what, self.ctx.actor.worker_id)
        self.accept()


class PaymentDialog(_Form):
    def __init__(self, ctx, customer, parent=None) -> None:
        super().__init__(ctx, customer, QCoreApplication.translate("PaymentDialog", "Record a payment"), parent)
        self.amount = QLineEdit(format_plain(max(customer.balance_paisa, 0)))
        self.method = self.methods()
        self.reference = QLineEdit()
        self.apply_to = QComboBox()
        self.apply_to.addItem(self.tr("Oldest bills first"), None)
        with ctx.read() as uow:
            self.open_sales = credit.open_credit_sales(uow, customer.id)
        for s in self.open_sales:
            self.apply_to.addItem(self.tr("Bill {ref} of {day}: {owed} owed").format(
                ref=ltr(s.reference), day=local_day(s.created_at), owed=ctx.money(s.open_paisa)),
                (s.sale_id, s.open_paisa))
        hint = QLabel(self.tr("More than that bill owes goes to the oldest other bills."))
        hint.setWordWrap(True)
        self.form.addRow(self.tr("Amount (Rs)"), self.amount)
        self.form.addRow(self.tr("Paid by"), self.method)
        self.form.addRow(self.tr("Reference"), self.reference)
        self.form.addRow(self.tr("Apply to"), self.apply_to)
        self.form.addRow(hint)
        self.finish_layout()

    def allocations(self, amount: int) -> list[tuple[str, int]] | None:
        """The chosen bill first; whatever is left over goes to the other bills, oldest
        first (a payment is never left partly unallocated when something is owed)."""
        chosen = self.apply_to.currentData()
        if chosen is None:
            return None
        plan = [(chosen[0], min(amount, chosen[1]))]
        left = amount - plan[0][1]
        for s in self.open_sales:  # oldest first
            if left <= 0:
                break
            if s.sale_id != chosen[0]:
                take = min(left, s.open_paisa)
                plan.append((s.sale_id, take))
                left -= take
        return plan

    def apply(self, uow) -> None:
        amount = parse_rupees(self.amount.text(), allow_zero=False)
        allocations = self.allocations(amount)
        credit.record_payment(uow, self.ctx.actor, self.customer.id, amount,
                              method=self.method.currentData(), reference=self.reference.text(),
                              allocations=allocations)


class OwnerEntryDialog(_Form):
    """Settle (take what is paid now, write off the rest), write off, or adjust ±."""

    def __init__(self, ctx, customer, kind: str, parent=None) -> None:
        titles = {"settle": QCoreApplication.translate("OwnerEntryDialog", "Settle the account"),
                  "writeoff": QCoreApplication.translate("OwnerEntryDialog", "Write off"),
                  "adjust": QCoreApplication.translate("OwnerEntryDialog", "Adjust the balance")}
        super().__init__(ctx, customer, titles[kind], parent)
        self.kind = kind
        self.amount = QLineEdit()
        self.method = self.methods()
        self.reference = QLineEdit()
        self.direction = QComboBox()
        self.reason = QLineEdit()
        if kind == "settle":
            self.amount.setText("0")
            self.form.addRow(self.tr("Received now (Rs)"), self.amount)
            self.form.addRow(self.tr("Paid by"), self.method)
            self.form.addRow(self.tr("Reference"), self.reference)
            hint = QLabel(self.tr("Whatever is not received now is written off."))
            hint.setWordWrap(True)
            self.form.addRow(hint)
        elif kind == "writeoff":
            self.amount.setText(format_plain(max(customer.balance_paisa, 0)))
            self.form.addRow(self.tr("Amount (Rs)"), self.amount)
        else:
            self.direction.addItem(self.tr("Increase what they owe"), 1)
            self.direction.addItem(self.tr("Reduce what they owe"), -1)
            self.form.addRow(self.tr("Change"), self.direction)
            self.form.addRow(self.tr("Amount (Rs)"), self.amount)
        self.form.addRow(self.tr("Reason"), self.reason)
        self.finish_layout()

    def apply(self, uow) -> None:
        actor, cid, reason = self.ctx.actor, self.customer.id, self.reason.text()
        if self.kind == "settle":
            credit.settle(uow, actor, cid, parse_rupees(self.amount.text()),
                          method=self.method.currentData(), reference=self.reference.text(),
                          reason=reason)
        elif self.kind == "writeoff":
            credit.write_off(uow, actor, cid, parse_rupees(self.amount.text(), allow_zero=False),
                             reason=reason)
        else:
            amount = parse_rupees(self.amount.text(), allow_zero=False)
            credit.adjust(uow, actor, cid, amount * self.direction.currentData(), reason=reason)


class LimitDialog(_Form):
    changed_what = CUSTOMER

    def __init__(self, ctx, customer, parent=None) -> None:
        super().__init__(ctx, customer, QCoreApplication.translate("LimitDialog", "Credit limit"), parent)
        self.no_limit = QCheckBox(self.tr("No limit"))
        self.amount = QLineEdit()
        if customer.credit_limit_paisa is None:
            self.no_limit.setChecked(True)
        else:
            self.amount.setText(format_plain(customer.credit_limit_paisa))
        self.amount.setEnabled(not self.no_limit.isChecked())
        self.no_limit.toggled.connect(lambda on: self.amount.setEnabled(not on))
        self.form.addRow(self.tr("Limit (Rs)"), self.amount)
        self.form.addRow("", self.no_limit)
        self.finish_layout()

    def apply(self, uow) -> None:
        limit = None if self.no_limit.isChecked() else parse_rupees(self.amount.text())
        c = customers.get_customer(uow, self.customer.id)
        customers.save_customer(uow, self.ctx.actor, customer_id=c.id, name=c.name, phone=c.phone,
                                address=c.address, credit_limit_paisa=limit, notes=c.notes,
                                active=c.active)


class ReminderDialog(QDialog):
    """The reminder text in Urdu or English: copy it, or open WhatsApp / SMS with it."""

    def __init__(self, ctx: BackOfficeContext, customer: CustomerRow, parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.customer = ctx, customer
        self.setWindowTitle(self.tr("Reminder for {name}").format(name=customer.name))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.language = QComboBox()
        self.language.addItem("اردو", "ur")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if ctx.language == "ur" else 1)
        self.text = QPlainTextEdit()
        self.text.setObjectName("reminderText")
        layout.addWidget(self.language)
        layout.addWidget(self.text, 1)
        row = QHBoxLayout()
        for label, slot in ((self.tr("Copy text"), self.copy), (self.tr("Open WhatsApp"), self.whatsapp),
                            (self.tr("Open SMS"), self.sms), (self.tr("Close"), self.accept)):
            button = QPushButton(label)
            button.clicked.connect(slot)
            row.addWidget(button)
        layout.addLayout(row)
        self.status = StatusLine()
        layout.addWidget(self.status)
        self.language.currentIndexChanged.connect(lambda _i: self.compose())
        self.compose()

    def compose(self) -> None:
        with self.ctx.read() as uow:
            self.text.setPlainText(udhaar_admin.reminder_text(
                uow, self.ctx.actor, self.customer.id, self.language.currentData()))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.status.info(self.tr("Copied. Paste it into WhatsApp or an SMS."))

    def whatsapp_url(self) -> str:
        return udhaar_admin.whatsapp_link(self.customer.phone, self.text.toPlainText())

    def whatsapp(self) -> None:
        QDesktopServices.openUrl(QUrl(self.whatsapp_url()))

    def sms(self) -> None:
        QDesktopServices.openUrl(QUrl(udhaar_admin.sms_link(self.customer.phone,
                                                            self.text.toPlainText())))


class StatementDialog(QDialog):
    """A credit statement for a period, as a PDF (the printing issue's renderer)."""

    def __init__(self, ctx: BackOfficeContext, customer: CustomerRow, parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.customer = ctx, customer
        self.setWindowTitle(self.tr("Credit statement for {name}").format(name=customer.name))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        today = to_local(ctx.ledger.clock.now()).date()
        start = today - timedelta(days=90)
        self.start, self.end = QDateEdit(QDate(start.year, start.month, start.day)), QDateEdit(
            QDate(today.year, today.month, today.day))
        for edit in (self.start, self.end):
            ltr_date_edit(edit)
        form.addRow(self.tr("From"), self.start)
        form.addRow(self.tr("To"), self.end)
        layout.addLayout(form)
        self.status = StatusLine()
        layout.addWidget(self.status)
        row = QHBoxLayout()
        save = QPushButton(self.tr("Save PDF…"))
        save.clicked.connect(self.choose)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        row.addWidget(save)
        row.addWidget(close)
        layout.addLayout(row)

    def choose(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save statement"),
                                              f"statement-{self.customer.name}.pdf",
                                              self.tr("PDF files (*.pdf)"))
        if path:
            self.save_pdf(path)

    def save_pdf(self, path: str | Path) -> bool:
        try:
            with self.ctx.read() as uow:
                doc = udhaar_admin.statement_doc(uow, self.ctx.actor, self.customer.id,
                                                 self.start.date().toPython(),
                                                 self.end.date().toPython(), self.ctx.language)
            Path(path).write_bytes(statement_pdf(doc))
        except (DukanError, OSError, ValueError) as err:
            self.status.error(err if isinstance(err, DukanError) else str(err))
            return False
        self.status.info(self.tr("Saved {path}.").format(path=path))
        return True
