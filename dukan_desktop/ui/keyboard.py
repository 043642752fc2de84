"""Keyboard rules shared by the counter's dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QPushButton


def enter_stays_in_fields(dialog: QDialog) -> None:
    """Enter belongs to the field that has focus, never to a 'default' button.

    Otherwise Enter after typing a receipt number would both look it up and press the
    first button of the dialog (making the return, saving the sale twice...).
    """
    for button in dialog.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(False)
