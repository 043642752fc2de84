"""Every model, imported once so Alembic and the unit of work see the whole schema."""

from .base import Base
from .catalog import Barcode, Product, Supplier
from .credit import CreditAllocation, CreditEntry, Customer, CustomerPayment
from .org import (
    Approval,
    AuditEvent,
    Business,
    Device,
    LoginState,
    Outlet,
    Setting,
    SubscriptionState,
    Worker,
)
from .outbox import OutboxRecord, SyncCheckpoint
from .sales import HeldBill, Return, ReturnLine, ReturnRefund, Sale, SaleLine, SaleTender
from .shifts import CashMovement, Shift, ShiftClose
from .stock import StockMovement
from .sync_state import ServerStockLevel, SyncState

__all__ = [
    "Approval", "AuditEvent", "Barcode", "Base", "Business", "CashMovement", "CreditAllocation",
    "CreditEntry", "Customer", "CustomerPayment", "Device", "HeldBill", "LoginState",
    "OutboxRecord", "Outlet", "Product", "Return", "ReturnLine", "ReturnRefund", "Sale",
    "SaleLine", "SaleTender", "ServerStockLevel", "Setting", "Shift", "ShiftClose", "StockMovement",
    "SubscriptionState", "Supplier", "SyncCheckpoint", "SyncState", "Worker",
]
