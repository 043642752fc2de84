"""Udhaar: customers, credit entries, customer payments and their allocations.

A customer's balance is Σ credit_entries.amount_paisa (positive = the customer owes
more), never a stored number. `sale_id` on entries and allocations is deliberately
not a foreign key: a credit sale made at another outlet is known here only through
its entry, pulled from the server.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, id_column

CREDIT_KINDS = ("sale", "payment", "return", "writeoff", "adjustment")


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (
        Index("ix_customers_phone", "phone"),
        Index("ix_customers_name", "name"),
        CheckConstraint("credit_limit_paisa IS NULL OR credit_limit_paisa >= 0", name="limit_nonneg"),
    )
    id: Mapped[str] = id_column()
    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"))
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    credit_limit_paisa: Mapped[int | None] = mapped_column(Integer)  # None: no limit set
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CreditEntry(Base):
    __tablename__ = "credit_entries"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('sale', 'payment', 'return', 'writeoff', 'adjustment')", name="kind"
        ),
        CheckConstraint(
            "(kind = 'sale' AND amount_paisa > 0) OR "
            "(kind IN ('payment', 'return', 'writeoff') AND amount_paisa < 0) OR "
            "(kind = 'adjustment' AND amount_paisa <> 0)",
            name="sign",
        ),
        Index("ix_credit_entries_customer", "customer_id", "created_at", "amount_paisa"),
        Index("ix_credit_entries_sale", "sale_id"),
    )
    id: Mapped[str] = id_column()
    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"))
    outlet_id: Mapped[str] = mapped_column(String(36))
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"))
    kind: Mapped[str] = mapped_column(String(12))
    amount_paisa: Mapped[int] = mapped_column(Integer)
    sale_id: Mapped[str | None] = mapped_column(String(36))      # kind sale / return
    payment_id: Mapped[str | None] = mapped_column(String(36))   # kind payment
    reference: Mapped[str] = mapped_column(String(80), default="")  # receipt no, for people
    reason: Mapped[str] = mapped_column(Text, default="")
    worker_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime]


class CustomerPayment(Base):
    __tablename__ = "customer_payments"
    __table_args__ = (
        CheckConstraint("amount_paisa > 0", name="amount_positive"),
        CheckConstraint(
            "method IN ('cash', 'card', 'jazzcash', 'easypaisa', 'raast', 'bank')", name="method"
        ),
        Index("ix_customer_payments_created", "created_at"),
    )
    id: Mapped[str] = id_column()
    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"))
    outlet_id: Mapped[str] = mapped_column(String(36))
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    shift_id: Mapped[str | None] = mapped_column(String(36), index=True)
    amount_paisa: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(12))
    reference: Mapped[str] = mapped_column(String(80), default="")
    worker_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime]


class CreditAllocation(Base):
    """Part of a payment, return or write-off entry applied to one credit sale."""

    __tablename__ = "credit_allocations"
    __table_args__ = (
        CheckConstraint("amount_paisa > 0", name="amount_positive"),
        Index("ix_credit_allocations_sale", "sale_id", "amount_paisa"),
    )
    id: Mapped[str] = id_column()
    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"))
    entry_id: Mapped[str] = mapped_column(ForeignKey("credit_entries.id"), index=True)
    sale_id: Mapped[str] = mapped_column(String(36))
    amount_paisa: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
