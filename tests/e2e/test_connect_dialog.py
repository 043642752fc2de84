"""The "Connect this PC" dialog against the real server, and without a keyring."""

from __future__ import annotations

import keyring.backends.fail

from dukan_desktop.sync import connect, credentials
from dukan_desktop.ui.connect_dialog import ConnectDialog

from .shops import PASSWORD


def test_owner_connects_a_local_shop_through_the_dialog(qtbot, harness):
    dev = harness.local_shop("owner")
    dialog = ConnectDialog(dev.ledger, default_url=harness.url)
    qtbot.addWidget(dialog)
    dialog.identifier.setText(harness.email)
    dialog.password.setText(PASSWORD)
    dialog.new_account.setChecked(True)
    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=20_000)
    assert dialog.outlet.count() == 1 and "GUL" in dialog.outlet.itemText(0)
    with qtbot.waitSignal(dialog.connected, timeout=20_000) as signal:
        dialog.connect_button.click()
    assert signal.args[0].outlet_id == dev.test_shop.ctx.outlet_id
    assert connect.is_connected(dev.ledger)
    dev.sync()


def test_without_a_keyring_the_dialog_explains_the_choice(qtbot, harness, monkeypatch):
    dev = harness.local_shop("owner")
    monkeypatch.setattr(credentials, "backend", lambda: keyring.backends.fail.Keyring())
    dialog = ConnectDialog(dev.ledger, default_url=harness.url)
    qtbot.addWidget(dialog)
    text = dialog.pages.currentWidget().findChildren(type(dialog.message))[0].text()
    assert "keyring" in text and "local" in text
    assert dialog.local_only.isVisibleTo(dialog)
