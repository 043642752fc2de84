"""Small charts drawn with QPainter (PySide6-Essentials has no QtCharts).

Each takes plain (label, value) pairs and a value formatter; they mirror themselves
in a right-to-left layout except for the time axis, which always runs left to right.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = ("#2e7d32", "#1565c0", "#ef6c00", "#6a1b9a", "#00838f", "#c62828", "#5d4037", "#455a64")


class _Chart(QWidget):
    def __init__(self, title: str, fmt: Callable[[int], str], parent=None) -> None:
        super().__init__(parent)
        self.title, self.fmt = title, fmt
        self.items: list[tuple[str, int]] = []
        self.setMinimumSize(280, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_items(self, items: Sequence[tuple[str, int]]) -> None:
        self.items = list(items)
        self.update()

    def _begin(self) -> tuple[QPainter, QRectF]:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        p.setPen(QColor("#222222"))
        fm = p.fontMetrics()
        p.drawText(QRectF(8, 4, self.width() - 16, fm.height() + 4),
                   int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter), self.title)
        return p, QRectF(8, fm.height() + 12, self.width() - 16, self.height() - fm.height() - 20)


class LineChart(_Chart):
    """A trend over days: labels are dates, drawn oldest on the left."""

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        p, area = self._begin()
        fm = p.fontMetrics()
        if not self.items:
            p.end()
            return
        peak = max(max(v for _, v in self.items), 1)
        plot = QRectF(area.left() + fm.horizontalAdvance(self.fmt(peak)) + 8, area.top(),
                      area.width() - fm.horizontalAdvance(self.fmt(peak)) - 12,
                      area.height() - fm.height() - 6)
        p.setPen(QPen(QColor("#dddddd"), 1))
        for i in range(5):
            y = plot.bottom() - plot.height() * i / 4
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.setPen(QColor("#666666"))
        p.drawText(QRectF(area.left(), plot.top() - fm.height() / 2, plot.left() - area.left() - 4,
                          fm.height()), int(Qt.AlignmentFlag.AlignRight), self.fmt(peak))
        n = len(self.items)
        step = plot.width() / max(n - 1, 1)
        points = [QPointF(plot.left() + i * step, plot.bottom() - plot.height() * v / peak)
                  for i, (_l, v) in enumerate(self.items)]
        path = QPainterPath(points[0])
        for pt in points[1:]:
            path.lineTo(pt)
        p.setPen(QPen(QColor(PALETTE[1]), 2))
        p.drawPath(path)
        p.setPen(QColor("#666666"))
        for i in (0, n // 2, n - 1):
            label = self.items[i][0]
            w = fm.horizontalAdvance(label)
            x = min(max(points[i].x() - w / 2, plot.left()), plot.right() - w)
            p.drawText(QPointF(x, plot.bottom() + fm.ascent() + 4), label)
        p.end()


class BarChart(_Chart):
    """Horizontal bars, largest first: top products, payment mix, aging."""

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        p, area = self._begin()
        fm = p.fontMetrics()
        if not self.items:
            p.end()
            return
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        peak = max(max(v for _, v in self.items), 1)
        row_h = min(area.height() / len(self.items), fm.height() * 1.8)
        label_w = min(max(fm.horizontalAdvance(lbl) for lbl, _ in self.items) + 8, area.width() * 0.4)
        value_w = max(fm.horizontalAdvance(self.fmt(v)) for _, v in self.items) + 8
        bar_w = max(area.width() - label_w - value_w - 6, 10)
        for i, (label, value) in enumerate(self.items):
            top = area.top() + i * row_h
            length = bar_w * max(value, 0) / peak
            label_rect = QRectF(area.right() - label_w if rtl else area.left(), top, label_w - 6, row_h)
            bar_x = area.right() - label_w - 6 - length if rtl else area.left() + label_w + 6
            value_x = bar_x - value_w if rtl else bar_x + length + 4
            p.setPen(QColor("#222222"))
            elided = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(label_rect.width()))
            p.drawText(label_rect, int((Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
                                       | Qt.AlignmentFlag.AlignVCenter), elided)
            p.fillRect(QRectF(bar_x, top + row_h * 0.2, length, row_h * 0.6),
                       QColor(PALETTE[i % len(PALETTE)]))
            p.drawText(QRectF(value_x, top, value_w, row_h),
                       int(Qt.AlignmentFlag.AlignVCenter | (Qt.AlignmentFlag.AlignRight if rtl
                                                            else Qt.AlignmentFlag.AlignLeft)),
                       self.fmt(value))
        p.end()
