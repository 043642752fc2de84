"""Type-ahead product search under the scan field (English, Urdu, SKU).

The scan field keeps the focus: Up/Down in the field move the highlighted result,
Enter adds it. Results are a model, so 100k products never become widgets.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ...services import catalog
from ..i18n import urdu_font
from ..session import CounterSession
from ..table_model import Column, RowsModel

MIN_CHARS = 3  # the full-text index answers from three letters; fewer would scan 100k rows


class ProductSearchList(QTableView):
    def __init__(self, session: CounterSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("productSearch")
        self.results = RowsModel([
            Column(self.tr("Product"), lambda p: p.name_en),
            # On an English screen the UI font would draw Urdu with its own Arabic glyphs
            Column(self.tr("Urdu name"), lambda p: p.name_ur,
                   font=None if session.language == "ur" else urdu_font()),
            Column(self.tr("SKU"), lambda p: p.sku or ""),
            Column(self.tr("Price"), lambda p: session.money(p.price_paisa), align_end=True),
        ], self)
        self.setModel(self.results)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # never steals the scan field's focus
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Fixed widths, not ResizeToContents: measuring every result on every keystroke
        # was a third of the per-letter time.
        metrics = self.fontMetrics()
        for column, sample in ((2, "SKU-0000000"), (3, session.money(9_999_999_00))):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        self.setMaximumHeight(240)
        self.hide()

    def search(self, text: str) -> int:
        text = text.partition("*")[2].strip() if "*" in text else text.strip()  # "3*name": the name
        if len(text) < MIN_CHARS:
            self.results.set_rows([])
            self.hide()
            return 0
        with self.session.read() as uow:
            rows = catalog.search_products(uow, self.session.actor, text, limit=30)
        self.results.set_rows(rows)
        self.setVisible(bool(rows))
        if rows:
            self.selectRow(0)
        return len(rows)

    def step(self, delta: int) -> None:
        if not self.results.rows:
            return
        current = self.currentIndex().row() if self.currentIndex().isValid() else 0
        self.selectRow(max(0, min(len(self.results.rows) - 1, current + delta)))

    def current(self):
        if not self.isVisible() or not self.results.rows:
            return None
        row = self.currentIndex().row() if self.currentIndex().isValid() else 0
        return self.results.row(row)

    def clear_results(self) -> None:
        self.results.set_rows([])
        self.hide()
