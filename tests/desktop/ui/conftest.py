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
    assert window.objectName() == "billingWindow", login.error.text()
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


def in_modal(callback, delay_ms: int = 30):
    """Run `callback(dialog)` once the next modal dialog is up (exec() blocks the test).

    If the callback fails, every open modal is rejected (so the test fails instead of
    hanging) and the error is raised again for pytest-qt to report.
    """
    from PySide6.QtCore import QTimer

    tries = [0]

    def fire():
        dialog = QApplication.activeModalWidget()
        tries[0] += 1
        if dialog is None or (QApplication.activeWindow() is not dialog and tries[0] < 50):
            if dialog is not None:
                dialog.activateWindow()
            QTimer.singleShot(20, fire)
            return
        try:
            callback(dialog)
        except BaseException:
            while (top := QApplication.activeModalWidget()) is not None:
                top.reject()
            raise

    QTimer.singleShot(delay_ms, fire)


def type_into_focus(qtbot, dialog, text: str, enter: bool = True):
    """Type where the dialog's keyboard focus is, as a person would."""
    widget = dialog.focusWidget()
    assert widget is not None, dialog
    if text:
        qtbot.keyClicks(widget, text)
    if enter:
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    return widget


def type_unicode(widget, text: str) -> None:
    """Key presses carrying Urdu text (QTest.keyClicks only maps Latin-1 characters)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def press(qtbot, window, key, widget=None) -> None:
    """A key on the billing window once it is active again (after a dialog closed)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(widget or window.scan, key)
