"""Property-based requests from the app's own OpenAPI schema: the server never answers 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from dukan_server import testing


@pytest.fixture(scope="session")
def fuzz_tenant(server):
    owner = testing.create_business_with_owner(server.url)
    outlet = testing.create_outlet(server.url, owner["access_token"], code="FZ")
    device = testing.register_device(server.url, owner["access_token"], outlet["id"])
    return owner, device


_DEVICE_PATHS = ("/v1/sync/", "/v1/device")


def test_no_server_errors(server, fuzz_tenant):
    """Every operation, a bounded number of generated cases each (runtime budget)."""
    owner, device = fuzz_tenant
    schema = schemathesis.openapi.from_url(server.url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:
        if operation.path == "/v1/sync/events":
            continue  # an endless stream; covered by test_pull
        device_path = operation.path.startswith(_DEVICE_PATHS)
        headers = {"Authorization": "Bearer " + (device["device_token"] if device_path
                                                 else owner["access_token"]),
                   "X-Forwarded-For": "10.77.0.1"}
        _fuzz(operation, headers)


def _fuzz(operation, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=6, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        response = case.call(headers=headers, timeout=30)
        case.validate_response(response, checks=[not_a_server_error])

    check()
