"""PDF with reportlab: roll-width receipts and A4 Z reports (statements: pdf_statement.py).

Each function returns the PDF as bytes; the caller saves, shares or prints it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ..core.clock import to_local
from ..core.money import format_money
from .document import ReceiptDoc, ShopHeader, ZReportDoc
from .pdf_text import draw, line_height, register_fonts, text_width, wrap
from .receipt_layout import Row, label, receipt_rows
from .z_layout import z_report_rows

ROLL_WIDTH_MM = {58: 58, 80: 80}


@dataclass(frozen=True, slots=True)
class _Op:
    y: float  # from the top of the page, baseline
    x: float
    text: str
    size: float
    bold: bool = False
    align: str = "left"
    rule: bool = False


def _receipt_ops(rows: list[Row], width: float, size: float, rtl: bool) -> tuple[list[_Op], float]:
    margin = 3 * mm
    inner = width - 2 * margin
    indent = size
    ops: list[_Op] = []
    y = margin
    start_x, start_align = (width - margin, "right") if rtl else (margin, "left")
    end_x, end_align = (margin, "left") if rtl else (width - margin, "right")
    for row in rows:
        if row.kind == "rule":
            ops.append(_Op(y + size * 0.7, margin, "", size, rule=True))
            y += size * 1.1
            continue
        if row.kind == "blank":
            y += size
            continue
        if row.kind in ("title", "center", "banner"):
            s = size * 1.4 if row.kind == "title" else size
            bold = row.bold or row.kind != "center"
            for text in wrap(row.left, s, inner, bold=bold):
                y += line_height(text, s)
                ops.append(_Op(y, width / 2, text, s, bold, "center"))
            y += size * 0.3
            continue
        pad = indent if row.indent else 0
        sx = start_x - pad if rtl else start_x + pad
        if row.kind == "text":
            for text in wrap(row.left, size, inner - pad, bold=row.bold):
                y += line_height(text, size)
                ops.append(_Op(y, sx, text, size, row.bold, start_align))
            continue
        rw = text_width(row.right, size, row.bold)
        left_lines = wrap(row.left, size, max(inner - pad - rw - 2 * mm, inner / 3), bold=row.bold)
        for i, text in enumerate(left_lines):
            y += line_height(text if i else text + row.right, size)
            ops.append(_Op(y, sx, text, size, row.bold, start_align))
        if rw + 2 * mm > inner - pad - inner / 3:  # no room beside: own line
            y += line_height(row.right, size)
        ops.append(_Op(y, end_x, row.right, size, row.bold, end_align))
    return ops, y + margin + size


def receipt_pdf(doc: ReceiptDoc, paper_mm: int = 80) -> bytes:
    """A receipt on a page as wide as the roll and as long as the receipt."""
    return _roll_pdf(receipt_rows(doc, images=True), paper_mm, doc.language == "ur",
                     f"Receipt {doc.receipt_no}", doc.shop.name)


def z_report_roll_pdf(doc: ZReportDoc, paper_mm: int = 80) -> bytes:
    """The thermal Z report as a roll-width PDF (what the receipt printer prints)."""
    return _roll_pdf(z_report_rows(doc), paper_mm, doc.language == "ur",
                     f"Z report {doc.shift_label}", doc.shop.name)


def _roll_pdf(rows: list[Row], paper_mm: int, rtl: bool, title: str, author: str) -> bytes:
    register_fonts()
    width = ROLL_WIDTH_MM[paper_mm] * mm
    size = 8.0 if paper_mm == 80 else 7.0
    ops, height = _receipt_ops(rows, width, size, rtl)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(width, height), pageCompression=0)
    c.setTitle(title)
    c.setAuthor(author)
    for op in ops:
        if op.rule:
            c.setLineWidth(0.6)
            c.line(op.x, height - op.y, width - op.x, height - op.y)
        else:
            draw(c, op.x, height - op.y, op.text, op.size, bold=op.bold, align=op.align)
    c.showPage()
    c.save()
    return buf.getvalue()


def draw_shop_header(c: Canvas, shop: ShopHeader, title: str, top: float) -> float:
    """Shop block at the top of an A4 page; returns the y below it."""
    left, right = 18 * mm, A4[0] - 18 * mm
    y = top
    draw(c, left, y, shop.name, 16, bold=True)
    if shop.name_ur:
        draw(c, right, y, shop.name_ur, 16, bold=True, align="right")
    y -= 15
    for text in (shop.outlet, shop.address, "   ".join(
        part for part in (f"Ph: {shop.phone}" if shop.phone else "",
                          f"NTN: {shop.ntn}" if shop.ntn else "",
                          f"STRN: {shop.strn}" if shop.strn else "") if part)):
        if text:
            draw(c, left, y, text, 9)
            y -= 12
    y -= 6
    draw(c, left, y, title, 13, bold=True)
    c.setLineWidth(0.8)
    c.line(left, y - 5, right, y - 5)
    return y - 20


def local_time(ts) -> str:
    return to_local(ts).strftime("%d/%m/%Y %I:%M %p") if ts else "—"


def z_report_pdf(doc: ZReportDoc) -> bytes:
    """End-of-shift report on A4."""
    register_fonts()
    fmt = doc.money_format
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, pageCompression=0)
    c.setTitle(f"Z report {doc.shift_label}")
    left, right = 18 * mm, A4[0] - 18 * mm
    title = "Z report (end of shift)" + (" — REPRINT" if doc.is_reprint else "")
    y = draw_shop_header(c, doc.shop, title, A4[1] - 22 * mm)

    def pair(text: str, amount: str, *, bold: bool = False, indent: float = 0, size: float = 10) -> None:
        nonlocal y
        draw(c, left + indent, y, text, size, bold=bold)
        draw(c, right, y, amount, size, bold=bold, align="right")
        y -= size * 1.6

    def section(text: str) -> None:
        nonlocal y
        y -= 6
        draw(c, left, y, text, 11, bold=True)
        c.setLineWidth(0.4)
        c.line(left, y - 3, right, y - 3)
        y -= 17

    pair("Shift", doc.shift_label)
    pair("Cashier", doc.cashier)
    pair("Opened", local_time(doc.opened_at))
    pair("Closed", local_time(doc.closed_at) if doc.closed_at else "still open")

    section("Sales")
    pair(f"Sales ({doc.sales_count})", format_money(doc.sales_total_paisa, fmt), bold=True)
    pair("Discounts given", format_money(doc.discounts_paisa, fmt), indent=12)
    if doc.line_discounts_paisa:
        pair("on items", format_money(doc.line_discounts_paisa, fmt), indent=24, size=9)
        pair("on bills", format_money(doc.discounts_paisa - doc.line_discounts_paisa, fmt), indent=24, size=9)
    pair("GST included", format_money(doc.tax_paisa, fmt), indent=12)
    section("Sales by tender")
    for tender in doc.by_tender:
        count = f" ({tender.count})" if tender.count is not None else ""
        pair(f"{label(tender.method)}{count}", format_money(tender.amount_paisa, fmt))
    pair("Total", format_money(sum(t.amount_paisa for t in doc.by_tender), fmt), bold=True)

    section("Returns")
    pair(f"Returns ({doc.returns_count})", format_money(doc.returns_total_paisa, fmt))
    pair("Refunded in cash", format_money(doc.cash_refunds_paisa, fmt), indent=12)

    if doc.credit_payments:
        section("Udhaar collected")
        for pay in doc.credit_payments:
            pair(label(pay.method), format_money(pay.amount_paisa, fmt))
        pair("Total", format_money(sum(p.amount_paisa for p in doc.credit_payments), fmt), bold=True)
        if doc.credit_payments_other_paisa:
            pair("of which not in the drawer (card, wallets, bank)",
                 format_money(doc.credit_payments_other_paisa, fmt), indent=12)

    section("Cash drawer")
    cash_sales = sum(t.amount_paisa for t in doc.by_tender if t.method == "cash")
    pair("Opening float", format_money(doc.opening_float_paisa, fmt))
    pair("+ Cash sales", format_money(cash_sales, fmt))
    pair("+ Udhaar collected in cash", format_money(doc.credit_payments_cash_paisa, fmt))
    pair("+ Cash in", format_money(doc.cash_in_paisa, fmt))
    pair("− Cash out", format_money(-doc.cash_out_paisa, fmt))
    pair("− Cash refunds", format_money(-doc.cash_refunds_paisa, fmt))
    pair("Expected cash", format_money(doc.expected_cash_paisa, fmt), bold=True)
    if doc.counted_cash_paisa is not None:
        pair("Counted cash", format_money(doc.counted_cash_paisa, fmt), bold=True)
        diff = doc.difference_paisa or 0
        verdict = "Short" if diff < 0 else "Over" if diff > 0 else "Balanced"
        pair(f"Difference ({verdict})", format_money(diff, fmt), bold=True)

    y -= 30
    c.setLineWidth(0.5)
    for x, text in ((left, "Cashier signature"), (right - 60 * mm, "Owner signature")):
        c.line(x, y, x + 60 * mm, y)
        draw(c, x, y - 11, text, 8)
    draw(c, left, 12 * mm, f"Z report · {doc.shop.name} · {doc.shift_label} · Dukan POS", 7)
    c.showPage()
    c.save()
    return buf.getvalue()
