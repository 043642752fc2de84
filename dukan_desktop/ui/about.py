"""About Dukan POS: the version and where this PC keeps its data (what support asks first)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from .. import __version__
from .session import CounterSession


def about_text(session: CounterSession) -> str:
    paths = session.extras.get("paths")
    ledger_path = Path(session.ledger.path)
    data_dir = paths.data_dir if paths is not None else ledger_path.parent
    return QCoreApplication.translate(
        "AboutDialog", "Dukan POS {version}\n\nData folder: {data}\nLedger: {ledger}"
    ).format(version=__version__, data=_ltr(data_dir), ledger=_ltr(ledger_path))


def _ltr(path: Path) -> str:
    """A path stays left-to-right inside Urdu text (Unicode isolate), slashes where they belong."""
    return f"\u2066{path}\u2069"


def about_dialog(parent, session: CounterSession) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information,
                      QCoreApplication.translate("AboutDialog", "About Dukan POS"),
                      about_text(session), QMessageBox.StandardButton.Close, parent)
    box.setObjectName("aboutDialog")
    box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 560px; }")  # paths on one line
    box.button(QMessageBox.StandardButton.Close).setText(QCoreApplication.translate("AboutDialog", "Close"))
    return box
