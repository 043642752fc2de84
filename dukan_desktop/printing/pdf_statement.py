"""A customer's credit (udhaar) statement on A4.

Opening balance, every entry of the period with its running balance (credit sales
with their items, payments with the sales they were applied to, write-offs), the
closing balance, period totals and an aging summary. The document is checked to add
up before anything is drawn: a wrong statement is worse than none.
"""

from __future__ import annotations

import io
from dataclasses import replace

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ..core.clock import to_local
from ..core.money import format_money, round_div
from ..core.quantity import format_quantity
from .document import StatementDoc, StatementEntry
from .pdf import draw_shop_header, local_time
from .pdf_text import draw, register_fonts, wrap
from .receipt_layout import label

LEFT, RIGHT = 14 * mm, A4[0] - 14 * mm
TOP, BOTTOM = A4[1] - 16 * mm, 18 * mm
# column left edges (amount columns are right-aligned at the next edge)
COLS = {"date": LEFT, "type": LEFT + 19 * mm, "ref": LEFT + 36 * mm, "details": LEFT + 62 * mm,
        "debit": LEFT + 128 * mm, "credit": LEFT + 146 * mm, "balance": LEFT + 164 * mm}
DEBIT_R, CREDIT_R, BALANCE_R = COLS["credit"] - 2, COLS["balance"] - 2, RIGHT
DETAILS_W = COLS["debit"] - COLS["details"] - 3 * mm
SUB_AMOUNT_W = 17 * mm  # item amounts, right-aligned at the end of the details column
ROW, SUB = 9.0, 7.5  # font sizes
KIND_NAMES = {"sale": "Credit sale", "payment": "Payment", "return": "Return",
              "writeoff": "Write-off", "adjustment": "Adjustment"}


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

    def money(self, paisa: int, plain: bool = False) -> str:
        return format_money(paisa, self.plain if plain else self.fmt)

    def need(self, height: float, balance_paisa: int) -> None:
        """Start a new page (with headings and the balance carried) if height does not fit."""
        if self.y - height >= BOTTOM:
            return
        self.c.showPage()
        self.y = TOP
        draw(self.c, LEFT, self.y, f"{self.doc.shop.name} · statement of {self.doc.customer_name} (continued)", 9, bold=True)
        self.y -= 16
        self.table_header()
        self.balance_row("Brought forward", balance_paisa)

    def table_header(self) -> None:
        c, y = self.c, self.y
        c.setFillGray(0.9)
        c.rect(LEFT, y - 4, RIGHT - LEFT, 14, stroke=0, fill=1)
        c.setFillGray(0)
        for key, text in (("date", "Date"), ("type", "Type"), ("ref", "Reference"), ("details", "Details")):
            draw(c, COLS[key] + 1, y, text, ROW, bold=True)
        for x, text in ((DEBIT_R, "Debit"), (CREDIT_R, "Credit"), (BALANCE_R, "Balance")):
            draw(c, x, y, text, ROW, bold=True, align="right")
        self.y -= 16

    def balance_row(self, text: str, balance_paisa: int) -> None:
        draw(self.c, COLS["details"], self.y, text, ROW, bold=True)
        draw(self.c, BALANCE_R, self.y, self.money(balance_paisa, True), ROW, bold=True, align="right")
        self.y -= ROW * 1.5

    def entry(self, e: StatementEntry, balance_before: int) -> None:
        subs = self.sub_lines(e)
        main = wrap(self.details(e), ROW, DETAILS_W)
        self.need(ROW * 1.5 * len(main) + min(len(subs), 3) * SUB * 1.5, balance_before)
        c, y = self.c, self.y
        draw(c, COLS["date"], y, to_local(e.at).strftime("%d/%m/%Y"), ROW)
        draw(c, COLS["type"], y, KIND_NAMES[e.kind], ROW)
        draw(c, COLS["ref"], y, e.reference, ROW)
        amount_x = DEBIT_R if e.amount_paisa > 0 else CREDIT_R
        draw(c, amount_x, y, self.money(abs(e.amount_paisa), True), ROW, align="right")
        draw(c, BALANCE_R, y, self.money(e.balance_paisa, True), ROW, bold=True, align="right")
        for i, text in enumerate(main):
            draw(c, COLS["details"], y - i * ROW * 1.5, text, ROW)
        self.y -= ROW * 1.5 * len(main)
        for text, amount in subs:
            lines = wrap(text, SUB, DETAILS_W - SUB_AMOUNT_W - 6)
            self.need(SUB * 1.5 * len(lines), e.balance_paisa - e.amount_paisa)
            self.c.setFillGray(0.25)
            draw(self.c, COLS["debit"] - 3 * mm, self.y, amount, SUB, align="right")
            for line in lines:
                draw(self.c, COLS["details"] + 6, self.y, line, SUB)
                self.y -= SUB * 1.5
            self.c.setFillGray(0)
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
        self.need(ROW * 1.6 * (len(rows) + len(buckets) + 4), doc.closing_balance_paisa)
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
        draw(self.c, a0, y, "Aging of the amount due (days)", ROW + 1, bold=True)
        y -= ROW * 1.7
        total = doc.aging.total_paisa
        if total == 0 and doc.closing_balance_paisa > 0:
            draw(self.c, a0, y, "Aging is shown on statements that run to today.", ROW)
            self.y = min(self.y, y - ROW * 1.6)
            return
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
    draw(c, LEFT + 22 * mm, w.y, doc.customer_name, ROW + 1, bold=True)
    for text in (doc.customer_phone, doc.customer_address):
        if text:
            w.y -= ROW * 1.5
            draw(c, LEFT + 22 * mm, w.y, text, ROW)
    y = info_y
    for name, value in (("Period", period), ("Generated", local_time(doc.generated_at)),
                        ("Amount due", format_money(doc.closing_balance_paisa, doc.money_format))):
        draw(c, LEFT + 110 * mm, y, name, ROW, bold=True)
        draw(c, RIGHT, y, value, ROW, bold=name == "Amount due", align="right")
        y -= ROW * 1.5
    w.y = min(w.y, y) - 14
    w.table_header()
    w.balance_row(f"Opening balance on {doc.period_from:%d/%m/%Y}", doc.opening_balance_paisa)
    balance = doc.opening_balance_paisa
    for entry in doc.entries:
        w.entry(entry, balance)
        balance = entry.balance_paisa
    w.need(ROW * 2, balance)
    w.balance_row(f"Closing balance on {doc.period_to:%d/%m/%Y}", doc.closing_balance_paisa)
    w.summary()
    c.showPage()
    c.save()
    return buf.getvalue()
