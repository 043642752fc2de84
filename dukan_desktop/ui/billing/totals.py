"""The bill's totals beside the cart: each label at the start of its row, the amount at the end.

A grid of labels, not a rich-text table: a grid mirrors with the layout (in Urdu the
label is on the right and the amount on the left), and the labels are made once and
only re-texted on each scan.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy

from ...core.i18n import QT_TRANSLATE_NOOP
from ..display import Display, plain

ROWS = (
    ("items", QT_TRANSLATE_NOOP("TotalsPanel", "Items")),
    ("subtotal", QT_TRANSLATE_NOOP("TotalsPanel", "Subtotal")),
    ("discount", QT_TRANSLATE_NOOP("TotalsPanel", "Discount")),
    ("tax", QT_TRANSLATE_NOOP("TotalsPanel", "Tax (GST)")),
    ("round_off", QT_TRANSLATE_NOOP("TotalsPanel", "Round-off")),
    ("total", QT_TRANSLATE_NOOP("TotalsPanel", "Total")),
)


class TotalsPanel(QFrame):
    def __init__(self, display: Display, parent=None) -> None:
        super().__init__(parent)
        self.display = display
        self.setObjectName("totalsPanel")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)  # no empty box
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setVerticalSpacing(4)
        self.empty = QLabel(display.para(self.tr("No items yet.")))
        grid.addWidget(self.empty, 0, 0, 1, 2)
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}
        for i, (key, label) in enumerate(ROWS, start=1):
            name = QLabel(display.para(QCoreApplication.translate("TotalsPanel", label)))
            value = QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
            for w in (name, value):
                w.setObjectName("totalsTotal" if key == "total" else "totalsRow")
            grid.addWidget(name, i, 0)
            grid.addWidget(value, i, 1)
            self.rows[key] = (name, value)
        grid.setColumnStretch(1, 1)
        self.show_amounts(None, 0)

    def show_amounts(self, amounts, item_count: int) -> None:
        """`amounts` is the quote's amounts (None: an empty bill)."""
        self.empty.setVisible(amounts is None)
        if amounts is None:
            for name, value in self.rows.values():
                name.hide()
                value.hide()
            return
        money = self.display.money
        discount = amounts.line_discounts_paisa + amounts.discount_paisa
        values = {
            "items": self.display.count(item_count),
            "subtotal": money(amounts.subtotal_paisa + amounts.line_discounts_paisa),
            "discount": money(-discount) if discount else None,
            "tax": money(amounts.tax_paisa),
            "round_off": money(amounts.round_off_paisa) if amounts.round_off_paisa else None,
            "total": money(amounts.total_paisa),
        }
        for key, (name, value) in self.rows.items():
            text = values[key]
            name.setVisible(text is not None)
            value.setVisible(text is not None)
            if text is not None:
                value.setText(self.display.para(text))

    def value(self, key: str) -> str:
        """A row's amount as shown, without direction marks ('' when the row is hidden)."""
        _, value = self.rows[key]
        return plain(value.text()) if not value.isHidden() else ""
