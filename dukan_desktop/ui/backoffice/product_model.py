"""The product table for 100k rows: filtering and sorting inside the model.

A QSortFilterProxyModel calls back into Python for every row on every keystroke
(100k `data()` calls, ~0.3 s); here the model keeps a list of row numbers that match
and scans precomputed lower-case search keys instead (a few ms). Typing more letters
narrows the previous result rather than scanning everything again.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt

from ...core.i18n import QT_TRANSLATE_NOOP
from ...services.catalog_admin import ProductRow

_C = "ProductTableModel"
HEADERS = (
    QT_TRANSLATE_NOOP("ProductTableModel", "Name"), QT_TRANSLATE_NOOP("ProductTableModel", "Urdu name"),
    QT_TRANSLATE_NOOP("ProductTableModel", "SKU"), QT_TRANSLATE_NOOP("ProductTableModel", "Barcodes"),
    QT_TRANSLATE_NOOP("ProductTableModel", "Unit"), QT_TRANSLATE_NOOP("ProductTableModel", "Price"),
    QT_TRANSLATE_NOOP("ProductTableModel", "Cost"), QT_TRANSLATE_NOOP("ProductTableModel", "Tax"),
    QT_TRANSLATE_NOOP("ProductTableModel", "Supplier"), QT_TRANSLATE_NOOP("ProductTableModel", "Active"),
)
# The cell words, marked here for lupdate.
_WORDS = (QT_TRANSLATE_NOOP("ProductTableModel", "exempt"), QT_TRANSLATE_NOOP("ProductTableModel", "yes"), QT_TRANSLATE_NOOP("ProductTableModel", "no"))
_SORT_KEYS = (
    lambda r: r.name_en, lambda r: r.name_ur, lambda r: r.sku.casefold(),
    lambda r: r.barcodes, lambda r: r.unit, lambda r: r.price_paisa, lambda r: r.cost_paisa,
    lambda r: r.tax_rate_bp, lambda r: r.supplier_name.casefold(), lambda r: r.active,
)
_MONEY_COLUMNS = (5, 6)
_ROOT = QModelIndex()


def search_keys(rows: list[ProductRow]) -> list[str]:
    """What the filter box matches against, lower-cased once (may run on a worker thread)."""
    return [f"{r.name_en}\t{r.name_ur}\t{r.sku}\t{r.barcodes}\t{r.supplier_name}".casefold()
            for r in rows]


class ProductTableModel(QAbstractTableModel):
    def __init__(self, money, parent=None) -> None:
        super().__init__(parent)
        self.money = money
        self.all: list[ProductRow] = []
        self.keys: list[str] = []
        self.visible: list[int] = []
        self.text = ""
        self.include_inactive = True
        self.sort_column, self.sort_order = 0, Qt.SortOrder.AscendingOrder
        self.complete = False  # False while only the first page is loaded
        self.ranks: dict[int, list[int]] = {}

    # -- loading ---------------------------------------------------------------------

    def set_rows(self, rows: list[ProductRow], *, complete: bool = True,
                 keys: list[str] | None = None) -> None:
        """`rows` sorted by English name; `keys` may be prebuilt off the UI thread (search_keys)."""
        self.beginResetModel()
        self.all = rows
        self.keys = keys if keys is not None else search_keys(rows)
        self.ranks: dict[int, list[int]] = {}
        self.complete = complete
        self.visible = self._matching(range(len(rows)), self.text)
        self._sort_visible()
        self.endResetModel()

    def replace_row(self, row: ProductRow) -> None:
        """Patch one product after an edit (or append a new one) without reloading."""
        for i, old in enumerate(self.all):
            if old.id == row.id:
                self.all[i] = row
                self.keys[i] = self._key(row)
                break
        else:
            self.all.append(row)
            self.keys.append(self._key(row))
            order = sorted(range(len(self.all)), key=lambda i: self.all[i].name_en)
            self.all = [self.all[i] for i in order]
            self.keys = [self.keys[i] for i in order]
        self.ranks = {}
        self.set_filter(self.text, force=True)

    @staticmethod
    def _key(r: ProductRow) -> str:
        return f"{r.name_en}\t{r.name_ur}\t{r.sku}\t{r.barcodes}\t{r.supplier_name}".casefold()

    # -- filtering and sorting -------------------------------------------------------

    def _matching(self, candidates, text: str) -> list[int]:
        terms = text.casefold().split()
        keys, rows = self.keys, self.all
        if not self.include_inactive:
            candidates = [i for i in candidates if rows[i].active]
        result = list(candidates)
        for t in sorted(terms, key=len, reverse=True):  # longest term first: fewest survivors
            result = [i for i in result if t in keys[i]]
        return result

    def set_filter(self, text: str, *, force: bool = False) -> None:
        text = " ".join(text.split())
        # More letters or another word can only remove rows: scan the current ones.
        narrowing = not force and self.text and text.casefold().startswith(self.text.casefold())
        base = self.visible if narrowing else range(len(self.all))
        self.beginResetModel()
        self.text = text
        self.visible = self._matching(base, text)
        if not narrowing:
            self._sort_visible()
        self.endResetModel()

    def set_include_inactive(self, include: bool) -> None:
        self.include_inactive = include
        self.set_filter(self.text, force=True)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:  # Qt API
        self.beginResetModel()
        self.sort_column, self.sort_order = column, order
        self._sort_visible()
        self.endResetModel()

    def _rank(self, column: int) -> list[int]:
        """Each row's position when sorted by `column`, computed once per load: sorting a
        filtered subset is then a sort of ints (C speed), not 100k Python key calls."""
        if column not in self.ranks:
            key, rows = _SORT_KEYS[column], self.all
            rank = [0] * len(rows)
            for pos, i in enumerate(sorted(range(len(rows)), key=lambda i: key(rows[i]))):
                rank[i] = pos
            self.ranks[column] = rank
        return self.ranks[column]

    def _sort_visible(self) -> None:
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        if self.sort_column == 0:
            self.visible.sort(reverse=descending)  # rows are kept sorted by name
        else:
            self.visible.sort(key=self._rank(self.sort_column).__getitem__, reverse=descending)

    # -- Qt model --------------------------------------------------------------------

    def product(self, row: int) -> ProductRow:
        return self.all[self.visible[row]]

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            r = self.all[self.visible[index.row()]]
            if col == 0:
                return r.name_en
            if col == 1:
                return r.name_ur
            if col == 2:
                return r.sku
            if col == 3:
                return r.barcodes
            if col == 4:
                return r.unit
            if col == 5:
                return self.money(r.price_paisa)
            if col == 6:
                return self.money(r.cost_paisa)
            if col == 7:
                return QCoreApplication.translate(_C, "exempt") if r.tax_mode == "exempt" else f"{r.tax_rate_bp / 100:g}%"
            if col == 8:
                return r.supplier_name
            return QCoreApplication.translate(_C, "yes" if r.active else "no")
        if role == Qt.ItemDataRole.TextAlignmentRole and col in _MONEY_COLUMNS:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not self.all[self.visible[index.row()]].active:
            return Qt.GlobalColor.gray
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate(_C, HEADERS[section])
        return None
