"""Devices: an owner registers a PC to one outlet; it gets a revocable credential.

A device is of a kind: 'owner' (the owner's PC, back office: may change the catalog,
staff and outlets) or 'counter' (sells; its catalog edits are refused at push and by
the database, migration 0006). Unless the owner says, a business's first device is
its owner PC and every later one a counter; `PATCH /v1/devices/{id}` changes it.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import psycopg
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from dukan_protocol.records import DeviceKind

from .db import check_plan_active, lock_business
from .deps import DeviceToken, Owner, device_tx, owner_tx
from .errors import ApiError
from .security import DEVICE_PREFIX, new_opaque_token

router = APIRouter(prefix="/v1", tags=["devices"])

Uuid = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]


class RegisterDeviceRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outlet_id: Uuid
    name: str = Field(default="", max_length=100)
    device_id: Uuid | None = Field(
        default=None, description="the id the desktop already uses; re-registering it rotates its credential")
    number: int | None = Field(default=None, ge=1, le=999,
                               description="the device number already printed on receipts")
    kind: DeviceKind | None = Field(
        default=None, description="'owner' (the owner's PC) or 'counter'; when omitted a new"
        " device is 'owner' if it is the business's first, else 'counter', and a"
        " re-registered one keeps its kind")


class DeviceUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: DeviceKind | None = None
    name: str | None = Field(default=None, max_length=100)


class RegisteredDevice(BaseModel):
    device_id: str
    device_token: str
    outlet_id: str
    business_id: str
    number: int
    name: str
    kind: DeviceKind


class DeviceInfo(BaseModel):
    device_id: str
    outlet_id: str
    number: int
    name: str
    kind: DeviceKind
    created_at: datetime
    revoked_at: datetime | None


class DeviceSelf(BaseModel):
    device_id: str
    business_id: str
    business_name: str
    outlet_id: str
    outlet_code: str
    outlet_name: str
    number: int
    generation: int
    kind: DeviceKind


@router.post("/devices", status_code=201, response_model=RegisteredDevice)
def register_device(body: RegisterDeviceRequest, request: Request,
                    owner: Owner) -> RegisteredDevice:
    device_id = body.device_id or str(uuid.uuid4())
    token, digest = new_opaque_token(DEVICE_PREFIX, owner.business_id, device_id)
    with owner_tx(request, owner) as conn:
        # Serialise registrations of one business so the plan limit and the next number
        # are decided on a stable count.
        lock_business(conn, owner.business_id)
        outlet = conn.execute("SELECT active FROM outlets WHERE business_id = %s AND id = %s",
                              (owner.business_id, body.outlet_id)).fetchone()
        if outlet is None:
            raise ApiError(404, "outlet_not_found", "no such outlet")
        if not outlet["active"]:
            raise ApiError(409, "outlet_inactive",
                           "this outlet is closed; reopen it before registering a PC to it")
        existing = conn.execute(
            "SELECT outlet_id::text AS outlet_id, number, name, kind, revoked_at FROM devices"
            " WHERE business_id = %s AND id = %s", (owner.business_id, device_id)).fetchone()
        if existing:
            if existing["outlet_id"] != body.outlet_id:
                raise ApiError(409, "device_other_outlet",
                               "this device is registered to another outlet")
            if existing["revoked_at"] is not None:
                check_plan_active(conn, owner.business_id, "reactivate a device")
            _check_device_limit(conn, owner.business_id, exclude=device_id)
            kind = body.kind or existing["kind"]
            conn.execute("UPDATE devices SET token_hash = %s, revoked_at = NULL,"
                         " name = coalesce(nullif(%s, ''), name), kind = %s"
                         " WHERE business_id = %s AND id = %s",
                         (digest, body.name, kind, owner.business_id, device_id))
            return RegisteredDevice(device_id=device_id, device_token=token,
                                    outlet_id=body.outlet_id, business_id=owner.business_id,
                                    number=existing["number"], name=body.name or existing["name"],
                                    kind=kind)
        check_plan_active(conn, owner.business_id, "add a device")
        _check_device_limit(conn, owner.business_id)
        # Under the business lock, so two first registrations cannot both be the owner PC.
        kind = body.kind or ("counter" if conn.execute(
            "SELECT EXISTS (SELECT 1 FROM devices WHERE business_id = %s) AS any",
            (owner.business_id,)).fetchone()["any"] else "owner")
        number = body.number or conn.execute(
            "SELECT coalesce(max(number), 0) + 1 AS n FROM devices"
            " WHERE business_id = %s AND outlet_id = %s",
            (owner.business_id, body.outlet_id)).fetchone()["n"]
        try:
            with conn.transaction():
                conn.execute(
                    "INSERT INTO devices (business_id, id, outlet_id, number, name, token_hash,"
                    " kind) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    (owner.business_id, device_id, body.outlet_id, number, body.name, digest,
                     kind))
        except psycopg.errors.UniqueViolation as exc:
            raise ApiError(409, "device_number_taken",
                           "that device number is already used at this outlet") from exc
        except psycopg.errors.InsufficientPrivilege as exc:
            raise ApiError(409, "device_id_taken", "that device id is already in use") from exc
    return RegisteredDevice(device_id=device_id, device_token=token, outlet_id=body.outlet_id,
                            business_id=owner.business_id, number=number, name=body.name,
                            kind=kind)


def _check_device_limit(conn, business_id: str, exclude: str | None = None) -> None:
    row = conn.execute(
        "SELECT s.max_devices, (SELECT count(*) FROM devices d WHERE d.business_id = s.business_id"
        "  AND d.revoked_at IS NULL AND d.id IS DISTINCT FROM %s::uuid) AS used"
        " FROM subscriptions s WHERE s.business_id = %s", (exclude, business_id)).fetchone()
    if row and row["max_devices"] is not None and row["used"] >= row["max_devices"]:
        raise ApiError(402, "plan_limit",
                       f"the plan allows {row['max_devices']} active devices; revoke one or upgrade")


_DEVICE_COLUMNS = ("id::text AS device_id, outlet_id::text AS outlet_id, number, name, kind,"
                   " created_at, revoked_at")


@router.get("/devices", response_model=list[DeviceInfo])
def list_devices(request: Request, owner: Owner) -> list[dict]:
    with owner_tx(request, owner) as conn:
        return conn.execute(
            f"SELECT {_DEVICE_COLUMNS} FROM devices WHERE business_id = %s"  # noqa: S608 (fixed columns)
            " ORDER BY outlet_id, number", (owner.business_id,)).fetchall()


@router.patch("/devices/{device_id}", response_model=DeviceInfo)
def update_device(device_id: Uuid, body: DeviceUpdate, request: Request, owner: Owner) -> dict:
    """Make a PC the owner's (back office) or a counter, or rename it. Its open event
    stream is told at once (migration 0006 notifies); its next push uses the new kind."""
    with owner_tx(request, owner) as conn:
        row = conn.execute(
            "UPDATE devices SET kind = coalesce(%s, kind), name = coalesce(%s, name)"  # noqa: S608 (fixed columns)
            f" WHERE business_id = %s AND id = %s RETURNING {_DEVICE_COLUMNS}",
            (body.kind, body.name, owner.business_id, device_id)).fetchone()
    if row is None:
        raise ApiError(404, "not_found", "no such device")
    return row


@router.post("/devices/{device_id}/revoke", status_code=204, response_class=Response)
def revoke_device(device_id: Uuid, request: Request,
                  owner: Owner) -> Response:
    with owner_tx(request, owner) as conn:
        cur = conn.execute("UPDATE devices SET revoked_at = coalesce(revoked_at, now())"
                           " WHERE business_id = %s AND id = %s", (owner.business_id, device_id))
        if cur.rowcount != 1:
            raise ApiError(404, "not_found", "no such device")
    return Response(status_code=204)


@router.get("/device", response_model=DeviceSelf, tags=["sync"])
def this_device(request: Request, token: DeviceToken) -> dict:
    """What a device learns about itself after registration (and to test its credential)."""
    with device_tx(request, token) as (device, conn):
        row = conn.execute(
            "SELECT b.name AS business_name, b.generation, o.code AS outlet_code,"
            " o.name AS outlet_name FROM businesses b JOIN outlets o USING (business_id)"
            " WHERE b.business_id = %s AND o.id = %s",
            (device.business_id, device.outlet_id)).fetchone()
    return {"device_id": device.device_id, "business_id": device.business_id,
            "outlet_id": device.outlet_id, "number": device.number, "kind": device.kind, **row}
