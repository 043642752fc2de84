"""The sync line in the status bar, the sync dialog (failed records, Retry, Sync now),
and a clean shutdown of the sync thread. No server needed."""

from __future__ import annotations

import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dukan_desktop.services import settings
from dukan_desktop.sync import credentials, outbox
from dukan_desktop.sync.engine import SyncEngine
from dukan_desktop.sync.qt_adapter import SyncService
from dukan_desktop.ui import i18n
from dukan_desktop.ui.session import CounterSession
from dukan_desktop.ui.sync_failed import SyncDetailsDialog
from dukan_desktop.ui.sync_status import SyncStatus
from tests.desktop.ui.conftest import counter, log_in, save_shot, shop  # noqa: F401 - fixtures


def test_texts_for_every_state(qapp):
    now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    status = SyncStatus(now=lambda: now)
    status.update(local_only=True, pending=13)
    assert status.text() == "This PC only (not connected)" and status.severity == "ok"
    status.update(local_only=False, state="busy", pending=12)
    assert status.text() == "Server busy, retrying — 12 waiting to sync"  # not "Offline"
    status.update(progress=("push", 3400, 10000))
    assert status.text() == "Uploading 3,400 of 10,000…"
    status.update(progress=("pull:products", 40000, 100000))
    assert status.text() == "Downloading catalogue 40,000 of 100,000…"
    status.update(progress=("pull:products", 40000, 0))
    assert status.text() == "Downloading catalogue: 40,000 so far…"
    status.update(progress=None, state="online", pending=0, last_sync=now - timedelta(minutes=5))
    assert status.text() == "All synced 5 min ago"
    status.set_problem("subscription_inactive", "the plan has ended")
    assert "plan has expired" in status.text()  # the engine's code is the translated key


def _session(shop, actor, status):  # noqa: F811 - the fixture's name
    from dukan_desktop.services import shop as shop_service

    with shop.uow(False) as uow:
        ctx = shop_service.context(uow)
    return CounterSession(shop.ledger, ctx, actor, sync_status=status)


def _fail_some(shop, n=3):  # noqa: F811
    with shop.ledger.write_engine.begin() as conn:
        seqs = [r[0] for r in conn.exec_driver_sql(
            "SELECT seq FROM outbox WHERE record_type IN ('product', 'customer') ORDER BY seq"
            " LIMIT ?", (n,))]
        conn.exec_driver_sql(
            "UPDATE outbox SET status = 'failed', attempts = 2,"
            " last_error = 'rejected: owner_device_required cost 20000 refused' WHERE seq = ?",
            [(s,) for s in seqs])
    return seqs


def test_the_dialog_lists_failed_records_and_retry_wakes_sync(qtbot, shop):  # noqa: F811
    seqs = _fail_some(shop)
    status = SyncStatus()
    status.update(state="online", failed=3)
    dialog = SyncDetailsDialog(_session(shop, shop.owner, status), status)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == 3 and dialog.model.columnCount() == 6
    why = dialog.model.data(dialog.model.index(0, 2))
    assert "owner's PC" in why
    assert "20000" in dialog.detail.text()  # the owner sees the server's own words
    save_shot(dialog, "en", "sync-failed-records")
    dialog.view.selectRow(1)
    with qtbot.waitSignal(status.sync_requested, timeout=1000):
        dialog.retry_selected.click()
    with shop.uow(False) as uow:
        statuses = dict(uow.conn.exec_driver_sql(
            "SELECT seq, status FROM outbox WHERE seq IN (?, ?, ?)", tuple(seqs)).all())
    assert statuses == {seqs[0]: "failed", seqs[1]: "pending", seqs[2]: "failed"}
    assert dialog.model.rowCount() == 2
    with qtbot.waitSignal(status.sync_requested, timeout=1000):
        dialog.retry_all.click()
    assert dialog.model.rowCount() == 0 and not dialog.retry_all.isEnabled()
    with qtbot.waitSignal(status.sync_requested, timeout=1000):
        dialog.sync_now.click()


