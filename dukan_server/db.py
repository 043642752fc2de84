"""Connection pool and tenant transactions.

Every request runs in exactly one transaction that starts by setting the tenant with
`set_config(…, true)`: transaction-local, so when the connection goes back to the
pool nothing of this tenant remains on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from psycopg import Connection
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from .errors import ApiError

NIL_BUSINESS = "00000000-0000-0000-0000-000000000000"

_SET_CONTEXT = (
    "SELECT set_config('app.business_id', %s, true), set_config('app.outlet_id', %s, true),"
    " set_config('app.role', %s, true), set_config('app.device_kind', %s, true)"
)


def open_pool(url: str, min_size: int = 2, max_size: int = 10) -> ConnectionPool:
    pool = ConnectionPool(
        url, min_size=min_size, max_size=max_size, open=False, timeout=10,
        kwargs={"row_factory": dict_row, "autocommit": False, "prepare_threshold": 2},
    )
    pool.open(wait=True, timeout=30)
    return pool


@contextmanager
def tenant_tx(pool: ConnectionPool, business_id: str | None, role: str,
              outlet_id: str | None = None) -> Iterator[Connection]:
    """One transaction with the tenant context set; committed on success."""
    with pool.connection() as conn:
        with conn.transaction():
            set_context(conn, business_id, role, outlet_id)
            yield conn


def set_context(conn: Connection, business_id: str | None, role: str,
                outlet_id: str | None = None, device_kind: str | None = None) -> None:
    """`device_kind` matters for role 'device' only; unset means counter (migration 0006)."""
    conn.execute(_SET_CONTEXT, (business_id or "", outlet_id or "", role, device_kind or ""))


def lock_business(conn: Connection, business_id: str) -> None:
    """Serialise plan-limited registrations (outlets, devices) of one business."""
    conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 42))", (business_id,))


# A subscription in one of these states cannot grow the business (new outlets or
# devices). It never stops pushes: sales keep flowing whatever the plan says.
INACTIVE_STATUSES = ("expired", "cancelled")
_PLAN_STATE = ("SELECT status, (status = 'trial' AND valid_until IS NOT NULL"
               " AND valid_until < now()) AS trial_over"
               " FROM subscriptions WHERE business_id = %s")


def plan_inactive_reason(conn: Connection, business_id: str) -> str | None:
    """Why the plan cannot add outlets or devices now, or None if it can."""
    row = conn.execute(_PLAN_STATE, (business_id,)).fetchone()
    if row is None:
        return None
    status, trial_over = (row["status"], row["trial_over"]) if isinstance(row, dict) else row
    if status in INACTIVE_STATUSES:
        return f"the subscription is {status}"
    if trial_over:
        return "the trial has ended"
    return None


def check_plan_active(conn: Connection, business_id: str, action: str) -> None:
    reason = plan_inactive_reason(conn, business_id)
    if reason:
        raise ApiError(402, "subscription_inactive",
                       f"{reason}: renew the plan to {action}; sales still sync")
