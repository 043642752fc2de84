"""A read-only table model over a list of plain rows, with columns described once.

Every list on the counter (customers, held bills, open credit sales, search
results) is one of these behind a QTableView/QListView — model/view, never a
QTableWidget filled row by row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ..core.errors import DukanError

_ROOT = QModelIndex()

@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]
    align_end: bool = False  # money and quantities line up at the end
    # Editable cells: edit(row, typed text) updates the row or raises DukanError.
    edit: Callable[[Any, str], None] | None = None
    # What the editor starts with ("1.25", not the shown "1.25 kg"); default: the shown text.
    edit_value: Callable[[Any], str] | None = None
    font: QFont | None = None  # e.g. the Naskh font for Urdu names on an English screen


class RowsModel(QAbstractTableModel):
    edit_failed = Signal(object)  # the DukanError
    edited = Signal()

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> Any:
        return self.rows[index]

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.EditRole and col.edit_value is not None:
            return col.edit_value(self.rows[index.row()])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return col.text(self.rows[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align_end:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole:
            return col.font
        return None

    def flags(self, index: QModelIndex):
        base = super().flags(index)
        if index.isValid() and self.columns[index.column()].edit is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        col = self.columns[index.column()]
        if role != Qt.ItemDataRole.EditRole or col.edit is None:
            return False
        try:
            col.edit(self.rows[index.row()], str(value))
        except DukanError as err:
            self.edit_failed.emit(err)
            return False
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return None


def editable_table(model: QAbstractTableModel, object_name: str, *, stretch: int | None = None) -> QTableView:
    """A table of whole rows whose editable cells take typing at once (counter dialogs).

    Columns are as wide as their header and contents (a header squeezed into an equal
    share was cut off: "ay against (optiona"); `stretch` takes the room left over.
    """
    view = QTableView()
    view.setObjectName(object_name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                         | QAbstractItemView.EditTrigger.DoubleClicked)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view
