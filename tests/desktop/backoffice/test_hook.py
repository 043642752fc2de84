"""The counter's owner-only hook: Ctrl+Alt+B in an owner's billing window opens the back office."""

from PySide6.QtGui import QAction

from dukan_desktop.ui.billing.window import BillingWindow
from dukan_desktop.ui.session import CounterSession


def _window(qtbot, shop, actor):
    session = CounterSession(shop.ledger, shop.ctx, actor)
    session.refresh()
    window = BillingWindow(session)
    qtbot.addWidget(window)
    return window


def test_owner_has_the_back_office_action(qtbot, busy_shop):
    window = _window(qtbot, busy_shop, busy_shop.owner)
    action = window.findChild(QAction, "action_open_back_office")
    assert action is not None and action.shortcut().toString() == "Ctrl+Alt+B"
    action.trigger()
    assert window.back_office.isVisible()
    window.back_office.close()


def test_cashier_has_no_back_office_action(qtbot, busy_shop):
    window = _window(qtbot, busy_shop, busy_shop.cashier)
    assert window.findChild(QAction, "action_open_back_office") is None
