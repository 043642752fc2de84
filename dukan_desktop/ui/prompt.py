"""A one-field question (quantity, discount, price, amount) that checks its answer.

The parse function is a core/services parser; a wrong entry shows its message under
the field and the dialog stays open, so the cashier simply types again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..core.errors import DukanError
from .display import paragraph
from .i18n import tr_error


class ValuePrompt(QDialog):
    def __init__(self, title: str, label: str, parse: Callable[[str], Any], initial: str = "",
                 parent: QWidget | None = None, *, secret: bool = False) -> None:
        super().__init__(parent)
        self.parse, self.value = parse, None
        self.setWindowTitle(title)
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        caption = QLabel(paragraph(label, self.isRightToLeft()))  # aligned with the screen
        caption.setWordWrap(True)
        layout.addWidget(caption)
        self.field = QLineEdit(initial)
        self.field.setObjectName("promptField")
        self.field.selectAll()
        if secret:
            self.field.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.field)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        try:
            self.value = self.parse(self.field.text())
        except DukanError as err:
            self.error.setText(tr_error(err))
            self.field.selectAll()
            return
        self.accept()


def ask_value(parent: QWidget | None, title: str, label: str, parse: Callable[[str], Any],
              initial: str = "") -> Any | None:
    dialog = ValuePrompt(title, label, parse, initial, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.value
    return None
