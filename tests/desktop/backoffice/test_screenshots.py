"""Screenshots of every back-office screen in English and Urdu, for people to look at.

Saved to test-artifacts/screenshots/{en,ur}/backoffice-*.png (gitignored); with
DUKAN_REFRESH_SCREENSHOTS=1 they are also copied over docs/screenshots/backoffice/.
Each page is shown at the window's default size: what is cut off there is a bug.
"""

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

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

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "test-artifacts" / "screenshots"
DOCS = ROOT / "docs" / "screenshots" / "backoffice"


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
    QApplication.processEvents()
    assert widget.grab().save(str(path))
    if os.environ.get("DUKAN_REFRESH_SCREENSHOTS"):
        (DOCS / language).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, DOCS / language / path.name)
    return path


def _wait_loaded(qtbot, page) -> None:
    model = getattr(page, "model", None)
    if not getattr(page, "complete", True) or not getattr(model, "complete", True):
        with qtbot.waitSignal(page.loaded, timeout=10_000):
            pass


@pytest.mark.parametrize("language", ["en", "ur"])
def test_screenshots(qtbot, qapp, ledger, language, tmp_path):
    install_language(qapp, language)
    try:
        with UnitOfWork(ledger, write=False) as uow:
            owner = next(w for w in workers.list_workers(uow) if w.role == "owner")
        actor = Actor(owner.id, Role.OWNER, None, owner.name)
        window = open_back_office(None, ledger, actor, language=language)
        qtbot.addWidget(window)
        assert window.isRightToLeft() is (language == "ur")
        for key, *_ in SECTIONS:  # at the window's default size
            page = window.show_section(key)
            _wait_loaded(qtbot, page)
            if key in ("customers", "suppliers", "staff"):
                page.view.setCurrentIndex(page.view.model().index(0, 0))
            if key == "suppliers":
                qtbot.waitUntil(lambda p=page: p.products_model.rowCount() > 0, timeout=5000)
            _save(window, language, key)
        reports = window.show_section("reports")
        for kind in ("payment_mix", "top_products", "shifts"):
            reports.kind.setCurrentIndex(reports.kind.findData(kind))
            _save(window, language, f"reports-{kind.replace('_', '-')}")
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
        stock = window.show_section("stock")
        stock.view.setCurrentIndex(stock.model.index(0, 0))
        _save(stock.open_action("receive"), language, "stock-receive")
        customers = window.show_section("customers")
        _save(customers.open_action("payment"), language, "payment")
        _save(customers.open_action("reminder"), language, "reminder")
        window.close()
        empty = Ledger.open(tmp_path / "empty.sqlite3")
        try:
            wizard = SetupWizard(empty, language)
            qtbot.addWidget(wizard)
            wizard.show()
            for step in range(len(wizard.steps)):
                wizard.go(step)
                _save(wizard, language, f"wizard-{step + 1}")
        finally:
            empty.close()
    finally:
        install_language(qapp, "en")
