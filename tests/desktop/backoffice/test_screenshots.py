"""Screenshots of every back-office screen in English and Urdu, for people to look at.

Saved to test-artifacts/screenshots/{en,ur}/backoffice-*.png (gitignored); a current
set is copied by hand into docs/screenshots/backoffice/.
"""

import shutil
from pathlib import Path

import pytest

from dukan_desktop.core.permissions import Actor, Role
from dukan_desktop.ledger.engine import Ledger
from dukan_desktop.ledger.uow import UnitOfWork
from dukan_desktop.services import workers
from dukan_desktop.services.demo import build_demo
from dukan_desktop.ui.backoffice import open_back_office
from dukan_desktop.ui.backoffice.window import SECTIONS
from dukan_desktop.ui.backoffice.wizard import SetupWizard
from dukan_desktop.ui.i18n import install_language

from .test_services import GOOD_AND_BAD

OUT = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "ledger.sqlite3"
    build_demo(path, days=30, products=80)
    return path


@pytest.fixture
def ledger(demo_file, tmp_path):
    copy = tmp_path / "ledger.sqlite3"
    shutil.copy(demo_file, copy)
    ledger = Ledger.open(copy)
    yield ledger
    ledger.close()


def _save(widget, language: str, name: str) -> Path:
    folder = OUT / language
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"backoffice-{name}.png"
    assert widget.grab().save(str(path))
    return path


@pytest.mark.parametrize("language", ["en", "ur"])
def test_screenshots(qtbot, qapp, ledger, language, tmp_path):
    install_language(qapp, language)
    try:
        with UnitOfWork(ledger, write=False) as uow:
            owner = next(w for w in workers.list_workers(uow) if w.role == "owner")
        actor = Actor(owner.id, Role.OWNER, None, owner.name)
        window = open_back_office(None, ledger, actor, language=language)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        for key, *_ in SECTIONS:
            page = window.show_section(key)
            if key == "products":
                if not page.model.complete:
                    with qtbot.waitSignal(page.loaded, timeout=10_000):
                        pass
            if key == "customers":
                page.view.setCurrentIndex(page.proxy.index(0, 0))
            qtbot.wait(20)
            _save(window, language, key)
        products = window.show_section("products")
        csv = tmp_path / "products.csv"
        csv.write_text(GOOD_AND_BAD, encoding="utf-8")
        dialog = products.import_from(csv)
        with qtbot.waitSignal(dialog.report_ready, timeout=10_000):
            pass
        _save(dialog, language, "csv-import")
        dialog.reject()
        products.view.setCurrentIndex(products.model.index(0, 0))
        _save(products.edit_selected(), language, "product-edit")
        customers = window.show_section("customers")
        _save(customers.open_action("payment"), language, "payment")
        _save(customers.open_action("reminder"), language, "reminder")
        window.close()
        empty = Ledger.open(tmp_path / "empty.sqlite3")
        try:
            wizard = SetupWizard(empty, language)
            qtbot.addWidget(wizard)
            wizard.show()
            wizard.go(3)
            _save(wizard, language, "wizard")
        finally:
            empty.close()
    finally:
        install_language(qapp, "en")
