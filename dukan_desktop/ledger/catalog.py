"""Catalog: suppliers, products and their barcodes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, id_column


class Supplier(Base):
    __tablename__ = "suppliers"
    id: Mapped[str] = id_column()
    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"))
    name: Mapped[str] = mapped_column(String(200))
    contact_person: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    payment_terms_days: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("price_paisa >= 0", name="price_nonneg"),
        CheckConstraint("cost_paisa >= 0", name="cost_nonneg"),
        CheckConstraint("tax_rate_bp BETWEEN 0 AND 10000", name="tax_rate"),
        CheckConstraint("tax_mode IN ('inclusive', 'exclusive', 'exempt')", name="tax_mode"),
        Index("uq_products_business_sku", "business_id", "sku", unique=True),
        Index("ix_products_name_en", "name_en"),
    )
    id: Mapped[str] = id_column()
    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"))
    sku: Mapped[str | None] = mapped_column(String(40))
    name_en: Mapped[str] = mapped_column(String(200))
    name_ur: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(10), default="pc")
    price_paisa: Mapped[int] = mapped_column(Integer)
    cost_paisa: Mapped[int] = mapped_column(Integer, default=0)
    tax_rate_bp: Mapped[int] = mapped_column(Integer, default=1800)
    tax_mode: Mapped[str] = mapped_column(String(10), default="inclusive")
    supplier_id: Mapped[str | None] = mapped_column(ForeignKey("suppliers.id"), index=True)
    reorder_level_milli: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Barcode(Base):
    __tablename__ = "barcodes"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
