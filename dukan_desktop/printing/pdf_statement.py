"""A customer's credit (udhaar) statement on A4.

Opening balance, every entry of the period with its running balance (credit sales
with their items, payments with the sales they were applied to, write-offs), the
closing balance, period totals and an aging summary. The document is checked to add
up before anything is drawn: a wrong statement is worse than none.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ..core.clock import to_local
from ..core.money import format_money, round_div
from ..core.quantity import format_quantity
from .document import StatementDoc, StatementEntry
from .pdf import draw_shop_header, local_time
from .pdf_text import draw, register_fonts, text_width, wrap
from .receipt_layout import label

LEFT, RIGHT = 14 * mm, A4[0] - 14 * mm
TOP, BOTTOM = A4[1] - 16 * mm, 18 * mm
PAD = 0.8 * mm  # inside each column, on both sides


@dataclass(frozen=True, slots=True)
class Column:
    x0: float
    x1: float
    align: str  # left | right

    @property
    def inner(self) -> float:
        return self.x1 - self.x0 - 2 * PAD

    @property
    def anchor(self) -> float:
        return self.x0 + PAD if self.align == "left" else self.x1 - PAD


def _columns(widths_mm: dict[str, tuple[float, str]]) -> dict[str, Column]:
    cols, x = {}, LEFT
    for key, (width, align) in widths_mm.items():
        cols[key] = Column(x, x + width * mm, align)
        x += width * mm
    assert abs(x - RIGHT) < 0.01, "statement columns must fill the page width"
    return cols


# Widths fit "05/03/2025", "Adjustment", "GUL-12-000123-R12" and "1,234,567.00" at 9 pt;
# anything longer wraps (text) or is set smaller (amounts) — never into the next column.
COLS = _columns({"date": (17.5, "left"), "type": (17.5, "left"), "ref": (31.5, "left"), "details": (54, "left"),
                 "debit": (20.5, "right"), "credit": (20.5, "right"), "balance": (20.5, "right")})
SUB_AMOUNT_W = 17 * mm  # item amounts, right-aligned at the end of the details column
SUB_INDENT = 6
ROW, SUB = 9.0, 7.5  # font sizes
ROW_H, SUB_H = ROW * 1.5, SUB * 1.5
KIND_NAMES = {"sale": "Credit sale", "payment": "Payment", "return": "Return",
              "writeoff": "Write-off", "adjustment": "Adjustment"}


def fit_size(text: str, size: float, width: float, bold: bool = False) -> float:
    """The font size (≤ size) at which text fits width: for amounts, which must not wrap."""
    w = text_width(text, size, bold)
    return size if w <= width else size * width / w


class _NumberedCanvas(Canvas):
    """Adds "Page x of y" once the page count is known."""

    def __init__(self, *args, footer: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._footer = footer

    def showPage(self) -> None:  # noqa: N802 - reportlab API
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            draw(self, LEFT, 10 * mm, self._footer, 7)
            draw(self, RIGHT, 10 * mm, f"Page {self._pageNumber} of {total}", 7, align="right")
            super().showPage()
        super().save()


class _Writer:
    def __init__(self, c: Canvas, doc: StatementDoc) -> None:
        self.c, self.doc, self.fmt = c, doc, doc.money_format
        self.plain = replace(doc.money_format, symbol="")
        self.y = TOP
        self.carried = doc.opening_balance_paisa  # the last balance printed
        self.continuing = ""  # reference of an entry whose items run onto the next page

    def money(self, paisa: int, plain: bool = False) -> str:
        return format_money(paisa, self.plain if plain else self.fmt)

    # -- cells --------------------------------------------------------------------

    def text_cell(self, key: str, y: float, text: str, size: float = ROW, *, bold: bool = False) -> int:
        """Text wrapped inside its column; returns the number of lines drawn."""
        col = COLS[key]
        lines = wrap(text, size, col.inner, bold=bold)
        for i, line in enumerate(lines):
            draw(self.c, col.anchor, y - i * size * 1.5, line, size, bold=bold, align=col.align)
        return len(lines)

    def amount_cell(self, key: str, y: float, text: str, *, bold: bool = False) -> None:
        col = COLS[key]
        draw(self.c, col.anchor, y, text, fit_size(text, ROW, col.inner, bold), bold=bold, align=col.align)

    # -- pages --------------------------------------------------------------------

    def need(self, height: float) -> None:
        """Start a new page if height does not fit above the carried-forward row."""
        if self.y - height >= BOTTOM + ROW_H:
            return
        self.balance_row("Carried forward", self.carried, y=BOTTOM)
        self.c.showPage()
        self.y = TOP
        title = f"{self.doc.shop.name} · statement of {self.doc.customer_name} (continued)"
        for line in wrap(title, ROW, RIGHT - LEFT, bold=True):
            draw(self.c, LEFT, self.y, line, ROW, bold=True)
            self.y -= ROW_H
        self.y -= 2
        self.table_header()
        self.balance_row("Brought forward", self.carried)
        if self.continuing:
            draw(self.c, COLS["details"].anchor, self.y, f"{self.continuing} (continued)", SUB)
            self.y -= SUB_H

    def table_header(self) -> None:
        c, y = self.c, self.y
        c.setFillGray(0.9)
        c.rect(LEFT, y - 4, RIGHT - LEFT, 14, stroke=0, fill=1)
        c.setFillGray(0)
        for key, text in (("date", "Date"), ("type", "Type"), ("ref", "Reference"), ("details", "Details"),
                          ("debit", "Debit"), ("credit", "Credit"), ("balance", "Balance")):
            col = COLS[key]
            draw(c, col.anchor, y, text, ROW, bold=True, align=col.align)
        self.y -= 16

    def balance_row(self, text: str, balance_paisa: int, *, y: float | None = None) -> None:
        at = self.y if y is None else y
        self.text_cell("details", at, text, bold=True)
        self.amount_cell("balance", at, self.money(balance_paisa, True), bold=True)
        if y is None:
            self.y -= ROW_H

    # -- entries ------------------------------------------------------------------

    def entry(self, e: StatementEntry) -> None:
        subs = self.sub_lines(e)
        details, ref = self.details(e), e.reference or "—"
        main_lines = max(len(wrap(details, ROW, COLS["details"].inner)), len(wrap(ref, ROW, COLS["ref"].inner)),
                         len(wrap(KIND_NAMES[e.kind], ROW, COLS["type"].inner)))
        self.need(ROW_H * main_lines + min(len(subs), 3) * SUB_H)
        y = self.y
        self.text_cell("date", y, to_local(e.at).strftime("%d/%m/%Y"))
        self.text_cell("type", y, KIND_NAMES[e.kind])
        self.text_cell("ref", y, ref)
        self.text_cell("details", y, details)
        self.amount_cell("debit" if e.amount_paisa > 0 else "credit", y, self.money(abs(e.amount_paisa), True))
        self.amount_cell("balance", y, self.money(e.balance_paisa, True), bold=True)
        self.carried = e.balance_paisa  # printed on this page: what the next one brings forward
        self.y -= ROW_H * main_lines
        details_col = COLS["details"]
        text_w = details_col.inner - SUB_AMOUNT_W - SUB_INDENT
        for text, amount in subs:
            lines = wrap(text, SUB, text_w)
            self.continuing = e.reference
            self.need(SUB_H * len(lines))
            self.c.setFillGray(0.25)
            draw(self.c, details_col.anchor + details_col.inner, self.y, amount,
                 fit_size(amount, SUB, SUB_AMOUNT_W), align="right")
            for line in lines:
                draw(self.c, details_col.anchor + SUB_INDENT, self.y, line, SUB)
                self.y -= SUB_H
            self.c.setFillGray(0)
        self.continuing = ""
        self.c.setLineWidth(0.25)
        self.c.setStrokeGray(0.75)
        self.c.line(LEFT, self.y + ROW * 0.9, RIGHT, self.y + ROW * 0.9)
        self.c.setStrokeGray(0)
        self.y -= 2

    def details(self, e: StatementEntry) -> str:
        if e.kind == "sale":
            return f"{len(e.items)} item{'s' if len(e.items) != 1 else ''}"
        parts = [label(e.method)] if e.method else []
        if e.note:
            parts.append(e.note)
        return " · ".join(parts) or KIND_NAMES[e.kind]

    def sub_lines(self, e: StatementEntry) -> list[tuple[str, str]]:
        if e.items:
            out = []
            for item in e.items:
                name = f"{item.name_en} · {item.name_ur}" if item.name_ur else item.name_en
                text = f"{format_quantity(item.qty_milli, item.unit)} × {name}"
                out.append((text, self.money(item.total_paisa, True)))
            return out
        return [(f"applied to {a.sale_reference}", self.money(a.amount_paisa, True)) for a in e.allocations]

    def summary(self) -> None:
        doc, totals = self.doc, self.doc.totals()
        rows = [("Opening balance", doc.opening_balance_paisa, False)]
        rows += [(f"{KIND_NAMES[kind]}s", totals[kind], False) for kind in ("sale", "payment", "return", "writeoff", "adjustment") if totals[kind]]
        rows.append(("Closing balance (amount due)", doc.closing_balance_paisa, True))
        buckets = doc.aging.buckets()
        self.need(ROW * 1.6 * (max(len(rows), len(buckets) + 1) + 2) + 8)
        self.y -= 8
        x0, x1 = LEFT, LEFT + 85 * mm
        top = self.y
        draw(self.c, x0, self.y, "Summary", ROW + 1, bold=True)
        self.y -= ROW * 1.7
        for text, paisa, bold in rows:
            draw(self.c, x0, self.y, text, ROW, bold=bold)
            draw(self.c, x1, self.y, self.money(paisa), ROW, bold=bold, align="right")
            self.y -= ROW * 1.6
        y, a0, a1, a2 = top, LEFT + 100 * mm, LEFT + 150 * mm, RIGHT
        title = f"Aging on {doc.period_to:%d/%m/%Y} (days)"
        draw(self.c, a0, y, title, ROW + 1, bold=True)
        y -= ROW * 1.7
        total = doc.aging.total_paisa
        for name, paisa in buckets:
            share = f"{round_div(paisa * 100, total)}%" if total > 0 else "—"
            draw(self.c, a0, y, f"{name} days", ROW)
            draw(self.c, a1, y, share, ROW, align="right")
            draw(self.c, a2, y, self.money(paisa), ROW, align="right")
            y -= ROW * 1.6
        draw(self.c, a0, y, "Total due", ROW, bold=True)
        draw(self.c, a2, y, self.money(total), ROW, bold=True, align="right")
        self.y = min(self.y, y - ROW * 1.6)


def statement_pdf(doc: StatementDoc) -> bytes:
    """The statement as PDF bytes. Raises ValueError if the document does not add up."""
    doc.check_consistent()
    register_fonts()
    buf = io.BytesIO()
    period = f"{doc.period_from:%d/%m/%Y} – {doc.period_to:%d/%m/%Y}"
    c = _NumberedCanvas(buf, pagesize=A4, pageCompression=0,
                        footer=f"Statement · {doc.customer_name} · {period} · Dukan POS")
    c.setTitle(f"Credit statement {doc.customer_name} {period}")
    c.setAuthor(doc.shop.name)
    w = _Writer(c, doc)
    w.y = draw_shop_header(c, doc.shop, "Credit statement (udhaar)", TOP)
    info_y = w.y
    draw(c, LEFT, w.y, "Customer", ROW, bold=True)
    info_w = 85 * mm  # up to the period block on the right
    for i, line in enumerate(wrap(doc.customer_name, ROW + 1, info_w, bold=True)):
        if i:
            w.y -= ROW * 1.5
        draw(c, LEFT + 22 * mm, w.y, line, ROW + 1, bold=True)
    for text in (doc.customer_phone, doc.customer_address):
        for line in wrap(text, ROW, info_w) if text else ():
            w.y -= ROW * 1.5
            draw(c, LEFT + 22 * mm, w.y, line, ROW)
    y = info_y
    for name, value in (("Period", period), ("Generated", local_time(doc.generated_at)),
                        ("Amount due", format_money(doc.closing_balance_paisa, doc.money_format))):
        draw(c, LEFT + 110 * mm, y, name, ROW, bold=True)
        draw(c, RIGHT, y, value, ROW, bold=name == "Amount due", align="right")
        y -= ROW * 1.5
    w.y = min(w.y, y) - 14
    w.table_header()
    w.balance_row(f"Opening balance on {doc.period_from:%d/%m/%Y}", doc.opening_balance_paisa)
    for entry in doc.entries:
        w.entry(entry)
    w.need(ROW_H)
    w.balance_row(f"Closing balance on {doc.period_to:%d/%m/%Y}", doc.closing_balance_paisa)
    w.summary()
    c.showPage()
    c.save()
    return buf.getvalue()
