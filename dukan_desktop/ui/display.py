"""What the counter's screens show for money, quantities, counts, units and payment methods.

`core.money.format_money` and `core.quantity.format_quantity` stay plain: receipts print
them, and a bidi control character would print as '?' on an ESC/POS printer. The screen
adds, here and only here:

- Unicode isolates, so "-Rs 50.00", a phone number or an English name stays one
  left-to-right piece inside an Urdu sentence (the "-" no longer jumps to the label);
- a paragraph mark, so a label aligns with the screen's direction, not with the script
  of its first letter (a Latin shop name in Urdu mode sat on the left);
- translated unit and payment-method names, and Urdu digits when the shop chose them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.quantity import MILLI, Unit
from .i18n import RTL_LANGUAGES

LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"   # left-to-right / first-strong isolate, pop
LRM, RLM = "\u200e", "\u200f"                  # direction marks
_NO_MARKS = str.maketrans("", "", LRI + FSI + PDI + LRM + RLM)
_URDU_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

UNIT_NAMES = {
    Unit.PIECE: QT_TRANSLATE_NOOP("Units", "pc"),
    Unit.KG: QT_TRANSLATE_NOOP("Units", "kg"),
    Unit.LITRE: QT_TRANSLATE_NOOP("Units", "l"),
    Unit.METRE: QT_TRANSLATE_NOOP("Units", "m"),
    Unit.DOZEN: QT_TRANSLATE_NOOP("Units", "dozen"),
    Unit.PACK: QT_TRANSLATE_NOOP("Units", "pack"),
}

# Tender and payment method keys as stored in the ledger -> what a person reads.
METHOD_NAMES = {
    "cash": QT_TRANSLATE_NOOP("PaymentMethods", "Cash"),
    "card": QT_TRANSLATE_NOOP("PaymentMethods", "Card"),
    "jazzcash": QT_TRANSLATE_NOOP("PaymentMethods", "JazzCash"),
    "easypaisa": QT_TRANSLATE_NOOP("PaymentMethods", "Easypaisa"),
    "raast": QT_TRANSLATE_NOOP("PaymentMethods", "Raast"),
    "bank": QT_TRANSLATE_NOOP("PaymentMethods", "Bank transfer"),
    "credit": QT_TRANSLATE_NOOP("PaymentMethods", "Credit (udhaar)"),
}


def method_name(key: str) -> str:
    """'jazzcash' -> 'JazzCash' / 'جاز کیش'. Unknown keys are shown as they are."""
    label = METHOD_NAMES.get(key)
    return QCoreApplication.translate("PaymentMethods", label) if label else key


def unit_name(unit: str) -> str:
    try:
        return QCoreApplication.translate("Units", UNIT_NAMES[Unit(unit)])
    except (ValueError, KeyError):
        return unit


# -- direction -------------------------------------------------------------------------

def is_rtl(language: str) -> bool:
    return language in RTL_LANGUAGES


def ltr(text: str) -> str:
    """Always left to right (money, numbers, receipt numbers, phones, paths)."""
    return f"{LRI}{text}{PDI}"


def isolate(text: str) -> str:
    """Its own direction from its first letter (names typed in either script)."""
    return f"{FSI}{text}{PDI}"


def embed_name(text: str, rtl: bool) -> str:
    """A name or phone inside a sentence. On an English screen an Urdu name is isolated
    (else the words around it reorder); on an Urdu screen the right-to-left paragraph
    already places it, and "Rashid Khan 0300…" or "Madina Store — Gulberg" keep their order."""
    return text if rtl else isolate(text)


def paragraph(text: str, rtl: bool) -> str:
    """Each line starts in the screen's direction, so it aligns and reads that way."""
    mark = RLM if rtl else LRM
    return "\n".join(mark + line for line in text.split("\n"))


def plain(text: str) -> str:
    """The text without direction marks (what a test or a clipboard compares)."""
    return text.translate(_NO_MARKS)


# -- numbers ---------------------------------------------------------------------------

def digits(text: str, urdu: bool) -> str:
    return text.translate(_URDU_DIGITS) if urdu else text


def qty_number(milli: int) -> str:
    """1250 -> '1.25', 3000 -> '3': the number as a person types it (edit fields)."""
    whole, frac = divmod(milli, MILLI)
    return str(whole) if not frac else f"{whole}.{frac:03d}".rstrip("0")


class Display:
    """The formatter a counter screen uses, bound to the session's language and money format."""

    def __init__(self, session) -> None:
        self.session = session

    @property
    def rtl(self) -> bool:
        return is_rtl(self.session.language)

    @property
    def urdu_digits(self) -> bool:
        return bool(self.session.money_format.urdu_digits)

    def money(self, paisa: int) -> str:
        return ltr(self.session.money(paisa))

    def name(self, text: str) -> str:
        return embed_name(text, self.rtl)

    def count(self, n: int) -> str:
        return digits(str(n), self.urdu_digits)

    def qty(self, milli: int, unit: str) -> str:
        """'1.25 kg' / '1.25 کلو' (the number first in either direction); pieces bare."""
        number = ltr(digits(qty_number(milli), self.urdu_digits))
        return number if Unit(unit) == Unit.PIECE else f"{number} {unit_name(unit)}"

    def para(self, text: str) -> str:
        return paragraph(text, self.rtl)
