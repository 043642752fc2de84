"""Printing benchmark: `python -m bench printing [--json PATH] [--runs N]`.

Medians over N runs (default 30) after one warm-up, in milliseconds:
receipt_text_ms (ESC/POS text job), receipt_raster_ms (Urdu receipt drawn by Qt and
composed as a GS v 0 job, 80 mm), receipt_pdf_ms (roll PDF), statement_1000_ms (A4
statement with 1,000 entries). Targets: 20, 150, 100 and 1,000 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

TARGETS_MS = {"receipt_text_ms": 20, "receipt_raster_ms": 150, "receipt_pdf_ms": 100, "statement_1000_ms": 1000}


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up: fonts, caches, imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench printing")
    parser.add_argument("--json", type=Path, help="write results here")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from dukan_desktop.printing.pdf import receipt_pdf
    from dukan_desktop.printing.pdf_statement import statement_pdf
    from dukan_desktop.printing.printers import PrinterConfig, compose_receipt
    from dukan_desktop.printing.samples import sample_receipt, sample_statement
    from dukan_desktop.ui.raster_render import ensure_gui_application, render_receipt_pil

    ensure_gui_application()
    english, urdu = sample_receipt("en"), sample_receipt("ur")
    statement = sample_statement(1000)
    assert len(statement.entries) == 1000
    config = PrinterConfig(kind="file", address="/dev/null", paper_mm=80)
    runs = max(args.runs, 20)
    metrics = {
        "receipt_text_ms": _median_ms(lambda: compose_receipt(english, config), runs),
        "receipt_raster_ms": _median_ms(
            lambda: compose_receipt(urdu, config, rasterize=render_receipt_pil), runs
        ),
        "receipt_pdf_ms": _median_ms(lambda: receipt_pdf(english, 80), runs),
        "statement_1000_ms": _median_ms(lambda: statement_pdf(statement), max(runs // 3, 20)),
    }
    result = {
        "suite": "printing",
        "metrics": metrics,
        "targets_ms": TARGETS_MS,
        "within_targets": all(metrics[k] <= TARGETS_MS[k] for k in TARGETS_MS),
        "runs": runs,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
