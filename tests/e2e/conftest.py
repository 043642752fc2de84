"""End-to-end sync tests: a real `dukan-server` process on a real PostgreSQL.

One database and one server process per session (start-up is slow); each test
isolates itself by creating its own business. PostgreSQL must be reachable: these
tests fail loudly rather than skip.
"""

from __future__ import annotations

import pytest

from dukan_server import testing

from .shops import Harness


@pytest.fixture(scope="session")
def pg_db():
    try:
        db = testing.start_test_database(prefix="dukan_e2e")
    except testing.PostgresUnavailable as exc:
        pytest.exit(f"e2e tests need PostgreSQL: {exc}", returncode=1)
    yield db
    db.drop()


SERVER_ENV = {"DUKAN_SSE_HEARTBEAT_SECONDS": "1", "DUKAN_TRUST_FORWARDED_FOR": "1",
              "DUKAN_DEFAULT_MAX_DEVICES": "50", "DUKAN_DEFAULT_MAX_OUTLETS": "20",
              "DUKAN_IP_MAX_FAILURES": "10000"}


@pytest.fixture(scope="session")
def server(pg_db, tmp_path_factory):
    with testing.run_server_process(pg_db.app_url, log_dir=tmp_path_factory.mktemp("logs"),
                                    env=SERVER_ENV) as proc:
        yield proc
        assert not unexpected_tracebacks(proc.log()), proc.log()[-5000:]


# Tracebacks a test may knowingly cause in the server's log (last line's start); any
# other traceback fails the session. None now: a push whose body is cut off on the way
# (test_faults' truncate_request) is answered client_disconnected without one.
KNOWN_TRACEBACK_ENDINGS: tuple[str, ...] = ()


def unexpected_tracebacks(log: str) -> list[str]:
    found = []
    for chunk in log.split("Traceback (most recent call last):")[1:]:
        lines = [ln for ln in chunk.splitlines() if ln.strip()]
        last = next((ln.strip() for ln in lines if not ln.startswith((" ", "\t"))), "")
        if not last.startswith(KNOWN_TRACEBACK_ENDINGS):
            found.append(last or chunk[:200])
    return found


@pytest.fixture
def harness(server, pg_db, tmp_path):
    h = Harness(server.url, pg_db, tmp_path)
    yield h
    h.close()
