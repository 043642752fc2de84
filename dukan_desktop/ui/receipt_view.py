"""The last receipt on screen — what "reprint" shows until a printer is set up."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout

from ..core.clock import to_local
from ..core.quantity import format_quantity
from ..services import sales
from ..services.sales import SaleView
from .session import CounterSession

WIDTH = 42



def receipt_text(sale: SaleView, session: CounterSession, *, shop_name: str = "") -> str:
    """A plain-text receipt: enough to read back to a customer or copy by hand."""
    money = session.money

    def pair(left: str, right: str) -> str:
        gap = max(1, WIDTH - len(left) - len(right))
        return f"{left}{' ' * gap}{right}"

    title = QCoreApplication.translate("ReceiptView", "Receipt {receipt}").format(receipt=sale.receipt_no)
    out = [shop_name.center(WIDTH).rstrip(), title,
           to_local(sale.created_at).strftime("%d-%m-%Y %H:%M"), "-" * WIDTH]
    for ln in sale.lines:
        name = ln["name_ur"] if session.language == "ur" and ln["name_ur"] else ln["name_en"]
        out.append(name)
        qty = format_quantity(ln["qty_milli"], ln["unit"])
        out.append(pair(f"  {qty} x {money(ln['unit_price_paisa'])}", money(ln["total_paisa"])))
    out.append("-" * WIDTH)
    if sale.discount_paisa:
        out.append(pair(QCoreApplication.translate("ReceiptView", "Discount"), money(-sale.discount_paisa)))
    out.append(pair(QCoreApplication.translate("ReceiptView", "Tax (GST)"), money(sale.tax_paisa)))
    if sale.round_off_paisa:
        out.append(pair(QCoreApplication.translate("ReceiptView", "Round-off"), money(sale.round_off_paisa)))
    out.append(pair(QCoreApplication.translate("ReceiptView", "TOTAL"), money(sale.total_paisa)))
    for t in sale.tenders:
        ref = f" ({t['reference']})" if t["reference"] else ""
        out.append(pair(f"{t['method']}{ref}", money(t["tendered_paisa"])))
    if sale.change_paisa:
        out.append(pair(QCoreApplication.translate("ReceiptView", "Change"), money(sale.change_paisa)))
    if sale.credit_paisa:
        out.append(pair(QCoreApplication.translate("ReceiptView", "On credit (udhaar)"), money(sale.credit_paisa)))
    return "\n".join(out)


class ReceiptDialog(QDialog):
    def __init__(self, text: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Last receipt"))
        self.setMinimumSize(460, 560)
        layout = QVBoxLayout(self)
        self.view = QPlainTextEdit(text)
        self.view.setObjectName("receiptText")
        self.view.setReadOnly(True)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setFamilies([font.family(), "Noto Naskh Arabic"])
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.view.setFont(font)
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def show_last_receipt(parent, session: CounterSession) -> None:
    with session.read() as uow:
        sale_id = sales.last_sale_id(uow)
        sale = sales.get_sale(uow, sale_id=sale_id) if sale_id else None
    if sale is None:
        parent.say(QCoreApplication.translate("ReceiptView", "No sale on this PC yet."), error=True)
        return
    ReceiptDialog(receipt_text(sale, session, shop_name=session.ctx.business_name), parent).exec()
