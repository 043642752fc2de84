"""Dashboard: today's sales, a 30-day trend, payment mix, top products and udhaar
outstanding, drawn from this PC's ledger and labelled as such.

The cross-outlet view needs a reports client for the server's /v1/reports/*, which
does not exist yet in dukan_desktop/sync; until then the label says where the numbers
come from so an owner never mistakes one outlet for the whole business.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.i18n import QT_TRANSLATE_NOOP
from ...services import dashboard
from ..events import CREDIT, SALE
from .charts import BarChart, LineChart
from .common import BackOfficeContext, ChangeListener, StatusLine, listen_for_changes

_C = "DashboardPage"
METHOD_NAMES = {"cash": QT_TRANSLATE_NOOP("DashboardPage", "Cash"), "card": QT_TRANSLATE_NOOP("DashboardPage", "Card"),
                "credit": QT_TRANSLATE_NOOP("DashboardPage", "Udhaar"), "bank": QT_TRANSLATE_NOOP("DashboardPage", "Bank"),
                "jazzcash": "JazzCash", "easypaisa": "Easypaisa", "raast": "Raast"}


def _tile(title: str) -> tuple[QFrame, QLabel]:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    layout = QVBoxLayout(frame)
    caption = QLabel(title)
    value = QLabel("—")
    value.setStyleSheet("font-size: 20pt; font-weight: bold;")
    layout.addWidget(caption)
    layout.addWidget(value)
    return frame, value


class DashboardPage(ChangeListener, QWidget):
    def __init__(self, ctx: BackOfficeContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("dashboardPage")
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.source = QLabel()
        self.source.setObjectName("dashboardSource")
        self.source.setStyleSheet("font-weight: bold;")
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        head.addWidget(self.source, 1)
        head.addWidget(refresh)
        layout.addLayout(head)
        tiles = QHBoxLayout()
        for attr, title in (("today", self.tr("Today's sales")), ("bills", self.tr("Bills today")),
                            ("udhaar", self.tr("Udhaar outstanding"))):
            frame, value = _tile(title)
            setattr(self, f"{attr}_value", value)
            tiles.addWidget(frame)
        layout.addLayout(tiles)
        grid = QGridLayout()
        self.trend = LineChart(self.tr("Sales, last 30 days"), self._short_money)
        self.mix = BarChart(self.tr("Payment mix, last 30 days"), self._short_money)
        self.top = BarChart(self.tr("Top products, last 30 days"), self._short_money)
        grid.addWidget(self.trend, 0, 0, 1, 2)
        grid.addWidget(self.mix, 1, 0)
        grid.addWidget(self.top, 1, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        layout.addLayout(grid, 1)
        self.status = StatusLine()
        layout.addWidget(self.status)
        self.data: dashboard.Dashboard | None = None
        self.refresh()
        listen_for_changes(self)  # last: a page that failed to build never listens

    def _short_money(self, paisa: int) -> str:
        return self.ctx.money(paisa).rsplit(".", 1)[0]

    def refresh(self) -> None:
        with self.ctx.read() as uow:
            d = self.data = dashboard.local_dashboard(uow, self.ctx.actor)
        self.source.setText(self.tr("This PC's ledger (outlet {name}, {code})").format(
            name=d.outlet_name, code=d.outlet_code))
        self.today_value.setText(self.ctx.money(d.today_sales_paisa))
        self.bills_value.setText(str(d.today_sales_count))
        self.udhaar_value.setText(self.tr("{amount} ({count} customers)").format(
            amount=self._short_money(d.credit_outstanding_paisa), count=d.customers_owing))
        self.trend.set_items([(f"{day:%d/%m}", v) for day, v in d.trend])
        self.mix.set_items([(QCoreApplication.translate(_C, METHOD_NAMES.get(m, m)), v)
                            for m, v in d.payment_mix])
        self.top.set_items([(t.name_ur if self.ctx.language == "ur" and t.name_ur else t.name_en,
                             t.revenue_paisa) for t in d.top_products])

    def on_changed(self, what: str) -> None:
        if what in (SALE, CREDIT):
            self.refresh()
