"""Quantities are ints of milli-units: 1 piece = 1000, 1 kg = 1000 (grams)."""

from __future__ import annotations

import re
from enum import StrEnum

from .errors import InvalidInput
from .i18n import QT_TRANSLATE_NOOP
from .money import round_div, to_ascii_digits

MILLI = 1000
MAX_MILLI = 1_000_000 * MILLI  # a million units in one line is a typo


class Unit(StrEnum):
    PIECE = "pc"
    KG = "kg"
    LITRE = "l"
    METRE = "m"
    DOZEN = "dozen"
    PACK = "pack"

    @property
    def loose(self) -> bool:
        """Sold by weight or measure: fractional quantities allowed."""
        return self in (Unit.KG, Unit.LITRE, Unit.METRE)


_QTY = re.compile(r"^(?P<int>\d+)?(?:\.(?P<frac>\d{0,3}))?$")


def parse_quantity(text: str | int, unit: Unit | str = Unit.PIECE) -> int:
    """'1.25' kg -> 1250; '3' pc -> 3000. Zero, negative and fractions of a piece are refused."""
    unit = Unit(unit)
    if isinstance(text, bool):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Enter a quantity like 2 or 0.5."))
    if isinstance(text, int):
        milli = text * MILLI
    else:
        cleaned = to_ascii_digits(str(text)).strip()
        m = _QTY.match(cleaned)
        if not cleaned or not m or (m["int"] is None and not m["frac"]):
            raise InvalidInput(
                QT_TRANSLATE_NOOP("errors", "“{text}” is not a quantity. Enter a quantity like 2 or 0.5."),
                text=text,
            )
        milli = int(m["int"] or 0) * MILLI + int((m["frac"] or "").ljust(3, "0"))
    return check_quantity(milli, unit)


def check_quantity(milli: object, unit: Unit | str = Unit.PIECE) -> int:
    unit = Unit(unit)
    if isinstance(milli, bool) or not isinstance(milli, int):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Enter a quantity like 2 or 0.5."))
    if milli <= 0:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The quantity must be more than zero."))
    if milli > MAX_MILLI:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The quantity is too large."))
    if not unit.loose and milli % MILLI:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("errors", "This item is sold in whole units, not fractions.")
        )
    return milli


def extend_price(unit_price_paisa: int, qty_milli: int) -> int:
    """Price of qty_milli units at unit_price_paisa per unit, rounded to the paisa."""
    return round_div(unit_price_paisa * qty_milli, MILLI)


def format_quantity(milli: int, unit: Unit | str = Unit.PIECE) -> str:
    unit = Unit(unit)
    whole, frac = divmod(milli, MILLI)
    if not frac:
        return str(whole) if unit == Unit.PIECE else f"{whole} {unit.value}"
    text = f"{whole}.{frac:03d}".rstrip("0")
    return f"{text} {unit.value}"
