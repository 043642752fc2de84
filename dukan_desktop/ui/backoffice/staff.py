"""Staff and outlets: add cashiers with PINs, assign outlets, reset PINs, deactivate;
outlets and their receipt prefixes."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import DukanError, InvalidInput
from ...core.i18n import QT_TRANSLATE_NOOP
from ...core.permissions import Role
from ...services import shop, workers
from ..display import ltr
from ..events import events
from .common import (
    STAFF,
    BackOfficeContext,
    ChangeWatcher,
    StatusLine,
    list_table,
    open_dialog,
    reload_keeping_selection,
    selected_row,
)
from .list_model import ListColumn


class _Dialog(QDialog):
    def setup(self, title: str, rows: list[tuple[str, QWidget]]) -> None:
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        for label, widget in rows:
            form.addRow(label, widget)
        layout.addLayout(form)
        self.status = StatusLine()
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            QCoreApplication.translate("CustomerDialogs", "Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("CustomerDialogs", "Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def run(self, fn) -> None:
        try:
            with self.ctx.write() as uow:
                fn(uow)
                uow.commit()
        except DukanError as err:
            self.status.error(err)
            return
        self.accept()

    def save(self) -> None:
        raise NotImplementedError


def _pin_fields() -> tuple[QLineEdit, QLineEdit]:
    pin, again = QLineEdit(), QLineEdit()
    for field in (pin, again):
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setMaxLength(8)
    return pin, again


def _same_pins(pin: QLineEdit, again: QLineEdit) -> str:
    if pin.text() != again.text():
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The two PINs are different."))
    return pin.text()


class WorkerDialog(_Dialog):
    """A new cashier, or a cashier's name, phone and outlet."""

    def __init__(self, ctx: BackOfficeContext, outlets: list[shop.OutletInfo],
                 worker: workers.WorkerInfo | None = None, parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.worker = ctx, worker
        self.name = QLineEdit(worker.name if worker else "")
        self.phone = QLineEdit(worker.phone if worker else "")
        self.outlet = QComboBox()
        for o in outlets:
            self.outlet.addItem(f"{o.name} ({o.code})", o.id)
        if worker is not None and worker.outlet_id:
            self.outlet.setCurrentIndex(max(0, self.outlet.findData(worker.outlet_id)))
        self.pin, self.pin_again = _pin_fields()
        rows = [(self.tr("Name"), self.name), (self.tr("Phone"), self.phone),
                (self.tr("Outlet"), self.outlet)]
        if worker is None:
            rows += [(self.tr("PIN (4–8 digits)"), self.pin), (self.tr("PIN again"), self.pin_again)]
        self.setup(self.tr("Add a cashier") if worker is None else self.tr("Edit cashier"), rows)

    def save(self) -> None:
        def apply(uow):
            if self.worker is None:
                workers.create_worker(uow, self.ctx.actor, name=self.name.text(),
                                      pin=_same_pins(self.pin, self.pin_again), role=Role.CASHIER,
                                      outlet_id=self.outlet.currentData(), phone=self.phone.text())
            else:
                workers.update_worker(uow, self.ctx.actor, self.worker.id, name=self.name.text(),
                                      phone=self.phone.text(), outlet_id=self.outlet.currentData())
        self.run(apply)


class PinDialog(_Dialog):
    def __init__(self, ctx: BackOfficeContext, worker: workers.WorkerInfo, parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.worker = ctx, worker
        self.pin, self.pin_again = _pin_fields()
        self.setup(self.tr("New PIN for {name}").format(name=worker.name),
                   [(self.tr("New PIN"), self.pin), (self.tr("PIN again"), self.pin_again)])

    def save(self) -> None:
        self.run(lambda uow: workers.update_worker(uow, self.ctx.actor, self.worker.id,
                                                   pin=_same_pins(self.pin, self.pin_again)))


class OutletDialog(_Dialog):
    def __init__(self, ctx: BackOfficeContext, outlet: shop.OutletInfo | None = None, parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.outlet = ctx, outlet
        self.name = QLineEdit(outlet.name if outlet else "")
        self.code = QLineEdit(outlet.code if outlet else "")
        self.code.setReadOnly(outlet is not None)  # receipts already issued carry the prefix
        self.address = QLineEdit(outlet.address if outlet else "")
        self.phone = QLineEdit(outlet.phone if outlet else "")
        self.active = QCheckBox(self.tr("Open (accepting sales)"))
        self.active.setChecked(outlet.active if outlet else True)
        rows = [(self.tr("Name"), self.name), (self.tr("Receipt prefix"), self.code),
                (self.tr("Address"), self.address), (self.tr("Phone"), self.phone)]
        if outlet is not None:
            rows.append(("", self.active))
        self.setup(self.tr("Add an outlet") if outlet is None else self.tr("Edit outlet"), rows)

    def save(self) -> None:
        def apply(uow):
            if self.outlet is None:
                shop.create_outlet(uow, self.ctx.actor, name=self.name.text(), code=self.code.text(),
                                   address=self.address.text(), phone=self.phone.text())
            else:
                if not self.name.text().strip():
                    raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Enter the outlet's name."))
                shop.update_outlet(uow, self.ctx.actor, self.outlet.id, name=self.name.text().strip(),
                                   address=self.address.text(), phone=self.phone.text(),
                                   active=self.active.isChecked())
        self.run(apply)


class StaffPage(QWidget):
    def __init__(self, ctx: BackOfficeContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("staffPage")
        layout = QVBoxLayout(self)
        self.outlet_names: dict[str, str] = {}
        staff_box = QGroupBox(self.tr("Staff"))
        staff_layout = QVBoxLayout(staff_box)
        self.view, self.model = list_table([
            ListColumn(self.tr("Name"), lambda w: w.name),
            ListColumn(self.tr("Role"), lambda w: self.tr("Owner") if w.role == "owner" else self.tr("Cashier"),
                       key=lambda w: w.role != "owner"),
            ListColumn(self.tr("Outlet"), lambda w: self.outlet_names.get(w.outlet_id, self.tr("all"))),
            ListColumn(self.tr("Phone"), lambda w: ltr(w.phone) if w.phone else ""),
            ListColumn(self.tr("Active"), lambda w: self.tr("yes") if w.active else self.tr("no"),
                       key=lambda w: not w.active, searchable=False),
        ], self, object_name="staffTable")
        staff_layout.addWidget(self.view)
        staff_layout.addLayout(self._buttons((
            (self.tr("Add cashier…"), self.add_cashier), (self.tr("Edit…"), self.edit_worker),
            (self.tr("Reset PIN…"), self.reset_pin),
            (self.tr("Activate / deactivate"), self.toggle_active))))
        layout.addWidget(staff_box, 3)
        outlet_box = QGroupBox(self.tr("Outlets"))
        outlet_layout = QVBoxLayout(outlet_box)
        self.outlet_view, self.outlet_model = list_table([
            ListColumn(self.tr("Name"), lambda o: o.name),
            ListColumn(self.tr("Receipt prefix"), lambda o: ltr(o.code)),
            ListColumn(self.tr("Address"), lambda o: o.address),
            ListColumn(self.tr("Phone"), lambda o: ltr(o.phone) if o.phone else ""),
            ListColumn(self.tr("Open"), lambda o: self.tr("yes") if o.active else self.tr("no"),
                       key=lambda o: not o.active),
        ], self, object_name="outletTable")
        outlet_layout.addWidget(self.outlet_view)
        outlet_layout.addLayout(self._buttons(((self.tr("Add outlet…"), self.add_outlet),
                                               (self.tr("Edit outlet…"), self.edit_outlet))))
        layout.addWidget(outlet_box, 2)
        self.status = StatusLine()
        layout.addWidget(self.status)
        self.refresh()
        # Last: a page that failed to build never listens.
        self.watcher = ChangeWatcher(self, {STAFF}, lambda _what: self.refresh())

    def _buttons(self, items) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, slot in items:
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, s=slot: s())
            row.addWidget(button)
        row.addStretch(1)
        return row

    def refresh(self) -> None:
        with self.ctx.read() as uow:
            self.outlets = shop.owner_outlets(uow, self.ctx.actor)
            staff = workers.list_staff(uow, self.ctx.actor)
        self.outlet_names = {o.id: f"{o.name} ({o.code})" for o in self.outlets}
        reload_keeping_selection(self.view, self.model, staff)
        reload_keeping_selection(self.outlet_view, self.outlet_model, self.outlets)

    def _written(self) -> None:
        events().notify(STAFF, self.ctx.actor.worker_id)
        self.watcher.refresh_now()

    def _worker(self) -> workers.WorkerInfo | None:
        w = selected_row(self.view, self.model)
        if w is None:
            self.status.error(self.tr("Choose a person first."))
        return w

    def add_cashier(self) -> WorkerDialog:
        return open_dialog(self, WorkerDialog(self.ctx, [o for o in self.outlets if o.active], None, self),
                           self._written)

    def edit_worker(self) -> WorkerDialog | None:
        w = self._worker()
        if w is None or w.role == "owner":
            return None
        return open_dialog(self, WorkerDialog(self.ctx, self.outlets, w, self), self._written)

    def reset_pin(self) -> PinDialog | None:
        w = self._worker()
        return None if w is None else open_dialog(self, PinDialog(self.ctx, w, self), self._written)

    def toggle_active(self) -> None:
        w = self._worker()
        if w is None:
            return
        try:
            with self.ctx.write() as uow:
                workers.update_worker(uow, self.ctx.actor, w.id, active=not w.active)
                uow.commit()
        except DukanError as err:
            self.status.error(err)
            return
        self._written()

    def add_outlet(self) -> OutletDialog:
        return open_dialog(self, OutletDialog(self.ctx, None, self), self._written)

    def edit_outlet(self) -> OutletDialog | None:
        o = selected_row(self.outlet_view, self.outlet_model)
        if o is None:
            self.status.error(self.tr("Choose an outlet first."))
            return None
        return open_dialog(self, OutletDialog(self.ctx, o, self), self._written)
