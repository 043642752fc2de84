"""Languages: saving another language keeps the back office open (rebuilt in it), and
the first-run wizard switches language as soon as one is chosen."""

import pytest
from PySide6.QtCore import QCoreApplication
from shiboken6 import isValid

from dukan_desktop.ledger.engine import Ledger
from dukan_desktop.ui import app as counter_app
from dukan_desktop.ui.backoffice.wizard import SetupWizard
from dukan_desktop.ui.i18n import install_language
from dukan_desktop.ui.worker import cancel_all


@pytest.fixture
def english(qapp):
    install_language(qapp, "en")
    yield qapp
    install_language(qapp, "en")


def test_saving_a_language_keeps_the_back_office_open(qtbot, english, busy_shop):
    controller = counter_app.CounterApp(english, busy_shop.ledger, "en")
    try:
        billing = controller.open_billing(busy_shop.owner)
        billing.open_back_office()
        office = billing.back_office
        page = office.show_section("settings")
        page.language.setCurrentIndex(page.language.findData("ur"))
        assert page.save()
        assert controller.window is not billing  # the counter was rebuilt in Urdu...
        assert isValid(office) and office.isVisible()  # ...and the back office stayed open
        assert office.parent() is controller.window
        assert office.ctx.language == "ur" and office.isRightToLeft()
        assert office.current_key() == "settings"
        urdu = QCoreApplication.translate("BackOfficeWindow", "Dashboard")
        assert urdu != "Dashboard" and office.sections.item(0).text() == urdu
        settings_page = office.pages["settings"]
        assert settings_page is not page and settings_page.language.currentData() == "ur"
        qtbot.wait(10)  # the old pages are deleted later, without taking the window along
        assert isValid(office) and office.isVisible()
    finally:
        controller.shutdown()
        cancel_all()


def test_wizard_applies_the_language_when_chosen(qtbot, english, tmp_path):
    ledger = Ledger.open(tmp_path / "ledger.sqlite3")
    try:
        wizard = SetupWizard(ledger, "en")
        qtbot.addWidget(wizard)
        wizard.show()
        assert not wizard.isRightToLeft() and wizard.next.text() == "Next"
        with qtbot.waitSignal(wizard.language_changed) as changed:
            wizard.language.setCurrentIndex(wizard.language.findData("ur"))
        assert changed.args == ["ur"]
        assert wizard.isRightToLeft()
        assert wizard.next.text() == QCoreApplication.translate("SetupWizard", "Next") != "Next"
        assert wizard.outlet_name.text() == QCoreApplication.translate("SetupWizard", "Main shop")
        wizard.forward()
        wizard.shop_name.setText("Bismillah Kiryana")
        wizard.go(0)
        wizard.language.setCurrentIndex(wizard.language.findData("en"))  # and back: nothing typed is lost
        assert not wizard.isRightToLeft() and wizard.next.text() == "Next"
        assert wizard.shop_name.text() == "Bismillah Kiryana" and wizard.outlet_name.text() == "Main shop"
        assert wizard.pages.currentIndex() == 0
    finally:
        ledger.close()
