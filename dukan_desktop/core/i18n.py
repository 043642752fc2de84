"""Marking strings for translation outside Qt.

Core and services must not import Qt, yet their messages reach the cashier in Urdu.
`N_(context, text)` marks a source string for `lupdate` (which recognises
QT_TRANSLATE_NOOP) and returns it unchanged; the UI translates it at display time
with `QCoreApplication.translate(context, text)`.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - lupdate keyword
    return text


N_ = QT_TRANSLATE_NOOP
