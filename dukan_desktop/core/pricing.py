"""Line and bill arithmetic: GST per line, bill discount, whole-rupee round-off.

All integers. A bill discount is spread over the lines in proportion to their totals
(largest remainder, so the shares add up exactly) and each line's GST is computed on
what the customer finally pays for it — so tax fields stay exact while
`total = Σ line totals − discount + round_off`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .errors import InvalidInput
from .i18n import QT_TRANSLATE_NOOP
from .money import round_div
from .quantity import extend_price

DEFAULT_GST_BP = 1800  # 18% sales tax on goods


class TaxMode(StrEnum):
    INCLUSIVE = "inclusive"  # printed retail price includes GST
    EXCLUSIVE = "exclusive"  # GST added on top
    EXEMPT = "exempt"


class RoundOff(StrEnum):
    NONE = "none"
    NEAREST_RUPEE = "nearest_rupee"


@dataclass(frozen=True, slots=True)
class LineInput:
    unit_price_paisa: int
    qty_milli: int
    tax_rate_bp: int = DEFAULT_GST_BP
    tax_mode: TaxMode = TaxMode.INCLUSIVE
    discount_paisa: int = 0
    # A pack whose scale label carries its price costs exactly that, whatever
    # unit price × weight comes to (the scale rounded the weight, not the price).
    gross_paisa: int | None = None


@dataclass(frozen=True, slots=True)
class LineAmounts:
    gross_paisa: int          # price × quantity
    discount_paisa: int       # line discount
    total_paisa: int          # payable for the line before bill discount (incl. GST)
    bill_discount_paisa: int  # this line's share of the bill discount
    tax_paisa: int            # GST contained in (total − bill share)


@dataclass(frozen=True, slots=True)
class BillAmounts:
    lines: tuple[LineAmounts, ...]
    subtotal_paisa: int       # Σ line totals
    discount_paisa: int       # bill discount
    tax_paisa: int            # Σ line tax
    round_off_paisa: int
    total_paisa: int
    line_discounts_paisa: int = field(default=0)


def tax_in_payable(payable_paisa: int, rate_bp: int, mode: TaxMode) -> int:
    """GST contained in an amount that already includes it."""
    if mode == TaxMode.EXEMPT or rate_bp == 0:
        return 0
    return round_div(payable_paisa * rate_bp, 10_000 + rate_bp)


def line_total(line: LineInput) -> tuple[int, int]:
    """(gross, payable before bill discount) for one line."""
    if line.tax_rate_bp < 0 or line.tax_rate_bp > 10_000:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The tax rate must be between 0% and 100%."))
    gross = extend_price(line.unit_price_paisa, line.qty_milli) if line.gross_paisa is None \
        else line.gross_paisa
    if line.discount_paisa < 0:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "A discount cannot be negative."))
    if line.discount_paisa > gross:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The discount is more than the line's price."))
    net = gross - line.discount_paisa
    if line.tax_mode == TaxMode.EXCLUSIVE:
        net += round_div(net * line.tax_rate_bp, 10_000)
    return gross, net


def spread(amount: int, weights: list[int]) -> list[int]:
    """Split `amount` over `weights` proportionally; shares sum exactly to amount."""
    total = sum(weights)
    if amount == 0 or total == 0:
        return [0] * len(weights)
    raw = [amount * w for w in weights]
    shares = [r // total for r in raw]
    leftover = amount - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] % total), i))
    for i in order[:leftover]:
        shares[i] += 1
    return shares


def round_to_rupee(amount_paisa: int) -> int:
    """Round-off needed to reach the nearest whole rupee (half up)."""
    return round_div(amount_paisa, 100) * 100 - amount_paisa


def price_bill(lines: list[LineInput], bill_discount_paisa: int = 0,
               round_off: RoundOff = RoundOff.NONE) -> BillAmounts:
    if not lines:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The bill has no items."))
    grosses, totals = zip(*(line_total(ln) for ln in lines), strict=True)
    subtotal = sum(totals)
    if bill_discount_paisa < 0:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "A discount cannot be negative."))
    if bill_discount_paisa > subtotal:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The discount is more than the bill."))
    shares = spread(bill_discount_paisa, list(totals))
    amounts = tuple(
        LineAmounts(
            gross_paisa=g,
            discount_paisa=ln.discount_paisa,
            total_paisa=t,
            bill_discount_paisa=s,
            tax_paisa=tax_in_payable(t - s, ln.tax_rate_bp, ln.tax_mode),
        )
        for ln, g, t, s in zip(lines, grosses, totals, shares, strict=True)
    )
    before_round = subtotal - bill_discount_paisa
    ro = round_to_rupee(before_round) if round_off == RoundOff.NEAREST_RUPEE else 0
    return BillAmounts(
        lines=amounts,
        subtotal_paisa=subtotal,
        discount_paisa=bill_discount_paisa,
        tax_paisa=sum(a.tax_paisa for a in amounts),
        round_off_paisa=ro,
        total_paisa=before_round + ro,
        line_discounts_paisa=sum(ln.discount_paisa for ln in lines),
    )
