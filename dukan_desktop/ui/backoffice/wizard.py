"""First-run wizard: language, shop, first outlet, owner PIN, printer (skippable) →
billing. CounterApp shows it while the ledger is not set up; `done` carries the chosen
language.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import DukanError, InvalidInput
from ...core.i18n import QT_TRANSLATE_NOOP
from ...ledger.engine import Ledger
from ...ledger.uow import UnitOfWork
from ...printing.printers import KINDS, PrinterConfig
from ...services import settings, shop
from ..i18n import LANGUAGES, install_language, tr_error
from .common import printer_kind_name


class SetupWizard(QWidget):
    """Choosing a language applies it at once (translations and right-to-left): the
    wizard's contents are built again in that language, keeping what was typed."""

    done = Signal(str)  # the chosen language
    language_changed = Signal(str)

    def __init__(self, ledger: Ledger, language: str = "en", parent=None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.setObjectName("setupWizard")
        self.resize(760, 560)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(0, 0, 0, 0)
        self.body: QWidget | None = None
        self._build(language, {}, 0)

    def _build(self, language: str, values: dict, step: int) -> None:
        if self.body is not None:
            self.body.hide()
            self.body.deleteLater()
        self.body = QWidget(self)
        self.outer.addWidget(self.body)
        self.setWindowTitle(self.tr("Dukan POS — Set up this PC"))
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(60, 24, 60, 24)
        self.step_label = QLabel()
        self.step_label.setObjectName("wizardStep")
        layout.addWidget(self.step_label)
        self.title = QLabel()
        self.title.setObjectName("shopName")
        self.title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)

        self.language = QComboBox()
        self.language.setObjectName("wizardLanguage")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.shop_name, self.address, self.phone = QLineEdit(), QLineEdit(), QLineEdit()
        self.default_outlet_name = self.tr("Main shop")
        self.outlet_name = QLineEdit(self.default_outlet_name)
        self.outlet_code = QLineEdit("SHOP")
        self.outlet_code.setMaxLength(12)
        self.owner_name, self.pin, self.pin_again = QLineEdit(), QLineEdit(), QLineEdit()
        for field in (self.pin, self.pin_again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMaxLength(8)
        for field in (self.outlet_code, self.pin, self.pin_again, self.phone):
            field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # digits and codes
        self.printer_kind = QComboBox()
        for kind in KINDS:
            self.printer_kind.addItem(printer_kind_name(kind), kind)
        self.printer_address = QLineEdit()
        self.printer_address.setPlaceholderText(self.tr("192.168.1.50, 0416:5011, COM3 …"))
        self.paper = QComboBox()
        self.paper.addItem("\u200e80 mm", 80)
        self.paper.addItem("\u200e58 mm", 58)
        for name, field in (("shop_name", self.shop_name), ("address", self.address), ("phone", self.phone),
                            ("outlet_name", self.outlet_name), ("outlet_code", self.outlet_code),
                            ("owner_name", self.owner_name), ("pin", self.pin),
                            ("pin_again", self.pin_again), ("printer_address", self.printer_address)):
            if name in values:
                field.setText(values[name])
        for name, box in (("printer_kind", self.printer_kind), ("paper", self.paper)):
            if name in values:
                box.setCurrentIndex(max(0, box.findData(values[name])))
        self.steps = [
            (self.tr("Welcome to Dukan POS. Which language?"),
             [(self.tr("Language"), self.language)]),
            (self.tr("Your shop"), [(self.tr("Shop name"), self.shop_name),
                                    (self.tr("Address"), self.address), (self.tr("Phone"), self.phone)]),
            (self.tr("Your first outlet"), [
                (self.tr("Outlet name"), self.outlet_name), (self.tr("Receipt prefix"), self.outlet_code),
                ("", self._hint(self.tr("Receipts will be numbered like SHOP-1-1, SHOP-1-2 …")))]),
            (self.tr("The owner"), [(self.tr("Owner's name"), self.owner_name),
                                    (self.tr("Owner PIN (4–8 digits)"), self.pin),
                                    (self.tr("PIN again"), self.pin_again)]),
            (self.tr("Receipt printer (you can skip this)"), [
                (self.tr("Connection"), self.printer_kind), (self.tr("Address"), self.printer_address),
                (self.tr("Paper"), self.paper)]),
        ]
        for _title, rows in self.steps:
            page = QWidget()
            form = QFormLayout(page)
            form.setHorizontalSpacing(18)  # an Urdu label never touches its field
            form.setVerticalSpacing(12)
            for label, widget in rows:
                form.addRow(label, widget)
            self.pages.addWidget(page)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.back = QPushButton(self.tr("Back"))
        self.skip = QPushButton(self.tr("Skip"))
        self.next = QPushButton(self.tr("Next"))
        self.next.setObjectName("wizardNext")
        self.next.setDefault(True)
        self.back.clicked.connect(lambda: self.go(self.pages.currentIndex() - 1))
        self.skip.clicked.connect(lambda: self.finish(False))
        self.next.clicked.connect(self.forward)
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        buttons.addWidget(self.skip)
        buttons.addWidget(self.next)
        layout.addLayout(buttons)
        for field in (self.shop_name, self.phone, self.outlet_code, self.pin_again, self.printer_address):
            field.returnPressed.connect(self.forward)
        self.language.currentIndexChanged.connect(lambda _i: self.apply_language(self.language.currentData()))
        if self.isVisible():
            self.body.show()  # a layout would show it only on the next event loop turn
        self.go(step)

    def values(self) -> dict:
        """What was typed so far (kept when the wizard is rebuilt in another language)."""
        out = {name: getattr(self, name).text() for name in (
            "shop_name", "address", "phone", "outlet_name", "outlet_code", "owner_name", "pin",
            "pin_again", "printer_address")}
        out.update(printer_kind=self.printer_kind.currentData(), paper=self.paper.currentData())
        return out

    def apply_language(self, language: str) -> None:
        """Install the language for the whole app now and show the wizard in it."""
        app = QApplication.instance()
        if app is not None:
            language = install_language(app, language)
        values, step = self.values(), self.pages.currentIndex()
        if self.outlet_name.text() == self.default_outlet_name:
            values.pop("outlet_name")  # still the default: take it in the new language
        self._build(language, values, step)
        self.language_changed.emit(language)

    @staticmethod
    def _hint(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        return label

    def go(self, index: int) -> None:
        index = max(0, min(index, len(self.steps) - 1))
        self.pages.setCurrentIndex(index)
        self.title.setText(self.steps[index][0])
        self.step_label.setText(self.tr("Step {n} of {total}").format(n=index + 1, total=len(self.steps)))
        self.back.setEnabled(index > 0)
        last = index == len(self.steps) - 1
        self.skip.setVisible(last)
        self.next.setText(self.tr("Start selling") if last else self.tr("Next"))
        self.error.clear()
        focus = self.steps[index][1][0][1]
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _check(self, index: int) -> None:
        """Catch mistakes on the step where they were made, not at the end."""
        if index == 1 and not self.shop_name.text().strip():
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Enter the shop's name."))
        if index == 2:
            if not self.outlet_name.text().strip():
                raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Enter the outlet's name."))
            shop._check_code(self.outlet_code.text())  # noqa: SLF001 - the one rule for prefixes
        if index == 3:
            if not self.owner_name.text().strip():
                raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Enter the owner's name."))
            pin = self.pin.text().strip()
            if not (pin.isdigit() and 4 <= len(pin) <= 8):
                raise InvalidInput(QT_TRANSLATE_NOOP("errors", "A PIN is 4 to 8 digits."))
            if pin != self.pin_again.text().strip():
                raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The two PINs are different."))

    def forward(self) -> None:
        index = self.pages.currentIndex()
        try:
            self._check(index)
        except DukanError as err:
            self.error.setText(tr_error(err))
            return
        if index == len(self.steps) - 1:
            self.finish(with_printer=True)
        else:
            self.go(index + 1)

    def finish(self, with_printer: bool = False) -> None:
        language = self.language.currentData()
        try:
            for step in range(1, 4):
                self._check(step)
            with UnitOfWork(self.ledger) as uow:
                shop.setup_shop(uow, shop_name=self.shop_name.text(), outlet_name=self.outlet_name.text(),
                                outlet_code=self.outlet_code.text(), owner_name=self.owner_name.text(),
                                owner_pin=self.pin.text().strip(), address=self.address.text().strip(),
                                phone=self.phone.text().strip(), language=language)
                if with_printer and self.printer_address.text().strip():
                    config = PrinterConfig(kind=self.printer_kind.currentData(),
                                           address=self.printer_address.text().strip(),
                                           paper_mm=self.paper.currentData())
                    for key, value in config.to_settings().items():
                        settings.put(uow, key, value)
                uow.commit()
        except DukanError as err:
            self.error.setText(tr_error(err))
            return
        self.done.emit(language)
