"""The Qt raster renderer: exact dot widths, 1-bit, Urdu shaped and right-to-left."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtGui import QFont, QImage, QRawFont, QTextLayout

from dukan_desktop.printing.receipt_layout import Row, receipt_rows
from dukan_desktop.printing.samples import sample_receipt, sample_return, sample_z_report
from dukan_desktop.ui.raster_render import (
    ensure_gui_application,
    mono_to_pil,
    naskh_family,
    render_receipt_image,
    render_rows_image,
)


@pytest.fixture(autouse=True)
def _app():
    ensure_gui_application()


def ink_columns(image: QImage) -> tuple[int, int]:
    """Leftmost and rightmost column with any black dot."""
    pil = mono_to_pil(image)
    bbox = pil.point(lambda v: 255 - v).getbbox()
    assert bbox, "nothing drawn"
    return bbox[0], bbox[2]


@pytest.mark.parametrize("dots", [384, 576])
@pytest.mark.parametrize("language", ["en", "ur"])
def test_receipt_image_is_one_bit_at_paper_width(dots, language, artifacts, tmp_path):
    image = render_receipt_image(sample_receipt(language), dots)
    assert image.format() == QImage.Format.Format_Mono
    assert image.width() == dots and image.height() > 600
    pil = mono_to_pil(image)
    assert pil.mode == "1" and pil.size == (dots, image.height())
    rows = range(0, image.height(), 7)  # the PIL copy has the same ink as the Qt image
    black_qt = sum(1 for y in rows for x in range(dots) if image.pixelColor(x, y).lightness() < 128)
    black_pil = sum(1 for y in rows for x in range(dots) if pil.getpixel((x, y)) == 0)
    assert black_pil == black_qt > 1000
    pil.save(artifacts / f"receipt_{language}_raster_{dots}.png")


def test_urdu_is_shaped_and_right_to_left():
    font = QFont(naskh_family())
    font.setPixelSize(24)
    word = "چینی"
    layout = QTextLayout(word, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    (run,) = layout.glyphRuns()
    assert run.isRightToLeft()
    nominal = QRawFont.fromFont(font).glyphIndexesForString(word)  # isolated forms
    assert list(run.glyphIndexes()) != list(nominal)[::-1] and list(run.glyphIndexes()) != list(nominal)


def test_urdu_rows_hug_the_right_edge_and_english_the_left():
    urdu = render_rows_image([Row("text", "چینی ایک کلو")], 576, rtl=True)
    english = render_rows_image([Row("text", "Sugar 1kg")], 576, rtl=False)
    u_left, u_right = ink_columns(urdu)
    e_left, e_right = ink_columns(english)
    assert u_left > 576 // 2 and u_right > 576 - 20
    assert e_left < 20 and e_right < 576 // 2


def test_58mm_tax_ids_never_break_inside_a_value():
    from PySide6.QtGui import QFontMetrics

    from dukan_desktop.ui.raster_render import _layout

    ops, _ = _layout(receipt_rows(sample_receipt(), images=True), 384, False)
    tax_ops = [op for op in ops if op.text.startswith(("NTN", "STRN"))]
    assert len(tax_ops) == 2
    for op in tax_ops:  # each on one line of its own
        assert op.rect.height() < 1.5 * QFontMetrics(op.font).lineSpacing(), op.text


def test_other_widths_are_refused():
    with pytest.raises(ValueError):
        render_rows_image([Row("text", "x")], 512)


def test_docs_screenshots_render(artifacts):
    """The raster receipts shown in docs/screenshots/printing, rendered on every run into
    test-artifacts; with DUKAN_REFRESH_SCREENSHOTS=1 they (and the PDF pages the PDF tests
    left there) are copied over the docs' copies."""
    import os
    from pathlib import Path

    rendered = {"receipt-ur-raster-80mm.png": (sample_receipt("ur"), 576),
                "receipt-ur-raster-58mm.png": (sample_receipt("ur"), 384),
                "receipt-en-raster-58mm.png": (sample_receipt("en"), 384),
                "return-reprint-raster-80mm.png": (sample_return(reprint=True), 576),
                "z-report-raster-80mm.png": (sample_z_report(), 576),
                "z-report-ur-raster-58mm.png": (sample_z_report("ur"), 384)}
    for name, (receipt, width) in rendered.items():
        image = mono_to_pil(render_receipt_image(receipt, width))
        assert image.width == width and image.height > 200
        image.save(artifacts / name)
    if os.environ.get("DUKAN_REFRESH_SCREENSHOTS"):
        target = Path(__file__).resolve().parents[3] / "docs" / "screenshots" / "printing"
        target.mkdir(parents=True, exist_ok=True)
        for name in rendered:
            shutil.copy(artifacts / name, target / name)
        for name in ("receipt_en_pdf-1.png", "receipt_ur_pdf-1.png", "return_pdf-1.png", "statement-1.png",
                     "statement_continued-2.png", "z_report-1.png", "settings-printer-en.png",
                     "settings-printer-ur.png"):
            if (artifacts / name).exists():
                shutil.copy(artifacts / name, target / name.replace("_", "-"))
