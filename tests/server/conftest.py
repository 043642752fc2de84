"""Server tests run against a real PostgreSQL and a real `dukan-server` process.

PostgreSQL must be reachable (DUKAN_TEST_PG, default the local cluster, started with
pg_ctlcluster if down). If it is not, the run fails loudly: these tests never skip.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from dukan_server import testing


@pytest.fixture(scope="session")
def pg_db():
    try:
        db = testing.start_test_database()
    except testing.PostgresUnavailable as exc:
        pytest.exit(f"server tests need PostgreSQL: {exc}", returncode=1)
    yield db
    db.drop()


@pytest.fixture(scope="session")
def server(pg_db, tmp_path_factory):
    with testing.run_server_process(pg_db.app_url, log_dir=tmp_path_factory.mktemp("logs"),
                                    env={"DUKAN_SSE_HEARTBEAT_SECONDS": "1",
                                         "DUKAN_TRUST_FORWARDED_FOR": "1"}) as proc:
        yield proc
        # A crash inside the server shows up here rather than as a vague HTTP failure.
        assert "Traceback" not in proc.log(), proc.log()[-5000:]


@pytest.fixture(scope="session")
def http(server):
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


@dataclass
class Tenant:
    business_id: str
    owner_token: str
    refresh_token: str
    email: str
    password: str
    outlets: list[dict]
    devices: list[dict]

    def owner(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.owner_token}"}

    def device(self, i: int = 0) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.devices[i]['device_token']}"}


@pytest.fixture
def make_tenant(server):
    def make(outlets: int = 1) -> Tenant:
        owner = testing.create_business_with_owner(server.url)
        made_outlets, devices = [], []
        for i in range(outlets):
            outlet = testing.create_outlet(server.url, owner["access_token"], code=f"O{i + 1}")
            made_outlets.append(outlet)
            devices.append(testing.register_device(server.url, owner["access_token"],
                                                   outlet["id"], name=f"PC {i + 1}"))
        return Tenant(owner["business_id"], owner["access_token"], owner["refresh_token"],
                      owner["email"], owner["password"], made_outlets, devices)
    return make


@pytest.fixture
def tenant(make_tenant) -> Tenant:
    return make_tenant(2)
