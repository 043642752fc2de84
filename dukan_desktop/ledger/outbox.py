"""What this PC must tell the server (outbox) and how far it has read (checkpoints)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class OutboxRecord(Base):
    """One record to push. Written in the same transaction as the record it carries."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'synced', 'failed')", name="status"),
        Index("ix_outbox_status_seq", "status", "seq"),
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(String(36))
    record_type: Mapped[str] = mapped_column(String(30))
    tx_id: Mapped[str] = mapped_column(String(36))  # records of one local transaction travel together
    data_json: Mapped[str] = mapped_column(Text)
    payload_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    synced_at: Mapped[datetime | None]


class SyncCheckpoint(Base):
    __tablename__ = "sync_checkpoints"
    collection: Mapped[str] = mapped_column(String(40), primary_key=True)
    checkpoint: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]
