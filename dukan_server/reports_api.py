"""Owner dashboards across outlets: thin endpoints over SQL functions (migration 0003)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request

from .deps import Owner, owner_tx
from .errors import ApiError
from .security import OwnerPrincipal

router = APIRouter(prefix="/v1/reports", tags=["reports"])
KARACHI = ZoneInfo("Asia/Karachi")
MAX_DAYS = 400


def _today() -> date:
    return datetime.now(KARACHI).date()


def _range(date_from: date | None, date_to: date | None) -> tuple[date, date]:
    date_to = date_to or _today()
    date_from = date_from or date_to - timedelta(days=29)
    if date_from > date_to or (date_to - date_from).days > MAX_DAYS:
        raise ApiError(400, "bad_range", f"from must be ≤ to and at most {MAX_DAYS} days apart")
    return date_from, date_to


def _rows(request: Request, owner: OwnerPrincipal, sql: str, args: tuple) -> list[dict[str, Any]]:
    with owner_tx(request, owner) as conn:
        rows = conn.execute(sql, args).fetchall()
    return [{k: (str(v) if k.endswith("_id") and v is not None else v) for k, v in r.items()}
            for r in rows]


@router.get("/sales-daily")
def sales_daily(request: Request, owner: Owner, date_from: Annotated[date | None, Query(alias="from")] = None,
                date_to: Annotated[date | None, Query(alias="to")] = None) -> list[dict]:
    """Sales per shop day per outlet, with returns netted."""
    return _rows(request, owner, "SELECT * FROM report_sales_daily(%s, %s)",
                 _range(date_from, date_to))


@router.get("/top-products")
def top_products(request: Request, owner: Owner, date_from: Annotated[date | None, Query(alias="from")] = None,
                 date_to: Annotated[date | None, Query(alias="to")] = None,
                 limit: Annotated[int, Query(ge=1, le=200)] = 20) -> list[dict]:
    return _rows(request, owner, "SELECT * FROM report_top_products(%s, %s, %s)",
                 (*_range(date_from, date_to), limit))


@router.get("/payment-mix")
def payment_mix(request: Request, owner: Owner, date_from: Annotated[date | None, Query(alias="from")] = None,
                date_to: Annotated[date | None, Query(alias="to")] = None) -> list[dict]:
    return _rows(request, owner, "SELECT * FROM report_payment_mix(%s, %s)",
                 _range(date_from, date_to))


@router.get("/credit-outstanding")
def credit_outstanding(request: Request, owner: Owner, as_of: date | None = None) -> list[dict]:
    """Udhaar per customer across all outlets, with aging of unpaid credit sales."""
    return _rows(request, owner, "SELECT * FROM report_credit_outstanding(%s)",
                 (as_of or _today(),))


@router.get("/cash-by-shift")
def cash_by_shift(request: Request, owner: Owner, date_from: Annotated[date | None, Query(alias="from")] = None,
                  date_to: Annotated[date | None, Query(alias="to")] = None) -> list[dict]:
    """Cash by outlet and shift: float + cash sales − refunds + udhaar payments ± moves."""
    return _rows(request, owner, "SELECT * FROM report_cash_by_shift(%s, %s)",
                 _range(date_from, date_to))
