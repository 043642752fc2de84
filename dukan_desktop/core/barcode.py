"""Barcodes: EAN/UPC check digits and weight/price-embedded EAN-13 (prefixes 20–29).

Scales in a shop print labels like `2 1 | 01234 | 01250 | C`: a two-digit prefix, an
item code, the weight in grams (or the price) and a check digit. Which prefixes mean
weight and which mean price, and how long the item code is, is a shop setting.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def ean_check_digit(body: str) -> int:
    """Check digit for the first 7/11/12/13 digits of an EAN-8/UPC-A/EAN-13/GTIN-14."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return (10 - total % 10) % 10


def valid_ean(code: str) -> bool:
    return (
        code.isdigit() and len(code) in (8, 12, 13, 14)
        and ean_check_digit(code[:-1]) == int(code[-1])
    )


@dataclass(frozen=True, slots=True)
class EmbeddedLayout:
    weight_prefixes: frozenset[str] = field(default_factory=lambda: frozenset({"25", "26", "27", "28", "29"}))
    price_prefixes: frozenset[str] = field(default_factory=lambda: frozenset({"20", "21", "22", "23", "24"}))
    item_digits: int = 5            # digits after the prefix that name the item
    price_paisa_per_unit: int = 100  # embedded price counts whole rupees

    def to_setting(self) -> dict:
        return {
            "weight_prefixes": sorted(self.weight_prefixes),
            "price_prefixes": sorted(self.price_prefixes),
            "item_digits": self.item_digits,
            "price_paisa_per_unit": self.price_paisa_per_unit,
        }

    @classmethod
    def from_setting(cls, data: dict | None) -> EmbeddedLayout:
        if not data:
            return cls()
        return cls(
            weight_prefixes=frozenset(data.get("weight_prefixes", [])),
            price_prefixes=frozenset(data.get("price_prefixes", [])),
            item_digits=int(data.get("item_digits", 5)),
            price_paisa_per_unit=int(data.get("price_paisa_per_unit", 100)),
        )


@dataclass(frozen=True, slots=True)
class EmbeddedCode:
    item_code: str          # what the product's barcode list holds, e.g. "2101234"
    qty_milli: int | None   # weight in grams = milli-kg
    price_paisa: int | None


def parse_embedded(code: str, layout: EmbeddedLayout) -> EmbeddedCode | None:
    """Decode a scale label; None when `code` is not one (wrong prefix or check digit)."""
    if len(code) != 13 or not code.isdigit() or not valid_ean(code):
        return None
    prefix = code[:2]
    if prefix not in layout.weight_prefixes and prefix not in layout.price_prefixes:
        return None
    item_end = 2 + layout.item_digits
    item = code[:item_end]
    value = int(code[item_end:12])
    if prefix in layout.weight_prefixes:
        return EmbeddedCode(item_code=item, qty_milli=value, price_paisa=None)
    return EmbeddedCode(item_code=item, qty_milli=None, price_paisa=value * layout.price_paisa_per_unit)


def make_embedded(item_code: str, value: int) -> str:
    """Build a scale label (used by tests and the demo shop)."""
    width = 12 - len(item_code)
    body = f"{item_code}{value:0{width}d}"
    return body + str(ean_check_digit(body))


def price_label_line(label_price_paisa: int, list_price_paisa: int, loose: bool) -> tuple[int, int]:
    """(qty milli, unit price paisa) of a pack whose scale label carries its price.

    The customer pays the label's price for the pack. A piece item is one pack at that
    price. Loose goods are sold by weight: the pack weighs what the label's price buys
    at the catalog price (so stock moves by that weight) and keeps the catalog unit price.
    """
    if not loose or list_price_paisa <= 0:
        return 1000, label_price_paisa
    qty = (2 * label_price_paisa * 1000 + list_price_paisa) // (2 * list_price_paisa)  # half up
    return max(1, qty), list_price_paisa
