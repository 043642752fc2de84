"""Real PostgreSQL and a real server process for tests and benchmarks (no mocks).

    db = start_test_database()                 # fresh database, migrated, roles ready
    with run_server_process(db.app_url) as server:
        owner = create_business_with_owner(server.url, email="a@x.pk", password="…")
        device = register_device(server.url, owner["access_token"], outlet_id)
    db.drop()
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg

from . import migrate

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
OWNER_ROLE = "dukan_owner"
APP_ROLE = "dukan_app"
TEST_JWT_SECRET = "test-secret-" + "x" * 40
REPO_ROOT = Path(__file__).resolve().parent.parent


class PostgresUnavailable(RuntimeError):
    pass


def admin_url() -> str:
    return os.environ.get("DUKAN_TEST_PG", DEFAULT_ADMIN_URL)


def _url_with(url: str, *, user: str | None = None, dbname: str | None = None) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    if user:
        netloc = f"{user}@{netloc}"
    elif "@" in parts.netloc:
        netloc = parts.netloc
    path = f"/{dbname}" if dbname else parts.path
    return urlunsplit((parts.scheme, netloc, path, parts.query, parts.fragment))


def ensure_postgres(url: str | None = None, wait_s: float = 20.0) -> None:
    """Connect, or start the local cluster with pg_ctlcluster and connect; else raise."""
    url = url or admin_url()
    try:
        psycopg.connect(url, connect_timeout=3).close()
        return
    except psycopg.OperationalError as first:
        error = first
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if versions:
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main",
                        "start"], check=False, capture_output=True, timeout=60)
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            try:
                psycopg.connect(url, connect_timeout=3).close()
                return
            except psycopg.OperationalError as exc:
                error = exc
                time.sleep(0.5)
    raise PostgresUnavailable(f"PostgreSQL is not reachable at {url}: {error}")


def ensure_roles(url: str | None = None, owner_role: str = OWNER_ROLE,
                 app_role: str = APP_ROLE) -> None:
    """Create the owner and app roles if missing; safe when sessions race (roles are
    cluster-global)."""
    with psycopg.connect(url or admin_url(), autocommit=True) as conn:
        for role, options in ((owner_role, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE"),
                              (app_role, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB")):
            conn.execute(f"""
                DO $$ BEGIN
                  CREATE ROLE "{role}" {options};
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                END $$""")


@dataclass
class TestDatabase:
    name: str
    admin_url: str
    owner_url: str      # owns the tables; runs migrations
    app_url: str        # what the server connects as
    _dropped: bool = field(default=False, repr=False)

    def drop(self) -> None:
        if self._dropped:
            return
        self._dropped = True
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def start_test_database(url: str | None = None, prefix: str = "dukan_test", *,
                        migrated: bool = True) -> TestDatabase:
    """A fresh uniquely-named database, migrated to head as the owner role (or left
    empty, for a test that runs `dukan-server migrate` itself)."""
    url = url or admin_url()
    ensure_postgres(url)
    ensure_roles(url)
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" OWNER "{OWNER_ROLE}"')
        with psycopg.connect(_url_with(url, dbname=name), autocommit=True) as db:
            db.execute(f'REVOKE ALL ON DATABASE "{name}" FROM PUBLIC')
            db.execute(f'GRANT CONNECT ON DATABASE "{name}" TO "{APP_ROLE}"')
            db.execute(f'ALTER SCHEMA public OWNER TO "{OWNER_ROLE}"')
    db = TestDatabase(name=name, admin_url=url,
                      owner_url=_url_with(url, user=OWNER_ROLE, dbname=name),
                      app_url=_url_with(url, user=APP_ROLE, dbname=name))
    try:
        if migrated:
            migrate.upgrade(db.owner_url, APP_ROLE)
    except Exception:
        db.drop()
        raise
    return db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ServerProcess:
    url: str
    process: subprocess.Popen
    log_path: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        with suppress(OSError):
            return self.log_path.read_text(errors="replace")
        return ""


def server_env(db_url: str, **overrides: str) -> dict[str, str]:
    env = dict(os.environ)
    # Tests and benchmarks sign up many shops from 127.0.0.1: the per-address sign-up
    # limit is lifted unless a test sets it (tests/server/test_auth.py does).
    env.update({"DUKAN_DATABASE_URL": db_url, "DUKAN_JWT_SECRET": TEST_JWT_SECRET,
                "DUKAN_SIGNUP_MAX_PER_ADDRESS": "1000000", "PYTHONPATH": str(REPO_ROOT)})
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def start_server_process(db_url: str, *, port: int | None = None, workers: int = 1,
                         env: dict[str, str] | None = None, log_dir: Path | None = None,
                         startup_timeout: float = 30.0) -> ServerProcess:
    """`dukan-server serve` as a subprocess on 127.0.0.1; returns once /healthz answers."""
    port = port or free_port()
    log_dir = log_dir or Path(os.environ.get("TMPDIR", "/tmp"))
    log_path = log_dir / f"dukan-server-{port}.log"
    log_file = open(log_path, "wb")  # noqa: SIM115 - handed to the child process
    process = subprocess.Popen(
        [sys.executable, "-m", "dukan_server.cli", "serve", "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(workers), "--log-level", "warning"],
        env=server_env(db_url, **(env or {})), stdout=log_file, stderr=subprocess.STDOUT,
        cwd=str(REPO_ROOT))
    log_file.close()
    server = ServerProcess(url=f"http://127.0.0.1:{port}", process=process, log_path=log_path)
    deadline = time.monotonic() + startup_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{server.log()}")
        with suppress(httpx.HTTPError):
            if httpx.get(server.url + "/healthz", timeout=2).status_code == 200:
                return server
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"server did not start within {startup_timeout}s:\n{server.log()}")


@contextmanager
def run_server_process(db_url: str, **kwargs) -> Iterator[ServerProcess]:
    server = start_server_process(db_url, **kwargs)
    try:
        yield server
    finally:
        server.stop()


def create_business_with_owner(base_url: str, *, email: str | None = None,
                               phone: str | None = None, password: str = "correct horse 1",
                               business_name: str = "Test Traders",
                               business_id: str | None = None) -> dict:
    """Sign up over HTTP; returns the token response (business_id, owner_id, tokens)."""
    email = email if email or phone else f"owner-{uuid.uuid4().hex[:10]}@example.pk"
    body = {"business_name": business_name, "password": password, "email": email,
            "phone": phone, "business_id": business_id}
    response = httpx.post(base_url + "/v1/auth/signup",
                          json={k: v for k, v in body.items() if v is not None}, timeout=30)
    response.raise_for_status()
    return response.json() | {"email": email, "password": password}


def create_outlet(base_url: str, access_token: str, *, code: str, name: str | None = None,
                  outlet_id: str | None = None) -> dict:
    body = {"name": name or f"Outlet {code}", "code": code}
    if outlet_id:
        body["id"] = outlet_id
    response = httpx.post(base_url + "/v1/outlets", json=body, timeout=30,
                          headers={"Authorization": f"Bearer {access_token}"})
    response.raise_for_status()
    return response.json()


def register_device(base_url: str, access_token: str, outlet_id: str, *, name: str = "Counter",
                    device_id: str | None = None, kind: str | None = None) -> dict:
    """kind 'owner' or 'counter'; omitted, the business's first device is its owner PC."""
    body = {"outlet_id": outlet_id, "name": name}
    if device_id:
        body["device_id"] = device_id
    if kind:
        body["kind"] = kind
    response = httpx.post(base_url + "/v1/devices", json=body, timeout=30,
                          headers={"Authorization": f"Bearer {access_token}"})
    response.raise_for_status()
    return response.json()


def set_subscription(db: TestDatabase, business_id: str, **changes) -> None:
    """Billing's side (admin role): plan, status, max_outlets, max_devices, valid_until."""
    from . import accounts

    with psycopg.connect(db.app_url) as conn:
        accounts.set_subscription(conn, business_id, **changes)


def bump_generation(db: TestDatabase, business_id: str) -> int:
    from psycopg.rows import dict_row

    from . import accounts

    with psycopg.connect(db.app_url, row_factory=dict_row) as conn:
        return accounts.bump_generation(conn, business_id)
