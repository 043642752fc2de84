"""Who is calling: owner (access JWT) or device (opaque credential), and their transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from psycopg import Connection
from psycopg_pool import ConnectionPool

from .config import Settings
from .db import set_context
from .security import (
    DEVICE_PREFIX,
    OwnerPrincipal,
    decode_access_token,
    digests_equal,
    parse_opaque_token,
    unauthorized,
)

owner_bearer = HTTPBearer(scheme_name="OwnerAccessToken", auto_error=False,
                          description="Owner access JWT from /v1/auth/login")
device_bearer = HTTPBearer(scheme_name="DeviceToken", auto_error=False,
                           description="Device credential from POST /v1/devices")


def settings(request: Request) -> Settings:
    return request.app.state.settings


def pool(request: Request) -> ConnectionPool:
    return request.app.state.pool


def current_owner(request: Request,
                  creds: Annotated[HTTPAuthorizationCredentials | None, Depends(owner_bearer)]
                  ) -> OwnerPrincipal:
    if creds is None or creds.scheme.lower() != "bearer":
        raise unauthorized()
    return decode_access_token(request.app.state.settings.jwt_secret, creds.credentials)


@dataclass(frozen=True)
class DevicePrincipal:
    business_id: str
    device_id: str
    outlet_id: str
    number: int
    generation: int = 1
    kind: str = "counter"   # 'owner' (the owner's PC) or 'counter' (migration 0006)

    @property
    def is_owner_pc(self) -> bool:
        return self.kind == "owner"


def device_token(
        creds: Annotated[HTTPAuthorizationCredentials | None, Depends(device_bearer)]) -> str:
    if creds is None or creds.scheme.lower() != "bearer":
        raise unauthorized()
    return creds.credentials


@contextmanager
def owner_tx(request: Request, owner: OwnerPrincipal) -> Iterator[Connection]:
    with pool(request).connection() as conn, conn.transaction():
        set_context(conn, owner.business_id, "owner")
        yield conn


_DEVICE_CONTEXT = ("SELECT outlet_id, number, token_hash, revoked_at, generation, kind"
                   " FROM dukan_device_context(%s, %s, %s)")


@contextmanager
def device_tx(request: Request, token: str, *, defer_notify: bool = False
              ) -> Iterator[tuple[DevicePrincipal, Connection]]:
    """Authenticate the device inside the request's one transaction. One statement
    (`dukan_device_context`, migrations 0004 and 0006) sets the tenant, reads the
    credential under RLS and narrows the context to the device's outlet and kind (which
    the catalog policies read); a bad or revoked token raises
    here, which rolls the transaction (and its settings) back. No caching: a
    revocation takes effect on the device's next request.

    With `defer_notify` the stamp triggers skip pg_notify (migration 0005): the caller
    must publish the changed collections after commit (`sync_events.Notifier`)."""
    parsed = parse_opaque_token(DEVICE_PREFIX, token)
    with pool(request).connection() as conn, conn.transaction():
        row = conn.execute(_DEVICE_CONTEXT, (parsed.business_id, parsed.entity_id,
                                             defer_notify)).fetchone()
        if row is None or row["revoked_at"] is not None or not digests_equal(
                row["token_hash"], parsed.digest):
            raise unauthorized("invalid_device", "the device credential is not valid or was revoked")
        yield DevicePrincipal(parsed.business_id, parsed.entity_id, row["outlet_id"],
                              row["number"], row["generation"], row["kind"]), conn


Owner = Annotated[OwnerPrincipal, Depends(current_owner)]
DeviceToken = Annotated[str, Depends(device_token)]
