"""Run by test_storage_failures in a separate process that cannot write the data dir.

Prints one JSON line: what the startup path said, and what a sale attempted through
a ledger opened anyway (read-only, as SQLite falls back to) raised.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sqlalchemy import func, select

from dukan_desktop.core.errors import DukanError
from dukan_desktop.core.permissions import Actor, Role
from dukan_desktop.ledger.engine import Ledger
from dukan_desktop.ledger.models import Sale
from dukan_desktop.ledger.uow import UnitOfWork
from dukan_desktop.ops.startup import open_ledger_for_app
from dukan_desktop.paths import AppPaths
from dukan_desktop.services import sales


def main() -> int:
    data_dir, worker_id, outlet_id, product_id = sys.argv[1:5]
    paths = AppPaths(Path(data_dir))
    out: dict = {}
    try:
        open_ledger_for_app(paths).close()
        out["startup"] = "opened"
    except DukanError as exc:
        out["startup"] = f"{type(exc).__name__}: {exc.message}"
    ledger = Ledger(paths.ledger)
    try:
        with UnitOfWork(ledger, write=False) as uow:
            out["sales_seen"] = uow.session.scalar(select(func.count(Sale.id)))
        cashier = Actor(worker_id, Role.CASHIER, outlet_id, "Bilal")
        cart = sales.Cart(lines=(sales.CartLine(product_id, 1000),))
        try:
            with UnitOfWork(ledger) as uow:
                due = sales.quote(uow, cart).total_paisa
                result = sales.complete_sale(uow, cashier, cart, [sales.TenderInput("cash", due)])
                uow.commit()
            out["sale"] = f"saved {result.receipt_no}"
        except DukanError as exc:
            out["sale"] = f"{type(exc).__name__}: {exc.message}"
    finally:
        ledger.close()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
