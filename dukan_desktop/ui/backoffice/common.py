"""What every back-office page shares: the context, fast list tables, refreshing on
change, background jobs with progress, words in the user's language, and small
helpers for errors and forms."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QWidget,
)

from ...core.clock import to_local
from ...core.i18n import QT_TRANSLATE_NOOP
from ...core.money import MoneyFormat, format_money
from ...core.permissions import Actor
from ...ledger.engine import Ledger
from ...ledger.uow import UnitOfWork
from ...paths import AppPaths
from ...services import settings
from ..display import ltr, paragraph, plain, unit_name
from ..events import events
from ..i18n import tr_error
from ..worker import BackgroundJob
from .list_model import ListColumn, ListModel


@dataclass
class BackOfficeContext:
    """The owner's back office: the ledger, who is working, where data lives."""

    ledger: Ledger
    actor: Actor
    paths: AppPaths | None = None
    money_format: MoneyFormat | None = None
    language: str = "en"
    # The owner's server sign-in (sync.connect.OwnerSession), in memory only: the
    # dashboard and the reports share it, nothing is saved.
    server_session: Any = None

    def read(self) -> UnitOfWork:
        return UnitOfWork(self.ledger, write=False)

    def write(self) -> UnitOfWork:
        return UnitOfWork(self.ledger, write=True)

    def money(self, paisa: int | None) -> str:
        """Money for the screen: one left-to-right piece, so "-Rs 50.00" keeps its minus
        in front inside Urdu text too."""
        return ltr(self.money_plain(paisa)) if paisa is not None else ""

    def money_plain(self, paisa: int | None) -> str:
        """Money without direction marks (files, and text cut up further)."""
        if paisa is None:
            return ""
        if self.money_format is None:
            with self.read() as uow:
                self.money_format = settings.money_format(uow)
        return format_money(paisa, self.money_format)


# What the back office changes, for the one change signal (the counter's kinds are in ui.events).
CATALOG, STOCK, SUPPLIERS, STAFF = "catalog", "stock", "suppliers", "staff"


# -- words and numbers in the user's language ----------------------------------------

_W = "BackOffice"
# The same words as Settings → Receipt printer.
PRINTER_KIND_NAMES = {"usb": QT_TRANSLATE_NOOP("BackOffice", "USB"),
                      "network": QT_TRANSLATE_NOOP("BackOffice", "Network (LAN / Wi-Fi, port 9100)"),
                      "serial": QT_TRANSLATE_NOOP("BackOffice", "Serial (COM port)"),
                      "file": QT_TRANSLATE_NOOP("BackOffice", "Device or file")}


def printer_kind_name(kind: str) -> str:
    return QCoreApplication.translate(_W, PRINTER_KIND_NAMES.get(kind, kind))


def plain_quantity(milli: int) -> str:
    """1500 -> "1.5", -3000 -> "-3" (milli-units, no unit)."""
    sign, milli = ("-", -milli) if milli < 0 else ("", milli)
    whole, frac = divmod(milli, 1000)
    return sign + (str(whole) if not frac else f"{whole}.{frac:03d}".rstrip("0"))


def quantity_text(milli: int, unit: str) -> str:
    """A quantity with its unit in the user's language, the number kept left to right
    (without that "-3 dozen" shows as "dozen 3-" in Urdu); pieces show the number alone."""
    number = ltr(plain_quantity(milli))
    return number if unit == "pc" else f"{number} {unit_name(unit)}"


def local_day(ts: datetime | date | None) -> str:
    """A shop day as people in Pakistan write it (day/month/year), left to right."""
    if ts is None:
        return ""
    day = to_local(ts) if isinstance(ts, datetime) else ts
    return ltr(f"{day:%d/%m/%Y}")


def local_time(ts: datetime | None) -> str:
    return ltr(f"{to_local(ts):%d/%m/%Y %H:%M}") if ts is not None else ""


def screen_text(text: str) -> str:
    """A cell's text without direction marks (for CSV files and the clipboard)."""
    return plain(text)


def ltr_date_edit(edit: QDateEdit) -> QDateEdit:
    """Dates read day/month/year left to right in Urdu too (Pakistani usage). The
    direction comes first: a right-to-left QDateEdit reverses the format it is given
    (it showed 2026/11/03)."""
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


