"""Counter UI tests: a ready shop, the app controller, helpers to log in and type."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from dukan_desktop.services.testing import build_test_shop
from dukan_desktop.ui import app as counter_app
from dukan_desktop.ui import i18n
from dukan_desktop.ui.worker import cancel_all

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"


@pytest.fixture
def shop(tmp_path):
    s = build_test_shop(tmp_path / "ledger.sqlite3")
    yield s
    s.ledger.close()


@pytest.fixture
def counter(qtbot, shop):
    """The app controller on the test shop, showing the login screen (English)."""
    qapp = counter_app.ensure_application()
    controller = counter_app.CounterApp(qapp, shop.ledger, "en")
    controller.start()
    qtbot.addWidget(controller.window)
    yield controller
    controller.shutdown()
    cancel_all()
    i18n.install_language(qapp, "en")


def log_in(qtbot, controller, who: str = "cashier"):
    """Choose the worker with ↓ and type the PIN, as a cashier would."""
    login = controller.window
    names = [w.name for w in login.model.rows]
    target = {"cashier": "Bilal", "owner": "Asad"}[who]
    for _ in range(len(names)):
        if login.selected_worker().name == target:
            break
        qtbot.keyClick(login.pin, Qt.Key.Key_Down)
    qtbot.keyClicks(login.pin, "5678" if who == "cashier" else "1234")
    qtbot.keyClick(login.pin, Qt.Key.Key_Return)
    window = controller.window
    assert window.objectName() == "billingWindow"
    qtbot.addWidget(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.scan.hasFocus() or QApplication.focusWidget() is window.scan,
                    timeout=2000)
    return window


def active_dialog(kind=QDialog):
    """The modal dialog on top (for code run from QTimer while exec() blocks)."""
    widget = QApplication.activeModalWidget()
    assert isinstance(widget, kind), widget
    return widget


def save_shot(widget, language: str, name: str) -> Path:
    folder = SCREENSHOTS / language
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    QApplication.processEvents()
    assert widget.grab().save(str(path))
    return path
