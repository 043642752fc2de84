"""Desktop "devices" for e2e tests: separate ledgers, each with its own sync engine."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg.rows import dict_row

from dukan_desktop.core.clock import FixedClock
from dukan_desktop.core.permissions import Actor, Role
from dukan_desktop.ledger.engine import Ledger
from dukan_desktop.ledger.uow import UnitOfWork
from dukan_desktop.services import settings, shop
from dukan_desktop.services.testing import TestShop, build_test_shop
from dukan_desktop.sync import connect, credentials
from dukan_desktop.sync.engine import SyncEngine

PASSWORD = "correct horse 1"


@dataclass
class Device:
    name: str
    ledger: Ledger
    clock: FixedClock
    server_url: str
    test_shop: TestShop | None = None
    engines: list[SyncEngine] = field(default_factory=list)

    def uow(self, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self.ledger, write=write)

    @property
    def path(self) -> Path:
        return self.ledger.path

    def token(self) -> str:
        return credentials.load_token(self.path)

    def engine(self, url: str | None = None, **kw) -> SyncEngine:
        kw.setdefault("events", False)
        engine = SyncEngine(self.path, url or self.server_url, self.token(), **kw)
        self.engines.append(engine)
        return engine

    def sync(self, url: str | None = None, rounds: int = 1) -> None:
        engine = self.engine(url)
        try:
            for _ in range(rounds):
                result = engine.run_cycle()
                assert result.ok, result
        finally:
            engine.close()
            self.engines.remove(engine)

    def context(self) -> shop.ShopContext:
        with self.uow(False) as uow:
            return shop.context(uow)

    def settings(self, key: str):
        with self.uow(False) as uow:
            return settings.get(uow, key)

    def actor(self, name: str, role: Role = Role.CASHIER) -> Actor:
        with self.uow(False) as uow:
            row = uow.conn.exec_driver_sql(
                "SELECT id, outlet_id FROM workers WHERE name = ? AND active = 1", (name,)).one()
        return Actor(row[0], role, row[1], name)

    def close(self) -> None:
        for engine in self.engines:
            engine.close()
        self.ledger.close()


class Harness:
    def __init__(self, server_url: str, db, tmp_path: Path) -> None:
        self.url = server_url
        self.db = db
        self.tmp = tmp_path
        self.devices: list[Device] = []
        self.email = f"owner-{uuid.uuid4().hex[:10]}@example.pk"

    def local_shop(self, name: str = "owner") -> Device:
        """A shop that ran local-only (build_test_shop): owner, cashier, 4 products."""
        ts = build_test_shop(self.tmp / f"{name}.sqlite3")
        dev = Device(name, ts.ledger, ts.clock, self.url, test_shop=ts)
        self.devices.append(dev)
        return dev

    def fresh_pc(self, name: str) -> Device:
        clock = FixedClock(datetime(2026, 11, 2, 5, 0, tzinfo=UTC))
        ledger = Ledger.open(self.tmp / f"{name}.sqlite3", clock=clock)
        dev = Device(name, ledger, clock, self.url)
        self.devices.append(dev)
        return dev

    def connect_local(self, dev: Device, **kw) -> connect.ConnectResult:
        session = connect.sign_up(self.url, dev.ledger, email=self.email, password=PASSWORD,
                                  owner_name="Asad", **kw)
        try:
            return connect.connect(dev.ledger, session)
        finally:
            session.client.close()

    def join(self, dev: Device, *, outlet_id: str | None = None,
             new_outlet: tuple[str, str] | None = None, url: str | None = None
             ) -> connect.ConnectResult:
        session = connect.sign_in(url or self.url, self.email, PASSWORD)
        try:
            return connect.connect(dev.ledger, session, outlet_id=outlet_id,
                                   new_outlet=new_outlet, device_name=dev.name)
        finally:
            session.client.close()

    def pg(self):
        """Admin connection (bypasses RLS) for checking what the server holds."""
        return psycopg.connect(self.db.admin_url.rsplit("/", 1)[0] + "/" + self.db.name,
                               row_factory=dict_row, autocommit=True)

    def close(self) -> None:
        for dev in self.devices:
            dev.close()
