"""What just happened, in large type on the billing screen, until the next item is scanned.

The payment dialog closes the moment the bill is covered (F9 "Rs 500" both pays and
saves), so the change to hand over, a return's refund or an udhaar payment's new balance
must stay on the billing screen itself, where the cashier looks next.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..display import Display, ltr, plain


class MessageLine(QWidget):
    """The line under the scan field: the item just added, or what went wrong (red, with a
    beep), and one button for what can be done next ("Retry printing", "Save Z report…")."""

    acted = Signal()  # the button ran its action (the window gives the scan field the keys back)

    def __init__(self, display: Display, parent=None) -> None:
        super().__init__(parent)
        self.display = display
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setObjectName("message")
        self.label.setWordWrap(True)
        self.button = QPushButton()
        self.button.setObjectName("messageAction")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the keyboard
        self.button.hide()
        self.button.clicked.connect(self._run)
        self._action = None
        row.addWidget(self.label, 1)
        row.addWidget(self.button)

    def say(self, text: str, *, error: bool = False) -> None:
        if bool(self.label.property("error")) != error:  # re-style only when the state flips
            self.label.setProperty("error", error)
            self.label.style().unpolish(self.label)
            self.label.style().polish(self.label)
        self.label.setText(self.display.para(text))
        self.offer(None)
        if error:
            QApplication.beep()

    def offer(self, label: str | None, action=None) -> None:
        """Show (or with None hide) the button beside the message."""
        self._action = action
        if label is None:
            self.button.hide()
        else:
            self.button.setText(label)
            self.button.show()

    def _run(self) -> None:
        action, self._action = self._action, None
        self.button.hide()
        if action is not None:
            action()
        self.acted.emit()


class OutcomePanel(QFrame):
    """A headline (the amount to hand over or take) and one line of detail."""

    def __init__(self, display: Display, parent=None) -> None:
        super().__init__(parent)
        self.display = display
        self.setObjectName("outcomePanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(2)
        self.headline = QLabel()
        self.headline.setObjectName("outcomeHeadline")
        self.headline.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("outcomeDetail")
        self.detail.setWordWrap(True)
        layout.addWidget(self.headline)
        layout.addWidget(self.detail)
        self.hide()

    def text(self) -> str:
        """Both lines without direction marks (for tests and logs)."""
        return plain(f"{self.headline.text()}\n{self.detail.text()}".strip())

    def _show(self, kind: str, headline: str, detail: str = "") -> None:
        # kind picks the colour: "change" (money to hand over), "refund", "received"
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        for label in (self.headline, self.detail):
            label.style().unpolish(label)
            label.style().polish(label)
        self.headline.setText(self.display.para(headline))
        self.detail.setText(self.display.para(detail))
        self.detail.setVisible(bool(detail))
        self.show()

    def show_sale(self, result, customer_name: str | None) -> None:
        money = self.display.money
        details = [self.tr("Sale {receipt} saved.").format(receipt=ltr(result.receipt_no))]
        if result.credit_paisa and customer_name:
            headline = self.tr("{amount} on {name}'s udhaar").format(
                amount=money(result.credit_paisa), name=self.display.name(customer_name))
            if result.change_paisa:
                details.insert(0, self.tr("Change {amount}").format(amount=money(result.change_paisa)))
            if result.customer_balance_paisa is not None:
                details.append(self.tr("New balance {balance}").format(balance=money(result.customer_balance_paisa)))
        else:
            headline = self.tr("Change {amount}").format(amount=money(result.change_paisa))
        self._show("change", headline, "  ".join(details))

    def show_return(self, outcome, customer_name: str | None) -> None:
        money = self.display.money
        saved = self.tr("Return {receipt} saved.").format(receipt=ltr(outcome.receipt_no))
        on_udhaar = self.tr("{amount} back on {name}'s udhaar").format(
            amount=money(outcome.refund_credit_paisa), name=self.display.name(customer_name or ""))
        if outcome.refund_cash_paisa:
            headline = self.tr("Refund {amount} in cash").format(amount=money(outcome.refund_cash_paisa))
            detail = f"{on_udhaar}.  {saved}" if outcome.refund_credit_paisa else saved
        elif outcome.refund_credit_paisa:
            headline, detail = on_udhaar, saved
        else:
            headline, detail = self.tr("Nothing to refund."), saved
        self._show("refund", headline, detail)

    def show_payment(self, amount_paisa: int, customer_name: str, new_balance_paisa: int) -> None:
        money = self.display.money
        self._show("received", self.tr("Received {amount} from {name}. New balance {balance}").format(
            amount=money(amount_paisa), name=self.display.name(customer_name), balance=money(new_balance_paisa)))
