"""Stock movements per outlet. Levels are derived (Σ qty), never stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, id_column

MOVEMENT_KINDS = ("sale", "return", "receive", "adjust", "transfer_out", "transfer_in")


class StockMovement(Base):
    __tablename__ = "stock_movements"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('sale', 'return', 'receive', 'adjust', 'transfer_out', 'transfer_in')",
            name="kind",
        ),
        CheckConstraint("qty_milli <> 0", name="qty_nonzero"),
        Index("ix_stock_movements_level", "outlet_id", "product_id", "qty_milli"),
        Index("ix_stock_movements_ref", "ref_id"),
    )
    id: Mapped[str] = id_column()
    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"))
    outlet_id: Mapped[str] = mapped_column(ForeignKey("outlets.id"))
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"))
    kind: Mapped[str] = mapped_column(String(14))
    qty_milli: Mapped[int] = mapped_column(Integer)  # + in, − out
    unit_cost_paisa: Mapped[int | None] = mapped_column(Integer)
    ref_id: Mapped[str | None] = mapped_column(String(36))  # sale, return or transfer id
    supplier_id: Mapped[str | None] = mapped_column(ForeignKey("suppliers.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    worker_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime]
