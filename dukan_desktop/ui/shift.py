"""Shift: open with a float, cash in/out during the day, close with a cash count."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from ..core.clock import to_local
from ..core.errors import DukanError
from ..core.money import parse_rupees
from ..services import shifts, workers
from ..services.shifts import ZReport
from .display import Display
from .events import SHIFT, events
from .i18n import tr_error
from .keyboard import enter_stays_in_fields
from .session import CounterSession


class ShiftDialog(QDialog):
    def __init__(self, session: CounterSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.display = Display(session)
        self.report: ZReport | None = None
        self.setObjectName("shiftDialog")
        self.setWindowTitle(self.tr("Shift"))
        self.setMinimumWidth(560)
        self.layout_ = QVBoxLayout(self)
        owner_name = None
        with session.read() as uow:
            self.shift = shifts.current_shift(uow)
            foreign = self.shift is not None and not session.actor.is_owner \
                and self.shift.worker_id != session.actor.worker_id
            if foreign:
                owner_name = next((w.name for w in workers.list_workers(uow, active_only=False)
                                   if w.id == self.shift.worker_id), "")
            elif self.shift is not None:
                self.report = shifts.z_report(uow, session.actor, self.shift.id)
        if self.shift is None:
            self._build_open()
        elif foreign:
            self._build_foreign(owner_name)
        else:
            self._build_running()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        enter_stays_in_fields(self)
        self.layout_.addWidget(self.error)

    # -- no shift yet -------------------------------------------------------------------

    def _build_open(self) -> None:
        box = QGroupBox(self.tr("Open a shift"))
        form = QFormLayout(box)
        self.float_field = QLineEdit()
        self.float_field.setObjectName("openingFloat")
        self.float_field.setPlaceholderText(self.tr("Cash in the drawer now, e.g. 5000"))
        self.float_field.returnPressed.connect(self.open_shift)
        form.addRow(self.tr("Opening float (Rs)"), self.float_field)
        go = QPushButton(self.tr("Open shift"))
        go.clicked.connect(self.open_shift)
        form.addRow(go)
        self.layout_.addWidget(box)
        self.float_field.setFocus()

    def open_shift(self) -> None:
        try:
            paisa = parse_rupees(self.float_field.text())
            with self.session.write() as uow:
                shifts.open_shift(uow, self.session.actor, paisa)
                uow.commit()
        except DukanError as err:
            self.error.setText(tr_error(err))
            return
        events().notify(SHIFT, self.session.actor.worker_id)
        self.accept()

    # -- another cashier's shift is still open ----------------------------------------------

    def _build_foreign(self, name: str) -> None:
        note = QLabel(self.display.para(self.tr(
            "{name}'s shift is still open on this PC (since {time}). Only {name} or the owner "
            "can close it. Until then your sales are saved outside any shift.").format(
            name=name, time=to_local(self.shift.opened_at).strftime("%H:%M"))))
        note.setObjectName("foreignShift")
        note.setWordWrap(True)
        self.layout_.addWidget(note)

    # -- a shift is running ---------------------------------------------------------------

    def _build_running(self) -> None:
        show, r = self.display, self.report
        money = show.money
        summary = QLabel(show.para(self.tr(
            "Opening float: {float}\nSales: {count} for {total}\nCash in: {cash_in}   Cash out: {cash_out}"
        ).format(float=money(r.opening_float_paisa), count=show.count(r.sales_count),
                 total=money(r.sales_total_paisa), cash_in=money(r.cash_in_paisa),
                 cash_out=money(r.cash_out_paisa))))
        summary.setObjectName("shiftSummary")
        self.layout_.addWidget(summary)

        box = QGroupBox(self.tr("Cash in / out"))
        form = QFormLayout(box)
        self.kind = QComboBox()
        self.kind.setObjectName("cashKind")
        self.kind.addItem(self.tr("Cash out (expense, bank deposit)"), "out")
        self.kind.addItem(self.tr("Cash in (change added)"), "in")
        form.addRow(self.tr("Kind"), self.kind)
        self.move_amount = QLineEdit()
        self.move_amount.setObjectName("cashAmount")
        form.addRow(self.tr("Amount (Rs)"), self.move_amount)
        self.move_reason = QLineEdit()
        self.move_reason.setObjectName("cashReason")
        self.move_reason.returnPressed.connect(self.cash_movement)
        form.addRow(self.tr("Reason"), self.move_reason)
        record = QPushButton(self.tr("Record cash movement"))
        record.clicked.connect(self.cash_movement)
        form.addRow(record)
        self.layout_.addWidget(box)

        close = QGroupBox(self.tr("Close the shift"))
        form = QFormLayout(close)
        self.counted = QLineEdit()
        self.counted.setObjectName("countedCash")
        self.counted.setPlaceholderText(self.tr("Count the cash in the drawer"))
        self.counted.textChanged.connect(self._compare)
        self.counted.returnPressed.connect(self.close_shift)
        form.addRow(self.tr("Counted cash (Rs)"), self.counted)
        self.compare = QLabel()
        self.compare.setObjectName("cashCompare")
        form.addRow(self.compare)
        go = QPushButton(self.tr("Close shift"))
        go.clicked.connect(self.close_shift)
        form.addRow(go)
        self.layout_.addWidget(close)
        self.counted.setFocus()

    def _compare(self) -> None:
        try:
            counted = parse_rupees(self.counted.text())
        except DukanError:
            self.compare.clear()
            return
        money, expected = self.display.money, self.report.expected_cash_paisa
        self.compare.setText(self.display.para(self.tr(
            "Expected {expected} · Counted {counted} · Difference {diff}").format(
            expected=money(expected), counted=money(counted), diff=money(counted - expected))))

    def cash_movement(self) -> None:
        try:
            paisa = parse_rupees(self.move_amount.text(), allow_zero=False)
            with self.session.write() as uow:
                shifts.cash_movement(uow, self.session.actor, self.shift.id, self.kind.currentData(),
                                     paisa, self.move_reason.text())
                uow.commit()
        except DukanError as err:
            self.error.setText(tr_error(err))
            return
        events().notify(SHIFT, self.session.actor.worker_id)
        self.accept()

    def close_shift(self) -> None:
        try:
            paisa = parse_rupees(self.counted.text())
            with self.session.write() as uow:
                self.report = shifts.close_shift(uow, self.session.actor, self.shift.id, paisa)
                uow.commit()
        except DukanError as err:
            self.error.setText(tr_error(err))
            return
        events().notify(SHIFT, self.session.actor.worker_id)
        money, r = self.display.money, self.report
        self.compare.setText(self.display.para(self.tr(
            "Shift closed. Expected {expected} · Counted {counted} · Difference {diff}").format(
            expected=money(r.expected_cash_paisa), counted=money(r.counted_cash_paisa),
            diff=money(r.difference_paisa))))
        self.accept()
