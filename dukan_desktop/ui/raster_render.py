"""Receipts drawn by Qt into a 1-bit image for ESC/POS raster printing.

This is the one piece of printing that needs Qt (to shape Urdu with HarfBuzz and
lay it out right-to-left), so it lives under ui/ and printing/ receives it as an
injected callable (`PrintService(rasterize=render_receipt_pil)`): printing/ stays
Qt-free and testable without a display.

The image is exactly the printer's dot width (384 dots at 58 mm, 576 at 80 mm), drawn
in 8-bit grey and thresholded to QImage.Format_Mono.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from PIL import Image
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QGuiApplication,
    QImage,
    QPainter,
    QPen,
)

from ..printing.document import ReceiptDoc, ZReportDoc
from ..printing.receipt_layout import Row, receipt_rows
from ..printing.z_layout import z_report_rows
from ..resources import resource_path

DOTS = {58: 384, 80: 576}
_LATIN_FAMILIES = ["DejaVu Sans", "Noto Sans", "Arial", "Segoe UI", "Helvetica"]
_fonts_lock = threading.Lock()
_naskh_family: str | None = None


def ensure_gui_application() -> QGuiApplication:
    """Fonts and QPainter text need a Qt application; the app has one already."""
    app = QGuiApplication.instance()
    return app if app is not None else QGuiApplication([])  # type: ignore[return-value]


def naskh_family() -> str:
    """Load the bundled Noto Naskh Arabic (regular and bold) once; return its family."""
    global _naskh_family
    with _fonts_lock:
        if _naskh_family is None:
            family = ""
            for name in ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"):
                font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
                if font_id >= 0 and not family:
                    family = QFontDatabase.applicationFontFamilies(font_id)[0]
            _naskh_family = family or "Noto Naskh Arabic"
        return _naskh_family


def is_rtl_text(text: str) -> bool:
    """First strong character is Arabic-script (Urdu)."""
    for ch in text:
        code = ord(ch)
        if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
            return True
        if ch.isalpha():
            return False
    return False


def _has_arabic(text: str) -> bool:
    return any(0x0600 <= ord(ch) <= 0x06FF or 0xFB50 <= ord(ch) <= 0xFEFF for ch in text)


@dataclass(frozen=True, slots=True)
class _Op:
    text: str
    rect: QRect
    flags: int
    font: QFont
    invert: bool = False
    rule: bool = False


class _Fonts:
    def __init__(self, width_dots: int) -> None:
        px = 22 if width_dots <= 384 else 24
        naskh = naskh_family()
        self.cache: dict[tuple[bool, bool, bool], QFont] = {}
        self.px = px
        self.naskh = naskh

    def get(self, text: str, *, bold: bool = False, big: bool = False) -> QFont:
        arabic = _has_arabic(text)
        key = (arabic, bold, big)
        font = self.cache.get(key)
        if font is None:
            font = QFont()
            # Arabic script: Naskh first (digits and Latin fall back to a sans font).
            font.setFamilies([self.naskh, *_LATIN_FAMILIES] if arabic else [*_LATIN_FAMILIES, self.naskh])
            font.setPixelSize(self.px * 3 // 2 if big else self.px)
            font.setBold(bold)
            font.setHintingPreference(QFont.HintingPreference.PreferFullHinting)
            self.cache[key] = font
        return font


def _layout(rows: list[Row], width: int, rtl: bool) -> tuple[list[_Op], int]:
    fonts = _Fonts(width)
    margin = 6
    inner = width - 2 * margin
    indent = fonts.px
    ops: list[_Op] = []
    y = 4
    start = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    end = Qt.AlignmentFlag.AlignLeft if rtl else Qt.AlignmentFlag.AlignRight
    absolute = Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
    wrap = Qt.TextFlag.TextWordWrap

    def block(text: str, font: QFont, x: int, w: int, align) -> int:
        flags = int(align | absolute | wrap)
        h = QFontMetrics(font).boundingRect(QRect(0, 0, w, 10_000), flags, text).height()
        return flags, max(h, QFontMetrics(font).height())

    for row in rows:
        if row.kind == "rule":
            ops.append(_Op("", QRect(margin, y + 4, inner, 2), 0, QFont(), rule=True))
            y += 10
            continue
        if row.kind == "blank":
            y += fonts.px
            continue
        if row.kind in ("title", "center", "banner"):
            font = fonts.get(row.left, bold=row.bold or row.kind != "center", big=row.kind == "title")
            flags, h = block(row.left, font, margin, inner, Qt.AlignmentFlag.AlignHCenter)
            ops.append(_Op(row.left, QRect(margin, y, inner, h), flags, font, invert=row.kind == "banner"))
            y += h + (4 if row.kind == "banner" else 0)
            continue
        pad = indent if row.indent else 0
        if row.kind == "text":
            font = fonts.get(row.left, bold=row.bold)
            flags, h = block(row.left, font, margin, inner - pad, start)
            x = margin if rtl else margin + pad
            ops.append(_Op(row.left, QRect(x, y, inner - pad, h), flags, font))
            y += h
            continue
        # pair: label at the start side, value at the end side
        lfont = fonts.get(row.left, bold=row.bold)
        rfont = fonts.get(row.right, bold=row.bold)
        rw = QFontMetrics(rfont).horizontalAdvance(row.right) + 2
        lw = max(inner - pad - rw - 8, inner // 3)
        lflags, lh = block(row.left, lfont, 0, lw, start)
        rflags, rh = block(row.right, rfont, 0, rw, end)
        if lw + rw + 8 > inner - pad:  # value does not fit beside the label: own line
            lx = margin if rtl else margin + pad
            ops.append(_Op(row.left, QRect(lx, y, inner - pad, lh), lflags, lfont))
            y += lh
            ops.append(_Op(row.right, QRect(margin, y, inner, rh), rflags, rfont))
            y += rh
            continue
        h = max(lh, rh)
        lx = margin + inner - pad - lw if rtl else margin + pad
        rx = margin if rtl else margin + inner - rw
        ops.append(_Op(row.left, QRect(lx, y, lw, h), lflags, lfont))
        ops.append(_Op(row.right, QRect(rx, y, rw, h), rflags, rfont))
        y += h
    return ops, y + 8


def render_rows_image(rows: list[Row], width_dots: int, *, rtl: bool = False) -> QImage:
    """Draw rows at width_dots; returns a Format_Mono QImage, black = ink."""
    if width_dots not in DOTS.values():
        raise ValueError(f"raster width must be 384 or 576 dots, not {width_dots}")
    ensure_gui_application()
    ops, height = _layout(rows, width_dots, rtl)
    grey = QImage(width_dots, height, QImage.Format.Format_Grayscale8)
    grey.fill(QColor(255, 255, 255))
    painter = QPainter(grey)
    try:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        black = QColor(0, 0, 0)
        for op in ops:
            if op.rule:
                painter.fillRect(op.rect, black)
                continue
            if op.invert:
                painter.fillRect(op.rect.adjusted(-2, 0, 2, 0), black)
                painter.setPen(QPen(QColor(255, 255, 255)))
            else:
                painter.setPen(QPen(black))
            painter.setFont(op.font)
            painter.setLayoutDirection(
                Qt.LayoutDirection.RightToLeft if is_rtl_text(op.text) else Qt.LayoutDirection.LeftToRight
            )
            painter.drawText(op.rect, op.flags, op.text)
    finally:
        painter.end()
    return grey.convertToFormat(
        QImage.Format.Format_Mono, Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.MonoOnly
    )


def render_receipt_image(doc: ReceiptDoc | ZReportDoc, width_dots: int = 576) -> QImage:
    """A receipt (English ones with the items' Urdu names too) or a Z report."""
    rows = z_report_rows(doc) if isinstance(doc, ZReportDoc) else receipt_rows(doc, images=True)
    return render_rows_image(rows, width_dots, rtl=doc.language == "ur")


def mono_to_pil(image: QImage) -> Image.Image:
    """A Format_Mono QImage as a PIL '1' image (what python-escpos prints)."""
    mono = image.convertToFormat(QImage.Format.Format_Mono)
    w, h, stride = mono.width(), mono.height(), mono.bytesPerLine()
    data = bytes(mono.constBits())[: stride * h]
    # PIL '1' raw: bit set = white. Qt: bit = colour-table index.
    black_is_zero = QColor.fromRgba(mono.colorTable()[0]).lightness() < 128
    return Image.frombuffer("1", (w, h), data, "raw", "1" if black_is_zero else "1;I", stride, 1)


def render_receipt_pil(doc: ReceiptDoc | ZReportDoc, width_dots: int = 576) -> Image.Image:
    """The callable the print service takes: receipt or Z report -> 1-bit PIL image."""
    return mono_to_pil(render_receipt_image(doc, width_dots))
