"""The bill being rung up, as a Qt table model. Prices come from services.sales.quote.

The model keeps plain `CartLine`s plus what the screen shows about each product;
after every change it asks the service to price the bill again (a few ms) so the
screen and the saved sale always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from ...core.permissions import Approval
from ...core.quantity import MILLI, Unit, check_quantity
from ...services import catalog, sales
from ...services.catalog import ScanResult
from ...services.sales import Cart, CartLine, Quote
from ..display import Display
from ..session import CounterSession

_ROOT = QModelIndex()

@dataclass(frozen=True, slots=True)
class ItemInfo:
    name_en: str
    name_ur: str
    unit: str
    list_price_paisa: int
    label: bool = False  # added from a scale label: a line of its own, never merged


class CartModel(QAbstractTableModel):
    totals_changed = Signal()

    COLUMNS = 6

    def __init__(self, session: CounterSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.display = Display(session)
        self.lines: list[CartLine] = []
        self.items: list[ItemInfo] = []
        self.customer = None  # CustomerView
        self.bill_discount_paisa = 0
        # (action, subject) -> the owner's approval of exactly that (see owner_pin)
        self.approvals: dict[tuple[str, str], Approval] = {}
        self.quote: Quote | None = None

    # -- what the rest of the screen reads ------------------------------------------

    def cart(self) -> Cart:
        return Cart(tuple(self.lines), self.customer.id if self.customer else None,
                    self.bill_discount_paisa)

    @property
    def total_paisa(self) -> int:
        return self.quote.total_paisa if self.quote else 0

    @property
    def needs_approval(self) -> tuple[str, ...]:
        return self.quote.needs_approval if self.quote else ()

    def approval_keys(self) -> tuple[tuple[str, str], ...]:
        """(action, subject) for each approval the bill needs as it is now."""
        if self.quote is None:
            return ()
        return tuple((a, self.quote.approval_subjects[a]) for a in self.quote.needs_approval)

    def is_empty(self) -> bool:
        return not self.lines

    # -- changes ----------------------------------------------------------------------

    def add_scan(self, scan: ScanResult, qty_milli: int | None = None, uow=None) -> int:
        """Add a scanned or searched product. The same plain item again adds to its line.

        A scale label gives the pack's weight (a price label: the weight its price buys,
        so stock moves by it); the service reads the label's price from the barcode.
        """
        p = scan.product
        label = scan.qty_milli is not None or scan.price_paisa is not None
        qty = scan.qty_milli or qty_milli or MILLI
        if not label and qty_milli is None and self.lines:
            last = self.lines[-1]
            if last.product_id == p.id and not self.items[-1].label and last.unit_price_paisa is None:
                return self.set_qty(len(self.lines) - 1, last.qty_milli + MILLI, uow)
        check_quantity(qty, p.unit)
        line = CartLine(p.id, qty, None, 0, scan.barcode)
        row = len(self.lines)
        self.beginInsertRows(QModelIndex(), row, row)
        self.lines.append(line)
        self.items.append(ItemInfo(p.name_en, p.name_ur, p.unit, p.price_paisa, label))
        self.endInsertRows()
        try:
            self._requote(uow)
        except Exception:
            self.remove(row)
            raise
        return row

    def set_qty(self, row: int, qty_milli: int, uow=None) -> int:
        check_quantity(qty_milli, self.items[row].unit)
        return self._replace(row, uow, qty_milli=qty_milli)

    def set_line_discount(self, row: int, paisa: int) -> int:
        return self._replace(row, discount_paisa=paisa)

    def set_price(self, row: int, paisa: int) -> int:
        return self._replace(row, unit_price_paisa=paisa)

    def _replace(self, row: int, uow=None, **changes) -> int:
        old = self.lines[row]
        self.lines[row] = replace(old, **changes)
        try:
            self._requote(uow)
        except Exception:
            self.lines[row] = old
            self._requote()
            raise
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.COLUMNS - 1))
        return row

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.lines[row]
        del self.items[row]
        self.endRemoveRows()
        self._requote()

    def set_bill_discount(self, paisa: int) -> None:
        old = self.bill_discount_paisa
        self.bill_discount_paisa = paisa
        try:
            self._requote()
        except Exception:
            self.bill_discount_paisa = old
            self._requote()
            raise

    def set_customer(self, customer) -> None:
        self.customer = customer
        self.totals_changed.emit()

    def clear(self) -> None:
        self.beginResetModel()
        self.lines, self.items = [], []
        self.customer, self.bill_discount_paisa, self.approvals = None, 0, {}
        self.quote = None
        self.endResetModel()
        self.totals_changed.emit()

    def load(self, cart: Cart) -> None:
        """A recalled bill: product names and prices are read again from the catalog."""
        from ...services import customers

        with self.session.read() as uow:
            infos = []
            for ln in cart.lines:
                p = catalog.get_product(uow, self.session.actor, ln.product_id)
                infos.append(ItemInfo(p.name_en, p.name_ur, p.unit, p.price_paisa))
            customer = customers.get_customer(uow, cart.customer_id) if cart.customer_id else None
        self.beginResetModel()
        self.lines, self.items = list(cart.lines), infos
        self.customer, self.bill_discount_paisa, self.approvals = customer, cart.bill_discount_paisa, {}
        self.endResetModel()
        self._requote()

    def _requote(self, uow=None) -> None:
        """Price the bill again; `uow` lets a scan reuse the read it looked the code up in."""
        if not self.lines:
            self.quote = None
        elif uow is not None:
            self.quote = sales.quote(uow, self.cart())
        else:
            with self.session.read() as fresh:
                self.quote = sales.quote(fresh, self.cart())
        if self.lines:
            self.dataChanged.emit(self.index(0, 5), self.index(len(self.lines) - 1, 5))
        self.totals_changed.emit()

    # -- Qt model -----------------------------------------------------------------------

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return [self.tr("#"), self.tr("Item"), self.tr("Qty"), self.tr("Price"),
                    self.tr("Discount"), self.tr("Total")][section]
        return None

    def item_name(self, row: int) -> str:
        info = self.items[row]
        return info.name_ur if self.session.language == "ur" and info.name_ur else info.name_en

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        line, info = self.lines[row], self.items[row]
        if role == Qt.ItemDataRole.DisplayRole:
            money = self.session.money
            if col == 0:
                return self.display.count(row + 1)
            if col == 1:
                return self.item_name(row)
            if col == 2:
                return self.display.qty(line.qty_milli, info.unit if Unit(info.unit).loose else "pc")
            if col == 3:  # as priced by the service (a price label's pack has its own)
                quoted = self.quote.lines[row] if self.quote is not None and row < len(self.quote.lines) else None
                price = quoted.unit_price_paisa if quoted is not None else \
                    info.list_price_paisa if line.unit_price_paisa is None else line.unit_price_paisa
                return money(price)
            if col == 4:
                return money(line.discount_paisa) if line.discount_paisa else ""
            if col == 5 and self.quote is not None and row < len(self.quote.lines):
                return money(self.quote.lines[row].total_paisa)
            return ""
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 2:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return f"{info.name_en}\n{info.name_ur}"
        return None
