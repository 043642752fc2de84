"""A receipt as a list of rows, shared by every renderer.

The ESC/POS text, raster and PDF renderers all draw the same rows, so a receipt
says the same thing whichever way it is printed. Labels come from a small table in
the receipt's own language: a receipt is printed in the shop's chosen language,
which need not be the language of the screen the cashier is using.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ..core.clock import to_local
from ..core.money import MoneyFormat, format_money
from ..core.quantity import format_quantity
from .document import Language, ReceiptDoc

RowKind = Literal["title", "center", "text", "pair", "rule", "banner", "blank"]


@dataclass(frozen=True, slots=True)
class Row:
    kind: RowKind
    left: str = ""  # "start" text: the label (right side on an Urdu receipt)
    right: str = ""  # "end" text: the amount
    bold: bool = False
    indent: bool = False  # item detail lines


LABELS: dict[str, dict[str, str]] = {
    "en": {
        "receipt": "Receipt",
        "date": "Date",
        "cashier": "Cashier",
        "subtotal": "Subtotal",
        "discount": "Discount",
        "bill_discount": "Bill discount",
        "tax": "incl. GST",
        "round_off": "Round-off",
        "total": "TOTAL",
        "refund_total": "TOTAL REFUND",
        "change": "Change",
        "credit": "On credit (udhaar)",
        "credit_back": "Off credit (udhaar)",
        "customer": "Customer",
        "new_balance": "New balance",
        "return": "*** RETURN ***",
        "void": "*** VOID ***",
        "reprint": "REPRINT - DUPLICATE",
        "against": "Against",
        "ref": "Ref",
        "ntn": "NTN",
        "strn": "STRN",
        "phone": "Ph",
        "items": "items",
        "cash": "Cash",
        "card": "Card",
        "jazzcash": "JazzCash",
        "easypaisa": "Easypaisa",
        "raast": "Raast",
        "bank": "Bank transfer",
        "credit_method": "Udhaar",
        "added_gst": "+ GST {rate}",
    },
    "ur": {
        "receipt": "رسید",
        "date": "تاریخ",
        "cashier": "کیشیئر",
        "subtotal": "ذیلی کل",
        "discount": "رعایت",
        "bill_discount": "بل پر رعایت",
        "tax": "جی ایس ٹی شامل",
        "round_off": "راؤنڈ آف",
        "total": "کل رقم",
        "refund_total": "کل واپسی",
        "change": "بقایا واپس",
        "credit": "ادھار",
        "credit_back": "ادھار سے کم",
        "customer": "گاہک",
        "new_balance": "نیا بقایا",
        "return": "*** واپسی ***",
        "void": "*** منسوخ ***",
        "reprint": "دوبارہ پرنٹ - نقل",
        "against": "بمقابلہ",
        "ref": "حوالہ",
        "ntn": "NTN",
        "strn": "STRN",
        "phone": "فون",
        "items": "اشیاء",
        "cash": "نقد",
        "card": "کارڈ",
        "jazzcash": "JazzCash",
        "easypaisa": "Easypaisa",
        "raast": "Raast",
        "bank": "بینک ٹرانسفر",
        "credit_method": "ادھار",
        "added_gst": "+ جی ایس ٹی {rate}",
    },
}


def label(key: str, language: Language = "en") -> str:
    table = LABELS.get(language, LABELS["en"])
    return table.get(key) or LABELS["en"].get(key, key)


def format_receipt_time(ts: datetime) -> str:
    """'05/03/2025 03:45 PM' in Asia/Karachi."""
    return to_local(ts).strftime("%d/%m/%Y %I:%M %p")


def line_name(name_en: str, name_ur: str, language: Language) -> str:
    return name_ur if language == "ur" and name_ur else name_en


def rate_text(bp: int) -> str:
    """1800 -> '18%', 1750 -> '17.5%'."""
    whole, part = divmod(bp, 100)
    return f"{whole}%" if not part else f"{whole}.{part:02d}".rstrip("0") + "%"


def receipt_rows(doc: ReceiptDoc, *, language: Language | None = None, images: bool = False) -> list[Row]:
    """The rows of a receipt. language='en' forces English (the text renderer).

    images: the rows are drawn as an image (raster, PDF), which prints any script, so an
    English receipt also shows each item's Urdu name under the English one.
    """
    lang: Language = language or doc.language
    fmt = doc.money_format
    plain = dataclasses.replace(fmt, symbol="")  # item columns: no "Rs" to save width

    def money(paisa: int, f: MoneyFormat = fmt) -> str:
        return format_money(paisa, f)

    def lb(key: str) -> str:
        return label(key, lang)

    def ltr(value: str) -> str:
        # Keep "0300-1234567" in order inside an Urdu line (LRE … PDF embedding).
        return f"\u202a{value}\u202c" if lang == "ur" else value

    shop = doc.shop
    rows: list[Row] = []
    shop_name = shop.name_ur if lang == "ur" and shop.name_ur else shop.name
    rows.append(Row("title", shop_name, bold=True))
    if shop.outlet:
        rows.append(Row("center", shop.outlet))
    if shop.address:
        rows.append(Row("center", shop.address))
    if shop.phone:
        rows.append(Row("center", f"{lb('phone')}: {ltr(shop.phone)}"))
    # One row per tax id: a narrow roll wraps between the fields, never inside a number.
    for key, value in (("ntn", shop.ntn), ("strn", shop.strn)):
        if value:
            rows.append(Row("center", f"{lb(key)}: {ltr(value)}"))
    if doc.is_void:
        rows.append(Row("banner", lb("void"), bold=True))
    elif doc.is_return:
        rows.append(Row("banner", lb("return"), bold=True))
    if doc.is_reprint:
        rows.append(Row("banner", lb("reprint"), bold=True))
    rows.append(Row("rule"))
    rows.append(Row("pair", lb("receipt"), doc.receipt_no))
    if doc.original_receipt_no:
        rows.append(Row("pair", lb("against"), doc.original_receipt_no))
    rows.append(Row("pair", lb("date"), format_receipt_time(doc.created_at)))
    rows.append(Row("pair", lb("cashier"), doc.cashier))
    if doc.customer_name:
        rows.append(Row("pair", lb("customer"), doc.customer_name))
    rows.append(Row("rule"))

    for line in doc.lines:
        rows.append(Row("text", line_name(line.name_en, line.name_ur, lang)))
        if images and lang == "en" and line.name_ur:
            rows.append(Row("text", line.name_ur, indent=True))
        qty = format_quantity(line.qty_milli, line.unit)
        detail = f"{qty} x {money(line.unit_price_paisa, plain)}"
        rows.append(Row("pair", detail, money(line.gross_paisa, plain), indent=True))
        if line.discount_paisa:
            rows.append(Row("pair", lb("discount"), money(-line.discount_paisa, plain), indent=True))
        if line.added_tax_paisa:
            rate = rate_text(line.added_tax_bp) if line.added_tax_bp else ""
            rows.append(Row("pair", lb("added_gst").format(rate=rate).rstrip(),
                            money(line.added_tax_paisa, plain), indent=True))
    rows.append(Row("rule"))

    rows.append(Row("pair", f"{lb('subtotal')} ({len(doc.lines)} {lb('items')})", money(doc.subtotal_paisa)))
    if doc.bill_discount_paisa:
        rows.append(Row("pair", lb("bill_discount"), money(-doc.bill_discount_paisa)))
    if doc.round_off_paisa:
        rows.append(Row("pair", lb("round_off"), money(doc.round_off_paisa)))
    total_key = "refund_total" if doc.is_return or doc.is_void else "total"
    rows.append(Row("pair", lb(total_key), money(doc.total_paisa), bold=True))
    if doc.tax_paisa:
        rows.append(Row("pair", lb("tax"), money(doc.tax_paisa), indent=True))
    rows.append(Row("rule"))

    for tender in doc.tenders:
        if tender.method == "credit":
            continue  # shown below with the customer's balance
        rows.append(Row("pair", lb(tender.method), money(tender.amount_paisa)))
        if tender.reference:
            rows.append(Row("pair", lb("ref"), tender.reference, indent=True))
    if doc.change_paisa:
        rows.append(Row("pair", lb("change"), money(doc.change_paisa), bold=True))
    if doc.credit_paisa:
        key = "credit_back" if doc.is_return or doc.is_void else "credit"
        rows.append(Row("pair", lb(key), money(doc.credit_paisa), bold=True))
    if doc.customer_balance_paisa is not None:
        rows.append(Row("pair", lb("new_balance"), money(doc.customer_balance_paisa), bold=True))
    if doc.footer:
        rows.append(Row("rule"))
        for text in doc.footer.splitlines():
            rows.append(Row("center", text))
    return rows


# Typography with a plain stand-in the printer's font has ("GUL · 05/03" prints "GUL - 05/03").
_PLAIN = str.maketrans({"\u00b7": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00d7": "x",
                        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "...",
                        "\u00a0": " ", "\u202f": " ", "\u200e": "", "\u200f": "", "\u202a": "", "\u202c": ""})


def printer_text(text: str) -> str:
    """Text as the printer's own font prints it (non-ASCII that has a stand-in replaced)."""
    return text if text.isascii() else text.translate(_PLAIN)


def text_mode_prints(text: str) -> bool:
    return printer_text(text).isascii()


def fits_text_mode(doc: ReceiptDoc) -> bool:
    """Whether the printer's own font can print every character of the receipt.

    Checks the very rows the text renderer prints (shop, outlet and header tagline,
    names, references, footer, amounts in the shop's money format): a receipt with
    anything else — Urdu text, Urdu digits, a symbol like ₨ — must go as an image.
    """
    if doc.language != "en":
        return False
    return all(text_mode_prints(row.left) and text_mode_prints(row.right) for row in receipt_rows(doc, language="en"))


def with_ascii_digits(doc: ReceiptDoc) -> ReceiptDoc:
    """The receipt with amounts in ASCII digits: the text fallback when no image can be sent."""
    fmt = doc.money_format
    symbol = fmt.symbol if fmt.symbol.isascii() else "Rs"
    if not fmt.urdu_digits and symbol == fmt.symbol:
        return doc
    return dataclasses.replace(doc, money_format=dataclasses.replace(fmt, urdu_digits=False, symbol=symbol))
