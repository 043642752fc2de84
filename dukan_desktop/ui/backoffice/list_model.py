"""Back-office lists that stay fast at 100k rows: filtering and sorting inside the model.

A QSortFilterProxyModel calls back into Python for every row on every keystroke and
for every comparison while sorting (at 10k stock rows: ~160 ms a keystroke, 1.25 s to
sort). Here the model keeps plain rows, a lower-cased search key per row computed once
per load, and the list of row numbers that are shown: a keystroke is a substring scan
over strings (narrowing the previous result when the text grows), a sort is a sort of
ints by a rank array computed once per column and load.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

_ROOT = QModelIndex()
_END = int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class ListColumn:
    """`text(row)` is what the cell shows; `key(row)` what it sorts by (money by paisa,
    dates by time); without a key the text sorts, case-folded."""

    header: str
    text: Callable[[Any], str]
    align_end: bool = False     # money and quantities line up at the end
    key: Callable[[Any], Any] | None = None
    searchable: bool = True     # the filter box matches this column's text
    descending_first: bool = False  # a first click sorts largest / newest first


def _identity(row: Any) -> Any:
    return getattr(row, "id", None)


class ListModel(QAbstractTableModel):
    """Rows of plain data behind a QTableView; `visible` are the rows shown, in order."""

    rows_loaded = Signal()  # new rows or columns (not a filter or a sort): size the columns

    def __init__(self, columns: Sequence[ListColumn], parent=None, *,
                 search: Callable[[Any], str] | None = None,
                 identity: Callable[[Any], Any] = _identity) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.all: list[Any] = []
        self.keys: list[str] = []
        self.visible: list[int] = []
        self.text = ""
        self.predicate: Callable[[Any], bool] | None = None
        self.sort_column, self.sort_order = 0, Qt.SortOrder.AscendingOrder
        self.ranks: dict[int, list[int]] = {}
        self.presorted: int | None = None  # rows arrive sorted ascending by this column
        self._search = search
        self._identity = identity
        self._positions: dict[Any, int] | None = None

    # -- loading ---------------------------------------------------------------------

    def search_key(self, row: Any) -> str:
        if self._search is not None:
            return self._search(row)
        return "\t".join(c.text(row) for c in self.columns if c.searchable).casefold()

    def search_keys(self, rows: Iterable[Any]) -> list[str]:
        """May run on a worker thread (no Qt calls)."""
        return [self.search_key(r) for r in rows]

    def positions_of(self, rows: Sequence[Any]) -> dict[Any, int]:
        """Row index by identity (may be prebuilt on a worker thread, like the keys)."""
        return {self._identity(r): i for i, r in enumerate(rows)}

    def set_rows(self, rows: Sequence[Any], *, keys: list[str] | None = None,
                 presorted: int | None = None, positions: dict[Any, int] | None = None) -> None:
        """Replace every row. `keys` and `positions` may be prebuilt off the UI thread;
        `presorted`: the column the rows already come sorted by (its rank is then the
        row number)."""
        self.beginResetModel()
        self._load(rows, keys, presorted, positions)
        self.endResetModel()
        self.rows_loaded.emit()

    def _load(self, rows: Sequence[Any], keys: list[str] | None, presorted: int | None,
              positions: dict[Any, int] | None = None) -> None:
        self.all = list(rows)
        self.keys = keys if keys is not None else self.search_keys(self.all)
        self.ranks = {}
        self.presorted = presorted
        self._positions = positions
        self.visible = self._matching(range(len(self.all)), self.text)
        self._sort_visible()

    def set_columns(self, columns: Sequence[ListColumn], rows: Sequence[Any]) -> None:
        """Another report: new columns and rows (one reset), sorted by the first column."""
        self.beginResetModel()
        self.columns = list(columns)
        self.sort_column, self.sort_order = 0, Qt.SortOrder.AscendingOrder
        self._load(rows, None, None)
        self.endResetModel()
        self.rows_loaded.emit()

    def position(self, ident: Any) -> int | None:
        """Index in `all` of the row with this identity."""
        if self._positions is None:
            self._positions = self.positions_of(self.all)
        return self._positions.get(ident)

    def patch_rows(self, rows: Iterable[Any]) -> list[Any]:
        """Change rows in place (matched by identity) without a reset: the cells update,
        the order stays until the next sort (rows never jump under the owner's cursor).
        Returns the rows that matched nothing (the caller reloads for those)."""
        unknown, changed = [], []
        for row in rows:
            i = self.position(self._identity(row))
            if i is None:
                unknown.append(row)
                continue
            self.all[i] = row
            self.keys[i] = self.search_key(row)
            changed.append(i)
        if not changed:
            return unknown
        self.ranks = {}  # `presorted` stays: a patch keeps that column's value (a name)
        if self.predicate is not None or self.text:
            # Whether a patched row is shown may have changed: filter again, same order.
            keep = set(self._matching(range(len(self.all)), self.text))
            if keep != set(self.visible) or any(i not in keep for i in changed):
                self.set_filter(self.text, force=True)
                return unknown
        if self.visible:  # one signal: the view repaints what is on screen, whatever changed
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.visible) - 1, self.columnCount() - 1))
        return unknown

    def insert_sorted(self, row: Any, key: Callable[[Any], Any]) -> None:
        """Add a row (or move an existing one) where `key` puts it in rows kept sorted by
        `key`; one key is computed, not one per row."""
        i = self.position(self._identity(row))
        if i is not None:
            del self.all[i]
            del self.keys[i]
        pos = bisect.bisect_right(self.all, key(row), key=key)
        self.all.insert(pos, row)
        self.keys.insert(pos, self.search_key(row))
        self.ranks, self._positions = {}, None
        self.set_filter(self.text, force=True)

    # -- filtering and sorting -------------------------------------------------------

    def _matching(self, candidates: Iterable[int], text: str) -> list[int]:
        keys, rows, pred = self.keys, self.all, self.predicate
        result = [i for i in candidates if pred(rows[i])] if pred is not None else list(candidates)
        for t in sorted(text.casefold().split(), key=len, reverse=True):  # fewest survivors first
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

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        """An extra condition besides the text (owing only, low stock only…)."""
        self.predicate = predicate
        self.set_filter(self.text, force=True)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:  # Qt API
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self.sort_column, self.sort_order = column, order
        self._sort_visible()
        self.layoutChanged.emit()

    def rank(self, column: int) -> list[int] | None:
        """Each row's position when sorted by `column`, computed once per load: sorting a
        filtered subset is then a sort of ints (C speed), not 100k Python key calls."""
        if column == self.presorted:
            return None  # the row number is the rank
        if column not in self.ranks:
            col, rows = self.columns[column], self.all
            if col.key is not None:
                values = [col.key(r) for r in rows]
            else:
                values = [col.text(r).casefold() for r in rows]
            rank = [0] * len(rows)
            for pos, i in enumerate(sorted(range(len(rows)), key=values.__getitem__)):
                rank[i] = pos
            self.ranks[column] = rank
        return self.ranks[column]

    def _sort_visible(self) -> None:
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        rank = self.rank(self.sort_column) if self.columns else None
        if rank is None:
            self.visible.sort(reverse=descending)
        else:
            self.visible.sort(key=rank.__getitem__, reverse=descending)

    # -- Qt model --------------------------------------------------------------------

    @property
    def rows(self) -> list[Any]:
        """The rows shown, in order (small lists and tests)."""
        return [self.all[i] for i in self.visible]

    def row(self, n: int) -> Any:
        return self.all[self.visible[n]]

    def row_of(self, ident: Any) -> int | None:
        """Where the row with this identity is shown, if it is."""
        i = self.position(ident)
        if i is None:
            return None
        try:
            return self.visible.index(i)
        except ValueError:
            return None

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[index.column()].text(self.all[self.visible[index.row()]])
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[index.column()].align_end:
            return _END
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if role == Qt.ItemDataRole.InitialSortOrderRole:  # what a first click on the header does
            return (Qt.SortOrder.DescendingOrder if self.columns[section].descending_first
                    else Qt.SortOrder.AscendingOrder)
        return None
