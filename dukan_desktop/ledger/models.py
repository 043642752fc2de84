"""Every model, imported once so Alembic and the unit of work see the whole schema."""

from .base import Base
from .catalog import Barcode, Product, Supplier
from .credit import CreditAllocation, CreditEntry, Customer, CustomerPayment
from .org import (
    Approval,
    ApprovalUse,
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

# Documents the ledger's own triggers keep append-only (created by the migrations;
# `dukan check` reports any that went missing).
APPEND_ONLY_TABLES = (
    "sales", "sale_lines", "sale_tenders", "returns", "return_lines", "return_refunds",
    "credit_entries", "customer_payments", "credit_allocations", "stock_movements",
    "shifts", "shift_closes", "cash_movements", "audit_events", "approvals", "approval_uses",
)

__all__ = [
    "APPEND_ONLY_TABLES", "Approval", "ApprovalUse", "AuditEvent", "Barcode", "Base", "Business", "CashMovement", "CreditAllocation",
    "CreditEntry", "Customer", "CustomerPayment", "Device", "HeldBill", "LoginState",
    "OutboxRecord", "Outlet", "Product", "Return", "ReturnLine", "ReturnRefund", "Sale",
    "SaleLine", "SaleTender", "ServerStockLevel", "Setting", "Shift", "ShiftClose", "StockMovement",
    "SubscriptionState", "Supplier", "SyncCheckpoint", "SyncState", "Worker",
]
