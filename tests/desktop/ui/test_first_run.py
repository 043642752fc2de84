"""First run at the counter: the back office's setup wizard, then straight to billing."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from dukan_desktop.ledger.engine import Ledger
from dukan_desktop.ui import app as counter_app
from dukan_desktop.ui import i18n
from dukan_desktop.ui.worker import cancel_all


def test_empty_ledger_runs_wizard_and_ends_ready_to_scan(qtbot, tmp_path):
    ledger = Ledger.open(tmp_path / "fresh" / "ledger.sqlite3")
    qapp = counter_app.ensure_application()
    controller = counter_app.CounterApp(qapp, ledger, "en")
    try:
        wizard = controller.start()
        assert wizard.objectName() == "setupWizard"
        wizard.forward()
        wizard.shop_name.setText("Bismillah Kiryana")
        wizard.forward()
        wizard.forward()  # outlet: the defaults
        wizard.owner_name.setText("Tariq")
        wizard.pin.setText("2468")
        wizard.pin_again.setText("2468")
        wizard.forward()
        wizard.skip.click()  # no printer yet
        window = controller.window
        assert window.objectName() == "billingWindow"
        assert window.session.actor.is_owner and window.session.actor.name == "Tariq"
        window.activateWindow()
        qtbot.waitUntil(lambda: window.scan.hasFocus() or QApplication.focusWidget() is window.scan,
                        timeout=2000)
        assert "Dukan POS" in window.windowTitle()
    finally:
        controller.shutdown()
        cancel_all()
        i18n.install_language(qapp, "en")
        ledger.close()
