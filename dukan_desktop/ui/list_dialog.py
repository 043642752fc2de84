"""A keyboard-first list dialog: a table of plain rows, ↑↓ to move, Enter to choose."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
)

from .table_model import Column, RowsModel


class ListDialog(QDialog):
    """Subclasses call `setup()` after `super().__init__()` (so `self.tr` works)."""

    def setup(self, title: str, hint: str, columns: list[Column], rows: list) -> None:
        self.chosen = None
        self.setWindowTitle(title)
        self.setMinimumSize(640, 400)
        layout = QVBoxLayout(self)
        caption = QLabel(hint)
        caption.setWordWrap(True)
        layout.addWidget(caption)
        self.model = RowsModel(columns, self)
        self.model.set_rows(rows)
        self.view = QTableView()
        self.view.setObjectName("listView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(lambda _i: self.choose())
        layout.addWidget(self.view)
        if rows:
            self.view.selectRow(0)
        self.view.setFocus()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.choose()
            return
        super().keyPressEvent(event)

    def choose(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.chosen = self.model.row(index.row())
            self.accept()
