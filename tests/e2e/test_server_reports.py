"""The desktop's reports client against a real server: sales of two outlets, pushed by
their own devices, come back per outlet from /v1/reports/* with an owner session."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx

from dukan_desktop.core.clock import SHOP_TZ
from dukan_desktop.sync import connect, reports_client
from dukan_server import testing
from dukan_server import testing_records as tr


def _push(server_url: str, device: dict, outlet_id: str, sales: list[int]) -> None:
    records = [tr.record("sale", tr.sale(outlet_id, device["device_id"], seq=i + 1,
                                         products=[(tr.new_id(), 1000, price)]))
               for i, price in enumerate(sales)]
    response = httpx.post(server_url + "/v1/sync/push", json=tr.batch(device["device_id"], records),
                          headers={"Authorization": f"Bearer {device['device_token']}"}, timeout=30)
    response.raise_for_status()
    assert {r["status"] for r in response.json()["results"]} == {"created"}


def test_reports_client_totals_per_outlet(server):
    owner = testing.create_business_with_owner(server.url)
    token = owner["access_token"]
    north = testing.create_outlet(server.url, token, code="NOR")
    south = testing.create_outlet(server.url, token, code="SOU")
    _push(server.url, testing.register_device(server.url, token, north["id"]), north["id"],
          [10_000, 25_050])
    _push(server.url, testing.register_device(server.url, token, south["id"]), south["id"],
          [7_500])

    session = connect.sign_in(server.url, owner["email"], owner["password"])
    try:
        today = datetime.now(SHOP_TZ).date()
        rep = reports_client.fetch_reports(session, today - timedelta(days=29), today)
        assert rep.sales_by_outlet() == {"NOR": 35_050, "SOU": 7_500}
        assert all(isinstance(r.total_paisa, int) for r in rep.sales_daily)
        assert sum(r.sales_count for r in rep.sales_daily) == 3

        server_dash = reports_client.fetch_dashboard(session, today)
        assert server_dash.outlets == 2
        assert server_dash.data.today_sales_paisa == 42_550
        assert server_dash.data.today_sales_count == 3
        assert dict(server_dash.data.payment_mix) == {"cash": 42_550}
        assert server_dash.data.trend[-1] == (today, 42_550)
    finally:
        session.client.close()
