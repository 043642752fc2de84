"""What every back-office page shares: the context, sortable row models, background
jobs with progress, and small helpers for errors and forms."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from ...core.money import MoneyFormat, format_money
from ...core.permissions import Actor
from ...ledger.engine import Ledger
from ...ledger.uow import UnitOfWork
from ...paths import AppPaths
from ...services import settings
from ..events import events
from ..i18n import tr_error
from ..table_model import Column, RowsModel
from ..worker import BackgroundJob

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass
class BackOfficeContext:
    """The owner's back office: the ledger, who is working, where data lives."""

    ledger: Ledger
    actor: Actor
    paths: AppPaths | None = None
    money_format: MoneyFormat | None = None
    language: str = "en"

    def read(self) -> UnitOfWork:
        return UnitOfWork(self.ledger, write=False)

    def write(self) -> UnitOfWork:
        return UnitOfWork(self.ledger, write=True)

    def money(self, paisa: int | None) -> str:
        if paisa is None:
            return ""
        if self.money_format is None:
            with self.read() as uow:
                self.money_format = settings.money_format(uow)
        return format_money(paisa, self.money_format)


def local_day(ts: datetime | None) -> str:
    return f"{to_local(ts):%d/%m/%Y}" if ts is not None else ""


def local_time(ts: datetime | None) -> str:
    return f"{to_local(ts):%d/%m/%Y %H:%M}" if ts is not None else ""


@dataclass(frozen=True)
class SortColumn(Column):
    """A column with a sort key (money sorts by paisa, dates by time), not by its text."""

    key: Callable[[Any], Any] | None = None


class SortableRowsModel(RowsModel):
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == SORT_ROLE and index.isValid():
            col = self.columns[index.column()]
            row = self.rows[index.row()]
            key = getattr(col, "key", None)
            value = key(row) if key is not None else col.text(row)
            return value.casefold() if isinstance(value, str) else value
        return super().data(index, role)


def sortable_table(columns: Sequence[Column], parent: QWidget | None = None,
                   *, object_name: str = "") -> tuple[QTableView, SortableRowsModel, QSortFilterProxyModel]:
    """A table view over a sortable model through a sort/filter proxy."""
    model = SortableRowsModel(columns, parent)
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    view = QTableView(parent)
    if object_name:
        view.setObjectName(object_name)
    view.setModel(proxy)
    setup_view(view)
    view.setSortingEnabled(True)
    model.modelReset.connect(lambda: fit_columns(view))
    return view, model, proxy


def fit_columns(view: QTableView, *, max_rows: int = 2000) -> None:
    """Size columns to their contents (money never shows as "Rs …"); skipped for long lists."""
    model = view.model()
    if model is not None and 0 < model.rowCount() <= max_rows:
        view.resizeColumnsToContents()


def setup_view(view: QTableView) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(28)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row sizing
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setDefaultSectionSize(130)


def selected_row(view: QTableView, model: RowsModel) -> Any | None:
    index = view.currentIndex()
    if not index.isValid():
        return None
    proxy = view.model()
    if isinstance(proxy, QSortFilterProxyModel):
        index = proxy.mapToSource(index)
    return model.row(index.row()) if 0 <= index.row() < len(model.rows) else None


def listen_for_changes(page: QWidget) -> None:
    """Call `page.on_changed(what)` after every write anywhere in the app (one change signal)."""
    events().changed.connect(page.on_app_changed)


class ChangeListener:
    """Mixin for pages: `on_app_changed` is a real method, so Qt drops the connection
    when the page is destroyed."""

    def on_app_changed(self, what: str, _who: str) -> None:
        self.on_changed(what)


def reload_keeping_selection(view: QTableView, model: RowsModel, rows: Sequence[Any]) -> None:
    """Replace a table's rows and select the same record (by `.id`) again."""
    before = selected_row(view, model)
    model.set_rows(rows)
    if before is None:
        return
    proxy = view.model()
    for i, row in enumerate(model.rows):
        if getattr(row, "id", None) == getattr(before, "id", object()) or (
                getattr(row, "product_id", None) is not None
                and getattr(row, "product_id", None) == getattr(before, "product_id", None)):
            index = model.index(i, 0)
            if isinstance(proxy, QSortFilterProxyModel):
                index = proxy.mapFromSource(index)
            view.setCurrentIndex(index)
            return


class StatusLine(QLabel):
    """A page's one line of feedback: errors in the user's language, or what was done."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusLine")
        self.setWordWrap(True)

    def error(self, err: BaseException | str) -> None:
        self.setStyleSheet("color: #b3261e;")
        self.setText(err if isinstance(err, str) else tr_error(err))

    def info(self, text: str) -> None:
        self.setStyleSheet("color: #1b5e20;")
        self.setText(text)


def open_dialog(owner: QWidget, dialog: QDialog, on_accept: Callable[[], None] | None = None) -> QDialog:
    """Show a dialog window-modal without a nested event loop (tests drive it directly)."""
    owner.active_dialog = dialog
    if on_accept is not None:
        dialog.accepted.connect(on_accept)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


class ProgressJob(QObject):
    """Background work with progress: `fn(cancelled, progress)`, progress(done, total)."""

    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, fn: Callable[[threading.Event, Callable[[int, int], None]], Any],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = BackgroundJob(lambda cancelled: fn(cancelled, self.progress.emit), self)
        self.job.succeeded.connect(self.succeeded)
        self.job.failed.connect(self.failed)
        self.job.finished.connect(self.finished)

    def run(self) -> ProgressJob:
        self.job.run()
        return self

    def cancel(self) -> None:
        self.job.cancel()

    def wait(self, ms: int = 5000) -> bool:
        return self.job.wait(ms)

    def is_running(self) -> bool:
        return self.job.is_running()


class JobBar(QWidget):
    """A progress bar with a Cancel button, shown while a ProgressJob runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setObjectName("jobProgress")
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
        job.progress.connect(self._progress)
        job.finished.connect(self._finished)
        self.show()
        return job.run()

    def _progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.label.setText(self.tr("Cancelling…"))

    def _finished(self) -> None:
        self.hide()
        self.job = None
