"""`python -m bench ui [--json PATH] [--quick]`: the counter's speed on a 100k-product ledger.

startup_s             process start until the billing screen accepts a scan (median of runs)
scan_to_line_ms_p99   Enter after a scanned code until the line is on the bill
search_keystroke_ms_p99  one typed letter until the search results are shown
tender_to_saved_ms_p99   tender confirmed until the sale is committed (printing excluded)
rss_mb                resident memory of the counter process with the 100k ledger open
backoffice_*          the owner's products screen at the same size (bench/ui_backoffice.py,
                      run in its own process): open_ms, full_load_ms, filter_ms_p99, sort_ms
load_avg_1m           the machine's load when the suite finished (p99s are noisy under load)

The measuring happens in a child process (a fresh interpreter, as a cashier starts the
app); the child prints one JSON line when ready and one with its measurements.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import median, parser, percentile, report

TARGETS = {"startup_s": ("<=", 1.5), "scan_to_line_ms_p99": ("<=", 16.0),
           "search_keystroke_ms_p99": ("<=", 30.0), "tender_to_saved_ms_p99": ("<=", 50.0),
           "rss_mb": ("<=", 250.0)}


def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 if sys.platform != "darwin" else 1024 ** 2)


def child(ledger_path: str, rounds: int) -> int:
    """The counter process: start, log in, show billing, then measure. Prints JSON lines."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from dukan_desktop.ledger.engine import Ledger
    from dukan_desktop.ledger.uow import UnitOfWork
    from dukan_desktop.services import workers
    from dukan_desktop.services.sales import TenderInput
    from dukan_desktop.services.testing import CASHIER_PIN
    from dukan_desktop.ui import app as counter_app

    qapp = counter_app.ensure_application()
    ledger = Ledger.open(ledger_path)
    controller = counter_app.CounterApp(qapp, ledger, "en")
    login = controller.start()
    cashier = next(w for w in login.model.rows if w.role == "cashier")
    with UnitOfWork(ledger) as uow:
        actor = workers.login(uow, cashier.id, CASHIER_PIN)
    window = controller.open_billing(actor)
    window.activateWindow()
    while window.focusWidget() is not window.scan:
        qapp.processEvents()
    print(json.dumps({"ready": True}), flush=True)

    codes = [f"89{i:011d}" for i in range(0, 100_000, 997)]
    scan_ms, search_ms, tender_ms = [], [], []
    for r in range(rounds):
        for code in codes[r % 7::7][:3]:
            window.scan.setText(code)  # the scanner's digits (debounced: they do not search)
            t = time.perf_counter()
            QTest.keyClick(window.scan, Qt.Key.Key_Return)
            qapp.processEvents()
            scan_ms.append((time.perf_counter() - t) * 1000)
        assert len(window.cart.lines) >= 1
        t = time.perf_counter()
        window.save_sale([TenderInput("cash", window.cart.total_paisa)])
        tender_ms.append((time.perf_counter() - t) * 1000)
        window.cart.clear()
        window.scan.clear()
        for word in ("Rice", "Sugar", "Tea"):
            for ch in word:
                t = time.perf_counter()
                QTest.keyClick(window.scan, ch)
                qapp.processEvents()
                search_ms.append((time.perf_counter() - t) * 1000)
            window.scan.clear()
            window.search.clear_results()
    print(json.dumps({"scan_ms": scan_ms, "search_ms": search_ms, "tender_ms": tender_ms,
                      "rss_mb": _rss_mb()}), flush=True)
    controller.shutdown()
    ledger.close()
    return 0


def _ledger(products: int) -> Path:
    from bench.ledger_data import build

    cache = Path(tempfile.gettempdir()) / f"dukan-bench-ui-{products}.sqlite3"
    if not cache.exists():
        print(f"building a {products:,}-product ledger…", flush=True)
        tmp = cache.with_suffix(".building")
        for p in tmp.parent.glob(tmp.name + "*"):
            p.unlink()
        build(tmp, products=products, customers=1000, sales=2000)
        tmp.rename(cache)
    return cache


def _run_child(ledger: Path, rounds: int) -> tuple[float, dict]:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bench.ui", "--child", str(ledger), str(rounds)],
                            stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    ready_line = proc.stdout.readline()
    startup = time.perf_counter() - start
    if '"ready"' not in ready_line:
        raise SystemExit(f"the counter did not start: {ready_line!r}")
    result = json.loads(proc.stdout.readline())
    proc.wait(timeout=120)
    return startup, result


def _backoffice(products: int) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.ui_backoffice", str(products)], capture_output=True,
                         text=True, check=True, timeout=600,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}).stdout
    return {k: v for k, v in json.loads(out).items() if k != "backoffice_products"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        return child(argv[1], int(argv[2]))
    args = parser("ui").parse_args(argv)
    products = 10_000 if args.quick else 100_000
    ledger = _ledger(products)
    # Copy so every run starts from the same file (sales are written during the run).
    runs, scan, search, tender, rss = [], [], [], [], []
    for i in range(3):
        work = Path(tempfile.mkdtemp()) / "ledger.sqlite3"
        work.write_bytes(ledger.read_bytes())
        startup, result = _run_child(work, rounds=40 if i == 0 else 5)
        runs.append(startup)
        scan += result["scan_ms"]
        search += result["search_ms"]
        tender += result["tender_ms"]
        rss.append(result["rss_mb"])
        work.unlink()
    metrics = {
        "startup_s": round(median(runs), 3),
        "scan_to_line_ms_p99": round(percentile(scan, 99), 2),
        "scan_to_line_ms_median": round(median(scan), 2),
        "search_keystroke_ms_p99": round(percentile(search, 99), 2),
        "search_keystroke_ms_median": round(median(search), 2),
        "tender_to_saved_ms_p99": round(percentile(tender, 99), 2),
        "tender_to_saved_ms_median": round(median(tender), 2),
        "rss_mb": round(max(rss), 1),
        **_backoffice(products),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }
    from bench.ui_backoffice import TARGETS as BACKOFFICE_TARGETS

    return report("ui", f"{products // 1000}k-products", metrics,
                  {**TARGETS, **BACKOFFICE_TARGETS}, args.json)


if __name__ == "__main__":
    sys.exit(main())
