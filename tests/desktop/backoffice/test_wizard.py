"""First-run wizard: from an empty data folder to the first sale."""

from PySide6.QtWidgets import QApplication

from dukan_desktop.ledger.engine import Ledger
from dukan_desktop.ledger.uow import UnitOfWork
from dukan_desktop.paths import AppPaths
from dukan_desktop.services import catalog, sales, settings, shifts, shop, workers
from dukan_desktop.ui.backoffice.wizard import SetupWizard
from dukan_desktop.ui.i18n import install_language


def test_wizard_from_empty_data_dir_to_first_sale(qtbot, tmp_path):
    paths = AppPaths.resolve(tmp_path / "fresh").ensure()
    ledger = Ledger.open(paths.ledger)
    try:
        wizard = SetupWizard(ledger, "en")
        qtbot.addWidget(wizard)
        wizard.show()
        wizard.language.setCurrentIndex(wizard.language.findData("ur"))
        wizard.forward()
        wizard.forward()  # no shop name yet
        assert wizard.pages.currentIndex() == 1 and wizard.error.text()
        wizard.shop_name.setText("Bismillah Kiryana")
        wizard.forward()
        wizard.outlet_code.setText("bsm")
        wizard.forward()
        wizard.owner_name.setText("Tariq")
        wizard.pin.setText("2468")
        wizard.pin_again.setText("2468")
        wizard.forward()
        assert wizard.pages.currentIndex() == 4 and wizard.skip.isVisible()
        with qtbot.waitSignal(wizard.done) as done:
            wizard.skip.click()  # no printer yet
        assert done.args == ["ur"]
        with UnitOfWork(ledger) as uow:
            ctx = shop.context(uow)
            assert ctx.outlet_code == "BSM" and settings.get(uow, "language") == "ur"
            owner_id = next(w.id for w in workers.list_workers(uow) if w.role == "owner")
        with UnitOfWork(ledger) as uow:
            owner = workers.login(uow, owner_id, "2468")
        with UnitOfWork(ledger) as uow:
            pid = catalog.create_product(uow, owner, catalog.ProductInput(name_en="Tea", price_paisa=5000))
            shift_id = shifts.open_shift(uow, owner, 0)
            cart = sales.Cart((sales.CartLine(pid, 1000),))
            result = sales.complete_sale(uow, owner, cart, [sales.TenderInput("cash", 5000)],
                                         shift_id=shift_id)
            uow.commit()
        assert result.receipt_no.startswith("BSM-1-")
    finally:
        ledger.close()
        install_language(QApplication.instance(), "en")  # choosing Urdu applied it app-wide
