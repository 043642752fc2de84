"""Restoring under the running app: no sale can slip between the copy and the swap.

`restore_in_app` ends restored (ledger replaced, writes refused until the restart) or
untouched (writes allowed again); a sale tried meanwhile is refused with a clear
message, never committed into the file being replaced.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from dukan_desktop.cli import main
from dukan_desktop.core.errors import StorageError
from dukan_desktop.ledger.uow import UnitOfWork
from dukan_desktop.ops import restore
from dukan_desktop.ops.restore import RestoreCancelled, restore_in_app
from dukan_desktop.paths import AppPaths
from dukan_desktop.services.backup import RestoreFailed, backup_to
from dukan_desktop.services.testing import build_test_shop

from .conftest import count_sales, sell


def receipts(path: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r for (r,) in conn.execute("SELECT receipt_no FROM sales")}
    finally:
        conn.close()


@pytest.fixture
def open_shop(app_paths):
    """The running app's view: a shop whose ledger stays open, and a backup of it."""
    shop = build_test_shop(app_paths.ledger)
    for _ in range(2):
        sell(shop)
    backup = backup_to(shop.ledger.path, app_paths.backups / "manual.sqlite3").path
    for _ in range(2):
        sell(shop)  # after the backup: gone from the restored ledger, kept in .before-restore
    yield app_paths, shop, backup
    shop.ledger.close()


def before_restore(paths: AppPaths) -> Path:
    return paths.data_dir / "ledger.sqlite3.before-restore"


def test_a_sale_during_the_restore_is_refused_with_a_clear_message(open_shop):
    paths, shop, backup = open_shop
    committed = receipts(paths.ledger)
    at_swap, go_on = threading.Event(), threading.Event()

    def hold_before_swap() -> bool:
        at_swap.set()
        return go_on.wait(30)

    done: dict = {}
    worker = threading.Thread(target=lambda: done.update(
        info=restore_in_app(shop.owner, shop.ledger, paths, backup, before_swap=hold_before_swap)))
    worker.start()
    try:
        assert at_swap.wait(30)
        with pytest.raises(StorageError) as refused:
            sell(shop)  # the cashier presses Pay while the owner restores
        assert refused.value.message == ("The sale could not be saved: the ledger is being "
                                         "restored. Nothing was recorded.")
    finally:
        go_on.set()
        worker.join(30)
    assert done["info"].sales == 2
    assert receipts(before_restore(paths)) == committed  # every saved sale kept
    assert count_sales(paths.ledger) == 2  # the restored backup
    with pytest.raises(StorageError, match="being restored"):
        sell(shop)  # still refused until the app restarts on the restored file


def test_sales_racing_the_restore_are_each_saved_somewhere_or_refused(open_shop):
    """A till selling flat out through the restore: every sale that returned saved is
    in .before-restore; every other one was refused on screen."""
    paths, shop, backup = open_shop
    saved, refused, stop = [], [], threading.Event()

    def till() -> None:
        while not stop.is_set():
            try:
                saved.append(sell(shop).receipt_no)
            except StorageError:
                refused.append(1)
                time.sleep(0.001)

    seller = threading.Thread(target=till)
    seller.start()
    try:
        time.sleep(0.2)
        restore_in_app(shop.owner, shop.ledger, paths, backup)
        time.sleep(0.1)
    finally:
        stop.set()
        seller.join(30)
    assert saved and refused
    assert set(saved) <= receipts(before_restore(paths))
    assert count_sales(paths.ledger) == 2


def test_refuse_writes_waits_for_the_write_under_way(open_shop):
    paths, shop, _ = open_shop
    began, finish = threading.Event(), threading.Event()

    def slow_writer() -> None:
        with UnitOfWork(shop.ledger) as uow:
            uow.sql("SELECT 1")  # BEGIN IMMEDIATE: the write lock is held from here
            began.set()
            finish.wait(10)
            uow.raw.execute("INSERT INTO settings (key, value_json, updated_at)"
                            " VALUES ('probe', '1', '2026-11-02 00:00:00')")
            uow.commit()

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert began.wait(10)
    threading.Timer(0.3, finish.set).start()
    started = time.monotonic()
    shop.ledger.refuse_writes("test")
    assert time.monotonic() - started >= 0.25  # it waited for the commit
    writer.join(10)
    conn = sqlite3.connect(paths.ledger)
    assert conn.execute("SELECT count(*) FROM settings WHERE key = 'probe'").fetchone()[0] == 1
    conn.close()
    with pytest.raises(StorageError):
        sell(shop)
    shop.ledger.allow_writes()
    sell(shop)


