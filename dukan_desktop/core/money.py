"""Money is an int of paisa (1 rupee = 100 paisa). Never a float.

`parse_rupees` turns what a person types into paisa; `format_money` is the one
formatter every screen, receipt and report uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InvalidInput
from .i18n import QT_TRANSLATE_NOOP

PAISA_PER_RUPEE = 100
# Largest amount we accept from a person: Rs 1 billion. Guards against a scanner
# emptying a barcode into the price field.
MAX_PAISA = 100_000_000_000

_AMOUNT = re.compile(r"^(?P<sign>-)?(?P<int>\d+)(?:\.(?P<frac>\d{0,2}))?$")
_URDU_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_TO_ASCII = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫", "01234567890123456789.")


def to_ascii_digits(text: str) -> str:
    """Urdu/Arabic-Indic digits typed on an Urdu keyboard become ASCII."""
    return text.translate(_TO_ASCII)


def parse_rupees(text: str | int, *, allow_negative: bool = False, allow_zero: bool = True) -> int:
    """'1,234.50' -> 123450. Rejects 'abc', '1.234', floats and absurd amounts."""
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Enter an amount like 150 or 150.50."))
    if isinstance(text, int):
        paisa = text * PAISA_PER_RUPEE
    else:
        cleaned = to_ascii_digits(text).strip().replace(",", "").replace(" ", "")
        for prefix in ("Rs.", "Rs", "rs.", "rs", "₨"):
            if cleaned.startswith(prefix):
                cleaned = cleaned[len(prefix):]
                break
        m = _AMOUNT.match(cleaned)
        if not m:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("errors", "“{text}” is not an amount. Enter an amount like 150 or 150.50."),
                text=text,
            )
        frac = (m["frac"] or "").ljust(2, "0")
        paisa = int(m["int"]) * PAISA_PER_RUPEE + int(frac)
        if m["sign"]:
            paisa = -paisa
    check_paisa(paisa, allow_negative=allow_negative, allow_zero=allow_zero)
    return paisa


def check_paisa(paisa: object, *, allow_negative: bool = False, allow_zero: bool = True) -> int:
    if isinstance(paisa, bool) or not isinstance(paisa, int):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Amounts must be whole paisa."))
    if paisa < 0 and not allow_negative:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The amount cannot be negative."))
    if paisa == 0 and not allow_zero:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The amount must be more than zero."))
    if abs(paisa) > MAX_PAISA:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The amount is too large."))
    return paisa


@dataclass(frozen=True, slots=True)
class MoneyFormat:
    symbol: str = "Rs"
    grouping: bool = True
    urdu_digits: bool = False
    show_paisa: bool = True  # "Rs 1,234.50" vs "Rs 1,235" only when paisa are zero


DEFAULT_FORMAT = MoneyFormat()


def format_money(paisa: int, fmt: MoneyFormat = DEFAULT_FORMAT) -> str:
    """123450 -> 'Rs 1,234.50'; -5000 -> '-Rs 50.00'."""
    sign = "-" if paisa < 0 else ""
    rupees, frac = divmod(abs(paisa), PAISA_PER_RUPEE)
    whole = f"{rupees:,}" if fmt.grouping else str(rupees)
    body = f"{whole}.{frac:02d}" if (fmt.show_paisa or frac) else whole
    text = f"{sign}{fmt.symbol} {body}" if fmt.symbol else f"{sign}{body}"
    return text.translate(_URDU_DIGITS) if fmt.urdu_digits else text


def format_plain(paisa: int) -> str:
    """Amount for an edit field or CSV: '1234.50', no symbol or grouping."""
    return format_money(paisa, MoneyFormat(symbol="", grouping=False))


def split_percent(amount_paisa: int, basis_points: int) -> int:
    """basis_points/10000 of an amount, rounded half away from zero, in integers."""
    return round_div(amount_paisa * basis_points, 10_000)


def round_div(numerator: int, denominator: int) -> int:
    """Integer division rounding half away from zero (how a shopkeeper rounds)."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return q if numerator >= 0 else -q
