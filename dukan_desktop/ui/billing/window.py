"""The billing screen: the scan field is always ready; everything else is a key away."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ... import __version__
from ...core.errors import DukanError
from ...core.money import parse_rupees
from ...core.permissions import Action
from ...core.quantity import parse_quantity
from ...services import catalog, sales
from ...services.catalog import ScanResult, UnknownBarcode
from ..counter_printing import CounterPrinting
from ..display import Display, ltr, unit_name
from ..events import SALE, events
from ..i18n import tr_error
from ..owner_pin import Cancelled, ask_owner_approval, with_approval
from ..prompt import ask_value
from ..session import CounterSession
from ..status_bar import CounterStatusBar
from .actions import CounterActions
from .cart_model import CartModel
from .customer_picker import pick_customer
from .feedback import MessageLine, OutcomePanel
from .keys import bind_keys, key_legend
from .product_search import ProductSearchList
from .tender_dialog import TenderDialog
from .totals import TotalsPanel

SCANNER_PAUSE_MS = 120  # digits-only input waits this long before searching (a scanner is typing)


class BillingWindow(CounterActions, QMainWindow):
    language_requested = Signal()
    logout_requested = Signal()
    sale_saved = Signal(object)  # SaleResult

    def __init__(self, session: CounterSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.last_sale = None
        self.setObjectName("billingWindow")
        self.setWindowTitle(self.tr("Dukan POS {version} — Billing").format(version=__version__))
        self.display = Display(session)
        self.cart = CartModel(session, self)
        self.cart.totals_changed.connect(self._show_totals)

        central = QWidget()
        root = QVBoxLayout(central)
        root.addLayout(self._header())
        self.scan = QLineEdit()
        self.scan.setObjectName("scanField")
        self.scan.setPlaceholderText(self.tr("Scan a barcode or type a name / SKU  (3*code = 3 pieces)"))
        self.scan.returnPressed.connect(self.on_enter)
        self.scan.textEdited.connect(self._on_typed)
        self.scan.installEventFilter(self)
        root.addWidget(self.scan)
        self.message_line = MessageLine(self.display)
        self.message_line.acted.connect(self.scan.setFocus)
        self.message, self.message_action = self.message_line.label, self.message_line.button
        root.addWidget(self.message_line)
        self.outcome = OutcomePanel(self.display)  # change / refund / payment, until the next scan
        root.addWidget(self.outcome)
        self.printing = CounterPrinting(session, self)
        self.printing.done.connect(self._printed)
        self.printing.failed.connect(self._print_failed)
        self.search = ProductSearchList(session)
        root.addWidget(self.search)
        self._search_timer = QTimer(self, singleShot=True, interval=SCANNER_PAUSE_MS)
        self._search_timer.timeout.connect(lambda: self.search.search(self.scan.text()))

        body = QHBoxLayout()
        self.table = QTableView()
        self.table.setObjectName("cartView")
        self.table.setModel(self.cart)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        body.addWidget(self.table, 3)
        body.addLayout(self._side_panel(), 1)
        root.addLayout(body, 1)
        root.addWidget(key_legend(session.actor.is_owner))
        self.setCentralWidget(central)
        self.status = CounterStatusBar(session, self)
        self.setStatusBar(self.status)
        bind_keys(self, session.actor.is_owner)
        self._show_totals()
        self.resize(1180, 760)

    # -- layout -------------------------------------------------------------------------

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        ctx = self.session.ctx
        show = self.display
        shop = QLabel(show.para(f"{show.name(ctx.business_name)} — {show.name(ctx.outlet_name)}"))
        shop.setObjectName("shopName")
        row.addWidget(shop, 1)
        self.total_big = QLabel()
        self.total_big.setObjectName("bigTotal")
        self.total_big.setAlignment(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.total_big)
        return row

    def _side_panel(self) -> QVBoxLayout:
        side = QVBoxLayout()
        self.customer_label = QLabel()
        self.customer_label.setObjectName("customerPanel")
        self.customer_label.setWordWrap(True)
        side.addWidget(self.customer_label)
        self.totals = TotalsPanel(self.display)
        side.addWidget(self.totals)
        side.addStretch(1)
        self.last_sale_label = QLabel()
        self.last_sale_label.setObjectName("lastSale")
        self.last_sale_label.setWordWrap(True)
        side.addWidget(self.last_sale_label)
        return side

    # -- feedback -----------------------------------------------------------------------

    def say(self, text: str, *, error: bool = False) -> None:
        self.message_line.say(text, error=error)

    def offer(self, label: str | None, action=None) -> None:
        self.message_line.offer(label, action)

    def _printed(self, kind: str, detail) -> None:
        if kind == "z_report":
            self.say(self.tr("Z report saved: {path}").format(path=ltr(str(detail))))
        elif kind == "reprint":
            self.say(self.tr("Receipt copy printed: {receipt}").format(receipt=ltr(str(detail))))
        elif kind == "z_print":
            self.say(self.tr("Z report printed."))
            self.offer(self.tr("Save Z report…"), lambda: self.save_z_report(detail))  # the PDF too

    def _print_failed(self, err) -> None:
        self.say(tr_error(err), error=True)
        self.offer(self.tr("Retry printing"), self.printing.retry)

    def _show_totals(self) -> None:
        money, q = self.display.money, self.cart.quote
        if self.cart.lines:
            self.outcome.hide()  # the next customer's first item: the last one's change is done
        # An empty bill shows no "Total Rs 0.00": the outcome panel speaks after a sale.
        self.total_big.setText(self.display.para(self.tr("Total {amount}").format(
            amount=money(self.cart.total_paisa))) if self.cart.lines else "")
        self.totals.show_amounts(q.amounts if q is not None else None, len(self.cart.lines))
        c = self.cart.customer
        if c is None:
            self.customer_label.setText(self.display.para(self.tr("No customer (F3 to choose)")))
        else:
            limit = money(c.credit_limit_paisa) if c.credit_limit_paisa is not None else self.tr("No limit")
            self.customer_label.setText(self.display.para(
                self.tr("Customer: {name} {phone}\nBalance: {balance}\nCredit limit: {limit}").format(
                    name=self.display.name(c.name), phone=self.display.name(c.phone),
                    balance=money(c.balance_paisa), limit=limit)))

    # -- scanning -----------------------------------------------------------------------

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if obj is self.scan and event.type() == event.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                delta = 1 if key == Qt.Key.Key_Down else -1
                if self.search.isVisible():
                    self.search.step(delta)
                elif self.cart.lines:
                    row = self.selected_row()
                    row = len(self.cart.lines) - 1 if row is None else row + delta
                    self.table.selectRow(max(0, min(len(self.cart.lines) - 1, row)))
                return True
            if key == Qt.Key.Key_Escape:
                self.scan.clear()
                self.search.clear_results()
                return True
        return super().eventFilter(obj, event)

    def _on_typed(self, text: str) -> None:
        self._search_timer.stop()
        query = text.partition("*")[2].strip() if "*" in text else text.strip()  # "3*ric" searches "ric"
        if query.isdigit():
            self._search_timer.start()  # probably a scanner: search only if it pauses
        else:
            self.search.search(query)

    def on_enter(self) -> None:
        self._search_timer.stop()
        text = self.scan.text().strip()
        if not text:
            if self.cart.lines:
                self.pay()
            return
        qty_text = None
        if "*" in text:
            qty_text, _, text = text.partition("*")
            text = text.strip()
            if not text:  # "3*" Enter: quantity of the selected line
                self._set_selected_qty(qty_text)
                return
        found = self.search.current() if self.search.isVisible() else None
        try:
            with self.session.read() as uow:
                try:
                    scan = catalog.lookup_barcode(uow, self.session.actor, text)
                except UnknownBarcode:
                    if found is None:
                        raise
                    scan = ScanResult(found, "", None, None)
                qty_milli = parse_quantity(qty_text, scan.product.unit) if qty_text is not None else None
                row = self.cart.add_scan(scan, qty_milli, uow)
        except DukanError as err:
            self.say(tr_error(err), error=True)
            self.scan.selectAll()
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.cart.index(row, 0))
        self.say(self.cart.item_name(row))
        self.scan.clear()
        self.search.clear_results()

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        return len(self.cart.lines) - 1 if self.cart.lines else None

    def _set_selected_qty(self, text: str) -> None:
        row = self.selected_row()
        if row is None:
            return
        try:
            self.cart.set_qty(row, parse_quantity(text, self.cart.items[row].unit))
        except DukanError as err:
            self.say(tr_error(err), error=True)
            return
        self.scan.clear()

    # -- line and bill changes ------------------------------------------------------------

    def _ask_approvals(self, revert) -> None:
        """Ask the owner for what this bill, as it is now, needs. An approval fits one
        bill exactly: once the bill changed (a higher discount, another price), ask again."""
        if self.session.actor.is_owner:
            return
        needed = self.cart.approval_keys()
        self.cart.approvals = {key: a for key, a in self.cart.approvals.items() if key in needed}
        for action, subject in needed:
            if (action, subject) in self.cart.approvals:
                continue
            try:
                self.cart.approvals[(action, subject)] = ask_owner_approval(
                    self, self.session, Action(action), subject)
            except Cancelled:
                revert()
                self.say(self.tr("Not approved; the change was undone."), error=True)
                return

    def _line_change(self, title: str, label: str, parse, apply, current: str) -> None:
        row = self.selected_row()
        if row is None:
            self.say(self.tr("The bill has no items."), error=True)
            return
        old = self.cart.lines[row]
        value = ask_value(self, title, label, parse, current)
        self.scan.setFocus()
        if value is None:
            return
        try:
            apply(row, value)
        except DukanError as err:
            self.say(tr_error(err), error=True)
            return
        self._ask_approvals(lambda: self.cart._replace(row, **{
            "qty_milli": old.qty_milli, "discount_paisa": old.discount_paisa,
            "unit_price_paisa": old.unit_price_paisa}))

    def focus_scan(self) -> None:
        self.activateWindow()
        self.scan.setFocus()
        self.scan.selectAll()

    def change_quantity(self) -> None:
        row = self.selected_row()
        unit = self.cart.items[row].unit if row is not None else "pc"
        self._line_change(self.tr("Quantity"), self.tr("Quantity or weight ({unit}):").format(unit=unit_name(unit)),
                          lambda t: parse_quantity(t, unit), self.cart.set_qty, "")

    def line_discount(self) -> None:
        self._line_change(self.tr("Line discount"), self.tr("Discount on this line (Rs):"),
                          parse_rupees, self.cart.set_line_discount, "")

    def change_price(self) -> None:
        self._line_change(self.tr("Change price"), self.tr("New unit price (Rs):"),
                          lambda t: parse_rupees(t, allow_zero=False), self.cart.set_price, "")

    def bill_discount(self) -> None:
        if not self.cart.lines:
            self.say(self.tr("The bill has no items."), error=True)
            return
        old = self.cart.bill_discount_paisa
        value = ask_value(self, self.tr("Bill discount"), self.tr("Discount on the whole bill (Rs):"),
                          parse_rupees)
        self.scan.setFocus()
        if value is None:
            return
        try:
            self.cart.set_bill_discount(value)
        except DukanError as err:
            self.say(tr_error(err), error=True)
            return
        self._ask_approvals(lambda: self.cart.set_bill_discount(old))

    def remove_line(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.cart.remove(row)
            if self.cart.lines:
                self.table.selectRow(min(row, len(self.cart.lines) - 1))

    def cancel_bill(self) -> None:
        if not self.cart.lines:
            return
        answer = QMessageBox.question(self, self.tr("Cancel bill"),
                                      self.tr("Remove every item from this bill?"))
        if answer == QMessageBox.StandardButton.Yes:
            self.cart.clear()
        self.focus_scan()

    def choose_customer(self) -> None:
        customer = pick_customer(self, self.session)
        if customer is not None:
            self.cart.set_customer(customer)
        self.focus_scan()

    # -- paying ---------------------------------------------------------------------------

    def save_sale(self, tenders) -> sales.SaleResult:
        """Commit the sale now (a few ms); the UI says 'saved' only after this returns."""
        cart = self.cart.cart()

        def attempt(approvals):
            with self.session.write() as uow:
                result = sales.complete_sale(
                    uow, self.session.actor, cart, tenders,
                    approval=[*self.cart.approvals.values(), *approvals],
                    shift_id=self.session.shift_id)
                uow.commit()
            return result

        return with_approval(self, self.session, attempt)

    def pay(self) -> None:
        if not self.cart.lines:
            self.say(self.tr("The bill has no items."), error=True)
            return
        dialog = TenderDialog(self.session, self.cart.total_paisa, self.cart.customer is not None,
                              self.save_sale, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.focus_scan()
        if accepted and dialog.result_sale is not None:
            self._after_sale(dialog.result_sale)

    def _after_sale(self, result: sales.SaleResult) -> None:
        self.last_sale = result
        customer = self.cart.customer.name if self.cart.customer is not None else None
        self.cart.clear()
        self.last_sale_label.setText(self.display.para(self.tr("Last sale {receipt}: {total}").format(
            receipt=ltr(result.receipt_no), total=self.display.money(result.total_paisa))))
        self.say("")
        self.outcome.show_sale(result, customer)  # the change, in large type, until the next scan
        events().notify(SALE, self.session.actor.worker_id)
        self.sale_saved.emit(result)
        self.printing.sale_saved(result.sale_id)  # committed above; printing never holds the counter

    # -- the screens behind the other keys are in actions.CounterActions -----------------------

    def switch_language(self) -> None:
        self.language_requested.emit()

    def log_out(self) -> None:
        self.logout_requested.emit()

    def ready_for_scan(self) -> bool:
        return self.isVisible() and self.scan.hasFocus()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.scan.setFocus()
        self.shown_at = time.perf_counter()