def test_a_closed_ledger_refuses_writes(app_paths):
    shop = build_test_shop(app_paths.ledger)
    sell(shop)
    shop.ledger.close()
    with pytest.raises(StorageError, match="the ledger is closed"):
        sell(shop)
    with UnitOfWork(shop.ledger, write=False) as uow:  # reads still work (About, reports)
        assert uow.sql("SELECT count(*) FROM sales")[0][0] == 1


def test_called_off_before_the_swap_leaves_everything_usable(open_shop):
    paths, shop, backup = open_shop
    before = receipts(paths.ledger)
    with pytest.raises(RestoreCancelled):
        restore_in_app(shop.owner, shop.ledger, paths, backup, before_swap=lambda: False)
    assert receipts(paths.ledger) == before
    assert not before_restore(paths).exists()
    sell(shop)  # the till carries on
    assert len(receipts(paths.ledger)) == len(before) + 1


def test_a_restore_that_fails_at_the_swap_leaves_the_ledger_as_it_was(open_shop, monkeypatch):
    paths, shop, backup = open_shop
    before = receipts(paths.ledger)
    real_replace = restore.restore_from.__globals__["os"].replace

    def swap_fails(src, dst):
        if Path(dst) == paths.ledger:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    with monkeypatch.context() as m:  # a disk that fills up at the very last step
        m.setattr(restore.restore_from.__globals__["os"], "replace", swap_fails)
        with pytest.raises(RestoreFailed, match="not changed"):
            restore_in_app(shop.owner, shop.ledger, paths, backup)
    assert receipts(paths.ledger) == before
    assert not Path(f"{paths.ledger}.part").exists()
    sell(shop)  # usable again, checkpointer and all
    assert len(receipts(paths.ledger)) == len(before) + 1
    assert main(["check"]) == 0


def test_restoring_over_a_damaged_ledger_keeps_its_bytes(shop_paths, tmp_path, capsys):
    """One restores *because* the ledger is damaged: its copy must not be required to be sound."""
    paths, _, receipts_made = shop_paths
    backup = backup_to(paths.ledger, tmp_path / "good.sqlite3").path
    junk = b"SQLite format 3\0" + b"\x07" * 8000
    paths.ledger.write_bytes(junk)
    assert main(["restore", str(backup)]) == 0, capsys.readouterr().err
    assert count_sales(paths.ledger) == len(receipts_made)
    assert before_restore(paths).read_bytes() == junk


def test_a_stale_wal_is_never_replayed_onto_the_restored_ledger(shop_paths, tmp_path):
    """A power cut left sales in the ledger's WAL: they go to .before-restore, and the
    old WAL is never applied to the restored file."""
    import subprocess
    import sys

    paths, shop, receipts_made = shop_paths
    backup = backup_to(paths.ledger, tmp_path / "good.sqlite3").path
    child = (
        "import os, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('PRAGMA wal_autocheckpoint=0')\n"
        "conn.execute(\"UPDATE settings SET value_json = value_json WHERE 0\")\n"
        "conn.execute(\"INSERT INTO settings (key, value_json, updated_at)"
        " VALUES ('from-the-wal', '1', '2026-11-02 00:00:00')\")\n"
        "os._exit(0)\n"  # the power cut: no close, no checkpoint
    )
    subprocess.run([sys.executable, "-c", child, str(paths.ledger)], check=True, timeout=60)
    assert Path(f"{paths.ledger}-wal").stat().st_size > 0
    restore.restore_backup(paths, backup)
    assert not Path(f"{paths.ledger}-wal").exists() or Path(f"{paths.ledger}-wal").stat().st_size == 0

    def has_row(path) -> bool:
        conn = sqlite3.connect(path)
        try:
            return conn.execute("SELECT count(*) FROM settings WHERE key = 'from-the-wal'").fetchone()[0] == 1
        finally:
            conn.close()

    assert has_row(before_restore(paths))
    assert not has_row(paths.ledger)
    assert count_sales(paths.ledger) == len(receipts_made)
    assert main(["check"]) == 0
