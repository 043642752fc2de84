"""The counter's keys, in one table: the window binds them and shows them on screen."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from ...core.i18n import QT_TRANSLATE_NOOP

# (name, key, label) — names are BillingWindow methods.
COUNTER_KEYS = (
    ("focus_scan", "F2", QT_TRANSLATE_NOOP("BillingWindow", "Scan / search")),
    ("choose_customer", "F3", QT_TRANSLATE_NOOP("BillingWindow", "Customer")),
    ("change_quantity", "F4", QT_TRANSLATE_NOOP("BillingWindow", "Qty / weight")),
    ("line_discount", "F5", QT_TRANSLATE_NOOP("BillingWindow", "Line discount")),
    ("change_price", "F6", QT_TRANSLATE_NOOP("BillingWindow", "Change price")),
    ("bill_discount", "F7", QT_TRANSLATE_NOOP("BillingWindow", "Bill discount")),
    ("hold_bill", "F8", QT_TRANSLATE_NOOP("BillingWindow", "Hold bill")),
    ("recall_bill", "F9", QT_TRANSLATE_NOOP("BillingWindow", "Held bills")),
    ("open_returns", "F10", QT_TRANSLATE_NOOP("BillingWindow", "Return")),
    ("open_credit_payment", "F11", QT_TRANSLATE_NOOP("BillingWindow", "Udhaar payment")),
    ("pay", "F12", QT_TRANSLATE_NOOP("BillingWindow", "Pay")),
    ("remove_line", "Ctrl+Del", QT_TRANSLATE_NOOP("BillingWindow", "Remove line")),
    ("cancel_bill", "Ctrl+Shift+Del", QT_TRANSLATE_NOOP("BillingWindow", "Cancel bill")),
    ("reprint_last", "Ctrl+P", QT_TRANSLATE_NOOP("BillingWindow", "Reprint…")),
    ("open_shift", "Ctrl+H", QT_TRANSLATE_NOOP("BillingWindow", "Shift")),
    ("switch_language", "Ctrl+L", QT_TRANSLATE_NOOP("BillingWindow", "اردو / English")),
    ("log_out", "Ctrl+Q", QT_TRANSLATE_NOOP("BillingWindow", "Log out")),
    ("show_about", "F1", QT_TRANSLATE_NOOP("BillingWindow", "About")),
)
# Owner screens: never bound, never shown for a cashier.
OWNER_KEYS = (
    ("open_settings", "Ctrl+Alt+S", QT_TRANSLATE_NOOP("BillingWindow", "Settings (owner)")),
    ("open_back_office", "Ctrl+Alt+B", QT_TRANSLATE_NOOP("BillingWindow", "Back office (owner)")),
)


def keys_for(is_owner: bool) -> tuple:
    return (*COUNTER_KEYS, *(OWNER_KEYS if is_owner else ()))


def key_legend(is_owner: bool) -> QWidget:
    """The keys on screen, six to a row."""
    legend = QWidget()
    legend.setObjectName("keyLegend")
    grid = QGridLayout(legend)
    grid.setContentsMargins(0, 4, 0, 0)
    for i, (_name, key, label) in enumerate(keys_for(is_owner)):
        text = QLabel(f"<b>{key}</b> {QCoreApplication.translate('BillingWindow', label)}")
        text.setObjectName("keyHint")
        grid.addWidget(text, i // 6, i % 6)
    return legend


def bind_keys(window, is_owner: bool) -> None:
    """One window-wide action per key, calling the window's method of that name."""
    for name, key, label in keys_for(is_owner):
        action = QAction(QCoreApplication.translate("BillingWindow", label), window)
        action.setObjectName(f"action_{name}")
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(getattr(window, name))
        window.addAction(action)
