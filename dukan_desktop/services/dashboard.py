"""The owner's dashboard over this PC's ledger: today, a 30-day trend, payment mix,
top products and udhaar outstanding. Plain numbers; the screen draws the charts.

The cross-outlet dashboard comes from the server's /v1/reports/*, mapped to the same
`Dashboard` by sync/reports_client.py; the screen labels which one it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from ..core.clock import to_local
from ..core.permissions import Action, Actor, require
from ..ledger.models import CreditEntry
from ..ledger.uow import UnitOfWork
from . import reports, shop


@dataclass(frozen=True, slots=True)
class Dashboard:
    outlet_name: str
    outlet_code: str
    today: date
    today_sales_paisa: int
    today_sales_count: int
    trend: tuple[tuple[date, int], ...]          # 30 local days, oldest first, zeros filled
    payment_mix: tuple[tuple[str, int], ...]     # last 30 days, largest first
    top_products: tuple[reports.TopProduct, ...]  # last 30 days by revenue
    credit_outstanding_paisa: int
    customers_owing: int


def local_dashboard(uow: UnitOfWork, actor: Actor, today: date | None = None,
                    *, days: int = 30) -> Dashboard:
    require(actor, Action.VIEW_REPORTS)
    today = today or to_local(uow.now()).date()
    start = today - timedelta(days=days - 1)
    by_day = {r.key: r for r in reports.sales_by(uow, actor, start, today, by="day")}
    trend = tuple((start + timedelta(days=i),
                   by_day[str(start + timedelta(days=i))].total_paisa
                   if str(start + timedelta(days=i)) in by_day else 0) for i in range(days))
    today_row = by_day.get(str(today))
    mix = sorted(reports.payment_mix(uow, actor, start, today).items(), key=lambda kv: -kv[1])
    top = reports.top_products(uow, actor, start, today, limit=8)
    per_customer = (select(func.sum(CreditEntry.amount_paisa).label("bal"))
                    .group_by(CreditEntry.customer_id).subquery())
    owing = uow.session.execute(
        select(func.count(), func.coalesce(func.sum(per_customer.c.bal), 0))
        .where(per_customer.c.bal > 0)).one()
    ctx = shop.context(uow)
    return Dashboard(ctx.outlet_name, ctx.outlet_code, today,
                     today_row.total_paisa if today_row else 0,
                     today_row.sales_count if today_row else 0, trend, tuple(mix), tuple(top),
                     int(owing[1]), int(owing[0]))