def test_a_cashier_retries_but_sees_only_what_why_and_which(qtbot, shop):  # noqa: F811
    _fail_some(shop, 2)
    status = SyncStatus()
    dialog = SyncDetailsDialog(_session(shop, shop.cashier, status), status)
    qtbot.addWidget(dialog)
    assert dialog.model.columnCount() == 3
    texts = [dialog.model.data(dialog.model.index(r, c)) for r in range(2) for c in range(3)]
    assert not any("20000" in t for t in texts) and "20000" not in dialog.detail.text()
    with qtbot.waitSignal(status.sync_requested, timeout=1000):
        dialog.retry_all.click()
    with shop.uow(False) as uow:
        assert outbox.counts(uow.conn)[1] == 0


def test_the_dialog_in_urdu_fits(qtbot, shop):  # noqa: F811
    qapp = QApplication.instance()
    _fail_some(shop, 2)
    i18n.install_language(qapp, "ur")
    try:
        status = SyncStatus()
        status.update(state="busy", pending=40, failed=2)
        dialog = SyncDetailsDialog(_session(shop, shop.owner, status), status)
        qtbot.addWidget(dialog)
        dialog.resize(900, 480)
        dialog.show()
        assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert dialog.retry_all.text() != "Retry all"  # translated
        save_shot(dialog, "ur", "sync-failed-records")
    finally:
        i18n.install_language(qapp, "en")


def test_a_local_only_shop_does_not_nag_and_the_status_bar_opens_the_dialog(
        qtbot, counter, shop):  # noqa: F811
    window = log_in(qtbot, counter, "cashier")
    label = window.status.sync_label
    assert label.full_text() == label.text() == "This PC only (not connected)"
    _fail_some(shop, 1)
    window.status.refresh()
    opened = []
    from dukan_desktop.ui import sync_failed

    real = sync_failed.SyncDetailsDialog

    class Probe(real):
        def exec(self):  # noqa: D102 - seen, then closed at once
            opened.append(self.model.rowCount())
            return 0
    sync_failed.SyncDetailsDialog = Probe
    try:
        qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
        action = window.findChild(type(window.actions()[0]), "action_sync_details")
        assert action.shortcut().toString() == "Ctrl+Shift+S"
        action.trigger()
    finally:
        sync_failed.SyncDetailsDialog = real
    assert opened == [1, 1]


class _Blackhole:
    """Accepts connections and never answers: a request in flight until its timeout."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.accepted:
            conn.close()


def test_stop_cuts_the_request_in_flight_and_then_closes_the_ledger(qtbot, test_shop):
    """The read timeout is 30 s; stop() used to wait 10 s and then close the ledger
    under the still running thread."""
    hole = _Blackhole()
    try:
        with test_shop.uow() as uow:
            settings.put(uow, "server_url", hole.url)
            uow.commit()
        credentials.store_token(test_shop.ledger.path, "device-token")
        service = SyncService.start_if_connected(
            test_shop.ledger, SyncStatus(), engine_factory=partial(SyncEngine, events=False))
        assert service is not None
        qtbot.waitUntil(lambda: len(hole.accepted) >= 1, timeout=10_000)  # a push is in flight
        started = time.monotonic()
        service.stop()
        took = time.monotonic() - started
        assert took < 2.0, took
        assert not service._thread.isRunning()
        assert service.engine._fetcher._shutdown  # closed, after the thread ended
    finally:
        hole.close()
        credentials.delete_token(test_shop.ledger.path)


def test_a_long_sync_line_is_elided_and_never_widens_the_window(qtbot, counter, shop):  # noqa: F811
    window = log_in(qtbot, counter, "owner")
    width = window.width()
    with shop.uow() as uow:
        settings.put(uow, "server_url", "http://127.0.0.1:9")
        uow.commit()
    window.status.refresh()
    counter.sync_status.update(state="busy", pending=123456, failed=3)
    counter.sync_status.set_problem("subscription_inactive", "")
    QApplication.processEvents()
    label = window.status.sync_label
    assert window.width() == width  # the long line used to push the window wider
    assert label.text().endswith("…") and label.full_text().startswith(label.text()[:-1])
    assert "plan has expired" in label.toolTip()
