"""Applying one pulled page to the ledger, together with its checkpoint.

The caller runs `apply_page` inside one write transaction, so a page and the
checkpoint after it are committed together or not at all: a crash re-pulls the page
and applying it again changes nothing.

- Catalog and people (outlets, workers, suppliers, products, customers) are upserts:
  the server's version wins, except over a local edit still waiting to be pushed
  (that edit goes up first and its server version comes back on the next pull).
- Documents (credit entries and their allocations) are append-only: INSERT OR IGNORE,
  never an update. The ledger's triggers would refuse one anyway.
- A row may name a parent this PC has not pulled yet (a customer created at another
  outlet a moment before its credit sale): a hidden placeholder stands in until the
  parent's own change arrives and overwrites it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from sqlalchemy import Connection

from ..ledger.uow import _db_value

BULK_SEARCH_ROWS = 50

UPSERT_RECORD_TYPES = {"outlets": "outlet", "workers": "worker", "suppliers": "supplier",
                       "products": "product", "customers": "customer"}


def ts(value: str | None) -> str | None:
    """An ISO time from the server as the ledger stores times (naive-UTC text)."""
    if value is None:
        return None
    if len(value) == 32 and value.endswith("+00:00") and value[10] == "T":
        return f"{value[:10]} {value[11:26]}"  # the common case, without parsing
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return _db_value(parsed)


def _upsert_sql(table: str, columns: tuple[str, ...], keep: tuple[str, ...] = ()) -> str:
    marks = ", ".join("?" * len(columns))
    changing = [c for c in columns if c not in ("id", *keep)]
    updates = ", ".join(f"{c} = excluded.{c}" for c in changing)
    # An unchanged row is not rewritten (nor its search index entry) on a re-pull.
    differs = " OR ".join(f"{table}.{c} IS NOT excluded.{c}" for c in changing)
    return (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608 - fixed names
            f" ON CONFLICT(id) DO UPDATE SET {updates} WHERE {differs}")


_OUTLET_COLS = ("id", "business_id", "name", "code", "address", "phone", "active",
                "created_at", "updated_at")
_WORKER_COLS = ("id", "business_id", "name", "phone", "role", "outlet_id", "pin_hash", "active",
                "created_at", "updated_at")
_SUPPLIER_COLS = ("id", "business_id", "name", "contact_person", "phone", "address",
                  "payment_terms_days", "notes", "active", "created_at", "updated_at")
_PRODUCT_COLS = ("id", "business_id", "sku", "name_en", "name_ur", "unit", "price_paisa",
                 "cost_paisa", "tax_rate_bp", "tax_mode", "supplier_id", "reorder_level_milli",
                 "active", "created_at", "updated_at")
_CUSTOMER_COLS = ("id", "business_id", "name", "phone", "address", "credit_limit_paisa", "notes",
                  "active", "created_at", "updated_at")
_KEEP = ("business_id", "created_at")
_SQL = {
    "outlets": _upsert_sql("outlets", _OUTLET_COLS, _KEEP),
    "workers": _upsert_sql("workers", _WORKER_COLS, _KEEP),
    "suppliers": _upsert_sql("suppliers", _SUPPLIER_COLS, _KEEP),
    "products": _upsert_sql("products", _PRODUCT_COLS, _KEEP),
    "customers": _upsert_sql("customers", _CUSTOMER_COLS, _KEEP),
}


class PageContext:
    def __init__(self, conn: Connection, business_id: str, now: datetime,
                 skip_ids: set[str]) -> None:
        self.conn = conn
        self.business_id = business_id
        self.now = _db_value(now.astimezone(UTC))
        self.skip_ids = skip_ids

    def run(self, sql: str, params: list | tuple) -> None:
        if params:
            self.conn.exec_driver_sql(sql, params)


def _select_in(ctx: PageContext, sql: str, values: list[str], chunk: int = 500,
               params: tuple = ()) -> list:
    rows: list = []
    for i in range(0, len(values), chunk):
        part = values[i:i + chunk]
        rows.extend(ctx.conn.exec_driver_sql(sql.format(",".join("?" * len(part))),
                                             (*params, *part)))
    return rows


# -- placeholders for parents not pulled yet -----------------------------------------

def _stub_outlets(ctx: PageContext, ids: Iterable[str | None]) -> None:
    ctx.run("INSERT OR IGNORE INTO outlets (id, business_id, name, code, address, phone, active,"
            " created_at, updated_at) VALUES (?, ?, '…', ?, '', '', 0, ?, ?)",
            [(i, ctx.business_id, "~" + i[:8], ctx.now, ctx.now) for i in set(ids) if i])


def _stub_suppliers(ctx: PageContext, ids: Iterable[str | None]) -> None:
    ctx.run("INSERT OR IGNORE INTO suppliers (id, business_id, name, contact_person, phone,"
            " address, payment_terms_days, notes, active, created_at, updated_at)"
            " VALUES (?, ?, '…', '', '', '', 0, '', 0, ?, ?)",
            [(i, ctx.business_id, ctx.now, ctx.now) for i in set(ids) if i])


def _stub_customers(ctx: PageContext, ids: Iterable[str | None]) -> None:
    ctx.run("INSERT OR IGNORE INTO customers (id, business_id, name, phone, address,"
            " credit_limit_paisa, notes, active, created_at, updated_at)"
            " VALUES (?, ?, '…', '', '', NULL, '', 0, ?, ?)",
            [(i, ctx.business_id, ctx.now, ctx.now) for i in set(ids) if i])


# -- per collection ------------------------------------------------------------------

def _live(ctx: PageContext, changes: list[dict]) -> list[dict]:
    return [c["data"] for c in changes
            if not c.get("deleted") and c.get("data") and c["id"] not in ctx.skip_ids]


def _outlets(ctx: PageContext, changes: list[dict]) -> None:
    rows = _live(ctx, changes)
    ctx.run(_SQL["outlets"], [(
        d["id"], ctx.business_id, d["name"], d["code"], d.get("address", ""),
        d.get("phone", ""), int(d.get("active", True)), ctx.now, ts(d["updated_at"]))
        for d in rows])


def _workers(ctx: PageContext, changes: list[dict]) -> None:
    rows = _live(ctx, changes)
    _stub_outlets(ctx, (d.get("outlet_id") for d in rows))
    ctx.run(_SQL["workers"], [(
        d["id"], ctx.business_id, d["name"], d.get("phone", ""), d["role"], d.get("outlet_id"),
        d["pin_hash"], int(d.get("active", True)), ctx.now, ts(d["updated_at"])) for d in rows])
    # A worker who may not log in here (moved to another outlet) is switched off, not
    # deleted: sales and approvals still name them.
    ctx.run("UPDATE workers SET active = 0 WHERE id = ?",
            [(c["id"],) for c in changes if c.get("deleted")])


def _suppliers(ctx: PageContext, changes: list[dict]) -> None:
    ctx.run(_SQL["suppliers"], [(
        d["id"], ctx.business_id, d["name"], d.get("contact_person", ""), d.get("phone", ""),
        d.get("address", ""), d.get("payment_terms_days", 0), d.get("notes", ""),
        int(d.get("active", True)), ctx.now, ts(d["updated_at"])) for d in _live(ctx, changes)])


def _products(ctx: PageContext, changes: list[dict]) -> None:
    rows = _live(ctx, changes)
    if not rows:
        return
    _stub_suppliers(ctx, (d.get("supplier_id") for d in rows))
    ids = [d["id"] for d in rows]
    known = {r[0] for r in _select_in(ctx, "SELECT id FROM products WHERE id IN ({})", ids)}
    # The server does not keep SKUs unique; the ledger does. The newest holder wins.
    skus = {d["sku"]: d["id"] for d in rows if d.get("sku")}
    ctx.run("UPDATE products SET sku = NULL WHERE id = ?", [
        (pid,) for pid, sku in _select_in(
            # business_id first: the unique index is (business_id, sku); without it each
            # page scanned the whole table (a first pull of 100k products was quadratic).
            ctx, "SELECT id, sku FROM products WHERE business_id = ? AND sku IN ({})",
            list(skus), params=(ctx.business_id,))
        if skus[sku] != pid])
    bulk = len(rows) - len(known) >= BULK_SEARCH_ROWS
    if bulk:  # see migration 0002: index the page's new products in one statement
        first_new = ctx.conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM products").scalar()
        ctx.conn.exec_driver_sql("INSERT INTO sync_state (key, value_json, updated_at)"
                                 " VALUES ('search_deferred', 'true', ?)", (ctx.now,))
    ctx.run(_SQL["products"], [(
        d["id"], ctx.business_id, d["sku"] if skus.get(d.get("sku")) == d["id"] else None,
        d["name_en"], d.get("name_ur", ""), d["unit"],
        d["price_paisa"], d.get("cost_paisa", 0), d["tax_rate_bp"], d["tax_mode"],
        d.get("supplier_id"), d.get("reorder_level_milli", 0), int(d.get("active", True)),
        ctx.now, ts(d["updated_at"])) for d in rows])
    if bulk:
        ctx.conn.exec_driver_sql(
            "INSERT INTO product_search (rowid, name_en, name_ur, sku) SELECT rowid, name_en,"
            " name_ur, coalesce(sku, '') FROM products WHERE rowid > ?", (first_new,))
        ctx.conn.exec_driver_sql("DELETE FROM sync_state WHERE key = 'search_deferred'")
    # Barcodes are the product's list: a code missing from it is gone; a code may move.
    ctx.run("DELETE FROM barcodes WHERE product_id = ?", [(i,) for i in ids if i in known])
    ctx.run("INSERT OR REPLACE INTO barcodes (code, product_id) VALUES (?, ?)",
            [(code, d["id"]) for d in rows for code in d.get("barcodes", ())])


def _customers(ctx: PageContext, changes: list[dict]) -> None:
    ctx.run(_SQL["customers"], [(
        d["id"], ctx.business_id, d["name"], d.get("phone", ""), d.get("address", ""),
        d.get("credit_limit_paisa"), d.get("notes", ""), int(d.get("active", True)), ctx.now,
        ts(d["updated_at"])) for d in _live(ctx, changes)])


def _credit_entries(ctx: PageContext, changes: list[dict]) -> None:
    rows = [c["data"] for c in changes if not c.get("deleted") and c.get("data")]
    if not rows:
        return
    _stub_customers(ctx, (d["customer_id"] for d in rows))
    ctx.run("INSERT OR IGNORE INTO credit_entries (id, business_id, outlet_id, customer_id, kind,"
            " amount_paisa, sale_id, payment_id, reference, reason, worker_id, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [(
                d["id"], ctx.business_id, d["outlet_id"], d["customer_id"], d["kind"],
                d["amount_paisa"], d.get("sale_id"), d.get("payment_id"),
                (d.get("reference") or "")[:80], d.get("reason") or "", d["worker_id"],
                ts(d["created_at"])) for d in rows])
    ctx.run("INSERT OR IGNORE INTO credit_allocations (id, business_id, entry_id, sale_id,"
            " amount_paisa, created_at) VALUES (?, ?, ?, ?, ?, ?)", [(
                a["id"], ctx.business_id, d["id"], a["sale_id"], a["amount_paisa"],
                ts(d["created_at"])) for d in rows for a in d.get("allocations", ())])


def _stock_levels(ctx: PageContext, changes: list[dict]) -> None:
    ctx.run("INSERT INTO server_stock_levels (id, outlet_id, product_id, qty_milli, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET qty_milli = excluded.qty_milli,"
            " updated_at = excluded.updated_at", [(
                d["id"], d["outlet_id"], d["product_id"], d["qty_milli"], ts(d["updated_at"]))
                for d in (c["data"] for c in changes if c.get("data"))])
    ctx.run("DELETE FROM server_stock_levels WHERE id = ?",
            [(c["id"],) for c in changes if c.get("deleted")])


def _subscription(ctx: PageContext, changes: list[dict]) -> None:
    ctx.run("INSERT INTO subscription_state (id, plan, status, max_outlets, max_devices,"
            " valid_until, fetched_at) VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
            " plan = excluded.plan, status = excluded.status, max_outlets = excluded.max_outlets,"
            " max_devices = excluded.max_devices, valid_until = excluded.valid_until,"
            " fetched_at = excluded.fetched_at", [(
                d["plan"], d["status"], d.get("max_outlets"), d.get("max_devices"),
                ts(d.get("valid_until")), ctx.now)
                for d in (c["data"] for c in changes if c.get("data"))][-1:])


APPLIERS: dict[str, Callable[[PageContext, list[dict]], None]] = {
    "outlets": _outlets, "workers": _workers, "suppliers": _suppliers, "products": _products,
    "customers": _customers, "credit_entries": _credit_entries, "stock_levels": _stock_levels,
    "subscription": _subscription,
}


def apply_page(conn: Connection, collection: str, changes: list[dict], checkpoint: str, *,
               business_id: str, now: datetime, skip_ids: set[str] | None = None) -> None:
    """Apply `changes` and store `checkpoint`, in the caller's transaction."""
    ctx = PageContext(conn, business_id, now, skip_ids or set())
    APPLIERS[collection](ctx, changes)
    save_checkpoint(conn, collection, checkpoint, now)


def save_checkpoint(conn: Connection, collection: str, checkpoint: str, now: datetime) -> None:
    conn.exec_driver_sql(
        "INSERT INTO sync_checkpoints (collection, checkpoint, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT(collection) DO UPDATE SET checkpoint = excluded.checkpoint,"
        " updated_at = excluded.updated_at", (collection, checkpoint, _db_value(now.astimezone(UTC))))


def load_checkpoints(conn: Connection) -> dict[str, str]:
    return dict(conn.exec_driver_sql("SELECT collection, checkpoint FROM sync_checkpoints").all())


def clear_checkpoints(conn: Connection) -> None:
    """The server's generation changed: every collection is pulled again from zero.
    Applying is idempotent, so a full re-pull changes only what really differs."""
    conn.exec_driver_sql("DELETE FROM sync_checkpoints")
