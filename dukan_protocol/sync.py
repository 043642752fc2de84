"""Push and pull envelopes (DESIGN.md §6)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .records import RECORD_TYPES

ResultStatus = Literal["created", "duplicate", "conflict", "rejected"]
RecordType = Literal[RECORD_TYPES]  # type: ignore[valid-type]

# What a device pulls, in the order a first sync should apply them (parents first).
PULL_COLLECTIONS = (
    "outlets", "workers", "suppliers", "products", "customers",
    "credit_entries", "stock_levels", "subscription",
)


class PushRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: RecordType
    id: str = Field(min_length=36, max_length=36)
    payload_hash: str = Field(min_length=64, max_length=64)
    data: dict[str, Any]


class PushRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    device_id: str = Field(min_length=36, max_length=36)
    schema_version: int
    records: list[PushRecord] = Field(max_length=100)


class PushResult(BaseModel):
    id: str
    status: ResultStatus
    code: str | None = None
    message: str | None = None


class PushResponse(BaseModel):
    results: list[PushResult]
    server_time: str


class Change(BaseModel):
    id: str
    deleted: bool = False
    data: dict[str, Any] | None = None


class PullResponse(BaseModel):
    collection: str
    changes: list[Change]
    checkpoint: str
    has_more: bool
    server_time: str
