"""Restore from Settings → Backups: sync stops, sales are refused, then the app restarts
— or, when the restore fails, everything carries on as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from dukan_desktop.core.errors import StorageError
from dukan_desktop.ops.restore import EXIT_RESTART
from dukan_desktop.services.backup import backup_to
from dukan_desktop.services.testing import build_test_shop
from dukan_desktop.ui import events as ev

from .conftest import count_sales, sell


@pytest.fixture(autouse=True)
def _join_jobs(qapp):
    yield
    from dukan_desktop.ui.worker import cancel_all

    cancel_all()


@pytest.fixture
def settings_page(qtbot, app_paths, monkeypatch):
    from dukan_desktop.ui.backoffice.common import BackOfficeContext
    from dukan_desktop.ui.backoffice.settings_page import SettingsPage

    shop = build_test_shop(app_paths.ledger)
    sell(shop)
    backup_to(shop.ledger.path, app_paths.backups / "manual.sqlite3")
    sell(shop)
    sell(shop)
    page = SettingsPage(BackOfficeContext(shop.ledger, shop.owner, app_paths))
    qtbot.addWidget(page)
    page.backups.setCurrentRow(0)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    heard: list[str] = []
    ev.events().changed.connect(lambda what, _who: heard.append(what))
    yield page, shop, heard
    shop.ledger.close()


def test_restore_refuses_sales_meanwhile_then_restarts_the_app(qtbot, settings_page, monkeypatch):
    page, shop, heard = settings_page
    exits = []
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    saved, refused, cancel_enabled = [], [], []

    def pay_during_the_restore(done, total):
        """The cashier presses Pay while the restore runs: saved (then kept in
        .before-restore) if the ledger was not blocked yet, refused on screen if it was."""
        cancel_enabled.append(page.jobs.cancel_button.isEnabled())
        try:
            saved.append(sell(shop).receipt_no)
        except StorageError as exc:
            refused.append(exc.message)

    job = page.ask_restore()
    job.progress.connect(pay_during_the_restore)
    with qtbot.waitSignal(job.finished, timeout=30_000):
        pass
    assert heard[0] == ev.RESTORE_STARTING  # the counter app stops sync before anything else
    assert exits == [EXIT_RESTART], page.status.text()
    assert count_sales(shop.ledger.path) == 1
    assert count_sales(Path(f"{shop.ledger.path}.before-restore")) == 3 + len(saved)
    assert cancel_enabled and not any(cancel_enabled)  # the restore cannot be half-cancelled
    assert all("being restored" in m for m in refused)
    # After the swap, until the restart: still refused.
    with pytest.raises(StorageError, match="being restored"):
        sell(shop)


def test_a_failed_restore_leaves_the_app_usable(qtbot, settings_page, monkeypatch):
    page, shop, heard = settings_page
    from dukan_desktop.services import backup as backup_service

    real_replace = backup_service.os.replace

    def swap_fails(src, dst):
        if Path(dst) == shop.ledger.path:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    exits = []
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    with monkeypatch.context() as m:
        m.setattr(backup_service.os, "replace", swap_fails)
        job = page.ask_restore()
        with qtbot.waitSignal(job.finished, timeout=30_000):
            pass
    assert exits == []
    assert "could not be restored" in page.status.text()
    assert heard == [ev.RESTORE_STARTING, ev.RESTORE_ABANDONED]  # sync comes back
    assert count_sales(shop.ledger.path) == 3
    sell(shop)  # the till carries on
    assert count_sales(shop.ledger.path) == 4


class FakeSync:
    def __init__(self) -> None:
        self.stopped = 0

    def stop(self) -> None:
        self.stopped += 1

    def local_change(self) -> None:
        raise AssertionError("a restore event is not a local change to push")


def test_the_counter_app_stops_sync_for_a_restore_and_resumes_if_it_did_not_happen(qapp, app_paths):
    from dukan_desktop.ui.app import CounterApp

    shop = build_test_shop(app_paths.ledger)
    controller = CounterApp(qapp, shop.ledger, "en", app_paths)
    try:
        sync = controller.sync = FakeSync()
        restarted = []
        controller.start_sync = lambda: restarted.append(True)
        ev.events().notify(ev.RESTORE_STARTING, shop.owner.worker_id)
        assert sync.stopped == 1 and controller.sync is None
        ev.events().notify(ev.RESTORE_ABANDONED, shop.owner.worker_id)
        assert restarted == [True]
    finally:
        controller.shutdown()
        shop.ledger.close()
