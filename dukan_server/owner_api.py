"""What an owner manages from anywhere: outlets, workers (read), subscription (read)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import psycopg
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .db import check_plan_active, lock_business
from .deps import Owner, owner_tx
from .errors import ApiError

router = APIRouter(prefix="/v1", tags=["owner"])

Uuid = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,12}$")]

_OUTLET_COLUMNS = "id::text AS id, name, code, address, phone, active, created_at, updated_at"
_INSERT_OUTLET = ("INSERT INTO outlets (business_id, id, name, code, address, phone)"  # noqa: S608
                  f" VALUES (%s, %s, %s, %s, %s, %s) RETURNING {_OUTLET_COLUMNS}")
_UPDATE_OUTLET = (
    "UPDATE outlets SET name = coalesce(%s, name), address = coalesce(%s, address),"  # noqa: S608
    " phone = coalesce(%s, phone), active = coalesce(%s, active), updated_at = now()"
    f" WHERE business_id = %s AND id = %s RETURNING {_OUTLET_COLUMNS}")


class OutletCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Uuid | None = Field(default=None, description="keep the desktop's own outlet id")
    name: str = Field(min_length=1, max_length=200)
    code: Code
    address: str = Field(default="", max_length=500)
    phone: str = Field(default="", max_length=40)


class OutletUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, min_length=1, max_length=200)
    address: str | None = Field(default=None, max_length=500)
    phone: str | None = Field(default=None, max_length=40)
    active: bool | None = None


class Outlet(BaseModel):
    id: str
    name: str
    code: str
    address: str
    phone: str
    active: bool
    created_at: datetime
    updated_at: datetime


class Worker(BaseModel):
    id: str
    name: str
    phone: str
    role: str
    outlet_id: str | None
    active: bool
    updated_at: datetime


class Subscription(BaseModel):
    plan: str
    status: str
    max_outlets: int | None
    max_devices: int | None
    valid_until: datetime | None
    outlets_used: int
    devices_used: int


@router.get("/outlets", response_model=list[Outlet])
def list_outlets(request: Request, owner: Owner) -> list[dict]:
    with owner_tx(request, owner) as conn:
        return conn.execute(f"SELECT {_OUTLET_COLUMNS} FROM outlets WHERE business_id = %s"  # noqa: S608
                            " ORDER BY code", (owner.business_id,)).fetchall()


@router.post("/outlets", status_code=201, response_model=Outlet)
def create_outlet(body: OutletCreate, request: Request,
                  owner: Owner) -> dict:
    outlet_id = body.id or str(uuid.uuid4())
    with owner_tx(request, owner) as conn:
        lock_business(conn, owner.business_id)
        check_plan_active(conn, owner.business_id, "add an outlet")
        row = conn.execute(
            "SELECT s.max_outlets, (SELECT count(*) FROM outlets o"
            " WHERE o.business_id = s.business_id) AS used"
            " FROM subscriptions s WHERE s.business_id = %s", (owner.business_id,)).fetchone()
        if row and row["max_outlets"] is not None and row["used"] >= row["max_outlets"]:
            raise ApiError(402, "plan_limit", f"the plan allows {row['max_outlets']} outlets")
        try:
            with conn.transaction():
                return conn.execute(
                    _INSERT_OUTLET, (owner.business_id, outlet_id, body.name, body.code.upper(), body.address,
                     body.phone)).fetchone()
        except psycopg.errors.UniqueViolation as exc:
            raise ApiError(409, "already_exists", "an outlet with that id or code exists") from exc


@router.patch("/outlets/{outlet_id}", response_model=Outlet)
def update_outlet(outlet_id: Uuid, body: OutletUpdate, request: Request,
                  owner: Owner) -> dict:
    with owner_tx(request, owner) as conn:
        row = conn.execute(
            _UPDATE_OUTLET, (body.name, body.address, body.phone, body.active, owner.business_id,
             outlet_id)).fetchone()
    if row is None:
        raise ApiError(404, "not_found", "no such outlet")
    return row


@router.get("/workers", response_model=list[Worker])
def list_workers(request: Request, owner: Owner) -> list[dict]:
    with owner_tx(request, owner) as conn:
        return conn.execute(
            "SELECT id::text AS id, name, phone, role, outlet_id::text AS outlet_id, active,"
            " updated_at FROM workers WHERE business_id = %s ORDER BY name",
            (owner.business_id,)).fetchall()


@router.get("/subscription", response_model=Subscription)
def subscription(request: Request, owner: Owner) -> dict:
    with owner_tx(request, owner) as conn:
        row = conn.execute(
            "SELECT plan, status, max_outlets, max_devices, valid_until,"
            " (SELECT count(*) FROM outlets o WHERE o.business_id = s.business_id) AS outlets_used,"
            " (SELECT count(*) FROM devices d WHERE d.business_id = s.business_id"
            "   AND d.revoked_at IS NULL) AS devices_used"
            " FROM subscriptions s WHERE business_id = %s", (owner.business_id,)).fetchone()
    if row is None:
        raise ApiError(404, "not_found", "no subscription")
    return row
