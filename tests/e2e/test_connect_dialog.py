"""The "Connect this PC" dialog against the real server, and without a keyring."""

from __future__ import annotations

import keyring.backends.fail
from PySide6.QtWidgets import QApplication

from dukan_desktop.sync import connect, credentials
from dukan_desktop.ui import i18n
from dukan_desktop.ui.connect_dialog import ConnectDialog
from tests.desktop.ui.conftest import save_shot

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


def _sign_in(qtbot, dialog, harness, *, new_account=False):
    dialog.identifier.setText(harness.email)
    dialog.password.setText(PASSWORD)
    dialog.new_account.setChecked(new_account)
    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=20_000)


def test_the_first_pc_is_proposed_as_the_owners_and_later_ones_as_counters(qtbot, harness):
    owner_pc = harness.local_shop("owner")
    dialog = ConnectDialog(owner_pc.ledger, default_url=harness.url)
    qtbot.addWidget(dialog)
    _sign_in(qtbot, dialog, harness, new_account=True)
    assert dialog.kind_owner.isChecked() and not dialog.kind_counter.isChecked()
    dialog.resize(640, dialog.sizeHint().height())
    save_shot(dialog, "en", "connect-device-kind")
    with qtbot.waitSignal(dialog.connected, timeout=20_000) as signal:
        dialog.connect_button.click()
    assert signal.args[0].kind == "owner"

    counter_pc = harness.fresh_pc("counter")
    dialog = ConnectDialog(counter_pc.ledger, default_url=harness.url)
    qtbot.addWidget(dialog)
    _sign_in(qtbot, dialog, harness)
    assert dialog.kind_counter.isChecked()  # the account has a PC already
    with qtbot.waitSignal(dialog.connected, timeout=20_000) as signal:
        dialog.connect_button.click()
    assert signal.args[0].kind == "counter"

    # Connecting a PC again proposes what it already is; the owner may change it.
    dialog = ConnectDialog(counter_pc.ledger, default_url=harness.url)
    qtbot.addWidget(dialog)
    _sign_in(qtbot, dialog, harness)
    assert dialog.kind_counter.isChecked()
    dialog.kind_owner.setChecked(True)
    with qtbot.waitSignal(dialog.connected, timeout=20_000) as signal:
        dialog.connect_button.click()
    assert signal.args[0].kind == "owner"
    with counter_pc.uow(False) as uow:
        assert uow.device_kind() == "owner"


def test_the_device_kind_choice_in_urdu(qtbot, harness):
    qapp = QApplication.instance()
    dev = harness.local_shop("owner")
    i18n.install_language(qapp, "ur")
    try:
        dialog = ConnectDialog(dev.ledger, default_url=harness.url)
        qtbot.addWidget(dialog)
        _sign_in(qtbot, dialog, harness, new_account=True)
        dialog.resize(640, dialog.sizeHint().height())
        dialog.show()
        assert dialog.kind_owner.text() != "This is the owner's PC"
        save_shot(dialog, "ur", "connect-device-kind")
    finally:
        i18n.install_language(qapp, "en")
