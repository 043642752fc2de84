"""First run on a new PC: the shop, its first outlet and the owner's PIN.

Deliberately minimal; a fuller setup wizard extends this module later.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import DukanError, InvalidInput
from ..core.i18n import QT_TRANSLATE_NOOP
from ..ledger.engine import Ledger
from ..ledger.uow import UnitOfWork
from ..services import shop
from .i18n import LANGUAGES, tr_error
from .keyboard import enter_stays_in_fields


class FirstRunWindow(QWidget):
    done = Signal(str)  # the chosen language

    def __init__(self, ledger: Ledger, language: str = "en", parent=None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.setObjectName("firstRunWindow")
        self.setWindowTitle(self.tr("Dukan POS — Set up this PC"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 30, 80, 30)
        title = QLabel(self.tr("Welcome. Tell us about your shop."))
        title.setObjectName("shopName")
        layout.addWidget(title)
        form = QFormLayout()
        self.shop_name = QLineEdit()
        self.outlet_name = QLineEdit(self.tr("Main shop"))
        self.outlet_code = QLineEdit("SHOP")
        self.owner_name = QLineEdit()
        self.pin = QLineEdit()
        self.pin_again = QLineEdit()
        for field in (self.pin, self.pin_again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMaxLength(8)
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        form.addRow(self.tr("Shop name"), self.shop_name)
        form.addRow(self.tr("Outlet name"), self.outlet_name)
        form.addRow(self.tr("Receipt prefix"), self.outlet_code)
        form.addRow(self.tr("Owner's name"), self.owner_name)
        form.addRow(self.tr("Owner PIN (4–8 digits)"), self.pin)
        form.addRow(self.tr("PIN again"), self.pin_again)
        form.addRow(self.tr("Language"), self.language)
        layout.addLayout(form)
        go = QPushButton(self.tr("Set up"))
        go.clicked.connect(self.set_up)
        self.pin_again.returnPressed.connect(self.set_up)
        layout.addWidget(go)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        enter_stays_in_fields(self)
        self.shop_name.setFocus()
        self.resize(760, 560)

    def set_up(self) -> None:
        try:
            if self.pin.text() != self.pin_again.text():
                raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The two PINs are different."))
            with UnitOfWork(self.ledger) as uow:
                shop.setup_shop(uow, shop_name=self.shop_name.text(),
                                outlet_name=self.outlet_name.text(),
                                outlet_code=self.outlet_code.text(),
                                owner_name=self.owner_name.text(), owner_pin=self.pin.text(),
                                language=self.language.currentData())
                uow.commit()
        except DukanError as err:
            self.error.setText(tr_error(err))
            return
        self.done.emit(self.language.currentData())
