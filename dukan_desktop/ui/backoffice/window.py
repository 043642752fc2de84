"""The back-office window: a side list of sections, each page built when first shown.

Owner only: `open_back_office` refuses anyone else (and every service the pages call
checks again — hiding the menu is not enforcement).
"""

from __future__ import annotations

from importlib import import_module

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.i18n import QT_TRANSLATE_NOOP
from ...core.permissions import Action, Actor, require
from ...ledger.engine import Ledger
from ...ledger.uow import UnitOfWork
from ...paths import AppPaths
from .common import BackOfficeContext

_C = "BackOfficeWindow"
# key, title, module, class
SECTIONS = (
    ("dashboard", QT_TRANSLATE_NOOP("BackOfficeWindow", "Dashboard"), "dashboard", "DashboardPage"),
    ("products", QT_TRANSLATE_NOOP("BackOfficeWindow", "Products"), "products", "ProductsPage"),
    ("suppliers", QT_TRANSLATE_NOOP("BackOfficeWindow", "Suppliers"), "suppliers", "SuppliersPage"),
    ("stock", QT_TRANSLATE_NOOP("BackOfficeWindow", "Stock"), "stock", "StockPage"),
    ("customers", QT_TRANSLATE_NOOP("BackOfficeWindow", "Customers (udhaar)"), "customers", "CustomersPage"),
    ("staff", QT_TRANSLATE_NOOP("BackOfficeWindow", "Staff and outlets"), "staff", "StaffPage"),
    ("reports", QT_TRANSLATE_NOOP("BackOfficeWindow", "Reports"), "reports", "ReportsPage"),
    ("settings", QT_TRANSLATE_NOOP("BackOfficeWindow", "Settings"), "settings_page", "SettingsPage"),
)


class BackOfficeWindow(QWidget):
    def __init__(self, ctx: BackOfficeContext, parent=None, *, section: str = "dashboard") -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.setObjectName("backOfficeWindow")
        self.setWindowTitle(self.tr("Dukan POS — Back office"))
        self.resize(1280, 800)
        layout = QHBoxLayout(self)
        side = QVBoxLayout()
        self.who = QLabel(self.tr("Owner: {name}").format(name=ctx.actor.name or "—"))
        self.who.setObjectName("backOfficeWho")
        side.addWidget(self.who)
        # On a counter PC the owner may look at everything, but the services refuse the
        # owner's changes here (the server would): say so before the owner tries.
        self.counter_note = QLabel()
        self.counter_note.setObjectName("backOfficeCounterNote")
        self.counter_note.setWordWrap(True)
        self.counter_note.setFixedWidth(210)
        self.counter_note.setStyleSheet(
            "background: #fff4d6; color: #6b4500; border: 1px solid #e6c77a;"
            " border-radius: 4px; padding: 6px;")
        with UnitOfWork(ctx.ledger, write=False) as uow:
            self.counter_note.setVisible(uow.device_kind() == "counter")
        self._counter_note_text()
        side.addWidget(self.counter_note)
        self.sections = QListWidget()
        self.sections.setObjectName("backOfficeSections")
        self.sections.setFixedWidth(210)
        for key, title, _module, _cls in SECTIONS:
            item = QListWidgetItem(QCoreApplication.translate(_C, title))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sections.addItem(item)
        side.addWidget(self.sections, 1)
        layout.addLayout(side)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.pages: dict[str, QWidget] = {}
        self.sections.currentRowChanged.connect(self._show_row)
        self.show_section(section)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(SECTIONS):
            self.show_section(SECTIONS[row][0])

    def show_section(self, key: str) -> QWidget:
        """Build the page on first use and bring it forward."""
        row = next(i for i, s in enumerate(SECTIONS) if s[0] == key)
        if key not in self.pages:
            _key, _title, module, cls = SECTIONS[row]
            page_cls = getattr(import_module(f"{__package__}.{module}"), cls)
            page = page_cls(self.ctx, self)
            self.pages[key] = page
            self.stack.addWidget(page)
        if self.sections.currentRow() != row:
            self.sections.setCurrentRow(row)
        self.stack.setCurrentWidget(self.pages[key])
        return self.pages[key]

    def retranslate(self, language: str) -> None:
        """The app switched language: build every page again in it, on the same section
        (the pages' texts, columns and layout direction all come from their build)."""
        key = self.current_key()
        self.ctx.language = language
        self.shutdown()
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages = {}
        self.setWindowTitle(self.tr("Dukan POS — Back office"))
        self.who.setText(self.tr("Owner: {name}").format(name=self.ctx.actor.name or "—"))
        self._counter_note_text()
        for row, (_key, title, _module, _cls) in enumerate(SECTIONS):
            self.sections.item(row).setText(QCoreApplication.translate(_C, title))
        self.show_section(key)

    def _counter_note_text(self) -> None:
        self.counter_note.setText(self.tr(
            "This PC is a counter: products, prices, stock, staff and udhaar write-offs are "
            "changed on the owner's PC."))

    def current_key(self) -> str:
        row = self.sections.currentRow()
        return SECTIONS[row][0] if 0 <= row < len(SECTIONS) else "dashboard"

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        for page in self.pages.values():
            stop = getattr(page, "shutdown", None)
            if stop is not None:
                stop()


def open_back_office(parent: QWidget | None, ledger: Ledger, actor: Actor,
                     paths: AppPaths | None = None, *, language: str = "en",
                     section: str = "dashboard") -> BackOfficeWindow:
    """The owner's back office as a window (shown). Raises PermissionDenied for a cashier."""
    require(actor, Action.MANAGE_SETTINGS)
    window = BackOfficeWindow(BackOfficeContext(ledger, actor, paths, language=language), parent,
                              section=section)
    window.show()
    return window

