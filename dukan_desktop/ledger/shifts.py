"""Shifts: opened with a float, cash in/out during, closed with a count."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, id_column


class Shift(Base):
    __tablename__ = "shifts"
    __table_args__ = (CheckConstraint("opening_float_paisa >= 0", name="float_nonneg"),)
    id: Mapped[str] = id_column()
    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"))
    outlet_id: Mapped[str] = mapped_column(ForeignKey("outlets.id"))
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    worker_id: Mapped[str] = mapped_column(ForeignKey("workers.id"))
    opening_float_paisa: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[datetime]


class ShiftClose(Base):
    """Closing a shift is its own record: the shift row is never edited."""

    __tablename__ = "shift_closes"
    id: Mapped[str] = id_column()
    shift_id: Mapped[str] = mapped_column(ForeignKey("shifts.id"), unique=True)
    closed_by: Mapped[str] = mapped_column(ForeignKey("workers.id"))
    expected_cash_paisa: Mapped[int] = mapped_column(Integer)
    counted_cash_paisa: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime]


class CashMovement(Base):
    __tablename__ = "cash_movements"
    __table_args__ = (
        CheckConstraint("kind IN ('in', 'out')", name="kind"),
        CheckConstraint("amount_paisa > 0", name="amount_positive"),
    )
    id: Mapped[str] = id_column()
    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"))
    outlet_id: Mapped[str] = mapped_column(ForeignKey("outlets.id"))
    shift_id: Mapped[str] = mapped_column(ForeignKey("shifts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(4))
    amount_paisa: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    worker_id: Mapped[str] = mapped_column(ForeignKey("workers.id"))
    created_at: Mapped[datetime]
