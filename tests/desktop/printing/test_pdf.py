"""PDFs read back: the names, totals and balances in them are the document's."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from io import BytesIO

import pytest
from pypdf import PdfReader

from dukan_desktop.core.money import format_money
from dukan_desktop.printing.document import ReceiptLine
from dukan_desktop.printing.pdf import _receipt_ops, receipt_pdf, z_report_pdf
from dukan_desktop.printing.pdf_statement import statement_pdf
from dukan_desktop.printing.pdf_text import register_fonts, text_width, visual_runs
from dukan_desktop.printing.receipt_layout import receipt_rows
from dukan_desktop.printing.samples import sample_receipt, sample_statement, sample_z_report

MONEY = re.compile(r"(-?)Rs ([\d,]+)\.(\d\d)")


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text(extraction_mode="layout") for page in PdfReader(BytesIO(data)).pages]


def paisa(text: str) -> int:
    m = MONEY.search(text)
    assert m, f"no amount in {text!r}"
    value = int(m[2].replace(",", "")) * 100 + int(m[3])
    return -value if m[1] else value


def line_with(text: str, label: str) -> str:
    """The first line starting with label that carries an 'Rs' amount."""
    return next(line.strip() for line in text.splitlines() if line.strip().startswith(label) and "Rs " in line)


def to_png(data: bytes, out, dpi: int = 110) -> list:
    """Render with poppler when it is installed (CI may not have it)."""
    if not shutil.which("pdftoppm"):
        return []
    pdf = out.with_suffix(".pdf")
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(out)], check=True)
    return sorted(out.parent.glob(out.name + "*.png"))


def test_english_receipt_pdf_has_names_and_totals(artifacts):
    doc = sample_receipt()
    data = receipt_pdf(doc, 80)
    (text,) = pdf_text(data)
    for needle in ("Gulberg General Store", "GUL-1-000123", "Ali Raza", "Bilal Ahmed", "Basmati Rice", "AUTH 482913"):
        assert needle in text
    assert paisa(line_with(text, "TOTAL")) == doc.total_paisa
    assert paisa(line_with(text, "New balance")) == doc.customer_balance_paisa
    assert paisa(line_with(text, "Change")) == doc.change_paisa
    assert paisa(line_with(text, "Subtotal")) == sum(line.total_paisa for line in doc.lines)
    to_png(data, artifacts / "receipt_en_pdf", dpi=200)


def test_urdu_receipt_pdf_keeps_amounts_and_is_shaped(artifacts):
    doc = sample_receipt("ur")
    data = receipt_pdf(doc, 58)
    (text,) = pdf_text(data)
    assert format_money(doc.total_paisa) in text and "GUL-1-000123" in text
    # Shaped: contextual presentation forms, in visual (right-to-left) order.
    ((font, run),) = visual_runs("چینی")
    assert font == "DukanNaskh"
    assert all(0xFB50 <= ord(ch) <= 0xFEFF for ch in run)
    assert run[0] in "\ufbfd\ufbff\ufef0\ufef2"  # final yeh drawn first (leftmost)
    pngs = to_png(data, artifacts / "receipt_ur_pdf", dpi=200)
    assert all(p.stat().st_size > 5000 for p in pngs)


@pytest.mark.parametrize("paper", [58, 80])
@pytest.mark.parametrize("language", ["en", "ur"])
def test_receipt_pdf_nothing_runs_off_the_roll(paper, language):
    register_fonts()
    long_line = ReceiptLine("Extra large family pack of assorted biscuits and cakes (mixed)", 12_000, "pc",
                            123_456, 1_481_472, 0, "بڑا فیملی پیک بسکٹ اور کیک کی مختلف اقسام")
    doc = replace(sample_receipt(language), lines=(*sample_receipt().lines, long_line))
    width = paper * 72 / 25.4
    ops, height = _receipt_ops(receipt_rows(doc), width, 8.0 if paper == 80 else 7.0, language == "ur")
    for op in ops:
        if op.rule:
            continue
        w = text_width(op.text, op.size, op.bold)
        left = {"left": op.x, "right": op.x - w, "center": op.x - w / 2}[op.align]
        assert left >= 0 and left + w <= width + 0.01, op
        assert 0 < op.y < height
    assert receipt_pdf(doc, paper).startswith(b"%PDF")


def test_statement_pdf_adds_up_to_the_ledger(artifacts):
    doc = sample_statement(60)
    data = statement_pdf(doc)
    pages = pdf_text(data)
    text = "\n".join(pages)
    assert "Bilal Ahmed" in pages[0] and "Gulberg General Store" in pages[0]
    for entry in doc.entries:
        assert entry.reference in text
    assert "Basmati Rice" in text and "applied to GUL-1-000990" in text
    totals = doc.totals()
    assert paisa(line_with(text, "Opening balance")) == doc.opening_balance_paisa
    table_closing = next(line for line in text.splitlines() if "Closing balance on" in line)
    assert table_closing.split()[-1] == format_money(doc.closing_balance_paisa).removeprefix("Rs ")
    assert paisa(line_with(text, "Credit sales")) == totals["sale"]
    assert paisa(line_with(text, "Payments")) == totals["payment"]
    assert paisa(line_with(text, "Write-offs")) == totals["writeoff"]
    closing = paisa(line_with(text, "Closing balance (amount due)"))
    assert closing == doc.closing_balance_paisa
    assert closing == doc.opening_balance_paisa + sum(e.amount_paisa for e in doc.entries)
    total_due = next(line for line in text.splitlines() if "Total due" in line)
    assert paisa(total_due.split("Total due")[1]) == closing == doc.aging.total_paisa
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    for png in to_png(data, artifacts / "statement", dpi=90)[:1]:
        assert png.stat().st_size > 20_000


def test_statement_that_does_not_add_up_is_refused():
    doc = sample_statement(10)
    with pytest.raises(ValueError, match="closing balance"):
        statement_pdf(replace(doc, closing_balance_paisa=doc.closing_balance_paisa + 1))
    bad_entry = replace(doc.entries[3], balance_paisa=doc.entries[3].balance_paisa - 100)
    with pytest.raises(ValueError, match="running balance"):
        statement_pdf(replace(doc, entries=(*doc.entries[:3], bad_entry, *doc.entries[4:])))


def test_statement_with_urdu_customer_and_1000_entries():
    doc = replace(sample_statement(1000), customer_name="محمد بلال")
    pages = PdfReader(BytesIO(statement_pdf(doc))).pages
    assert len(pages) > 20
    assert format_money(doc.closing_balance_paisa) in pages[-1].extract_text()


def test_z_report_pdf(artifacts):
    doc = sample_z_report()
    data = z_report_pdf(doc)
    (text,) = pdf_text(data)
    assert paisa(line_with(text, "Expected cash")) == doc.expected_cash_paisa
    assert paisa(line_with(text, "Counted cash")) == doc.counted_cash_paisa
    assert paisa(line_with(text, "Difference (Short)")) == doc.difference_paisa == -2_000
    assert paisa(line_with(text, f"Sales ({doc.sales_count})")) == doc.sales_total_paisa
    assert paisa(line_with(text, "JazzCash (4)")) == 310_000
    assert paisa(line_with(text, "Opening float")) == doc.opening_float_paisa
    cash_lines = ["Opening float", "+ Cash sales", "+ Udhaar collected in cash", "+ Cash in", "− Cash out", "− Cash refunds"]
    assert sum(paisa(line_with(text, label)) for label in cash_lines) == doc.expected_cash_paisa
    to_png(data, artifacts / "z_report", dpi=90)
