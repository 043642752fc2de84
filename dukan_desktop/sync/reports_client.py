"""The server's owner reports (/v1/reports/*) for the dashboard across all outlets.

Qt-free. The endpoints need an owner access token (a device credential cannot read
reports), so everything here takes an `OwnerSession` from `connect.sign_in`; the
caller keeps that session in memory only. Money is int paisa throughout.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..core.clock import to_local
from ..services import reports
from ..services.dashboard import Dashboard
from .client import AuthError
from .connect import OwnerSession


@dataclass(frozen=True, slots=True)
class OutletDaySales:
    day: date
    outlet_id: str
    outlet_code: str
    sales_count: int
    total_paisa: int
    returns_paisa: int
    net_paisa: int


@dataclass(frozen=True, slots=True)
class ProductSales:
    product_id: str
    name_en: str
    qty_milli: int
    revenue_paisa: int


@dataclass(frozen=True, slots=True)
class PaymentMixRow:
    source: str        # "sale" or "credit_payment"
    method: str
    count: int
    amount_paisa: int


@dataclass(frozen=True, slots=True)
class CustomerBalance:
    customer_id: str
    name: str
    balance_paisa: int


@dataclass(frozen=True, slots=True)
class ServerReports:
    date_from: date
    date_to: date
    as_of: datetime                      # local time the reports were fetched
    sales_daily: tuple[OutletDaySales, ...]
    top_products: tuple[ProductSales, ...]
    payment_mix: tuple[PaymentMixRow, ...]
    credit: tuple[CustomerBalance, ...]

    def sales_by_outlet(self) -> dict[str, int]:
        """Sales total (before returns) per outlet code over the whole range."""
        out: dict[str, int] = defaultdict(int)
        for row in self.sales_daily:
            out[row.outlet_code] += row.total_paisa
        return dict(out)


def _get(session: OwnerSession, path: str, params: dict[str, Any]) -> Any:
    """GET with the owner's access token, refreshed once if it expired."""
    client = session.client
    try:
        return client.request("GET", path, bearer=session.tokens["access_token"], params=params)
    except AuthError as exc:
        if exc.code != "token_expired":
            raise
        session.tokens = client.refresh(session.tokens["refresh_token"])
        return client.request("GET", path, bearer=session.tokens["access_token"], params=params)


def _int(value: Any) -> int:
    return int(value or 0)


def fetch_reports(session: OwnerSession, date_from: date, date_to: date, *,
                  top_limit: int = 8) -> ServerReports:
    """Sales per day and outlet, top products, payment mix and udhaar, all outlets."""
    span = {"from": date_from.isoformat(), "to": date_to.isoformat()}
    daily = _get(session, "/v1/reports/sales-daily", span)
    top = _get(session, "/v1/reports/top-products", span | {"limit": top_limit})
    mix = _get(session, "/v1/reports/payment-mix", span)
    credit = _get(session, "/v1/reports/credit-outstanding", {"as_of": date_to.isoformat()})
    return ServerReports(
        date_from, date_to, to_local(datetime.now(UTC)),
        tuple(OutletDaySales(date.fromisoformat(str(r["day"])), str(r["outlet_id"]),
                             r.get("outlet_code") or "", _int(r.get("sales_count")),
                             _int(r.get("total_paisa")), _int(r.get("returns_paisa")),
                             _int(r.get("net_paisa"))) for r in daily),
        tuple(ProductSales(str(r["product_id"]), r.get("name_en") or "",
                           _int(r.get("qty_milli")), _int(r.get("revenue_paisa"))) for r in top),
        tuple(PaymentMixRow(r.get("source") or "", r.get("method") or "", _int(r.get("count")),
                            _int(r.get("amount_paisa"))) for r in mix),
        tuple(CustomerBalance(str(r["customer_id"]), r.get("name") or "",
                              _int(r.get("balance_paisa"))) for r in credit))


def to_dashboard(rep: ServerReports, today: date) -> Dashboard:
    """The dashboard's structure over every outlet (outlet name/code left blank)."""
    days = (rep.date_to - rep.date_from).days + 1
    per_day: dict[date, int] = defaultdict(int)
    today_total = today_count = 0
    for row in rep.sales_daily:
        per_day[row.day] += row.total_paisa
        if row.day == today:
            today_total += row.total_paisa
            today_count += row.sales_count
    trend = tuple((rep.date_from + timedelta(days=i), per_day.get(rep.date_from + timedelta(days=i), 0))
                  for i in range(days))
    mix: dict[str, int] = defaultdict(int)
    for m in rep.payment_mix:
        if m.source == "sale":
            mix[m.method] += m.amount_paisa
    top = tuple(reports.TopProduct(p.product_id, p.name_en, "", p.qty_milli, p.revenue_paisa, 0)
                for p in rep.top_products)
    owing = [c.balance_paisa for c in rep.credit if c.balance_paisa > 0]
    return Dashboard("", "", today, today_total, today_count, trend,
                     tuple(sorted(mix.items(), key=lambda kv: -kv[1])), top,
                     sum(owing), len(owing))


@dataclass(frozen=True, slots=True)
class ServerDashboard:
    data: Dashboard
    as_of: datetime
    outlets: int


def fetch_dashboard(session: OwnerSession, today: date, *, days: int = 30) -> ServerDashboard:
    rep = fetch_reports(session, today - timedelta(days=days - 1), today)
    return ServerDashboard(to_dashboard(rep, today), rep.as_of,
                           len({r.outlet_id for r in rep.sales_daily}))
