"""Back-office products screen at scale: `measure(n_products) -> dict`.

backoffice_open_ms        open_back_office(section="products") until the first page of
                          rows is on screen (the rest loads in the background)
backoffice_full_load_ms   ... until every product is in the table (filterable)
backoffice_filter_ms_p99  one keystroke in the filter box (filter + view update), p99
                          over typing several queries letter by letter

Run alone: `python -m bench.ui_backoffice [n]`; bench/ui.py merges the dict.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

QUERIES = ("rice 12", "sugar", "آئٹم 99", "ITE0042", "2900000012", "tea 5")


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


def measure(n_products: int = 100_000) -> dict:
    from PySide6.QtWidgets import QApplication

    from dukan_desktop.services import catalog_admin
    from dukan_desktop.services.testing import build_test_shop
    from dukan_desktop.ui.backoffice import open_back_office
    from dukan_desktop.ui.worker import cancel_all

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="bo-bench-") as tmp:
        shop = build_test_shop(Path(tmp) / "ledger.sqlite3")
        with shop.uow() as uow:
            catalog_admin.seed_products(uow, shop.owner, n_products)
            uow.commit()
        loaded = []
        t0 = time.perf_counter()
        window = open_back_office(None, shop.ledger, shop.owner, section="products")
        page = window.pages["products"]
        app.processEvents()
        open_ms = (time.perf_counter() - t0) * 1000
        page.loaded.connect(lambda: loaded.append(time.perf_counter()))
        while not page.model.complete and time.perf_counter() - t0 < 60:
            app.processEvents()
            time.sleep(0.002)
        full_ms = ((loaded[0] if loaded else time.perf_counter()) - t0) * 1000
        keystrokes: list[float] = []
        for query in QUERIES:
            page.filter.clear()
            app.processEvents()
            for i in range(1, len(query) + 1):
                t = time.perf_counter()
                page.filter.setText(query[:i])
                app.processEvents()
                keystrokes.append((time.perf_counter() - t) * 1000)
        page.filter.clear()
        t = time.perf_counter()
        page.model.sort(5)
        sort_ms = (time.perf_counter() - t) * 1000
        window.close()
        cancel_all()
        shop.ledger.close()
    return {
        "backoffice_products": n_products,
        "backoffice_open_ms": round(open_ms, 1),
        "backoffice_full_load_ms": round(full_ms, 1),
        "backoffice_filter_ms_p99": round(_p99(keystrokes), 2),
        "backoffice_filter_ms_max": round(max(keystrokes), 2),
        "backoffice_sort_ms": round(sort_ms, 1),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000), indent=2))
