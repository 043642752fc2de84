"""A Z report (end of shift) as receipt rows, for the 58/80 mm thermal roll.

The same rows go to ESC/POS text, the raster image and a roll-width PDF; the A4 Z
report (pdf.py) says the same things with more room.
"""

from __future__ import annotations

from ..core.money import format_money
from .document import Language, ZReportDoc
from .receipt_layout import Row, format_receipt_time, label, text_mode_prints

Z_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Z REPORT (end of shift)",
        "shift": "Shift",
        "cashier": "Cashier",
        "opened": "Opened",
        "closed": "Closed",
        "still_open": "still open",
        "sales": "Sales ({count})",
        "discounts": "Discounts given",
        "on_items": "of which on items",
        "on_bills": "of which on bills",
        "gst": "GST included",
        "by_tender": "Sales by tender",
        "total": "Total",
        "returns": "Returns ({count})",
        "refunded_cash": "Refunded in cash",
        "udhaar": "Udhaar collected",
        "not_in_drawer": "of which not in the drawer",
        "drawer": "Cash drawer",
        "float": "Opening float",
        "cash_sales": "+ Cash sales",
        "udhaar_cash": "+ Udhaar in cash",
        "cash_in": "+ Cash in",
        "cash_out": "- Cash out",
        "cash_refunds": "- Cash refunds",
        "expected": "Expected cash",
        "counted": "Counted cash",
        "short": "Short",
        "over": "Over",
        "balanced": "Balanced",
        "difference": "Difference ({verdict})",
        "signature": "Signature",
    },
    "ur": {
        "title": "زیڈ رپورٹ (شفٹ کا اختتام)",
        "shift": "شفٹ",
        "cashier": "کیشیئر",
        "opened": "شروع",
        "closed": "بند",
        "still_open": "ابھی کھلی ہے",
        "sales": "فروخت ({count})",
        "discounts": "دی گئی رعایت",
        "on_items": "اس میں سے اشیاء پر",
        "on_bills": "اس میں سے بلوں پر",
        "gst": "جی ایس ٹی شامل",
        "by_tender": "ادائیگی کے طریقے سے فروخت",
        "total": "کل",
        "returns": "واپسی ({count})",
        "refunded_cash": "نقد واپس کیا",
        "udhaar": "ادھار وصولی",
        "not_in_drawer": "اس میں سے دراز میں نہیں",
        "drawer": "نقد دراز",
        "float": "ابتدائی رقم",
        "cash_sales": "+ نقد فروخت",
        "udhaar_cash": "+ نقد ادھار وصولی",
        "cash_in": "+ نقد جمع",
        "cash_out": "- نقد نکالا",
        "cash_refunds": "- نقد واپسی",
        "expected": "متوقع نقد",
        "counted": "گنی گئی نقد",
        "short": "کم",
        "over": "زیادہ",
        "balanced": "برابر",
        "difference": "فرق ({verdict})",
        "signature": "دستخط",
    },
}


def z_label(key: str, language: Language = "en") -> str:
    return Z_LABELS.get(language, Z_LABELS["en"]).get(key) or Z_LABELS["en"][key]


def z_report_rows(doc: ZReportDoc, *, language: Language | None = None) -> list[Row]:
    """The rows of a thermal Z report. language='en' forces English (the text renderer)."""
    lang: Language = language or doc.language
    fmt = doc.money_format

    def money(paisa: int) -> str:
        return format_money(paisa, fmt)

    def zl(key: str, **params) -> str:
        return z_label(key, lang).format(**params)

    shop = doc.shop
    rows = [Row("title", shop.name_ur if lang == "ur" and shop.name_ur else shop.name, bold=True)]
    if shop.outlet:
        rows.append(Row("center", shop.outlet))
    rows.append(Row("banner", zl("title"), bold=True))
    if doc.is_reprint:
        rows.append(Row("banner", label("reprint", lang), bold=True))
    rows.append(Row("rule"))
    rows.append(Row("pair", zl("shift"), doc.shift_label))
    rows.append(Row("pair", zl("cashier"), doc.cashier))
    rows.append(Row("pair", zl("opened"), format_receipt_time(doc.opened_at)))
    rows.append(Row("pair", zl("closed"), format_receipt_time(doc.closed_at) if doc.closed_at else zl("still_open")))
    rows.append(Row("rule"))

    rows.append(Row("pair", zl("sales", count=doc.sales_count), money(doc.sales_total_paisa), bold=True))
    rows.append(Row("pair", zl("discounts"), money(doc.discounts_paisa), indent=True))
    if doc.line_discounts_paisa:
        rows.append(Row("pair", zl("on_items"), money(doc.line_discounts_paisa), indent=True))
        rows.append(Row("pair", zl("on_bills"), money(doc.discounts_paisa - doc.line_discounts_paisa), indent=True))
    rows.append(Row("pair", zl("gst"), money(doc.tax_paisa), indent=True))
    rows.append(Row("rule"))
    rows.append(Row("text", zl("by_tender"), bold=True))
    for tender in doc.by_tender:
        name = label("credit_method" if tender.method == "credit" else tender.method, lang)
        count = f" ({tender.count})" if tender.count is not None else ""
        rows.append(Row("pair", f"{name}{count}", money(tender.amount_paisa), indent=True))
    rows.append(Row("pair", zl("total"), money(sum(t.amount_paisa for t in doc.by_tender)), bold=True))
    rows.append(Row("rule"))
    rows.append(Row("pair", zl("returns", count=doc.returns_count), money(doc.returns_total_paisa)))
    rows.append(Row("pair", zl("refunded_cash"), money(doc.cash_refunds_paisa), indent=True))
    if doc.credit_payments:
        rows.append(Row("rule"))
        rows.append(Row("text", zl("udhaar"), bold=True))
        for pay in doc.credit_payments:
            rows.append(Row("pair", label(pay.method, lang), money(pay.amount_paisa), indent=True))
        if doc.credit_payments_other_paisa:
            rows.append(Row("pair", zl("not_in_drawer"), money(doc.credit_payments_other_paisa), indent=True))
    rows.append(Row("rule"))

    cash_sales = sum(t.amount_paisa for t in doc.by_tender if t.method == "cash")
    rows.append(Row("text", zl("drawer"), bold=True))
    for key, paisa in (("float", doc.opening_float_paisa), ("cash_sales", cash_sales),
                       ("udhaar_cash", doc.credit_payments_cash_paisa), ("cash_in", doc.cash_in_paisa),
                       ("cash_out", -doc.cash_out_paisa), ("cash_refunds", -doc.cash_refunds_paisa)):
        rows.append(Row("pair", zl(key), money(paisa), indent=True))
    rows.append(Row("pair", zl("expected"), money(doc.expected_cash_paisa), bold=True))
    if doc.counted_cash_paisa is not None:
        diff = doc.difference_paisa or 0
        verdict = zl("short") if diff < 0 else zl("over") if diff > 0 else zl("balanced")
        rows.append(Row("pair", zl("counted"), money(doc.counted_cash_paisa), bold=True))
        rows.append(Row("pair", zl("difference", verdict=verdict), money(diff), bold=True))
    rows.append(Row("blank"))
    rows.append(Row("blank"))
    rows.append(Row("pair", zl("signature"), "_" * 16))
    return rows


def z_fits_text_mode(doc: ZReportDoc) -> bool:
    """Whether the printer's own font can print the whole Z report (see fits_text_mode)."""
    if doc.language != "en":
        return False
    return all(text_mode_prints(row.left) and text_mode_prints(row.right) for row in z_report_rows(doc, language="en"))
