"""Reports: labelled with where the figures come from; across outlets from the server's
reports once signed in; words, days and quantities as people read them."""

from datetime import datetime, timedelta

from dukan_desktop.core.clock import SHOP_TZ, to_local
from dukan_desktop.services import settings, shifts, shop
from dukan_desktop.sync import connect, reports_client
from dukan_desktop.sync.client import Offline
from dukan_desktop.ui.backoffice.reports import ReportsPage
from dukan_desktop.ui.display import plain


def _kind(page, key):
    page.kind.setCurrentIndex(page.kind.findData(key))


def _cells(page):
    return [[plain(c) for c in r[0]] for r in page.model.rows]


def test_local_reports_say_this_pc_only_and_offer_no_outlet_choice(qtbot, ctx, busy_shop):
    with busy_shop.uow() as uow:
        shop.create_outlet(uow, busy_shop.owner, name="Model Town", code="MTN")
        uow.commit()
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    for key in ("sales_day", "sales_outlet", "sales_worker", "payment_mix", "top_products"):
        _kind(page, key)
        assert plain(page.source.text()).startswith("This PC's sales only (outlet Gulberg, GUL)"), key
        assert page.outlet.isHidden(), key  # no "All outlets" that would show one outlet
        assert page.sign_in_button.isHidden()  # not connected to a server
    _kind(page, "sales_outlet")
    assert [r[0] for r in _cells(page)] == ["Gulberg (GUL)"]
    _kind(page, "stock_value")
    assert "this PC's outlet" in page.source.text() and page.model.rowCount() == 1
    _kind(page, "sales_day")
    day = to_local(busy_shop.clock.now()).date()
    assert _cells(page)[0][0] == f"{day:%d/%m/%Y}"  # a shop day, not 2026-11-03
    _kind(page, "payment_mix")
    assert {r[0] for r in _cells(page)} == {"Cash", "Credit (udhaar)"}  # names, not codes
    _kind(page, "top_products")
    rice = next(r for r in _cells(page) if r[0] == "Basmati Rice")
    assert rice[1] == "1.5 kg"  # with its unit


def _server_reports(today, outlets):
    (a, a_code), (b, b_code) = outlets
    return reports_client.ServerReports(
        today - timedelta(days=29), today, datetime(2026, 1, 2, 14, 5, tzinfo=SHOP_TZ),
        (reports_client.OutletDaySales(today, a, a_code, 4, 90_000, 1_000, 89_000),
         reports_client.OutletDaySales(today, b, b_code, 3, 60_000, 0, 60_000),
         reports_client.OutletDaySales(today - timedelta(days=1), b, b_code, 1, 5_000, 0, 5_000)),
        (reports_client.ProductSales("p-rice", "Basmati Rice", 2500, 95_000),),
        (reports_client.PaymentMixRow("sale", "cash", 7, 140_000),
         reports_client.PaymentMixRow("sale", "jazzcash", 1, 15_000),
         reports_client.PaymentMixRow("credit_payment", "cash", 2, 9_000)),
        ())


def test_signed_in_reports_come_from_the_server(qtbot, ctx, busy_shop):
    with busy_shop.uow() as uow:
        second = shop.create_outlet(uow, busy_shop.owner, name="Model Town", code="MTN")
        settings.put(uow, "server_url", "http://server.invalid")
        uow.commit()
    outlets = ((busy_shop.ctx.outlet_id, "GUL"), (second, "MTN"))
    asked = []

    def fetch(session, start, end):
        asked.append((start, end))
        return _server_reports(end, outlets)

    page = ReportsPage(ctx, fetch=fetch, sign_in=lambda url, ident, pw: object())
    qtbot.addWidget(page)
    page.show()
    assert page.sign_in_button.isVisible()
    job = page.sign_in("owner@example.pk", "secret")
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert ctx.server_session is not None and len(asked) == 1
    assert plain(page.source.text()) == "All outlets (server, as of 14:05)"
    assert not page.outlet.isHidden() and page.sign_in_button.isHidden()
    assert [r[1:3] for r in _cells(page)] == [["1", "Rs 50.00"], ["7", "Rs 1,500.00"]]
    page.outlet.setCurrentIndex(page.outlet.findData(second))
    assert [r[1] for r in _cells(page)] == ["1", "3"] and "Model Town" in page.source.text()
    _kind(page, "sales_outlet")
    assert page.outlet.isHidden()
    assert sorted(r[0] for r in _cells(page)) == ["Gulberg (GUL)", "Model Town (MTN)"]
    _kind(page, "payment_mix")
    assert [r[:3] for r in _cells(page)] == [["Cash", "7", "Rs 1,400.00"], ["JazzCash", "1", "Rs 150.00"]]
    _kind(page, "sales_worker")  # the server has no such report: this PC's, and it says so
    assert plain(page.source.text()).startswith("This PC's sales only")
    assert len(asked) == 1  # one fetch served every server report for these dates


def test_server_unreachable_falls_back_to_local_labelled(qtbot, ctx, busy_shop):
    with busy_shop.uow() as uow:
        settings.put(uow, "server_url", "http://server.invalid")
        uow.commit()

    def fetch(session, start, end):
        raise Offline("no route")

    page = ReportsPage(ctx, fetch=fetch, sign_in=lambda *a: object())
    qtbot.addWidget(page)
    job = page.sign_in("owner@example.pk", "secret")
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert plain(page.source.text()).endswith("— server unreachable")
    assert page.model.rowCount() == 1  # this PC's own day


def test_wrong_password_stays_local(qtbot, ctx, busy_shop):
    with busy_shop.uow() as uow:
        settings.put(uow, "server_url", "http://server.invalid")
        uow.commit()

    def sign_in(*a):
        raise connect.ConnectFailed(reason="wrong identifier or password")

    page = ReportsPage(ctx, fetch=lambda *a: None, sign_in=sign_in)
    qtbot.addWidget(page)
    job = page.sign_in("owner@example.pk", "nope")
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert ctx.server_session is None and page.status.text()
    assert plain(page.source.text()).startswith("This PC's sales only")


def test_shift_history_filters_dates_before_the_limit(busy_shop):
    """The last shift of a date range, even when newer shifts fill the limit (the report
    took the newest 200 shifts and filtered those)."""
    with busy_shop.uow() as uow:
        (current,) = shifts.shift_history(uow, busy_shop.owner)
        z = shifts.z_report(uow, busy_shop.cashier, current.shift_id)
        shifts.close_shift(uow, busy_shop.cashier, current.shift_id, z.expected_cash_paisa)
        uow.commit()
    busy_shop.clock.advance(days=-10)
    with busy_shop.uow() as uow:
        old = shifts.open_shift(uow, busy_shop.owner, 0)
        shifts.close_shift(uow, busy_shop.owner, old, 0)
        uow.commit()
    busy_shop.clock.advance(days=10)
    now = busy_shop.clock.now()
    with busy_shop.uow(False) as uow:
        assert [z.shift_id for z in shifts.shift_history(uow, busy_shop.owner, limit=1)] == [current.shift_id]
        found = shifts.shift_history(uow, busy_shop.owner, limit=1, opened_from=now - timedelta(days=30),
                                     opened_before=now - timedelta(days=5))
    assert [z.shift_id for z in found] == [old]
