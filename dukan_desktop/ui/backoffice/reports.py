"""Reports: sales by day/outlet/worker, payment mix, top products, credit aging, stock
valuation, shift (Z) history over a date range; CSV export of what is shown.

Where the figures come from is always on screen. This PC's ledger holds only the sales
made on this PC (sales go up to the server, never come back down), so the cross-outlet
sales reports come from the server's /v1/reports once the owner signs in (the sign-in
is the dashboard's, kept in memory on the back office); until then they are labelled
"This PC's sales only" and offer no outlet choice that could mislead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.clock import local_day_bounds, to_local
from ...core.errors import DukanError, PermissionDenied
from ...core.i18n import QT_TRANSLATE_NOOP
from ...services import catalog_csv, reports, settings, shifts, shop, udhaar_admin
from ...sync import connect, reports_client
from ..display import ltr, method_name
from ..worker import BackgroundJob
from .common import (
    BackOfficeContext,
    StatusLine,
    list_table,
    local_day,
    local_time,
    ltr_date_edit,
    open_dialog,
    quantity_text,
    screen_text,
)
from .list_model import ListColumn

_C = "ReportsPage"
REPORTS = (
    ("sales_day", QT_TRANSLATE_NOOP("ReportsPage", "Sales by day")),
    ("sales_outlet", QT_TRANSLATE_NOOP("ReportsPage", "Sales by outlet")),
    ("sales_worker", QT_TRANSLATE_NOOP("ReportsPage", "Sales by worker")),
    ("payment_mix", QT_TRANSLATE_NOOP("ReportsPage", "Payment mix")),
    ("top_products", QT_TRANSLATE_NOOP("ReportsPage", "Top products")),
    ("credit_aging", QT_TRANSLATE_NOOP("ReportsPage", "Credit aging")),
    ("stock_value", QT_TRANSLATE_NOOP("ReportsPage", "Stock valuation")),
    ("shifts", QT_TRANSLATE_NOOP("ReportsPage", "Shift (Z) history")),
)
# What the server's reports answer across outlets; the rest is this PC's ledger.
SERVER_KINDS = frozenset({"sales_day", "sales_outlet", "payment_mix", "top_products"})
TOP_LIMIT = 100

Fetch = Callable[[connect.OwnerSession, date, date], reports_client.ServerReports]
SignIn = Callable[[str, str, str], connect.OwnerSession]


def _t(text: str) -> str:
    return QCoreApplication.translate(_C, text)


def fetch_server_reports(session: connect.OwnerSession, start: date, end: date) -> reports_client.ServerReports:
    return reports_client.fetch_reports(session, start, end, top_limit=TOP_LIMIT)


class _FetchFailed(Exception):
    def __init__(self, session: connect.OwnerSession, error: Exception) -> None:
        super().__init__(str(error))
        self.session, self.error = session, error


@dataclass
class Table:
    """One report as shown: headers, rows of (cells shown, sort keys), where it is from."""

    header: list[str]
    rows: list[tuple[list[str], list]]
    source: str
    sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)


def _day(key: str) -> str:
    try:
        return local_day(date.fromisoformat(key))
    except ValueError:
        return key


class ReportsPage(QWidget):
    def __init__(self, ctx: BackOfficeContext, parent=None, *, fetch: Fetch = fetch_server_reports,
                 sign_in: SignIn = connect.sign_in) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._fetch, self._sign_in = fetch, sign_in
        self.server: reports_client.ServerReports | None = None  # for the dates shown
        self.server_failed = False
        self.job: BackgroundJob | None = None
        self.setObjectName("reportsPage")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.setObjectName("reportKind")
        for key, title in REPORTS:
            self.kind.addItem(_t(title), key)
        today = to_local(ctx.ledger.clock.now()).date()
        start = today - timedelta(days=29)
        self.start = ltr_date_edit(QDateEdit(QDate(start.year, start.month, start.day)))
        self.end = ltr_date_edit(QDateEdit(QDate(today.year, today.month, today.day)))
        self.start.setObjectName("reportFrom")
        self.end.setObjectName("reportTo")
        with ctx.read() as uow:  # a cashier is refused here
            self.outlets = shop.owner_outlets(uow, ctx.actor)
            self.here = shop.context(uow)
            self.connected = bool(settings.get(uow, "server_url"))
        self.names = {o.id: f"{o.name} ({o.code})" for o in self.outlets}
        self.outlet = QComboBox()  # server figures only: this PC has no other outlet's sales
        self.outlet.setObjectName("reportOutlet")
        self.outlet.addItem(self.tr("All outlets"), None)
        for o in self.outlets:
            self.outlet.addItem(f"{o.name} ({o.code})", o.id)
        export = QPushButton(self.tr("Export CSV…"))
        export.setObjectName("exportReport")
        export.clicked.connect(self.choose_export)
        for widget in (self.kind, QLabel(self.tr("From")), self.start, QLabel(self.tr("To")),
                       self.end, self.outlet):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(export)
        layout.addLayout(top)
        head = QHBoxLayout()
        self.source = QLabel()
        self.source.setObjectName("reportSource")
        self.source.setStyleSheet("font-weight: bold;")
        self.source.setWordWrap(True)
        self.sign_in_button = QPushButton(self.tr("All outlets (sign in)…"))
        self.sign_in_button.setObjectName("reportSignIn")
        self.sign_in_button.clicked.connect(self.ask_sign_in)
        head.addWidget(self.source, 1)
        head.addWidget(self.sign_in_button)
        layout.addLayout(head)
        self.view, self.model = list_table([], self, object_name="reportTable")
        layout.addWidget(self.view, 1)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.status = StatusLine()
        layout.addWidget(self.status)
        self.header: list[str] = []
        self._shown_session = None
        # Typing a date changes it once per digit: wait for the typing to stop.
        self.dates_changed = QTimer(self)
        self.dates_changed.setSingleShot(True)
        self.dates_changed.setInterval(300)
        self.dates_changed.timeout.connect(self._dates_settled)
        self.kind.currentIndexChanged.connect(lambda *_: self.refresh())
        self.outlet.currentIndexChanged.connect(lambda *_: self.refresh())
        for edit in (self.start, self.end):
            edit.dateChanged.connect(lambda *_: self.dates_changed.start())
        self.refresh()

    # -- where the figures come from ---------------------------------------------------

    @property
    def session(self) -> connect.OwnerSession | None:
        return self.ctx.server_session

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._shown_session is not self.session:  # signed in on the dashboard meanwhile
            self.server = None
            self.refresh()

    def _dates_settled(self) -> None:
        self.server = None
        self.refresh()

    def span(self) -> tuple[date, date]:
        return self.start.date().toPython(), self.end.date().toPython()

    def refresh(self) -> None:
        kind = self.kind.currentData()
        self._shown_session = self.session
        server_kind = kind in SERVER_KINDS
        self.outlet.setVisible(server_kind and self.session is not None and kind == "sales_day")
        self.sign_in_button.setVisible(server_kind and self.session is None and self.connected)
        if server_kind and self.session is not None and not self.server_failed:
            if self.server is None or (self.server.date_from, self.server.date_to) != self.span():
                self._start_fetch()
                return
            table = self._server_table(kind, self.server)
        else:
            try:
                table = self._local_table(kind)
            except PermissionDenied:
                raise  # not the owner: the page must not open at all
            except DukanError as err:
                self.status.error(err)
                return
        self._show(table)

    def _show(self, table: Table) -> None:
        numeric = {i for i, v in enumerate(table.rows[0][1]) if i > 0 and isinstance(v, int)} if table.rows else set()
        columns = [ListColumn(h, (lambda r, i=i: r[0][i]), i in numeric, key=(lambda r, i=i: r[1][i]),
                              descending_first=i in numeric) for i, h in enumerate(table.header)]
        self.model.set_columns(columns, table.rows)
        if table.sort != (0, Qt.SortOrder.AscendingOrder):
            self.view.sortByColumn(*table.sort)
        else:
            self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.header = table.header
        self.source.setText(table.source)
        self.summary.setText(self.tr("{count} rows").format(count=len(table.rows)))
        self.status.setText("")

    def _here(self) -> str:
        return self.tr("This PC's sales only (outlet {name}, {code})").format(
            name=self.here.outlet_name, code=ltr(self.here.outlet_code))

    # -- this PC's ledger --------------------------------------------------------------

    def _local_table(self, kind: str) -> Table:
        ctx, m = self.ctx, self.ctx.money
        lo, hi = self.span()
        unreachable = kind in SERVER_KINDS and self.server_failed
        here = self._here() + (self.tr(" — server unreachable") if unreachable else "")
        with ctx.read() as uow:
            if kind.startswith("sales_"):
                by = kind.removeprefix("sales_")
                data = reports.sales_by(uow, ctx.actor, lo, hi, by=by)
                first = {"day": self.tr("Day"), "outlet": self.tr("Outlet"), "worker": self.tr("Worker")}[by]
                label = {"day": _day, "outlet": lambda k: self.names.get(k, k), "worker": str}[by]
                return Table([first, self.tr("Bills"), self.tr("Total"), self.tr("Tax"), self.tr("Discounts"), self.tr("On udhaar")], [
                    ([label(r.key), str(r.sales_count), m(r.total_paisa), m(r.tax_paisa),
                      m(r.discount_paisa), m(r.credit_paisa)],
                     [r.key, r.sales_count, r.total_paisa, r.tax_paisa, r.discount_paisa, r.credit_paisa])
                    for r in data], here)
            if kind == "payment_mix":
                data = reports.payment_mix(uow, ctx.actor, lo, hi)
                total = sum(data.values()) or 1
                return Table([self.tr("Method"), self.tr("Amount"), self.tr("Share")], [
                    ([method_name(meth), m(v), ltr(f"{100 * v / total:.1f}%")], [method_name(meth), v, v])
                    for meth, v in data.items()], here, (1, Qt.SortOrder.DescendingOrder))
            if kind == "top_products":
                data = reports.top_products(uow, ctx.actor, lo, hi, limit=TOP_LIMIT)
                return Table([self.tr("Product"), self.tr("Quantity"), self.tr("Revenue"), self.tr("Profit")], [
                    ([self._product_name(t.name_en, t.name_ur), quantity_text(t.qty_milli, t.unit),
                      m(t.revenue_paisa), m(t.profit_paisa)],
                     [t.name_en, t.qty_milli, t.revenue_paisa, t.profit_paisa]) for t in data],
                    here, (2, Qt.SortOrder.DescendingOrder))
            if kind == "credit_aging":
                data = udhaar_admin.aging_report(uow, ctx.actor)
                buckets = [ltr(b) for b in ("0–30", "31–60", "61–90", "90+")]
                return Table([self.tr("Customer"), self.tr("Phone"), *buckets, self.tr("Total")], [
                    ([a.name, ltr(a.phone) if a.phone else "", *(m(b) for b in a.buckets), m(a.total_paisa)],
                     [a.name, a.phone, *a.buckets, a.total_paisa]) for a in data],
                    self.tr("Udhaar in this PC's ledger (other outlets' entries arrive by sync)"),
                    (len(buckets) + 2, Qt.SortOrder.DescendingOrder))
            if kind == "stock_value":
                v = reports.stock_valuation(uow, ctx.actor, self.here.outlet_id)
                name = self.names.get(v.outlet_id, v.outlet_id)
                return Table([self.tr("Outlet"), self.tr("Items in stock"), self.tr("At cost"), self.tr("At retail"),
                              self.tr("Below zero")], [
                    ([name, str(v.items), m(v.cost_value_paisa), m(v.retail_value_paisa), str(v.negative_items)],
                     [name, v.items, v.cost_value_paisa, v.retail_value_paisa, v.negative_items])],
                    self.tr("Stock at this PC's outlet ({name}, {code})").format(
                        name=self.here.outlet_name, code=ltr(self.here.outlet_code)))
            data = shifts.shift_history(uow, ctx.actor, opened_from=local_day_bounds(lo)[0],
                                        opened_before=local_day_bounds(hi)[1])
            return Table([self.tr("Opened"), self.tr("Closed"), self.tr("Cashier"), self.tr("Bills"), self.tr("Sales"),
                          self.tr("Expected cash"), self.tr("Counted"), self.tr("Difference")], [
                ([local_time(z.opened_at), local_time(z.closed_at), z.worker_name, str(z.sales_count),
                  m(z.sales_total_paisa), m(z.expected_cash_paisa), m(z.counted_cash_paisa),
                  m(z.difference_paisa)],
                 [z.opened_at.isoformat(), z.closed_at.isoformat() if z.closed_at else "", z.worker_name,
                  z.sales_count, z.sales_total_paisa, z.expected_cash_paisa, z.counted_cash_paisa or 0,
                  z.difference_paisa or 0]) for z in data],
                self.tr("Shifts on this PC"), (0, Qt.SortOrder.DescendingOrder))  # newest first

    def _product_name(self, name_en: str, name_ur: str) -> str:
        return name_ur if self.ctx.language == "ur" and name_ur else name_en

    # -- the server, across outlets ----------------------------------------------------

    def _server_table(self, kind: str, rep: reports_client.ServerReports) -> Table:
        m = self.ctx.money
        outlet = self.outlet.currentData() if kind == "sales_day" else None
        where = (self.tr("Outlet {name} (server, as of {time})").format(
            name=self.names.get(outlet, outlet), time=ltr(f"{rep.as_of:%H:%M}")) if outlet else
            self.tr("All outlets (server, as of {time})").format(time=ltr(f"{rep.as_of:%H:%M}")))
        sales_head = [self.tr("Bills"), self.tr("Total"), self.tr("Returns"), self.tr("Net")]
        if kind in ("sales_day", "sales_outlet"):
            by_day = kind == "sales_day"
            sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
            codes: dict[str, str] = {}
            for r in rep.sales_daily:
                if outlet is not None and r.outlet_id != outlet:
                    continue
                key = r.day.isoformat() if by_day else r.outlet_id
                codes[r.outlet_id] = r.outlet_code
                for i, v in enumerate((r.sales_count, r.total_paisa, r.returns_paisa, r.net_paisa)):
                    sums[key][i] += v
            label = _day if by_day else (lambda k: self.names.get(k) or codes.get(k, k))
            rows = [([label(k), str(c), m(t), m(ret), m(net)], [k if by_day else label(k), c, t, ret, net])
                    for k, (c, t, ret, net) in sorted(sums.items())]
            return Table([self.tr("Day") if by_day else self.tr("Outlet"), *sales_head], rows, where)
        if kind == "payment_mix":
            mix: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for p in rep.payment_mix:
                if p.source == "sale":
                    mix[p.method][0] += p.count
                    mix[p.method][1] += p.amount_paisa
            total = sum(a for _c, a in mix.values()) or 1
            return Table([self.tr("Method"), self.tr("Bills"), self.tr("Amount"), self.tr("Share")], [
                ([method_name(meth), str(c), m(a), ltr(f"{100 * a / total:.1f}%")], [method_name(meth), c, a, a])
                for meth, (c, a) in mix.items()], where, (2, Qt.SortOrder.DescendingOrder))
        with self.ctx.read() as uow:
            units = reports.product_units(uow, self.ctx.actor, [p.product_id for p in rep.top_products])
        return Table([self.tr("Product"), self.tr("Quantity"), self.tr("Revenue")], [
            ([p.name_en, quantity_text(p.qty_milli, units.get(p.product_id, "pc")), m(p.revenue_paisa)],
             [p.name_en, p.qty_milli, p.revenue_paisa]) for p in rep.top_products],
            where, (2, Qt.SortOrder.DescendingOrder))

    def _start_fetch(self, get_session: Callable[[], connect.OwnerSession] | None = None) -> BackgroundJob:
        """The server's reports for the dates shown, in the background."""
        if self.job is not None and self.job.is_running():
            self.job.cancel()
        session = self.session
        get_session = get_session or (lambda: session)
        start, end = self.span()
        fetch = self._fetch

        def work(_cancelled):
            s = get_session()
            try:
                return s, fetch(s, start, end)
            except Exception as exc:  # signed in, but the reports did not come: keep the sign-in
                raise _FetchFailed(s, exc) from exc

        self.model.set_columns([], [])
        self.source.setText(self.tr("Fetching every outlet's figures from the server…"))
        self.sign_in_button.setEnabled(False)
        job = self.job = BackgroundJob(work, self)
        job.succeeded.connect(self._fetched)
        job.failed.connect(self._fetch_failed)
        job.finished.connect(lambda: self.sign_in_button.setEnabled(True))
        return job.run()

    def _fetched(self, result) -> None:
        self.ctx.server_session, self.server = result
        self.server_failed = False
        self.refresh()

    def _fetch_failed(self, exc: BaseException) -> None:
        if isinstance(exc, _FetchFailed):
            self.ctx.server_session, exc = exc.session, exc.error
        if isinstance(exc, connect.ConnectFailed):  # wrong password: stay signed out
            self.ctx.server_session = None
        else:
            self.server_failed = True  # until the next sign-in or date change
        self.refresh()
        if isinstance(exc, connect.ConnectFailed):
            self.status.error(exc)
        self.server_failed = False

    def ask_sign_in(self):
        from .dashboard import ServerSignInDialog

        dialog = ServerSignInDialog(self)
        return open_dialog(self, dialog, lambda: self.sign_in(
            dialog.identifier.text().strip(), dialog.password.text()))

    def sign_in(self, identifier: str, password: str) -> BackgroundJob | None:
        with self.ctx.read() as uow:
            url = settings.get(uow, "server_url")
        if not url:
            self.status.error(self.tr("This PC is not connected to a server."))
            return None
        sign_in = self._sign_in
        return self._start_fetch(lambda: sign_in(url, identifier, password))

    # -- export ------------------------------------------------------------------------

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export report"),
                                              f"{self.kind.currentData()}.csv", self.tr("CSV files (*.csv)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str | Path) -> None:
        rows = [[screen_text(cell) for cell in row[0]] for row in self.model.rows]  # in the order shown
        try:
            catalog_csv.write_table(path, [screen_text(h) for h in self.header], rows)
        except OSError as err:
            self.status.error(str(err))
            return
        self.status.info(self.tr("Saved {path}.").format(path=path))

    def shutdown(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job.wait()
