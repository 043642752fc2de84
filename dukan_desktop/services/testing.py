"""Building a small shop for tests, benchmarks and the self-test (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..core.clock import FixedClock
from ..core.permissions import Actor, Role
from ..ledger.engine import Ledger
from ..ledger.uow import UnitOfWork
from . import catalog, customers, shop, stock, workers

OWNER_PIN = "1234"
CASHIER_PIN = "5678"


@dataclass
class TestShop:
    ledger: Ledger
    clock: FixedClock
    ctx: shop.ShopContext
    owner: Actor
    cashier: Actor
    products: dict[str, str]   # short name -> product id
    customer_id: str

    def uow(self, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self.ledger, write=write)


def build_test_shop(path: Path, *, start: datetime | None = None) -> TestShop:
    clock = FixedClock(start or datetime(2026, 11, 2, 5, 0, tzinfo=UTC))
    ledger = Ledger.open(path, clock=clock)
    with UnitOfWork(ledger) as uow:
        ctx, owner_id = shop.setup_shop(uow, shop_name="Madina General Store",
                                        outlet_name="Gulberg", outlet_code="GUL",
                                        owner_name="Asad", owner_pin=OWNER_PIN)
        owner = Actor(owner_id, Role.OWNER, None, "Asad")
        cashier_id = workers.create_worker(uow, owner, name="Bilal", pin=CASHIER_PIN,
                                           outlet_id=ctx.outlet_id)
        cashier = Actor(cashier_id, Role.CASHIER, ctx.outlet_id, "Bilal")
        products = {
            "milk": catalog.create_product(uow, owner, catalog.ProductInput(
                name_en="Milk Pack 1L", name_ur="دودھ", price_paisa=22000, cost_paisa=20000,
                barcodes=("8964000000017",))),
            "rice": catalog.create_product(uow, owner, catalog.ProductInput(
                name_en="Basmati Rice", name_ur="باسمتی چاول", unit="kg", price_paisa=38000,
                cost_paisa=33000, barcodes=("2500001",), sku="RICE-1")),
            "soap": catalog.create_product(uow, owner, catalog.ProductInput(
                name_en="Lux Soap", name_ur="لکس صابن", price_paisa=15000, cost_paisa=12500,
                tax_mode="exclusive", barcodes=("8964000000024",))),
            "eggs": catalog.create_product(uow, owner, catalog.ProductInput(
                name_en="Eggs (dozen)", name_ur="انڈے", price_paisa=36000, cost_paisa=33000,
                tax_mode="exempt", tax_rate_bp=0, barcodes=("8964000000031",))),
        }
        customer_id = customers.save_customer(uow, owner, name="Rashid Khan", phone="03001234567",
                                              credit_limit_paisa=500_000)
        for pid in products.values():
            stock.receive(uow, owner, ctx.outlet_id, [(pid, 50_000, None)], supplier_id=None)
        uow.commit()
    return TestShop(ledger, clock, ctx, owner, cashier, products, customer_id)


def ledger_snapshot(ledger: Ledger) -> dict[str, tuple[int, int]]:
    """Row count and a checksum of every table: "nothing changed" means all of it."""
    from sqlalchemy import text

    from ..ledger.models import Base

    out = {}
    with UnitOfWork(ledger, write=False) as uow:
        conn = uow.session.connection()
        for table in Base.metadata.sorted_tables:
            cols = ", ".join(f"quote({c.name})" for c in table.columns)
            rows = conn.execute(text(f"SELECT {cols} FROM {table.name}")).all()  # noqa: S608 - names from our metadata
            out[table.name] = (len(rows), hash(tuple(sorted(map(tuple, rows)))))
    return out
