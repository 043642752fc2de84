"""Held (parked) bills: pick one to bring back to the counter."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from ..core.clock import to_local
from ..core.errors import DukanError
from ..services import held
from ..services.sales import Cart
from .display import Display
from .i18n import tr_error
from .list_dialog import ListDialog
from .session import CounterSession
from .table_model import Column


class HeldBillsDialog(ListDialog):
    def __init__(self, session: CounterSession, parent=None) -> None:
        super().__init__(parent)
        display = Display(session)
        with session.read() as uow:
            rows = held.list_held(uow, session.actor)
        self.setup(
            self.tr("Held bills"),
            self.tr("Choose a bill with ↑↓ and press Enter to bring it back.") if rows
            else self.tr("No bills are on hold."),
            [Column(self.tr("Held at"), lambda h: to_local(h.created_at).strftime("%H:%M")),
             Column(self.tr("Name"), lambda h: h.label or "—"),
             Column(self.tr("Items"), lambda h: display.count(h.line_count), align_end=True),
             Column(self.tr("Total"), lambda h: display.money(h.total_paisa), align_end=True)],
            rows)
        self.setObjectName("heldBillsDialog")


def choose_held_bill(parent, session: CounterSession) -> Cart | None:
    dialog = HeldBillsDialog(session, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
        return None
    try:
        with session.write() as uow:
            cart = held.recall_bill(uow, session.actor, dialog.chosen.id)
            uow.commit()
    except DukanError as err:
        parent.say(tr_error(err), error=True)
        return None
    return cart
