"""An owner's PIN on the spot: approve one action a cashier may not do alone.

What is approved is exactly what the service described (the subject of its
ApprovalRequired, or of the bill's quote): change the bill afterwards and the
approval no longer fits, so the PIN is asked again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import ApprovalRequired, DukanError
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.permissions import Action, Approval
from ..services import workers
from .i18n import tr_error
from .session import CounterSession

ACTION_TEXT = {
    Action.RETURN: QT_TRANSLATE_NOOP("OwnerPinDialog", "Take back goods (return)"),
    Action.VOID: QT_TRANSLATE_NOOP("OwnerPinDialog", "Void a sale"),
    Action.PRICE_OVERRIDE: QT_TRANSLATE_NOOP("OwnerPinDialog", "Change a price"),
    Action.DISCOUNT_ABOVE_LIMIT: QT_TRANSLATE_NOOP("OwnerPinDialog", "Discount above the cashier's limit"),
    Action.OVER_CREDIT_LIMIT: QT_TRANSLATE_NOOP("OwnerPinDialog", "Sale over the customer's credit limit"),
}


class Cancelled(Exception):
    """The owner did not approve (the dialog was closed)."""


class OwnerPinDialog(QDialog):
    def __init__(self, session: CounterSession, action: Action, subject: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.action, self.subject = session, action, subject
        self.approval: Approval | None = None
        self.setWindowTitle(self.tr("Owner approval"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        what = QCoreApplication.translate("OwnerPinDialog", ACTION_TEXT.get(action, action.value))
        title = QLabel(self.tr("This needs the owner's PIN:") + "\n" + what)
        title.setWordWrap(True)
        title.setObjectName("dialogTitle")
        layout.addWidget(title)
        # With several owners, say which one approves: a wrong PIN counts against them alone.
        with session.read() as uow:
            owners = workers.approvers(uow)
        self.owner = QComboBox()
        self.owner.setObjectName("approvingOwner")
        for owner in owners:
            self.owner.addItem(owner.name, owner.id)
        self.owner_row = QWidget()
        row = QHBoxLayout(self.owner_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Owner approving:")))
        row.addWidget(self.owner, 1)
        self.owner_row.setVisible(len(owners) > 1)
        layout.addWidget(self.owner_row)
        self.pin = QLineEdit()
        self.pin.setObjectName("ownerPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.setPlaceholderText(self.tr("Owner PIN"))
        layout.addWidget(self.pin)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Approve"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self._approve)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.pin.setFocus(Qt.FocusReason.OtherFocusReason)

    def _approve(self) -> None:
        try:
            with self.session.write() as uow:
                self.approval = workers.approve(uow, self.session.actor, self.action, self.pin.text(),
                                                subject=self.subject, owner_id=self.owner.currentData())
        except DukanError as err:
            self.error.setText(tr_error(err))
            self.pin.clear()
            return
        self.accept()


def ask_owner_approval(parent: QWidget | None, session: CounterSession, action: Action,
                       subject: str) -> Approval:
    dialog = OwnerPinDialog(session, action, subject, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.approval is None:
        raise Cancelled()
    return dialog.approval


def with_approval(parent: QWidget | None, session: CounterSession,
                  attempt: Callable[[list[Approval]], Any]) -> Any:
    """Run `attempt([])`; each time the service wants an owner's approval for something
    else, ask and retry with every approval given so far.

    Raises Cancelled when the owner does not approve.
    """
    approvals: list[Approval] = []
    asked: set[tuple[str, str]] = set()
    while True:
        try:
            return attempt(list(approvals))
        except ApprovalRequired as err:
            if (err.action, err.subject) in asked:  # approved, yet refused: do not loop
                raise
            asked.add((err.action, err.subject))
            approvals.append(ask_owner_approval(parent, session, Action(err.action), err.subject))
