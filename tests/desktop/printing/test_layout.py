"""Receipt rows shared by every renderer: what they say and that the figures add up."""

from __future__ import annotations

import re
from dataclasses import replace

from dukan_desktop.core.money import MoneyFormat, format_money
from dukan_desktop.core.quantity import extend_price
from dukan_desktop.printing.document import ReceiptLine
from dukan_desktop.printing.escpos_text import receipt_text_lines
from dukan_desktop.printing.receipt_layout import receipt_rows
from dukan_desktop.printing.samples import sample_receipt

PLAIN = MoneyFormat(symbol="")


def _paisa(text: str) -> int:
    sign = -1 if text.strip().startswith("-") else 1
    rupees, paisa = re.sub(r"[^\d.]", "", text).split(".")
    return sign * (int(rupees) * 100 + int(paisa))


def test_english_image_receipts_show_urdu_names_under_english_ones():
    doc = sample_receipt()
    image_texts = [row.left for row in receipt_rows(doc, images=True)]
    i = image_texts.index("Sugar 1kg")
    assert image_texts[i + 1] == "چینی ایک کلو"
    text_rows = [row.left for row in receipt_rows(doc, language="en")]
    assert "چینی ایک کلو" not in text_rows  # the printer's own font cannot print it
    urdu = [row.left for row in receipt_rows(sample_receipt("ur"), images=True)]
    assert "چینی ایک کلو" in urdu and "Sugar 1kg" not in urdu


def test_exclusive_tax_line_multiplies_out():
    """qty x price, − discount, + GST added = the line's total (which includes the GST)."""
    price, qty, discount = 25_000, 3_000, 5_000
    net = extend_price(price, qty) - discount
    added = net * 1800 // 10_000
    line = ReceiptLine("Cooking oil 5L", qty, "pc", price, net + added, discount, "",
                       added_tax_paisa=added, added_tax_bp=1800)
    doc = replace(sample_receipt(), lines=(line,), subtotal_paisa=line.total_paisa)
    rows = receipt_rows(doc)
    i = next(k for k, row in enumerate(rows) if row.left == "Cooking oil 5L")
    detail, disc, gst = rows[i + 1], rows[i + 2], rows[i + 3]
    assert detail.left == "3 x 250.00" and _paisa(detail.right) == 3 * price
    assert _paisa(disc.right) == -discount
    assert gst.left == "+ GST 18%" and _paisa(gst.right) == added
    assert _paisa(detail.right) + _paisa(disc.right) + _paisa(gst.right) == line.total_paisa
    subtotal = next(row for row in rows if row.left.startswith("Subtotal"))
    assert subtotal.right == format_money(line.total_paisa)


def test_inclusive_lines_have_no_tax_row():
    rows = receipt_rows(sample_receipt())
    assert not any("GST" in row.left and row.left.startswith("+") for row in rows)


def test_tax_ids_are_separate_rows_so_narrow_paper_breaks_between_them():
    doc = sample_receipt()
    rows = [row.left for row in receipt_rows(doc)]
    assert "NTN: 1234567-8" in rows and "STRN: 17-00-1234-567-89" in rows
    lines = [line.text.strip() for line in receipt_text_lines(doc, 58)]
    assert "NTN: 1234567-8" in lines and "STRN: 17-00-1234-567-89" in lines
