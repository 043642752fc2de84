"""Text on a reportlab canvas in English and Urdu.

reportlab draws glyphs in the order it is given and does not join Arabic-script
letters (its own shaping needs uharfbuzz plus rlbidi, which is not on PyPI). So
Urdu is shaped here with arabic-reshaper (contextual presentation forms, which the
bundled Noto Naskh Arabic has) and put in visual order with python-bidi. A string
is then drawn as runs: Arabic-script runs in Naskh, everything else in Helvetica
(Naskh has no Latin letters).
"""

from __future__ import annotations

import threading
from functools import lru_cache

import arabic_reshaper
from bidi.algorithm import get_display  # the pure-Python one: it mirrors brackets (L4)
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..resources import resource_path

NASKH, NASKH_BOLD = "DukanNaskh", "DukanNaskh-Bold"
LATIN, LATIN_BOLD = "Helvetica", "Helvetica-Bold"
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the bundled Naskh faces with reportlab once per process."""
    global _registered
    with _lock:
        if _registered:
            return
        for name, file in ((NASKH, "NotoNaskhArabic-Regular.ttf"), (NASKH_BOLD, "NotoNaskhArabic-Bold.ttf")):
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
        _registered = True


def _is_arabic(ch: str) -> bool:
    code = ord(ch)
    return 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF


def has_arabic(text: str) -> bool:
    return not text.isascii() and any(_is_arabic(ch) for ch in text)


@lru_cache(maxsize=512)
def _in_latin_font(ch: str) -> bool:
    """Helvetica here is WinAnsi-encoded: ASCII plus ×, ·, –, …, £ and friends."""
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=4096)
def visual_runs(text: str, bold: bool = False) -> tuple[tuple[str, str], ...]:
    """(font, text) runs in visual (left-to-right drawing) order."""
    latin = LATIN_BOLD if bold else LATIN
    if not has_arabic(text):
        return ((latin, text.translate(_BIDI_CONTROLS)),)
    naskh = NASKH_BOLD if bold else NASKH
    visual = get_display(arabic_reshaper.reshape(text)).translate(_BIDI_CONTROLS)
    runs: list[list[str]] = []
    for ch in visual:
        # spaces stick to the run they are in; they exist in both fonts
        font = naskh if _is_arabic(ch) or not _in_latin_font(ch) else latin
        if runs and (runs[-1][0] == font or ch == " "):
            runs[-1][1] += ch
        else:
            runs.append([font, ch])
    return tuple((font, run) for font, run in runs)


@lru_cache(maxsize=8192)
def _measured(text: str, size: float, bold: bool) -> tuple[tuple[tuple[str, str, float], ...], float]:
    runs = tuple((font, run, pdfmetrics.stringWidth(run, font, size)) for font, run in visual_runs(text, bold))
    return runs, sum(w for *_, w in runs)


def text_width(text: str, size: float, bold: bool = False) -> float:
    return _measured(text, size, bold)[1]


def draw(canvas: Canvas, x: float, y: float, text: str, size: float, *, bold: bool = False, align: str = "left") -> float:
    """Draw text with its left/right/centre at x on baseline y; returns its width."""
    runs, width = _measured(text, size, bold)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    for font, run, w in runs:
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += w
    return width


def wrap(text: str, size: float, width: float, *, bold: bool = False) -> list[str]:
    """Greedy word wrap in logical order (each line is then shaped on its own)."""
    words = text.split()
    if not words:
        return [""]
    lines: list[str] = []
    current = words[0]
    for word in words[1:]:
        candidate = f"{current} {word}"
        if text_width(candidate, size, bold) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    out: list[str] = []
    for line in lines:  # a single word longer than the width: cut it
        while text_width(line, size, bold) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and text_width(line[:cut], size, bold) > width:
                cut -= 1
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out


def line_height(text: str, size: float) -> float:
    """Naskh needs more room above and below than Latin text."""
    return size * (1.75 if has_arabic(text) else 1.3)
