"""The permission matrix: the one place that says who may do what.

Services call `require(actor, action, outlet_id=...)`; hiding a button is not
enforcement. Some actions above a cashier's rights may be approved on the spot by
an owner's PIN (`APPROVABLE`): `require` then raises ApprovalRequired. An approval is
a row in the ledger, bound to what was approved, short-lived and used once; only
`services.approvals` can tell a real one, so nothing here accepts one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .errors import ApprovalRequired, PermissionDenied
from .i18n import QT_TRANSLATE_NOOP


class Role(StrEnum):
    OWNER = "owner"
    CASHIER = "cashier"


class Action(StrEnum):
    # counter
    SELL = "sell"
    TAKE_CREDIT_PAYMENT = "take_credit_payment"
    VIEW_PRODUCTS = "view_products"
    MANAGE_OWN_SHIFT = "manage_own_shift"
    HOLD_BILL = "hold_bill"
    VIEW_CUSTOMERS = "view_customers"
    ADD_CUSTOMER = "add_customer"
    # approvable at the counter
    RETURN = "return"
    VOID = "void"
    PRICE_OVERRIDE = "price_override"
    DISCOUNT_ABOVE_LIMIT = "discount_above_limit"
    OVER_CREDIT_LIMIT = "over_credit_limit"
    # owner only
    VIEW_COST = "view_cost"
    MANAGE_CATALOG = "manage_catalog"
    MANAGE_STOCK = "manage_stock"
    MANAGE_SUPPLIERS = "manage_suppliers"
    MANAGE_CUSTOMERS = "manage_customers"
    SETTLE_CREDIT = "settle_credit"
    WRITE_OFF_CREDIT = "write_off_credit"
    ADJUST_CREDIT = "adjust_credit"
    MANAGE_WORKERS = "manage_workers"
    MANAGE_OUTLETS = "manage_outlets"
    VIEW_REPORTS = "view_reports"
    MANAGE_SETTINGS = "manage_settings"
    BACKUP_RESTORE = "backup_restore"
    APPROVE = "approve"


CASHIER_ALLOWED = frozenset({
    Action.SELL, Action.TAKE_CREDIT_PAYMENT, Action.VIEW_PRODUCTS,
    Action.MANAGE_OWN_SHIFT, Action.HOLD_BILL, Action.VIEW_CUSTOMERS, Action.ADD_CUSTOMER,
})
APPROVABLE = frozenset({
    Action.RETURN, Action.VOID, Action.PRICE_OVERRIDE,
    Action.DISCOUNT_ABOVE_LIMIT, Action.OVER_CREDIT_LIMIT,
})
OWNER_ONLY = frozenset(Action) - CASHIER_ALLOWED - APPROVABLE


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: a logged-in worker, at the outlet this device serves."""

    worker_id: str
    role: Role
    outlet_id: str | None  # a cashier's assigned outlet; None for an owner (all outlets)
    name: str = ""

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


@dataclass(frozen=True, slots=True)
class Approval:
    """A handle on an owner's PIN approval (`services.workers.approve`).

    Only `approval_id` counts: services look the approval up in the ledger and check
    who asked, for what, when, and that it was not used before. A made-up handle is
    worth nothing.
    """

    approver_id: str
    action: Action
    approval_id: str
    subject: str = ""


def allowed(role: Role, action: Action) -> bool:
    return role == Role.OWNER or action in CASHIER_ALLOWED


def needs_approval(actor: Actor, action: Action) -> bool:
    """True when `actor` may do `action` only with an owner's approval."""
    return action in APPROVABLE and not allowed(actor.role, action)


def require_outlet(actor: Actor, outlet_id: str | None) -> None:
    """A cashier works at their own outlet only; an owner anywhere."""
    if outlet_id is not None and actor.role != Role.OWNER and actor.outlet_id != outlet_id:
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("errors", "You can only work at your own outlet.")
        )


def require(actor: Actor, action: Action, *, outlet_id: str | None = None) -> None:
    """Raise unless `actor` may do `action` at `outlet_id`.

    An approvable action raises ApprovalRequired for a cashier: a service that accepts
    approvals checks them with `services.approvals.use_approval` instead.
    """
    require_outlet(actor, outlet_id)
    if allowed(actor.role, action):
        return
    if action in APPROVABLE:
        raise ApprovalRequired(action=action.value)
    raise PermissionDenied(
        QT_TRANSLATE_NOOP("errors", "Only the owner can do this.")
    )
