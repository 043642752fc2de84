"""The shop itself: business, outlets, devices, workers, settings, audit, approvals."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, id_column


class Business(Base):
    __tablename__ = "businesses"
    id: Mapped[str] = id_column()
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(500), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    ntn: Mapped[str] = mapped_column(String(40), default="")
    strn: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Outlet(Base):
    __tablename__ = "outlets"
    __table_args__ = (UniqueConstraint("business_id", "code", name="uq_outlets_business_code"),)
    id: Mapped[str] = id_column()
    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"))
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(12))  # receipt prefix, e.g. "GUL"
    address: Mapped[str] = mapped_column(String(500), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Device(Base):
    """A counter PC. Its number is part of every receipt number it issues."""

    __tablename__ = "devices"
    __table_args__ = (UniqueConstraint("outlet_id", "number", name="uq_devices_outlet_number"),)
    id: Mapped[str] = id_column()
    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"))
    outlet_id: Mapped[str] = mapped_column(ForeignKey("outlets.id"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime]


class Worker(Base):
    __tablename__ = "workers"
    __table_args__ = (
        CheckConstraint("role IN ('owner', 'cashier')", name="role"),
        CheckConstraint("role = 'owner' OR outlet_id IS NOT NULL", name="cashier_has_outlet"),
    )
    id: Mapped[str] = id_column()
    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"))
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(40), default="")
    role: Mapped[str] = mapped_column(String(10))
    outlet_id: Mapped[str | None] = mapped_column(ForeignKey("outlets.id"))
    pin_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class LoginState(Base):
    """Failed-PIN counter per worker on this PC (local only, never synced)."""

    __tablename__ = "login_states"
    worker_id: Mapped[str] = mapped_column(ForeignKey("workers.id"), primary_key=True)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


class SubscriptionState(Base):
    """The server's view of the plan, cached for offline display. One row."""

    __tablename__ = "subscription_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan: Mapped[str] = mapped_column(String(40), default="local")
    status: Mapped[str] = mapped_column(String(20), default="active")
    max_outlets: Mapped[int | None] = mapped_column(Integer)
    max_devices: Mapped[int | None] = mapped_column(Integer)
    valid_until: Mapped[datetime | None]
    fetched_at: Mapped[datetime | None]


class Approval(Base):
    """An owner's PIN approval given on the spot (return, price override, ...).

    `subject` is a digest of exactly what was approved (services.approvals); the
    approval is good only for that, only until `expires_at`, and only once
    (ApprovalUse). Older rows have neither and so approve nothing.
    """

    __tablename__ = "approvals"
    id: Mapped[str] = id_column()
    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"))
    outlet_id: Mapped[str | None] = mapped_column(ForeignKey("outlets.id"))
    action: Mapped[str] = mapped_column(String(40))
    requested_by: Mapped[str] = mapped_column(ForeignKey("workers.id"))
    approved_by: Mapped[str] = mapped_column(ForeignKey("workers.id"))
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    subject: Mapped[str | None] = mapped_column(String(64))
    expires_at: Mapped[datetime | None]


class ApprovalUse(Base):
    """An approval spent on one document, written in the document's own transaction.

    The primary key is the approval: a second use cannot be recorded. Local only.
    """

    __tablename__ = "approval_uses"
    approval_id: Mapped[str] = mapped_column(ForeignKey("approvals.id"), primary_key=True)
    document_id: Mapped[str] = mapped_column(String(36))
    worker_id: Mapped[str] = mapped_column(ForeignKey("workers.id"))
    used_at: Mapped[datetime]


class AuditEvent(Base):
    """Who did what and when. Append-only."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_created", "created_at"),)
    id: Mapped[str] = id_column()
    business_id: Mapped[str] = mapped_column(String(36))
    outlet_id: Mapped[str | None] = mapped_column(String(36))
    worker_id: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(36))
    detail_json: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime]
