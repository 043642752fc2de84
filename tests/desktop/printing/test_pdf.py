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
from dukan_desktop.printing.pdf import _receipt_ops, receipt_pdf, z_report_pdf, z_report_roll_pdf
from dukan_desktop.printing.pdf_statement import statement_pdf
from dukan_desktop.printing.pdf_text import register_fonts, text_width, visual_runs
from dukan_desktop.printing.receipt_layout import receipt_rows
from dukan_desktop.printing.samples import (
    sample_receipt,
    sample_return,
    sample_statement,
    sample_z_report,
)

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


def to_png(data: bytes, out, dpi: int = 110, *, pages: int | None = None) -> list:
    """Render (the first `pages`) with poppler when it is installed (CI may not have it);
    files are named out-1.png, out-2.png …"""
    if not shutil.which("pdftoppm"):
        return []
    pdf = out.with_suffix(".pdf")
    pdf.write_bytes(data)
    for old in out.parent.glob(out.name + "-*.png"):
        old.unlink()
    limit = ["-l", str(pages)] if pages else []
    subprocess.run(["pdftoppm", "-r", str(dpi), *limit, "-png", str(pdf), str(out)], check=True)
    rendered = []
    for png in sorted(out.parent.glob(out.name + "-*.png")):
        number = int(png.stem.rsplit("-", 1)[1])  # pdftoppm pads to the page count's digits
        rendered.append(png.rename(png.with_name(f"{out.name}-{number}.png")))
    return rendered


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
    for png in to_png(data, artifacts / "statement", dpi=90, pages=1):
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


def test_return_slip_and_thermal_z_report_pdfs(artifacts):
    ret = sample_return()
    data = receipt_pdf(ret, 80)
    (text,) = pdf_text(data)
    assert "RETURN" in text and ret.original_receipt_no in text and ret.receipt_no in text
    assert paisa(line_with(text, "TOTAL REFUND")) == ret.total_paisa
    to_png(data, artifacts / "return_pdf", dpi=200)
    z = sample_z_report()
    (ztext,) = pdf_text(z_report_roll_pdf(z, 58))
    assert paisa(line_with(ztext, "Expected cash")) == z.expected_cash_paisa
    assert "Udhaar collected" in ztext


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
    assert paisa(line_with(text, "Discounts given")) == doc.discounts_paisa
    assert paisa(line_with(text, "on items")) == doc.line_discounts_paisa
    assert paisa(line_with(text, "of which not in the drawer")) == doc.credit_payments_other_paisa == 120_000
    cash_lines = ["Opening float", "+ Cash sales", "+ Udhaar collected in cash", "+ Cash in", "− Cash out", "− Cash refunds"]
    assert sum(paisa(line_with(text, label)) for label in cash_lines) == doc.expected_cash_paisa
    to_png(data, artifacts / "z_report", dpi=90)


DATE_ROW = re.compile(r"^\s*\d\d/\d\d/\d{4}\s")


def _last_amount(line: str) -> str:
    return line.split()[-1]


def test_brought_forward_equals_the_previous_pages_carried_balance(artifacts):
    """Sales whose items run onto the next page: each page brings forward the balance
    the previous one ended with (the last balance printed on it)."""
    doc = sample_statement(120, items_per_sale=9)
    data = statement_pdf(doc)
    pages = pdf_text(data)
    to_png(data, artifacts / "statement_continued", dpi=90, pages=2)
    assert len(pages) > 5
    for before, page in zip(pages, pages[1:], strict=False):
        carried = next(line for line in before.splitlines() if "Carried forward" in line)
        brought = next(line for line in page.splitlines() if "Brought forward" in line)
        last_row = [line for line in before.splitlines() if DATE_ROW.match(line)][-1]
        assert _last_amount(brought) == _last_amount(carried) == _last_amount(last_row)
    continued = [page for page in pages[1:] if "(continued)" in page.split("Brought forward")[1][:400]]
    assert continued, "no sale's items ran onto a next page: the test proves nothing"


def _text_pieces(data: bytes):
    """(page, x, y, text, font, size) of every Helvetica string drawn."""
    out = []
    for number, page in enumerate(PdfReader(BytesIO(data)).pages):
        def visit(text, cm, tm, font, size, number=number):
            name = str(font.get("/BaseFont", "")) if font else ""
            if text.strip() and name.startswith("/Helvetica"):
                out.append((number, tm[4], tm[5], text.strip("\n"), name[1:], size))
        page.extract_text(visitor_text=visit)
    return out


def test_statement_text_stays_inside_its_column():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from dukan_desktop.printing.document import StatementEntry
    from dukan_desktop.printing.pdf_statement import BOTTOM, COLS

    base = sample_statement(12)
    big, entries, balance = 1_234_567_00, [], base.opening_balance_paisa
    specials = [
        ("return", "GUL-12-000123-R12", -5_000, "", "Damaged on delivery, customer returned two packets"),
        ("payment", "JazzCash TXN 0300-1234567 / 88127366120045", -20_000, "jazzcash", ""),
        ("payment", "HBL-IBFT-20250105-0000098765432-KARACHI-MAIN", -30_000, "bank", ""),
        ("adjustment", "", big, "", "Opening balance brought over from the old register book"),
        ("writeoff", "", -1_000, "", "Rounding settled at the end of the month with the owner"),
    ]
    for e in base.entries:
        entries.append(replace(e, balance_paisa=balance + e.amount_paisa))
        balance += e.amount_paisa
    for kind, ref, amount, method, note in specials:
        balance += amount
        entries.append(StatementEntry(entries[-1].at, kind, ref, amount, balance, method=method, note=note))
    doc = replace(base, entries=tuple(entries), closing_balance_paisa=balance,
                  aging=replace(base.aging, d0_30_paisa=base.aging.d0_30_paisa + balance - base.closing_balance_paisa))
    pieces = _text_pieces(statement_pdf(doc))
    header_y = {p: y for p, _x, y, text, *_ in pieces if text.strip() == "Reference"}
    summary_y = next(y for p, _x, y, text, *_ in pieces if text.strip() == "Summary")
    checked = 0
    for page, x, y, text, font, size in pieces:
        if page not in header_y or y >= header_y[page] or y < BOTTOM - 1 or (page == max(header_y) and y <= summary_y):
            continue
        width = stringWidth(text, font, size)
        col = next((c for c in COLS.values() if c.x0 - 0.01 <= x < c.x1), None)
        assert col is not None, (text, x)
        assert x + width <= col.x1 + 0.01, f"{text!r} runs {x + width - col.x1:.1f} pt past its column"
        checked += 1
    assert checked > 100
    text = "\n".join(pdf_text(statement_pdf(doc)))
    assert "1,234,567.00" in text.replace("\n", " ") or "1,234,567.00" in text
