"""Reprint at the counter: which receipt (any, by number), and — when no printer is set
up — the receipt on screen, drawn exactly as the printer would print it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout

from ..core.errors import DukanError
from ..printing import builders
from ..printing.document import ReceiptDoc
from .i18n import tr_error
from .prompt import ValuePrompt
from .session import CounterSession


def ask_receipt_number(parent, session: CounterSession) -> str | None:
    """The receipt or return slip to reprint (this PC's last one filled in); None: cancelled.

    An unknown number is answered in the dialog, which stays open.
    """
    with session.read() as uow:
        last = builders.last_receipt_no(uow) or ""

    def check(text: str) -> str:
        with session.read() as uow:
            return builders.find_receipt(uow, session.actor, text)[2]

    dialog = ValuePrompt(
        QCoreApplication.translate("ReceiptView", "Reprint a receipt"),
        QCoreApplication.translate("ReceiptView", "Receipt or return slip number (the last one is filled in):"),
        check, last, parent)
    dialog.setObjectName("reprintPrompt")
    return dialog.value if dialog.exec() == QDialog.DialogCode.Accepted else None


class ReceiptDialog(QDialog):
    """A receipt as the printer would print it (80 mm), marked as a copy."""

    def __init__(self, doc: ReceiptDoc, parent=None) -> None:
        from .raster_render import render_receipt_image

        super().__init__(parent)
        self.doc = doc
        self.setWindowTitle(self.tr("Receipt {receipt}").format(receipt=doc.receipt_no))
        layout = QVBoxLayout(self)
        image = render_receipt_image(doc, 576)
        self.image = QLabel()
        self.image.setObjectName("receiptImage")
        self.image.setPixmap(QPixmap.fromImage(image))
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image.setAccessibleName(doc.receipt_no)
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        scroll.setMinimumSize(image.width() + 40, min(image.height() + 20, 640))
        layout.addWidget(scroll)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def show_receipt(parent, session: CounterSession, receipt_no: str) -> None:
    """The receipt on screen (no printer set up)."""
    try:
        with session.read() as uow:
            doc = builders.receipt_by_number(uow, session.actor, receipt_no, reprint=True)
    except DukanError as err:
        parent.say(tr_error(err), error=True)
        return
    ReceiptDialog(doc, parent).exec()
