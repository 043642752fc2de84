"""Render resources/icons/dukan.svg to the PNG (Linux, window icon) and ICO (Windows).

    python packaging/make_icons.py

The PNG and ICO are committed; run this again only after changing the SVG.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(size: int):
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(ICONS / "dukan.svg")).render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    big = render(256)
    big.save(ICONS / "dukan.png")
    big.save(ICONS / "dukan.ico", sizes=[(s, s) for s in SIZES])
    print(f"wrote {ICONS / 'dukan.png'} and {ICONS / 'dukan.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
