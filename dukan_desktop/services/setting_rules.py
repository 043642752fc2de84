"""What each shop setting may hold: the type, the range, the allowed values.

`update_settings` checks every change here before it writes anything, so a bad value
is refused with a message fit for the owner instead of being saved and breaking every
later sale. Values already stored that break these rules (written before the rules
existed) are read as the default instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core.errors import InvalidInput
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.money import MAX_PAISA

_BAD = QT_TRANSLATE_NOOP("errors", "“{value}” is not a valid value for the setting “{key}”.")
_UNKNOWN = QT_TRANSLATE_NOOP("errors", "There is no setting called “{key}”.")

Rule = Callable[[Any], bool]


def _one_of(*allowed: Any) -> Rule:
    return lambda v: any(v == a and type(v) is type(a) for a in allowed)


def _int(low: int, high: int) -> Rule:
    return lambda v: type(v) is int and low <= v <= high


def _bool(v: Any) -> bool:
    return type(v) is bool


def _text(max_length: int) -> Rule:
    return lambda v: isinstance(v, str) and len(v) <= max_length and "\x00" not in v


def _url(v: Any) -> bool:
    return isinstance(v, str) and len(v) <= 300 and (
        v == "" or (v.startswith(("http://", "https://")) and " " not in v.strip()))


def _seconds(v: Any) -> bool:
    return type(v) in (int, float) and 0 < v <= 120


def _barcode_layout(v: Any) -> bool:
    """None (the defaults) or {weight_prefixes, price_prefixes, item_digits, price_paisa_per_unit}."""
    if v is None:
        return True
    if not isinstance(v, dict) or set(v) - {"weight_prefixes", "price_prefixes", "item_digits",
                                            "price_paisa_per_unit"}:
        return False
    scale = {str(n) for n in range(20, 30)}
    prefixes = []
    for key in ("weight_prefixes", "price_prefixes"):
        value = v.get(key, [])
        if not isinstance(value, list) or not all(isinstance(p, str) and p in scale for p in value):
            return False
        prefixes.append(set(value))
    return (not prefixes[0] & prefixes[1]
            and _int(1, 8)(v.get("item_digits", 5))
            and _one_of(1, 10, 100)(v.get("price_paisa_per_unit", 100)))


RULES: dict[str, Rule] = {
    "language": _one_of("en", "ur"),
    "round_off": _one_of("none", "nearest_rupee"),
    "cashier_discount_limit_bp": _int(0, 10_000),
    "default_credit_limit_paisa": _int(0, MAX_PAISA),
    "default_tax_rate_bp": _int(0, 10_000),
    "default_tax_mode": _one_of("inclusive", "exclusive", "exempt"),
    "money_symbol": _text(8),
    "money_grouping": _bool,
    "urdu_digits": _bool,
    "embedded_barcode_layout": _barcode_layout,
    "receipt_header": _text(500),
    "receipt_footer": _text(500),
    "printer.kind": _one_of("usb", "network", "serial", "file"),
    "printer.address": _text(200),
    "printer.paper_mm": _one_of(58, 80),
    "printer.raster_for_urdu": _bool,
    "printer.drawer_pin": _one_of(None, 2, 5),
    "printer.auto_print": _bool,
    "printer.baudrate": _one_of(1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200),
    "printer.timeout_s": _seconds,
    "printer.check_paper": _bool,
    "printer.profile": _text(80),
    "pin_max_failures": _int(3, 20),
    "pin_lockout_minutes": _int(1, 24 * 60),
    "backup_keep": _int(1, 365),
    "server_url": _url,
}


def valid(key: str, value: Any) -> bool:
    rule = RULES.get(key)
    return rule is not None and rule(value)


def check_setting(key: str, value: Any, defaults: dict[str, Any]) -> Any:
    """`value` if `key` may hold it; InvalidInput otherwise. A key with a default but no
    rule of its own must keep its default's type."""
    if key in RULES:
        if RULES[key](value):
            return value
    elif key in defaults:
        default = defaults[key]
        if default is None or type(value) is type(default):
            if not isinstance(value, str) or len(value) <= 500:
                return value
    else:
        raise InvalidInput(_UNKNOWN, key=str(key)[:80])
    raise InvalidInput(_BAD, key=key, value=str(value)[:40])
