"""The product table for 100k rows: a ListModel (filter and sort inside the model) over
`catalog_admin.ProductRow`s, with an "include inactive" switch and in-place edits."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from ...core.i18n import QT_TRANSLATE_NOOP
from ...services.catalog_admin import ProductRow
from ..display import unit_name
from .list_model import ListColumn, ListModel

_C = "ProductTableModel"
HEADERS = (
    QT_TRANSLATE_NOOP("ProductTableModel", "Name"), QT_TRANSLATE_NOOP("ProductTableModel", "Urdu name"),
    QT_TRANSLATE_NOOP("ProductTableModel", "SKU"), QT_TRANSLATE_NOOP("ProductTableModel", "Barcodes"),
    QT_TRANSLATE_NOOP("ProductTableModel", "Unit"), QT_TRANSLATE_NOOP("ProductTableModel", "Price"),
    QT_TRANSLATE_NOOP("ProductTableModel", "Cost"), QT_TRANSLATE_NOOP("ProductTableModel", "Tax"),
    QT_TRANSLATE_NOOP("ProductTableModel", "Supplier"), QT_TRANSLATE_NOOP("ProductTableModel", "Active"),
)
# The cell words, marked here for lupdate.
_WORDS = (QT_TRANSLATE_NOOP("ProductTableModel", "exempt"), QT_TRANSLATE_NOOP("ProductTableModel", "yes"),
          QT_TRANSLATE_NOOP("ProductTableModel", "no"))


def _t(text: str) -> str:
    return QCoreApplication.translate(_C, text)


def search_key(r: ProductRow) -> str:
    return f"{r.name_en}\t{r.name_ur}\t{r.sku}\t{r.barcodes}\t{r.supplier_name}".casefold()


def search_keys(rows: list[ProductRow]) -> list[str]:
    """What the filter box matches against, lower-cased once (may run on a worker thread)."""
    return [search_key(r) for r in rows]


def _name(r: ProductRow) -> str:
    return r.name_en


def _is_active(r: ProductRow) -> bool:
    return r.active


class ProductTableModel(ListModel):
    def __init__(self, money, parent=None) -> None:
        h = [_t(x) for x in HEADERS]
        super().__init__([
            ListColumn(h[0], lambda r: r.name_en),
            ListColumn(h[1], lambda r: r.name_ur),
            ListColumn(h[2], lambda r: r.sku, key=lambda r: r.sku.casefold()),
            ListColumn(h[3], lambda r: r.barcodes, key=lambda r: r.barcodes),
            ListColumn(h[4], lambda r: unit_name(r.unit), key=lambda r: r.unit),
            ListColumn(h[5], lambda r: money(r.price_paisa), True, key=lambda r: r.price_paisa),
            ListColumn(h[6], lambda r: money(r.cost_paisa), True, key=lambda r: r.cost_paisa),
            ListColumn(h[7], lambda r: _t("exempt") if r.tax_mode == "exempt" else f"{r.tax_rate_bp / 100:g}%",
                       key=lambda r: -1 if r.tax_mode == "exempt" else r.tax_rate_bp),
            ListColumn(h[8], lambda r: r.supplier_name, key=lambda r: r.supplier_name.casefold()),
            ListColumn(h[9], lambda r: _t("yes" if r.active else "no"), key=lambda r: r.active),
        ], parent, search=search_key)
        self.include_inactive = True
        self.complete = False  # False while only the first page is loaded

    def set_rows(self, rows: list[ProductRow], *, complete: bool = True,  # type: ignore[override]
                 keys: list[str] | None = None, presorted: int | None = 0) -> None:
        """`rows` sorted by English name; `keys` may be prebuilt off the UI thread (search_keys)."""
        self.complete = complete
        super().set_rows(rows, keys=keys, presorted=presorted)

    def replace_row(self, row: ProductRow) -> None:
        """Patch one product after an edit (or add a new one) without reloading."""
        i = self.position(row.id)
        if i is not None and self.all[i].name_en == row.name_en:
            self.patch_rows([row])
        else:
            self.insert_sorted(row, _name)  # kept in name order: the rank of column 0

    def set_include_inactive(self, include: bool) -> None:
        self.include_inactive = include
        self.set_predicate(None if include else _is_active)

    def product(self, row: int) -> ProductRow:
        return self.row(row)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and not self.row(index.row()).active:
            return Qt.GlobalColor.gray
        return super().data(index, role)
