"""Printing benchmark: `python -m bench printing [--json PATH] [--runs N]`.

Medians over N runs (default 30) after one warm-up, in milliseconds:
receipt_text_ms (ESC/POS text job), receipt_raster_ms (Urdu receipt drawn by Qt and
composed as a GS v 0 job, 80 mm), receipt_pdf_ms (roll PDF), statement_1000_ms (A4
statement with 1,000 entries). Targets: 20, 150, 100 and 1,000 ms.

Every statement run draws a document it has not seen before (its own references and
customer) with the text-measuring caches emptied first, so no run is helped by the
shaping and widths an earlier run left behind.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable

from .common import parser, report

TARGETS = {"receipt_text_ms": ("<=", 20.0), "receipt_raster_ms": ("<=", 150.0),
           "receipt_pdf_ms": ("<=", 100.0), "statement_1000_ms": ("<=", 1000.0)}


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up: fonts, imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def _fresh_statements_ms(runs: int) -> tuple[float, int]:
    """Median ms of statement_pdf over `runs` documents, each new, caches cleared."""
    from dukan_desktop.printing import pdf_text
    from dukan_desktop.printing.pdf_statement import statement_pdf
    from dukan_desktop.printing.samples import sample_statement

    times, pages = [], 0
    statement_pdf(sample_statement(1000, ref_prefix="W"))  # warm-up: fonts and imports only
    for i in range(runs):
        doc = sample_statement(1000, customer=f"Customer {i:03d}", ref_prefix=f"S{i:03d}")
        assert len(doc.entries) == 1000
        pdf_text.visual_runs.cache_clear()
        pdf_text._measured.cache_clear()
        pdf_text._in_latin_font.cache_clear()
        start = time.perf_counter()
        data = statement_pdf(doc)
        times.append((time.perf_counter() - start) * 1000)
        pages = data.count(b"/Type /Page\n") or pages
    return round(statistics.median(times), 2), pages


def main(argv: list[str] | None = None) -> int:
    p = parser("printing", quick=False)
    p.add_argument("--runs", type=int, default=30)
    args = p.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from dukan_desktop.printing.pdf import receipt_pdf
    from dukan_desktop.printing.printers import PrinterConfig, compose_receipt
    from dukan_desktop.printing.samples import sample_receipt
    from dukan_desktop.ui.raster_render import ensure_gui_application, render_receipt_pil

    ensure_gui_application()
    english, urdu = sample_receipt("en"), sample_receipt("ur")
    config = PrinterConfig(kind="file", address="/dev/null", paper_mm=80)
    runs = max(args.runs, 20)
    statement_ms, pages = _fresh_statements_ms(max(runs // 3, 10))
    metrics = {
        "receipt_text_ms": _median_ms(lambda: compose_receipt(english, config), runs),
        "receipt_raster_ms": _median_ms(lambda: compose_receipt(urdu, config, rasterize=render_receipt_pil), runs),
        "receipt_pdf_ms": _median_ms(lambda: receipt_pdf(english, 80), runs),
        "statement_1000_ms": statement_ms,
    }
    extra = {"runs": runs, "statement_runs": max(runs // 3, 10), "statement_pages": pages,
             "python": platform.python_version(), "machine": platform.machine()}
    return report("printing", "sample-documents", metrics, TARGETS, args.json, extra)
