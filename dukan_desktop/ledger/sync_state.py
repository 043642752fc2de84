"""What sync keeps besides the outbox: the server's stock levels and engine state.

Stock levels of other outlets (and of other devices at this outlet) are known only
through the server: kept here as the server's snapshot, never mixed into this PC's
own movements. Engine state (last successful sync, clock skew, the server's view of
this device) lives in its own key/value table because the sync engine runs on its
own connection and must not go through the UI's settings cache.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class ServerStockLevel(Base):
    __tablename__ = "server_stock_levels"
    __table_args__ = (Index("ix_server_stock_levels_outlet_product", "outlet_id", "product_id"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    outlet_id: Mapped[str] = mapped_column(String(36))
    product_id: Mapped[str] = mapped_column(String(36))
    qty_milli: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime]


class SyncState(Base):
    __tablename__ = "sync_state"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]
