"""The version in the title, and F1 About with the data folder and ledger path."""

from __future__ import annotations

from PySide6.QtCore import Qt

from dukan_desktop import __version__

from .conftest import in_modal, log_in


def test_title_and_about(qtbot, counter, shop):
    window = log_in(qtbot, counter, "cashier")
    assert f"Dukan POS {__version__}" in window.windowTitle()
    seen = {}

    def about(box):
        seen["text"] = box.text()
        box.reject()
    in_modal(about)
    qtbot.keyClick(window.scan, Qt.Key.Key_F1)
    assert __version__ in seen["text"]
    assert str(shop.ledger.path) in seen["text"] and str(shop.ledger.path.parent) in seen["text"]
    assert window.focusWidget() is window.scan
