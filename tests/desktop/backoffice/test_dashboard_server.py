"""Dashboard across outlets: the server label when the fetch succeeds, the local view
labelled "server unreachable" when it fails. The HTTP path is in tests/e2e."""

from __future__ import annotations

from datetime import datetime

from dukan_desktop.core.clock import SHOP_TZ
from dukan_desktop.services import settings
from dukan_desktop.sync import connect, reports_client
from dukan_desktop.sync.client import Offline
from dukan_desktop.ui.backoffice.dashboard import DashboardPage


def _connected(busy_shop):
    with busy_shop.uow() as uow:
        settings.put(uow, "server_url", "http://server.invalid")
        uow.commit()


def _server_dashboard(today):
    rep = reports_client.ServerReports(
        today, today, datetime(2026, 1, 2, 14, 5, tzinfo=SHOP_TZ),
        (reports_client.OutletDaySales(today, "o1", "NOR", 4, 90_000, 0, 90_000),
         reports_client.OutletDaySales(today, "o2", "SOU", 3, 60_000, 0, 60_000)),
        (), (reports_client.PaymentMixRow("sale", "cash", 7, 150_000),), ())
    return reports_client.ServerDashboard(reports_client.to_dashboard(rep, today), rep.as_of, 2)


def test_shows_server_label_when_fetch_succeeds(qtbot, ctx, busy_shop):
    _connected(busy_shop)
    seen = []

    def sign_in(url, identifier, password):
        seen.append((url, identifier, password))
        return object()

    page = DashboardPage(ctx, sign_in=sign_in, fetch=lambda session, today: _server_dashboard(today))
    qtbot.addWidget(page)
    assert "This PC's ledger" in page.source.text()
    job = page.show_all_outlets("owner@example.pk", "secret")
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert seen == [("http://server.invalid", "owner@example.pk", "secret")]
    assert page.source.text() == "All outlets (server, as of 14:05)"
    assert page.bills_value.text() == "7"
    assert page.today_value.text() == ctx.money(150_000)
    assert page._session is not None
    # a later refresh re-fetches with the session kept in memory
    page.refresh()
    job = page.job
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert page.source.text().startswith("All outlets (server")


def test_falls_back_to_local_when_unreachable(qtbot, ctx, busy_shop):
    _connected(busy_shop)

    def fetch(session, today):
        raise Offline("no route")

    page = DashboardPage(ctx, sign_in=lambda *a: object(), fetch=fetch)
    qtbot.addWidget(page)
    job = page.show_all_outlets("owner@example.pk", "secret")
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert "This PC's ledger" in page.source.text() and "GUL" in page.source.text()
    assert page.source.text().endswith("— server unreachable")
    assert page.bills_value.text() == "3"


def test_wrong_password_stays_local(qtbot, ctx, busy_shop):
    _connected(busy_shop)

    def sign_in(*a):
        raise connect.ConnectFailed(reason="wrong identifier or password")

    page = DashboardPage(ctx, sign_in=sign_in, fetch=lambda s, t: None)
    qtbot.addWidget(page)
    job = page.show_all_outlets("owner@example.pk", "nope")
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert page._session is None and "server unreachable" in page.source.text()
    assert page.status.text()


def test_not_connected(qtbot, ctx):
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    assert page.show_all_outlets("a", "b") is None
    assert "not connected" in page.status.text()
