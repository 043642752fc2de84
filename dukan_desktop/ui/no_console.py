"""Output for the windowed executable, which has no console to print to."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox


def show_text(text: str, *, warning: bool = False) -> None:
    """`dukan.exe --version` / `--self-test` from Explorer or a shortcut: a message box."""
    _app = QApplication.instance() or QApplication([])  # kept alive while the box shows
    box = QMessageBox.warning if warning else QMessageBox.information
    box(None, "Dukan POS", text)
