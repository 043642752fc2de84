"""ESC/POS text receipts: the printer's own font, English only, fast.

32 columns on 58 mm paper, 48 on 80 mm. Amounts are right-aligned. A receipt with
anything the printer's code page cannot print (Urdu text, Urdu digits) goes as a
raster image instead (printers.compose_receipt); only when no image can be sent
(raster turned off, no renderer) does it come here, in English with ASCII digits.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from escpos.escpos import Escpos

from .document import ReceiptDoc, ZReportDoc
from .receipt_layout import Row, printer_text, receipt_rows, with_ascii_digits
from .z_layout import z_report_rows

COLUMNS = {58: 32, 80: 48}


def columns_for(paper_mm: int) -> int:
    try:
        return COLUMNS[paper_mm]
    except KeyError:
        raise ValueError(f"paper width must be 58 or 80 mm, not {paper_mm}") from None


@dataclass(frozen=True, slots=True)
class TextLine:
    text: str
    align: str = "left"  # left | center
    bold: bool = False
    big: bool = False  # double width and height: half the columns


def ascii_only(text: str) -> str:
    """The printer's code page is not Unicode: typography gets its plain stand-in, and
    anything else (only when no raster could be sent) prints as '?'."""
    return printer_text(text).encode("ascii", "replace").decode("ascii")


def _pair(left: str, right: str, cols: int, indent: bool) -> list[str]:
    left = ("  " if indent else "") + left
    if len(left) + 1 + len(right) <= cols:
        return [left + right.rjust(cols - len(left))]
    wrapped = textwrap.wrap(left, cols) or [""]
    last = wrapped[-1]
    if len(last) + 1 + len(right) <= cols:
        wrapped[-1] = last + right.rjust(cols - len(last))
        return wrapped
    return [*wrapped, right.rjust(cols)[-cols:]]


def text_lines(rows: list[Row], cols: int) -> list[TextLine]:
    """Rows laid out in fixed columns. Pure: tests read it without a printer."""
    out: list[TextLine] = []
    for row in rows:
        left, right = ascii_only(row.left), ascii_only(row.right)
        if row.kind == "title":
            out += [TextLine(t, "center", True, True) for t in textwrap.wrap(left, cols // 2)]
        elif row.kind in ("center", "banner"):
            out += [TextLine(t, "center", row.bold) for t in textwrap.wrap(left, cols)]
        elif row.kind == "text":
            out += [TextLine(t, bold=row.bold) for t in textwrap.wrap(left, cols)]
        elif row.kind == "pair":
            out += [TextLine(t, bold=row.bold) for t in _pair(left, right, cols, row.indent)]
        elif row.kind == "rule":
            out.append(TextLine("-" * cols))
        else:
            out.append(TextLine(""))
    return out


def receipt_text_lines(doc: ReceiptDoc, paper_mm: int = 80) -> list[TextLine]:
    return text_lines(receipt_rows(with_ascii_digits(doc), language="en"), columns_for(paper_mm))


def z_report_text_lines(doc: ZReportDoc, paper_mm: int = 80) -> list[TextLine]:
    return text_lines(z_report_rows(with_ascii_digits(doc), language="en"), columns_for(paper_mm))


def write_text_lines(printer: Escpos, lines: list[TextLine]) -> None:
    """Send laid-out lines, switching style only where it changes."""
    style: tuple[str, bool, bool] | None = None
    for line in lines:
        wanted = (line.align, line.bold, line.big)
        if wanted != style:
            printer.set_with_default(
                align=line.align, bold=line.bold, double_width=line.big, double_height=line.big
            )
            style = wanted
        printer.textln(line.text)
    printer.set_with_default()


def write_receipt_text(printer: Escpos, doc: ReceiptDoc, paper_mm: int = 80) -> None:
    """The receipt body in the printer's font (no init, cut or drawer: see printers.py)."""
    write_text_lines(printer, receipt_text_lines(doc, paper_mm))
