"""Dashboard: today's sales, a 30-day trend, payment mix, top products and udhaar
outstanding, from this PC's ledger or, once the owner signs in to the server, across
all outlets from the server's reports. The label always says which.

Report endpoints need an owner session (a device credential cannot read them): the
owner signs in from here, the access token stays in memory on this page only, and the
reports are fetched on a background thread. Any failure falls back to the local view,
labelled "server unreachable".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.clock import to_local
from ...services import dashboard, settings
from ...sync import connect, reports_client
from ..display import ltr, method_name
from ..events import CREDIT, RETURN, SALE
from ..worker import BackgroundJob
from .charts import BarChart, LineChart
from .common import BackOfficeContext, ChangeWatcher, Loader, StatusLine, open_dialog


def _tile(title: str) -> tuple[QFrame, QLabel]:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    layout = QVBoxLayout(frame)
    caption = QLabel(title)
    value = QLabel("—")
    value.setStyleSheet("font-size: 20pt; font-weight: bold;")
    layout.addWidget(caption)
    layout.addWidget(value)
    return frame, value


class ServerSignInDialog(QDialog):
    """The owner's server email/phone and password; nothing is stored."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in to the server"))
        form = QFormLayout(self)
        self.identifier = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Email or phone"), self.identifier)
        form.addRow(self.tr("Password"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


SignIn = Callable[[str, str, str], connect.OwnerSession]
Fetch = Callable[[connect.OwnerSession, date], reports_client.ServerDashboard]


class DashboardPage(QWidget):
    def __init__(self, ctx: BackOfficeContext, parent=None, *, sign_in: SignIn = connect.sign_in,
                 fetch: Fetch = reports_client.fetch_dashboard) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._sign_in = sign_in
        self._fetch = fetch
        self.job: BackgroundJob | None = None
        self.setObjectName("dashboardPage")
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.source = QLabel()
        self.source.setObjectName("dashboardSource")
        self.source.setStyleSheet("font-weight: bold;")
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        self.all_outlets = QPushButton(self.tr("Show all outlets (sign in)…"))
        self.all_outlets.setObjectName("dashboardAllOutlets")
        self.all_outlets.clicked.connect(self.ask_sign_in)
        head.addWidget(self.source, 1)
        head.addWidget(self.all_outlets)
        head.addWidget(refresh)
        layout.addLayout(head)
        tiles = QHBoxLayout()
        for attr, title in (("today", self.tr("Today's sales")), ("bills", self.tr("Bills today")),
                            ("udhaar", self.tr("Udhaar outstanding"))):
            frame, value = _tile(title)
            setattr(self, f"{attr}_value", value)
            tiles.addWidget(frame)
        layout.addLayout(tiles)
        grid = QGridLayout()
        self.trend = LineChart(self.tr("Sales, last 30 days"), self._short_money)
        self.mix = BarChart(self.tr("Payment mix, last 30 days"), self._short_money)
        self.top = BarChart(self.tr("Top products, last 30 days"), self._short_money)
        grid.addWidget(self.trend, 0, 0, 1, 2)
        grid.addWidget(self.mix, 1, 0)
        grid.addWidget(self.top, 1, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        layout.addLayout(grid, 1)
        self.status = StatusLine()
        layout.addWidget(self.status)
        self.data: dashboard.Dashboard | None = None
        self.local = Loader(self)  # refreshes after sales: read in the background
        self.local.loaded.connect(lambda d: self._show_local(d, unreachable=False))
        self.local.failed.connect(self.status.error)
        self.refresh()
        # Last: a page that failed to build never listens.
        self.watcher = ChangeWatcher(self, {SALE, CREDIT, RETURN}, lambda _what: self.refresh(background=True))

    @property
    def _session(self) -> connect.OwnerSession | None:
        """The owner's server sign-in, kept in memory on the back office (never saved)."""
        return self.ctx.server_session

    @_session.setter
    def _session(self, session) -> None:
        self.ctx.server_session = session

    def _short_money(self, paisa: int) -> str:
        return ltr(self.ctx.money_plain(paisa).rsplit(".", 1)[0])

    def refresh(self, *, background: bool = False) -> None:
        """Local numbers (now, or read in the background after a sale); across outlets
        (always in the background) once signed in."""
        if self._session is not None:
            session = self._session
            self._start_fetch(lambda: session)
        elif background:
            ctx = self.ctx

            def fetch():
                with ctx.read() as uow:
                    return dashboard.local_dashboard(uow, ctx.actor)

            self.local.start(fetch)
        else:
            self.show_local()

    def show_local(self, *, unreachable: bool = False) -> None:
        with self.ctx.read() as uow:
            d = dashboard.local_dashboard(uow, self.ctx.actor)
        self._show_local(d, unreachable=unreachable)

    def _show_local(self, d: dashboard.Dashboard, *, unreachable: bool) -> None:
        self.data = d
        label = (self.tr("This PC's ledger (outlet {name}, {code}) — server unreachable")
                 if unreachable else self.tr("This PC's ledger (outlet {name}, {code})"))
        self.source.setText(label.format(name=d.outlet_name, code=ltr(d.outlet_code)))
        self._draw(d)

    def ask_sign_in(self) -> QDialog:
        dialog = ServerSignInDialog(self)
        return open_dialog(self, dialog, lambda: self.show_all_outlets(
            dialog.identifier.text().strip(), dialog.password.text()))

    def show_all_outlets(self, identifier: str, password: str) -> BackgroundJob | None:
        """Sign in as the owner and fetch the server's reports in the background."""
        with self.ctx.read() as uow:
            url = settings.get(uow, "server_url")
        if not url:
            self.status.error(self.tr("This PC is not connected to a server."))
            return None
        return self._start_fetch(lambda: self._sign_in(url, identifier, password))

    def _start_fetch(self, get_session: Callable[[], connect.OwnerSession]) -> BackgroundJob:
        if self.job is not None and self.job.is_running():
            self.job.cancel()
        with self.ctx.read() as uow:
            today = to_local(uow.now()).date()
        fetch = self._fetch

        def work(_cancelled):
            session = get_session()
            return session, fetch(session, today)

        self.all_outlets.setEnabled(False)
        job = self.job = BackgroundJob(work, self)
        job.succeeded.connect(self._fetched)
        job.failed.connect(self._fetch_failed)
        job.finished.connect(lambda: self.all_outlets.setEnabled(True))
        return job.run()

    def _fetched(self, result) -> None:
        self._session, server = result
        self.data = server.data
        self.source.setText(self.tr("All outlets (server, as of {time})").format(
            time=f"{server.as_of:%H:%M}"))
        self.status.clear()
        self._draw(server.data)

    def _fetch_failed(self, exc: BaseException) -> None:
        if isinstance(exc, connect.ConnectFailed):  # wrong password: stay signed out
            self._session = None
        self.show_local(unreachable=True)
        if isinstance(exc, connect.ConnectFailed):
            self.status.error(exc)

    def _draw(self, d: dashboard.Dashboard) -> None:
        self.today_value.setText(self.ctx.money(d.today_sales_paisa))
        self.bills_value.setText(str(d.today_sales_count))
        self.udhaar_value.setText(self.tr("{amount} ({count} customers)").format(
            amount=self._short_money(d.credit_outstanding_paisa), count=d.customers_owing))
        self.trend.set_items([(f"{day:%d/%m}", v) for day, v in d.trend])
        self.mix.set_items([(method_name(m), v) for m, v in d.payment_mix])
        self.top.set_items([(t.name_ur if self.ctx.language == "ur" and t.name_ur else t.name_en,
                             t.revenue_paisa) for t in d.top_products])

    def shutdown(self) -> None:
        self.local.stop()
