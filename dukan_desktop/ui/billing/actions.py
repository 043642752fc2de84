"""The screens the billing window opens with a key: held bills, return, udhaar payment, shift
and its Z report, reprint, owner settings, back office, About.

A mixin of BillingWindow (the keys in keys.py name these methods). Each opens its dialog,
puts the focus back on the scan field, and tells the cashier what happened.
"""

from __future__ import annotations

from ...core.errors import DukanError
from ...services import held
from ..events import HELD, events
from ..i18n import tr_error
from ..prompt import ask_value


class CounterActions:
    """Needs from the window: session, cart, outcome, printing, status, say, offer, focus_scan."""

    # -- held bills ------------------------------------------------------------------------

    def hold_bill(self) -> None:
        if not self.cart.lines:
            self.say(self.tr("The bill has no items."), error=True)
            return
        label = ask_value(self, self.tr("Hold bill"), self.tr("A name to find it by (optional):"),
                          lambda t: t.strip(), self.cart.customer.name if self.cart.customer else "")
        self.focus_scan()
        if label is None:
            return
        try:
            with self.session.write() as uow:
                held.hold_bill(uow, self.session.actor, self.cart.cart(), label)
                uow.commit()
        except DukanError as err:
            self.say(tr_error(err), error=True)
            return
        self.cart.clear()
        self.say(self.tr("Bill held. F9 brings it back."))
        events().notify(HELD, self.session.actor.worker_id)

    def recall_bill(self) -> None:
        from ..held import choose_held_bill

        if self.cart.lines:
            self.say(self.tr("Finish or hold the current bill first."), error=True)
            return
        cart = choose_held_bill(self, self.session)
        self.focus_scan()
        if cart is not None:
            self.cart.load(cart)
            self.say(self.tr("Held bill recalled."))
            events().notify(HELD, self.session.actor.worker_id)

    # -- money going back or coming in -----------------------------------------------------------

    def open_returns(self) -> None:
        from ..returns import ReturnsDialog

        dialog = ReturnsDialog(self.session, self)
        dialog.exec()
        self.focus_scan()
        outcome = getattr(dialog, "outcome", None)
        if outcome is not None and getattr(outcome, "return_id", None):
            self.outcome.show_return(outcome, dialog.customer_name)  # the cash to hand back
            self.printing.return_saved(outcome.return_id)

    def open_credit_payment(self) -> None:
        from ..credit_payment import CreditPaymentDialog

        dialog = CreditPaymentDialog(self.session, self)
        dialog.exec()
        self.focus_scan()
        if dialog.outcome is not None:
            self.outcome.show_payment(dialog.paid_paisa, dialog.customer.name, dialog.outcome.new_balance_paisa)

    # -- shift and printing -------------------------------------------------------------------

    def open_shift(self) -> None:
        from ..shift import ShiftDialog

        before = self.session.shift_id
        ShiftDialog(self.session, self).exec()
        self.status.refresh()  # re-reads the session's shift
        self.focus_scan()
        if before is not None and self.session.shift_id is None:
            shift_id = before
            self.say(self.tr("Shift closed."))
            self.offer(self.tr("Save Z report…"), lambda: self.save_z_report(shift_id))
            self.printing.shift_closed(shift_id)  # the Z report on the roll, if the printer prints by itself

    def save_z_report(self, shift_id: str) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        paths = self.session.extras.get("paths")
        folder = paths.data_dir if paths is not None else Path.home()
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save Z report"),
                                              str(folder / f"z-report-{shift_id[:8]}.pdf"), "PDF (*.pdf)")
        if name:
            self.printing.save_z_report(shift_id, Path(name))

    def reprint_last(self) -> None:
        """Reprint any receipt or return slip by number (this PC's last one offered first)."""
        from ..receipt_view import ask_receipt_number, show_receipt

        receipt_no = ask_receipt_number(self, self.session)
        if receipt_no is not None and self.printing.reprint(receipt_no) is None:
            show_receipt(self, self.session, receipt_no)  # no printer set up: the receipt on screen
        self.focus_scan()

    # -- the owner's screens, About ----------------------------------------------------------

    def open_settings(self) -> None:
        from ..owner_settings import OwnerSettingsDialog

        OwnerSettingsDialog(self.session, self).exec()
        self.focus_scan()

    def open_back_office(self) -> None:
        """The owner's back office in its own window (open_back_office refuses a cashier)."""
        from ..backoffice import open_back_office

        self.back_office = open_back_office(self, self.session.ledger, self.session.actor,
                                            self.session.extras.get("paths"),
                                            language=self.session.language)

    def show_about(self) -> None:
        from ..about import about_dialog

        about_dialog(self, self.session).exec()
        self.focus_scan()
