"""Sales, their lines and tenders; returns (and voids) with their refunds; held bills.

Append-only: a sale is never edited. A mistake is corrected by a return (a void is a
full return). Child ids are derived from the parent id so a replayed push cannot
double count.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, id_column

TENDER_METHODS = ("cash", "card", "jazzcash", "easypaisa", "raast", "bank", "credit")
_METHOD_CHECK = "method IN ('cash', 'card', 'jazzcash', 'easypaisa', 'raast', 'bank', 'credit')"


class Sale(Base):
    __tablename__ = "sales"
    __table_args__ = (
        UniqueConstraint("receipt_no", name="uq_sales_receipt_no"),
        UniqueConstraint("device_id", "seq", name="uq_sales_device_seq"),
        Index("ix_sales_created", "created_at"),
        Index("ix_sales_customer", "customer_id"),
        Index("ix_sales_shift", "shift_id"),
        CheckConstraint("total_paisa = subtotal_paisa - discount_paisa + round_off_paisa", name="total"),
        CheckConstraint("paid_paisa + credit_paisa = total_paisa", name="paid_plus_credit"),
        CheckConstraint("credit_paisa = 0 OR customer_id IS NOT NULL", name="credit_needs_customer"),
        CheckConstraint("change_paisa >= 0 AND credit_paisa >= 0", name="nonneg"),
    )
    id: Mapped[str] = id_column()
    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"))
    outlet_id: Mapped[str] = mapped_column(ForeignKey("outlets.id"))
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    worker_id: Mapped[str] = mapped_column(ForeignKey("workers.id"))
    shift_id: Mapped[str | None] = mapped_column(ForeignKey("shifts.id"))
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"))
    seq: Mapped[int] = mapped_column(Integer)
    receipt_no: Mapped[str] = mapped_column(String(40))
    subtotal_paisa: Mapped[int] = mapped_column(Integer)
    discount_paisa: Mapped[int] = mapped_column(Integer, default=0)
    tax_paisa: Mapped[int] = mapped_column(Integer)
    round_off_paisa: Mapped[int] = mapped_column(Integer, default=0)
    total_paisa: Mapped[int] = mapped_column(Integer)
    paid_paisa: Mapped[int] = mapped_column(Integer)    # settled now, net of change
    change_paisa: Mapped[int] = mapped_column(Integer, default=0)
    credit_paisa: Mapped[int] = mapped_column(Integer, default=0)  # on udhaar
    approved_by: Mapped[str | None] = mapped_column(ForeignKey("workers.id"))
    flags: Mapped[str] = mapped_column(String(200), default="")  # e.g. "negative_stock,over_credit_limit"
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]

    lines: Mapped[list[SaleLine]] = relationship(order_by="SaleLine.line_no", lazy="raise")
    tenders: Mapped[list[SaleTender]] = relationship(order_by="SaleTender.line_no", lazy="raise")


class SaleLine(Base):
    __tablename__ = "sale_lines"
    __table_args__ = (
        UniqueConstraint("sale_id", "line_no", name="uq_sale_lines_sale_line"),
        Index("ix_sale_lines_product", "product_id"),
        CheckConstraint("qty_milli > 0", name="qty_positive"),
    )
    id: Mapped[str] = id_column()
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"))
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"))
    name_en: Mapped[str] = mapped_column(String(200))
    name_ur: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(10))
    qty_milli: Mapped[int] = mapped_column(Integer)
    unit_price_paisa: Mapped[int] = mapped_column(Integer)
    list_price_paisa: Mapped[int] = mapped_column(Integer)  # catalog price at the time
    cost_paisa: Mapped[int] = mapped_column(Integer, default=0)
    discount_paisa: Mapped[int] = mapped_column(Integer, default=0)
    bill_discount_paisa: Mapped[int] = mapped_column(Integer, default=0)
    total_paisa: Mapped[int] = mapped_column(Integer)  # before the bill discount, incl. GST
    tax_rate_bp: Mapped[int] = mapped_column(Integer)
    tax_mode: Mapped[str] = mapped_column(String(10))
    tax_paisa: Mapped[int] = mapped_column(Integer)
    barcode: Mapped[str | None] = mapped_column(String(32))


class SaleTender(Base):
    __tablename__ = "sale_tenders"
    __table_args__ = (
        CheckConstraint(_METHOD_CHECK, name="method"),
        CheckConstraint("amount_paisa > 0 AND tendered_paisa >= amount_paisa", name="amounts"),
    )
    id: Mapped[str] = id_column()
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(12))
    amount_paisa: Mapped[int] = mapped_column(Integer)    # applied to the bill
    tendered_paisa: Mapped[int] = mapped_column(Integer)  # handed over (cash: incl. change)
    reference: Mapped[str] = mapped_column(String(80), default="")


class Return(Base):
    """A return against a sale, partial or full. kind='void' is a full return."""

    __tablename__ = "returns"
    __table_args__ = (
        CheckConstraint("kind IN ('return', 'void')", name="kind"),
        UniqueConstraint("receipt_no", name="uq_returns_receipt_no"),
        Index("ix_returns_created", "created_at"),
    )
    id: Mapped[str] = id_column()
    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"))
    outlet_id: Mapped[str] = mapped_column(ForeignKey("outlets.id"))
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), index=True)
    worker_id: Mapped[str] = mapped_column(ForeignKey("workers.id"))
    shift_id: Mapped[str | None] = mapped_column(ForeignKey("shifts.id"))
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"))
    approved_by: Mapped[str | None] = mapped_column(ForeignKey("workers.id"))
    kind: Mapped[str] = mapped_column(String(10), default="return")
    receipt_no: Mapped[str] = mapped_column(String(40))
    total_paisa: Mapped[int] = mapped_column(Integer)  # refunded in all
    tax_paisa: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]

    lines: Mapped[list[ReturnLine]] = relationship(order_by="ReturnLine.line_no", lazy="raise")
    refunds: Mapped[list[ReturnRefund]] = relationship(order_by="ReturnRefund.line_no", lazy="raise")


class ReturnLine(Base):
    __tablename__ = "return_lines"
    __table_args__ = (CheckConstraint("qty_milli > 0", name="qty_positive"),)
    id: Mapped[str] = id_column()
    return_id: Mapped[str] = mapped_column(ForeignKey("returns.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    sale_line_id: Mapped[str] = mapped_column(ForeignKey("sale_lines.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"))
    qty_milli: Mapped[int] = mapped_column(Integer)
    amount_paisa: Mapped[int] = mapped_column(Integer)
    tax_paisa: Mapped[int] = mapped_column(Integer)


class ReturnRefund(Base):
    """How a return was paid back: cash from the drawer, or off the customer's udhaar."""

    __tablename__ = "return_refunds"
    __table_args__ = (
        CheckConstraint(_METHOD_CHECK, name="method"),
        CheckConstraint("amount_paisa > 0", name="amount_positive"),
    )
    id: Mapped[str] = id_column()
    return_id: Mapped[str] = mapped_column(ForeignKey("returns.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(12))
    amount_paisa: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(80), default="")


class HeldBill(Base):
    """A parked cart. Scratch data on this PC: deleted when recalled, never synced."""

    __tablename__ = "held_bills"
    id: Mapped[str] = id_column()
    outlet_id: Mapped[str] = mapped_column(ForeignKey("outlets.id"))
    worker_id: Mapped[str] = mapped_column(ForeignKey("workers.id"))
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"))
    label: Mapped[str] = mapped_column(String(100), default="")
    cart_json: Mapped[str] = mapped_column(Text)
    total_paisa: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
