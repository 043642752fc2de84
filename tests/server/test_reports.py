"""Owner reports over real pushed data, isolated per business."""

from __future__ import annotations

from dukan_server import testing_records as tr


def test_reports_cover_pushed_documents(http, tenant, make_tenant):
    outlet, dev = tenant.outlets[0]["id"], tenant.devices[0]["device_id"]
    product_id, customer_id = tr.new_id(), tr.new_id()
    records = tr.upserts(outlet, product_id, customer_id) + tr.every_document(
        outlet, dev, product_id, customer_id)
    response = http.post("/v1/sync/push", json=tr.batch(dev, records), headers=tenant.device())
    assert {r["status"] for r in response.json()["results"]} == {"created"}
    h = tenant.owner()

    daily = http.get("/v1/reports/sales-daily", headers=h).json()
    assert len(daily) == 1 and daily[0]["total_paisa"] == 10000
    assert daily[0]["returns_paisa"] == 5000 and daily[0]["net_paisa"] == 5000

    top = http.get("/v1/reports/top-products", headers=h).json()
    assert top[0]["product_id"] == product_id and top[0]["qty_milli"] == 2000

    mix = {(m["source"], m["method"]): m["amount_paisa"]
           for m in http.get("/v1/reports/payment-mix", headers=h).json()}
    assert mix == {("sale", "cash"): 6000, ("sale", "credit"): 4000,
                   ("credit_payment", "cash"): 1000}

    credit = http.get("/v1/reports/credit-outstanding", headers=h).json()
    # 4000 sale − 5000 return − 1000 payment − 100 write-off = −2100 (shop owes customer)
    assert credit[0]["customer_id"] == customer_id and credit[0]["balance_paisa"] == -2100
    assert credit[0]["age_0_30_paisa"] == 4000 - 1000 - 500

    cash = http.get("/v1/reports/cash-by-shift", headers=h).json()
    assert cash[0]["cash_sales_paisa"] == 6000 and cash[0]["cash_out_paisa"] == 2000
    assert cash[0]["expected_cash_paisa"] == 50000 + 6000 - 2000  # payment had no shift

    stranger = make_tenant(1)
    for path in ("sales-daily", "top-products", "payment-mix", "credit-outstanding",
                 "cash-by-shift"):
        assert http.get(f"/v1/reports/{path}", headers=stranger.owner()).json() == []
    bad = http.get("/v1/reports/sales-daily", params={"from": "2025-02-01", "to": "2025-01-01"},
                   headers=h)
    assert bad.status_code == 400