# -- lists -------------------------------------------------------------------------------

def list_table(columns: Sequence[ListColumn], parent: QWidget | None = None, *,
               object_name: str = "", sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder),
               model: ListModel | None = None) -> tuple[QTableView, ListModel]:
    """A table view over a ListModel (filter and sort in the model, never a proxy),
    sorted by `sort` when it opens (A→Z by the first column unless said otherwise)."""
    model = model if model is not None else ListModel(columns, parent)
    view = QTableView(parent)
    if object_name:
        view.setObjectName(object_name)
    view.setModel(model)
    setup_view(view)
    enable_sorting(view, *sort)
    # Sized when rows arrive, never per keystroke (that asked every shown row for its text).
    model.rows_loaded.connect(lambda: fit_columns(view))
    return view, model


def enable_sorting(view: QTableView, column: int, order: Qt.SortOrder) -> None:
    """Sortable by clicking a header, opening sorted by `column`/`order`. The indicator is
    set first: setSortingEnabled(True) sorts by it at once, and Qt's default is Z→A."""
    view.horizontalHeader().setSortIndicator(column, order)
    view.setSortingEnabled(True)


def fit_columns(view: QTableView, *, max_rows: int = 2000) -> None:
    """Size columns to their contents (money never shows as "Rs …"); skipped for long lists.
    The last column stretches, so what does not fit goes to a scroll bar, never hidden."""
    model = view.model()
    if model is not None and 0 < model.rowCount() <= max_rows:
        view.horizontalHeader().setResizeContentsPrecision(200)  # the first rows are enough
        view.resizeColumnsToContents()


def setup_view(view: QTableView) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(28)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row sizing
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setDefaultSectionSize(130)


def selected_row(view: QTableView, model: ListModel | None = None) -> Any | None:
    model = model if model is not None else view.model()
    index = view.currentIndex()
    if not index.isValid() or not 0 <= index.row() < model.rowCount():
        return None
    return model.row(index.row())


def select_row(view: QTableView, ident: Any) -> bool:
    """Select the row with this identity (`.id`), if it is shown."""
    model: ListModel = view.model()
    n = model.row_of(ident)
    if n is None:
        return False
    view.setCurrentIndex(model.index(n, 0))
    return True


def reload_keeping_selection(view: QTableView, model: ListModel, rows: Sequence[Any], **kw: Any) -> None:
    """Replace a table's rows and select the same record (by identity) again."""
    before = selected_row(view, model)
    model.set_rows(rows, **kw)
    if before is not None:
        select_row(view, model._identity(before))  # noqa: SLF001 - the model's own rule


class ChangeWatcher(QObject):
    """Refresh a page after writes anywhere in the app (the one change signal), cheaply:
    only for the kinds of change it cares about, once per burst (debounced), and only
    while the page is on screen — a hidden page refreshes when it is shown again. A
    sale at the counter therefore costs an open back office nothing until it settles.
    """

    def __init__(self, page: QWidget, kinds: set[str], refresh: Callable[[set[str]], None],
                 *, delay_ms: int = 700) -> None:
        super().__init__(page)
        self.page, self.kinds, self._refresh = page, kinds, refresh
        self.pending: set[str] = set()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.flush)
        page.installEventFilter(self)
        events().changed.connect(self.on_app_changed)

    def on_app_changed(self, what: str, _who: str) -> None:
        if what not in self.kinds:
            return
        self.pending.add(what)
        if self.page.isVisible():
            self.timer.start()  # restarts: a burst of sales refreshes once, after it

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if watched is self.page and event.type() == QEvent.Type.Show and self.pending:
            self.timer.start(0)
        return False

    def flush(self) -> None:
        if not self.pending or not self.page.isVisible():
            return
        self.refresh_now()

    def refresh_now(self) -> None:
        """At once, shown or not: after the page's own write (it wants to see it now)."""
        self.timer.stop()
        what, self.pending = self.pending, set()
        self._refresh(what)


