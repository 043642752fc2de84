"""PIN login: pick the worker (↑↓), type the PIN, Enter. Lockout is the service's."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import DukanError
from ..core.permissions import Actor
from ..ledger.engine import Ledger
from ..ledger.uow import UnitOfWork
from ..services import settings, workers
from ..services.shop import ShopContext
from .display import embed_name
from .i18n import tr_error
from .table_model import Column, RowsModel


class LoginWindow(QWidget):
    logged_in = Signal(object)  # Actor
    language_requested = Signal()

    def __init__(self, ledger: Ledger, ctx: ShopContext, parent=None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.setObjectName("loginWindow")
        self.setWindowTitle(self.tr("Dukan POS — Log in"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 40, 120, 40)
        rtl = self.isRightToLeft()
        title = QLabel(f"{embed_name(ctx.business_name, rtl)} — {embed_name(ctx.outlet_name, rtl)}")
        title.setObjectName("shopName")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        hint = QLabel(self.tr("Choose your name with ↑↓, type your PIN and press Enter."))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        with UnitOfWork(ledger, write=False) as uow:
            people = workers.list_workers(uow, outlet_id=settings.get(uow, "outlet_id"))
        self.model = RowsModel([
            Column(self.tr("Name"), lambda w: w.name),
            Column(self.tr("Role"), lambda w: self.tr("Owner") if w.role == "owner" else self.tr("Cashier")),
        ], self)
        self.model.set_rows(people)
        self.view = QTableView()
        self.view.setObjectName("workerList")
        self.view.setModel(self.model)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.clicked.connect(lambda i: (self.select(i.row()), self.pin.setFocus()))
        layout.addWidget(self.view, 1)
        self.pin = QLineEdit()
        self.pin.setObjectName("pinField")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.setPlaceholderText(self.tr("PIN"))
        self.pin.returnPressed.connect(self.attempt)
        self.pin.installEventFilter(self)
        layout.addWidget(self.pin)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.error)
        language = QLabel(self.tr("Ctrl+L  اردو / English"))
        language.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(language)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.language_requested.emit)
        self._row = 0
        if people:
            self.select(0)
        self.resize(900, 640)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if obj is self.pin and event.type() == event.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            delta = 1 if event.key() == Qt.Key.Key_Down else -1
            self.select(self._row + delta)
            return True
        return super().eventFilter(obj, event)

    def selected_worker(self):
        return self.model.row(self._row) if self.model.rows else None

    def select(self, row: int) -> None:
        self._row = max(0, min(self.model.rowCount() - 1, row))
        self.view.selectRow(self._row)
        self.view.setCurrentIndex(self.model.index(self._row, 0))

    def attempt(self) -> None:
        worker = self.selected_worker()
        if worker is None:
            return
        try:
            with UnitOfWork(self.ledger) as uow:
                actor: Actor = workers.login(uow, worker.id, self.pin.text())
        except DukanError as err:
            self.error.setText(tr_error(err))
            self.pin.clear()
            return
        self.pin.clear()
        self.logged_in.emit(actor)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.pin.setFocus()
