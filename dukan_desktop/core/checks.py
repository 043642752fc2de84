"""Checks for what a caller hands a service: the right type and a sane size, or a
typed InvalidInput a person can read (never a TypeError from deep inside)."""

from __future__ import annotations

from .errors import InvalidInput
from .i18n import QT_TRANSLATE_NOOP

MAX_TEXT = 500


def check_text(value: object, *, max_length: int = MAX_TEXT, required: str | None = None) -> str:
    """A stripped string; `required` is the message when it may not be empty."""
    if not isinstance(value, str):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Enter text here, not a number or a list."))
    value = value.strip()
    if required is not None and not value:
        raise InvalidInput(required)
    if len(value) > max_length:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "This text is too long (at most {n} characters)."),
                           n=max_length)
    return value


def check_int(value: object, low: int, high: int, message: str) -> int:
    """A whole number in [low, high] (a bool is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(message)
    return value


def check_bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Choose yes or no."))
    return value


def check_id(value: object, message: str) -> str:
    """An id of something in the ledger (a string); `message` when it is not one."""
    if not isinstance(value, str) or not value or len(value) > 64:
        raise InvalidInput(message)
    return value