class Loader(QObject):
    """Rows read on a worker thread (`fetch()` opens its own read unit of work); the
    newest request wins, an older one still running is cancelled and its result dropped."""

    loaded = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job: BackgroundJob | None = None
        self.loading = False

    def start(self, fetch: Callable[[], Any]) -> BackgroundJob:
        if self.job is not None:
            self.job.cancel()
        self.loading = True
        job = self.job = BackgroundJob(lambda _cancelled: fetch(), self)
        job.succeeded.connect(lambda result, j=job: self._done(j, result, self.loaded))
        job.failed.connect(lambda exc, j=job: self._done(j, exc, self.failed))
        return job.run()

    def _done(self, job: BackgroundJob, value: Any, signal) -> None:
        if job is self.job:
            self.loading = False
            signal.emit(value)

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job.wait()


class StatusLine(QLabel):
    """A page's one line of feedback: errors in the user's language, or what was done."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusLine")
        self.setWordWrap(True)

    def error(self, err: BaseException | str) -> None:
        self.setStyleSheet("color: #b3261e;")
        self._say(err if isinstance(err, str) else tr_error(err))

    def info(self, text: str) -> None:
        self.setStyleSheet("color: #1b5e20;")
        self._say(text)

    def _say(self, text: str) -> None:
        # In the screen's direction even when it starts with a name in the other script.
        self.setText(paragraph(text, self.isRightToLeft()) if text else "")


def open_dialog(owner: QWidget, dialog: QDialog, on_accept: Callable[[], None] | None = None) -> QDialog:
    """Show a dialog window-modal without a nested event loop (tests drive it directly)."""
    owner.active_dialog = dialog
    if on_accept is not None:
        dialog.accepted.connect(on_accept)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


class _EitherSet:
    """Cancelled by the user (Cancel) or by teardown (ui.worker.cancel_all)."""

    def __init__(self, *events: threading.Event) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)


class ProgressJob(QObject):
    """Background work with progress: `fn(cancelled, progress)`, progress(done, total).

    The outcome is always reported: `succeeded` with the result (even when Cancel came
    too late to stop the work), `failed` with the error (a cancelled import raises its
    own "cancelled, nothing changed" error). Work that cannot stop half-way (a backup, a
    restore) is made with `cancellable=False` (the default), and its Cancel is disabled.
    """

    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, fn: Callable[[Any, Callable[[int, int], None]], Any],
                 parent: QObject | None = None, *, cancellable: bool = False) -> None:
        super().__init__(parent)
        self.cancellable = cancellable
        self.cancel_requested = threading.Event()
        # Our own event, not the thread's: BackgroundJob drops the outcome of a job whose
        # own flag is set, and the user must see what happened.
        self.job = BackgroundJob(
            lambda torn_down: fn(_EitherSet(self.cancel_requested, torn_down), self.progress.emit),
            self)
        self.job.succeeded.connect(self.succeeded)
        self.job.failed.connect(self.failed)
        self.job.finished.connect(self.finished)

    def run(self) -> ProgressJob:
        self.job.run()
        return self

    def cancel(self) -> bool:
        """Ask the work to stop; False (and nothing happens) when it cannot."""
        if not self.cancellable:
            return False
        self.cancel_requested.set()
        return True

    def wait(self, ms: int = 5000) -> bool:
        return self.job.wait(ms)

    def is_running(self) -> bool:
        return self.job.is_running()


class JobBar(QWidget):
    """A progress bar with a Cancel button, shown while a ProgressJob runs. Counted work
    shows "done / total"; work that cannot be cancelled has its Cancel disabled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setObjectName("jobProgress")
        self.bar.setFormat("%v / %m")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("jobCancel")
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self.job: ProgressJob | None = None
        self.cancel_button.clicked.connect(self.cancel)
        self.hide()

    def start(self, job: ProgressJob, text: str) -> ProgressJob:
        self.job = job
        self.label.setText(text)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(job.cancellable)
        self.cancel_button.setToolTip("" if job.cancellable else self.tr("This cannot be stopped half-way."))
        job.progress.connect(self._progress)
        job.finished.connect(self._finished)
        self.show()
        return job.run()

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def cancel(self) -> None:
        if self.job is not None and self.job.cancel():
            self.cancel_button.setEnabled(False)
            self.label.setText(self.tr("Cancelling…"))

    def _finished(self) -> None:
        self.hide()
        self.job = None
