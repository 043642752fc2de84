"""The sync dialog: how sync stands, the records that did not go through, Retry, Sync now.

Opened from the status bar (a click on the sync line, or Ctrl+Shift+S). The list comes
from `sync.failed_records` (plain rows; the service decides what an actor may see): a
cashier may retry — it only sends the records again — and sees what, which receipt or
name, and why in plain words; the owner also sees attempts, when, and the server's own
message for the selected row. Retrying asks the sync engine to run at once.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from ..core.clock import to_local
from ..core.errors import DukanError
from ..sync import failed_records
from .events import OUTBOX, events
from .i18n import tr_error
from .session import CounterSession
from .sync_status import SyncStatus
from .table_model import Column, RowsModel


def _explain(record: failed_records.FailedRecord) -> str:
    return QCoreApplication.translate("FailedRecords", record.explanation).format(
        code=record.code or "?")


def _when(value) -> str:
    return to_local(value).strftime("%d-%m-%Y %H:%M") if value is not None else ""


class SyncDetailsDialog(QDialog):
    def __init__(self, session: CounterSession, status: SyncStatus, parent=None) -> None:
        super().__init__(parent)
        self.session, self.status = session, status
        self.setObjectName("syncDetails")
        self.setWindowTitle(self.tr("Sync"))
        self.setMinimumSize(760, 420)
        layout = QVBoxLayout(self)
        self.state = QLabel()
        self.state.setObjectName("syncDetailsState")
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        owner = session.actor.is_owner
        columns = [
            Column(self.tr("What"), lambda r: QCoreApplication.translate("FailedRecords", r.type_label)),
            Column(self.tr("Receipt / name"), lambda r: r.reference),
            Column(self.tr("Why"), _explain),
        ]
        if owner:
            columns += [
                Column(self.tr("Attempts"), lambda r: str(r.attempts), align_end=True),
                Column(self.tr("Made at"), lambda r: _when(r.created_at)),
                Column(self.tr("Tried again by itself"), lambda r: _when(r.retry_at)),
            ]
        self.model = RowsModel(columns, self)
        self.view = QTableView()
        self.view.setObjectName("failedRecords")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)  # one line a record; the selected one is explained below
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().selectionChanged.connect(self._show_detail)
        layout.addWidget(self.view, 1)
        # The selected record's explanation in full; for the owner also the server's own
        # words (the service leaves them empty for anyone else).
        self.detail = QLabel()
        self.detail.setObjectName("failedDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.retry_selected = QPushButton(self.tr("Retry selected"))
        self.retry_selected.clicked.connect(lambda: self.retry(self._selected()))
        self.retry_all = QPushButton(self.tr("Retry all"))
        self.retry_all.clicked.connect(lambda: self.retry(None))
        self.sync_now = QPushButton(self.tr("Sync now"))
        self.sync_now.clicked.connect(self._sync_now)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        for button in (self.retry_selected, self.retry_all, self.sync_now):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        status.changed.connect(self._show_state)
        self.reload()
        self._show_state()
        self.view.setFocus()

    def reload(self) -> None:
        with self.session.read() as uow:
            rows = failed_records.failed_records(uow, self.session.actor)
        self.model.set_rows(rows)
        if rows:
            # Not selectRow(): with extended selection in a right-to-left layout it may
            # select nothing.
            first = self.model.index(0, 0)
            flags = QItemSelectionModel.SelectionFlag
            self.view.selectionModel().setCurrentIndex(
                first, flags.ClearAndSelect | flags.Rows)
            self.hint.setText(self.tr(
                "These records did not go through. Billing is not affected: they are kept on "
                "this PC. Retry sends them again."))
        else:
            self.hint.setText(self.tr("Every record went through or is waiting to be sent."))
        for button in (self.retry_selected, self.retry_all):
            button.setEnabled(bool(rows))
        self._show_detail()

    def _show_state(self) -> None:
        self.state.setText(self.status.text())
        self.sync_now.setEnabled(not self.status.local_only)

    def _selected(self) -> list[int]:
        return [self.model.row(i.row()).seq for i in self.view.selectionModel().selectedRows()]

    def _show_detail(self, *_args) -> None:
        rows = self.view.selectionModel().selectedRows()
        record = self.model.row(rows[0].row()) if len(rows) == 1 else None
        parts = [_explain(record), record.detail] if record is not None else []
        self.detail.setText("\n".join(p for p in parts if p))
        self.detail.setVisible(bool(self.detail.text()))

    def retry(self, seqs: list[int] | None) -> None:
        if seqs is not None and not seqs:
            self.message.setText(self.tr("Select the records to send again."))
            return
        try:
            with self.session.write() as uow:
                count = failed_records.retry_failed(uow, self.session.actor, seqs)
                uow.commit()
        except DukanError as err:
            self.message.setText(tr_error(err))
            return
        events().notify(OUTBOX, self.session.actor.worker_id)
        self.status.request_sync()  # a person asked: sync goes now, even during a backoff
        self.message.setText(self.tr("{n} records will be sent again now.").format(n=count))
        self.reload()

    def _sync_now(self) -> None:
        self.status.request_sync()
        self.message.setText(self.tr("Syncing…"))
